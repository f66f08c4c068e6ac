"""The movement's documents and their signatures: versions, translations, signing and
confirming, and inviting earlier signatories to sign a new version."""

import datetime
import secrets
from functools import partial

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from members.enums import SIGNABLE_DOCUMENTS, Action, ConsentKind, DocumentSlug, PartyKind, Role
from members.models import (
    DocumentVersion,
    Organisation,
    OrganisationContact,
    SignAgainReminder,
    Signature,
    User,
)
from members.queries import current_version, email_is_verified_for, hash_token, roles_in_network
from members.services.privacy import record_consent
from members.services.signature_lists import refresh_latest_signatures, signature_lists_changed
from sanctuary.activity import log_action
from sanctuary.models import Network
from sanctuary.refusals import Refused


class SignatureError(Refused):
    """A signature the rules do not allow; the message is for the person signing."""


class AlreadySigned(SignatureError):
    """This address signed this version for this party already. The page says so only to a
    person whose own confirmed address it is; anyone else gets the same answer as a new
    signature, and the address an e-mail (tell_already_signed), so the form cannot be used to
    learn who has signed."""

    def __init__(self, message: object, *, signature: Signature) -> None:
        super().__init__(message)
        self.signature = signature


# Unconfirmed signatures one address may collect in a day.
MAX_UNCONFIRMED_PER_ADDRESS = 3


@transaction.atomic
def create_document_version(
    document: DocumentSlug | str,
    *,
    actor: User | None,
    title: str,
    body: str,
    period: str = "",
    language: str = "en",
    published_on: datetime.date | None = None,
    make_current: bool = False,
) -> DocumentVersion:
    """Add the next numbered version of a document; optionally make it the current one."""
    latest = (
        DocumentVersion.objects.filter(document=document)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    version = DocumentVersion(
        document=document,
        number=(latest or 0) + 1,
        title=title,
        period=period,
        body=body,
        language=language,
        published_on=published_on,
    )
    version.full_clean()
    version.save()
    log_action(
        version,
        Action.DOCUMENT_VERSION_CREATED,
        actor=actor,
        data={"document": str(document), "number": version.number, "title": title},
    )
    if make_current:
        make_version_current(version, actor=actor)
    return version


@transaction.atomic
def make_version_current(version: DocumentVersion, *, actor: User | None) -> DocumentVersion:
    """Make this the version people read and sign.

    Signatories of earlier versions are invited to sign it, by a task after commit; until
    they do they show as having signed an earlier version. Their signatures (an
    organisation's pledge, a group's acceptance of the handbook terms) keep counting for the
    version's grace period (DESIGN.md rule 9): the previous version counts until then.
    """
    # Lock the document's versions, so two staff switching at once cannot leave two current.
    versions = list(DocumentVersion.objects.select_for_update().filter(document=version.document))
    previous = next((v for v in versions if v.is_current), None)
    if previous is not None and previous.pk == version.pk:
        return version
    today = timezone.localdate()
    if previous is not None:
        previous.is_current = False
        previous.counts_until = add_months(today, version.grace_months)
        previous.save(update_fields=["is_current", "counts_until"])
    version.is_current = True
    version.current_since = today
    version.counts_until = None
    version.published_on = version.published_on or today
    version.save(update_fields=["is_current", "current_since", "counts_until", "published_on"])
    log_action(
        version,
        Action.DOCUMENT_VERSION_MADE_CURRENT,
        actor=actor,
        data={
            "document": version.document,
            "number": {"old": previous.number if previous else None, "new": version.number},
        },
    )
    if previous is not None and version.document in SIGNABLE_DOCUMENTS:
        from members.tasks import task_invite_to_sign_again  # tasks import this module

        transaction.on_commit(partial(task_invite_to_sign_again.delay, version_id=version.pk))
    return version


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover: every month has 28 days


@transaction.atomic
def set_grace_period(
    version: DocumentVersion, months: int, *, actor: User | None
) -> DocumentVersion:
    """Staff set how long the version before this one keeps counting once this one is
    current. Changing it for the current version moves the earlier version's last day."""
    if not 0 <= months <= 60:
        raise SignatureError(_("Give a number of months from 0 to 60."))
    old = version.grace_months
    version.grace_months = months
    version.save(update_fields=["grace_months"])
    if version.is_current and version.current_since is not None:
        DocumentVersion.objects.filter(
            document=version.document, number__lt=version.number, counts_until__isnull=False
        ).filter(counts_until__gte=add_months(version.current_since, 0)).update(
            counts_until=add_months(version.current_since, months)
        )
    log_action(
        version,
        Action.DOCUMENT_GRACE_PERIOD_SET,
        actor=actor,
        data={
            "document": version.document,
            "number": version.number,
            "grace_months": {"old": old, "new": months},
        },
    )
    return version


@transaction.atomic
def save_version_translation(
    version: DocumentVersion, language: str, *, actor: User | None, title: str, body: str
) -> DocumentVersion:
    """Store (or replace) the version's text in one more language, beside the original."""
    if language == version.language:
        raise ValueError("The original language is edited in the version itself.")
    translations = {**version.translations, language: {"title": title, "body": body}}
    version.translations = translations
    version.save(update_fields=["translations"])
    log_action(
        version,
        Action.DOCUMENT_TRANSLATION_SAVED,
        actor=actor,
        data={"document": version.document, "number": version.number, "language": language},
    )
    return version


def party_name_key(name: str) -> str:
    return " ".join(name.split()).casefold()[:200]


def _already_signed_message(signature: Signature) -> str:
    if signature.party_kind == PartyKind.INDIVIDUAL:
        message = _("You have already signed this version with this e-mail address.")
    else:
        message = _("You have already signed this version on behalf of %(party)s.") % {
            "party": signature.party_name
        }
    if not signature.is_confirmed:
        message += " " + _("Please look for the e-mail we sent you and follow its link to confirm.")
    return message


@transaction.atomic
def sign_document(
    version: DocumentVersion,
    *,
    actor: User | None,
    name: str,
    email: str,
    party_kind: PartyKind | str = PartyKind.INDIVIDUAL,
    organisation: Organisation | None = None,
    group: Network | None = None,
    party_name: str = "",
    role_title: str = "",
    network: Network | None = None,
    listed_publicly: bool = False,
    language: str = "en",
) -> Signature:
    """Sign (or endorse) the current version, for oneself or on behalf of a party.

    Without an account, or with an address the account has not confirmed, the signature
    counts only after the link we e-mail is followed. Signing the same version again for
    the same party raises SignatureError with a message for the person; a database
    constraint makes that hold also for two requests at the same moment.
    """
    if version.document not in SIGNABLE_DOCUMENTS or not version.is_current:
        raise SignatureError(
            _("This version can no longer be signed. Please sign the current one.")
        )
    user = actor if actor is not None and actor.is_authenticated else None
    email = email.strip().lower()
    name = " ".join(name.split())
    party_name = " ".join(party_name.split())
    if party_kind == PartyKind.INDIVIDUAL:
        organisation = group = None
        party_name = role_title = ""
        party_key = "individual"
    elif party_kind == PartyKind.ORGANISATION:
        group = None
        if organisation is not None:
            acts_for = user is not None and (
                user.is_staff
                or OrganisationContact.objects.filter(organisation=organisation, user=user).exists()
            )
            if not acts_for:
                raise SignatureError(
                    _("Only people who act for %(organisation)s can sign on its behalf.")
                    % {"organisation": organisation.name}
                )
            party_name = organisation.name
            party_key = f"organisation:{organisation.pk}"
            network = network or organisation.local_group
        elif party_name:
            party_key = f"organisation-name:{party_name_key(party_name)}"
        else:
            raise SignatureError(_("Please give the organisation's name."))
    elif party_kind == PartyKind.GROUP:
        organisation = None
        if group is not None:
            with scope(network=group):
                may_sign = user is not None and (
                    user.is_staff or Role.COORDINATOR in roles_in_network(user, group)
                )
            if not may_sign:
                raise SignatureError(
                    _("Only the coordinators of %(group)s can sign on its behalf.")
                    % {"group": group.name}
                )
            party_name = group.name
            party_key = f"group:{group.pk}"
            network = group
        elif party_name:
            party_key = f"group-name:{party_name_key(party_name)}"
        else:
            raise SignatureError(_("Please give the group's name."))
    else:
        raise ValueError(f"Unknown party kind {party_kind!r}")

    existing = Signature.objects.filter(version=version, email=email, party_key=party_key).first()
    if existing is not None:
        raise AlreadySigned(_already_signed_message(existing), signature=existing)
    confirmed_now = user is not None and email_is_verified_for(user, email)
    if not confirmed_now:
        # The form can send mail to any address; this keeps it from flooding one inbox.
        waiting = Signature.objects.filter(
            email=email,
            confirmed_at__isnull=True,
            signed_at__gte=timezone.now() - datetime.timedelta(days=1),
        ).count()
        if waiting >= MAX_UNCONFIRMED_PER_ADDRESS:
            raise SignatureError(
                _(
                    "We have sent several confirmation e-mails to this address today. Please "
                    "follow the link in one of them first, or try again tomorrow."
                )
            )
    signature = Signature(
        version=version,
        party_kind=party_kind,
        party_key=party_key,
        name=name,
        email=email,
        user=user,
        organisation=organisation,
        group=group,
        party_name=party_name,
        role_title=role_title,
        network=network,
        listed_publicly=listed_publicly,
        language=language,
        confirmed_at=timezone.now() if confirmed_now else None,
    )
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        # Someone signed the same version for the same party a moment ago.
        existing = Signature.objects.get(version=version, email=email, party_key=party_key)
        raise AlreadySigned(_already_signed_message(existing), signature=existing) from None
    if confirmed_now:
        refresh_latest_signatures(version.document, emails=[email])
    if listed_publicly:
        # When they agreed to be listed, and to which words (the privacy notice's version).
        record_consent(kind=ConsentKind.PUBLIC_LISTING, email=email, user=user, actor=actor)
    # The log is for staff: it carries no name or address, and no network, so that a
    # person who chose not to be listed does not appear on a network's activity page.
    log_action(
        signature,
        Action.SIGNATURE_SIGNED,
        actor=actor,
        data={
            "document": version.document,
            "number": version.number,
            "party_kind": str(party_kind),
            "listed_publicly": listed_publicly,
            "confirmed": confirmed_now,
        },
    )
    if not confirmed_now:
        from members.tasks import task_send_signature_confirmation  # tasks import this module

        transaction.on_commit(
            partial(task_send_signature_confirmation.delay, signature_id=signature.pk)
        )
    return signature


def owns_address(actor: User | AnonymousUser, email: str) -> bool:
    """Whether the signed-in person has confirmed this address as theirs."""
    return bool(
        actor is not None and actor.is_authenticated and email_is_verified_for(actor, email)
    )


def tell_already_signed(signature: Signature) -> None:
    """E-mail the address that it has signed already (and the link again, if unconfirmed):
    the work a new signature does, so the answer and its timing say nothing."""
    from members.tasks import task_send_already_signed  # tasks import this module

    transaction.on_commit(partial(task_send_already_signed.delay, signature_id=signature.pk))


@transaction.atomic
def issue_confirmation_token(signature: Signature) -> str:
    """A fresh secret for the confirmation link. Only its hash is stored."""
    token = secrets.token_urlsafe(32)
    signature.token_hash = hash_token(token)
    signature.save(update_fields=["token_hash"])
    return token


@transaction.atomic
def confirm_signature(signature: Signature, *, actor: User | None) -> Signature:
    """The signer followed the link: the signature counts from now. Confirming twice is harmless."""
    if signature.confirmed_at is not None:
        return signature
    signature.confirmed_at = timezone.now()
    signature.save(update_fields=["confirmed_at"])
    refresh_latest_signatures(signature.version.document, emails=[signature.email])
    log_action(
        signature,
        Action.SIGNATURE_CONFIRMED,
        actor=actor,
        data={"document": signature.version.document, "number": signature.version.number},
    )
    return signature


@transaction.atomic
def mark_invited_to_sign_again(signature: Signature, version: DocumentVersion) -> bool:
    """Record that this signatory is invited to sign `version`; False if they already were.

    The row is updated only when it was not yet marked, so a task that runs twice sends
    each invitation once.
    """
    marked = (
        Signature.objects.filter(pk=signature.pk)
        .exclude(invited_for_version=version)
        .update(invited_for_version=version)
    )
    if marked:
        signature_lists_changed(version.document)  # staff's reports count it apart
        log_action(
            signature,
            Action.SIGNATURE_INVITED_TO_SIGN_AGAIN,
            actor=None,
            data={"document": version.document, "number": version.number},
        )
    return bool(marked)


@transaction.atomic
def remind_to_sign_again(
    signature: Signature, *, actor: User, network: Network
) -> SignAgainReminder | None:
    """A coordinator reminds someone in their network who signed an earlier version to sign
    the current one. Once per person (address) and version, recorded: a second click, or
    another coordinator's, sends nothing more and returns None."""
    version = current_version(signature.version.document)
    if version is None or signature.version_id == version.pk or not signature.email:
        raise SignatureError(_("There is no newer version for this person to sign."))
    if signature.network_id != network.pk:
        raise SignatureError(_("This signatory is not in your network."))
    if Signature.objects.filter(
        version=version, email=signature.email, party_key=signature.party_key
    ).exists():
        raise SignatureError(_("This person has already signed the current version."))
    reminder = SignAgainReminder(
        network=network, version=version, signature=signature, email=signature.email, sent_by=actor
    )
    try:
        with transaction.atomic():
            reminder.save()
    except IntegrityError:
        return None  # reminded already for this version
    log_action(
        signature,
        Action.SIGNATURE_REMINDED_TO_SIGN_AGAIN,
        actor=actor,
        network=network,
        data={"document": version.document, "number": version.number},
    )
    from members.tasks import task_send_sign_again_reminder  # tasks import this module

    transaction.on_commit(partial(task_send_sign_again_reminder.delay, reminder_id=reminder.pk))
    return reminder


def mark_sign_again_reminder_sent(reminder: SignAgainReminder) -> bool:
    """Take the reminder for sending: a conditional UPDATE, so a retried task sends it once."""
    with scope(network=reminder.network_id):
        taken = SignAgainReminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
    return bool(taken)
