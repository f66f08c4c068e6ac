"""Every write about people, memberships and organisations goes through these functions."""

import datetime
import secrets
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scope

from members.enums import (
    AFFILIATION_APPLICANT_STATES,
    AFFILIATION_HOLDS_AREA,
    AFFILIATION_REASON_REQUIRED,
    AFFILIATION_TRANSITIONS,
    AMBASSADOR_TRANSITIONS,
    SIGNABLE_DOCUMENTS,
    AffiliationState,
    AmbassadorRole,
    AmbassadorStatus,
    DocumentSlug,
    ForumMemberKind,
    OrganisationKind,
    PartyKind,
    Role,
)
from members.models import (
    AdvisoryGroupMember,
    AffiliationApplication,
    AffiliationComment,
    Ambassador,
    ApiToken,
    DocumentVersion,
    ForumMember,
    Membership,
    Organisation,
    OrganisationContact,
    PartnershipForum,
    Signature,
    TrusteeMeetingInvitation,
    User,
)
from members.models.affiliation import area_key
from members.queries import email_is_verified_for, hash_token, roles_in_network
from sanctuary.activity import changed_fields, log_action
from sanctuary.enums import NetworkKind
from sanctuary.models import RESERVED_SLUGS, Network
from sanctuary.services import create_network
from sanctuary.uploads import CheckedUpload


class MembershipError(Exception):
    """A membership change that the rules do not allow; the message is for people."""


@transaction.atomic
def record_registration(user: User) -> None:
    log_action(user, "members.user.registered", actor=user, data={"email": user.email})


@transaction.atomic
def update_own_profile(user: User, *, actor: User, **new_values) -> User:
    allowed = {"full_name", "preferred_language", "has_lived_experience"}
    if set(new_values) - allowed:
        raise ValueError("Only name, language and lived experience are edited here.")
    changes = changed_fields(user, new_values)
    if not changes:
        return user
    for field, value in new_values.items():
        setattr(user, field, value)
    user.save(update_fields=list(changes))
    # Lived experience is private: the log records that it changed, never the value.
    if "has_lived_experience" in changes:
        changes["has_lived_experience"] = {"old": "(private)", "new": "(private)"}
    action = "members.user.language_changed" if set(changes) == {"preferred_language"} else None
    log_action(user, action or "members.user.profile_changed", actor=actor, data=changes)
    return user


@transaction.atomic
def add_membership(network: Network, user: User, role: Role | str, *, actor) -> Membership:
    try:
        with transaction.atomic(), scope(network=network):
            membership = Membership.objects.create(network=network, user=user, role=role)
    except IntegrityError:
        raise MembershipError(
            _("%(person)s already has that role here.") % {"person": user.get_full_name()}
        ) from None
    log_action(
        membership,
        "members.membership.added",
        actor=actor,
        network=network,
        data={"user": user.pk, "role": str(role)},
    )
    return membership


@transaction.atomic
def remove_membership(membership: Membership, *, actor) -> None:
    network = membership.network
    if membership.role == Role.COORDINATOR:
        with scope(network=network):
            others = (
                Membership.objects.filter(network=network, role=Role.COORDINATOR)
                .exclude(pk=membership.pk)
                .exists()
            )
        if not others:
            raise MembershipError(_("A network needs at least one coordinator."))
    log_action(
        membership,
        "members.membership.removed",
        actor=actor,
        network=network,
        data={"user": membership.user_id, "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def create_organisation(*, actor, **fields) -> Organisation:
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    log_action(
        organisation,
        "members.organisation.created",
        actor=actor,
        network=organisation.local_group,
        data={"name": organisation.name, "kind": organisation.kind},
    )
    return organisation


@transaction.atomic
def add_organisation_contact(
    organisation: Organisation, user: User, *, actor, role_title: str = "", is_lead: bool = False
) -> OrganisationContact:
    contact, created = OrganisationContact.objects.get_or_create(
        organisation=organisation,
        user=user,
        defaults={"role_title": role_title, "is_lead": is_lead},
    )
    if created:
        log_action(
            contact,
            "members.organisation.contact_added",
            actor=actor,
            network=organisation.local_group,
            data={"user": user.pk, "organisation": organisation.pk},
        )
    return contact


# Documents and signatures ------------------------------------------------------------------


class SignatureError(Exception):
    """A signature the rules do not allow; the message is for the person signing."""


# Unconfirmed signatures one address may collect in a day.
MAX_UNCONFIRMED_PER_ADDRESS = 3


@transaction.atomic
def create_document_version(
    document: DocumentSlug | str,
    *,
    actor,
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
        "members.document.version_created",
        actor=actor,
        data={"document": str(document), "number": version.number, "title": title},
    )
    if make_current:
        make_version_current(version, actor=actor)
    return version


@transaction.atomic
def make_version_current(version: DocumentVersion, *, actor) -> DocumentVersion:
    """Make this the version people read and sign.

    Signatories of earlier versions are invited to sign it, by a task after commit; until
    they do they show as having signed an earlier version, and an organisation's pledge
    no longer counts.
    """
    # Lock the document's versions, so two staff switching at once cannot leave two current.
    versions = list(DocumentVersion.objects.select_for_update().filter(document=version.document))
    previous = next((v for v in versions if v.is_current), None)
    if previous is not None and previous.pk == version.pk:
        return version
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    version.is_current = True
    version.published_on = version.published_on or timezone.localdate()
    version.save(update_fields=["is_current", "published_on"])
    log_action(
        version,
        "members.document.version_made_current",
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


@transaction.atomic
def save_version_translation(
    version: DocumentVersion, language: str, *, actor, title: str, body: str
) -> DocumentVersion:
    """Store (or replace) the version's text in one more language, beside the original."""
    if language == version.language:
        raise ValueError("The original language is edited in the version itself.")
    translations = {**version.translations, language: {"title": title, "body": body}}
    version.translations = translations
    version.save(update_fields=["translations"])
    log_action(
        version,
        "members.document.translation_saved",
        actor=actor,
        data={"document": version.document, "number": version.number, "language": language},
    )
    return version


def _party_name_key(name: str) -> str:
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
    actor,
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
            party_key = f"organisation-name:{_party_name_key(party_name)}"
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
            party_key = f"group-name:{_party_name_key(party_name)}"
        else:
            raise SignatureError(_("Please give the group's name."))
    else:
        raise ValueError(f"Unknown party kind {party_kind!r}")

    existing = Signature.objects.filter(version=version, email=email, party_key=party_key).first()
    if existing is not None:
        raise SignatureError(_already_signed_message(existing))
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
        raise SignatureError(_already_signed_message(signature)) from None
    # The log is for staff: it carries no name or address, and no network, so that a
    # person who chose not to be listed does not appear on a network's activity page.
    log_action(
        signature,
        "members.signature.signed",
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


@transaction.atomic
def issue_confirmation_token(signature: Signature) -> str:
    """A fresh secret for the confirmation link. Only its hash is stored."""
    token = secrets.token_urlsafe(32)
    signature.token_hash = hash_token(token)
    signature.save(update_fields=["token_hash"])
    return token


@transaction.atomic
def confirm_signature(signature: Signature, *, actor) -> Signature:
    """The signer followed the link: the signature counts from now. Confirming twice is harmless."""
    if signature.confirmed_at is not None:
        return signature
    signature.confirmed_at = timezone.now()
    signature.save(update_fields=["confirmed_at"])
    log_action(
        signature,
        "members.signature.confirmed",
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
        log_action(
            signature,
            "members.signature.invited_to_sign_again",
            actor=None,
            data={"document": version.document, "number": version.number},
        )
    return bool(marked)


# Group affiliation -------------------------------------------------------------------------


class AffiliationError(Exception):
    """An affiliation change the rules do not allow; the message is for people."""


def find_area_holder(area: str, nation: str, *, exclude_pk: int | None = None) -> str:
    """The name of a group that already holds this area, or "" if none does.

    An affiliated (or suspended) application for the same area and nation holds it; so does a
    local group network already named after the area ("Sheffield City of Sanctuary").
    """
    key = area_key(area)
    holders = AffiliationApplication.objects.filter(
        area_key=key, nation=nation, state__in=AFFILIATION_HOLDS_AREA
    )
    if exclude_pk is not None:
        holders = holders.exclude(pk=exclude_pk)
    holder = holders.values_list("group_name", flat=True).first()
    if holder:
        return holder
    network = (
        Network.objects.filter(kind=NetworkKind.LOCAL_GROUP, nation=nation)
        .filter(Q(name__iexact=area.strip()) | Q(name__istartswith=f"{area.strip()} "))
        .values_list("name", flat=True)
        .first()
    )
    return network or ""


def _store_governing_document(application: AffiliationApplication, upload: CheckedUpload) -> None:
    application.governing_document.save(upload.name, upload.file, save=False)
    application.governing_document_name = upload.name
    application.governing_document_type = upload.content_type


def _charter_signature_for_group(actor: User, group_name: str, *, role_title: str, listed: bool):
    """The applicant's signature of the current charter on the group's behalf: the one they
    gave already, or a new one."""
    charter = DocumentVersion.objects.filter(document=DocumentSlug.CHARTER, is_current=True).first()
    if charter is None:
        raise AffiliationError(_("Applications open once the charter is published."))
    existing = Signature.objects.filter(
        version=charter,
        email=actor.email.lower(),
        party_key=f"group-name:{_party_name_key(group_name)}",
    ).first()
    if existing is not None:
        return existing
    return sign_document(
        charter,
        actor=actor,
        name=actor.full_name or actor.email,
        email=actor.email,
        party_kind=PartyKind.GROUP,
        party_name=group_name,
        role_title=role_title,
        listed_publicly=listed,
        language=actor.preferred_language,
    )


@transaction.atomic
def apply_for_affiliation(
    *,
    actor: User,
    upload: CheckedUpload,
    handbook_version: DocumentVersion,
    role_title: str,
    listed_publicly: bool,
    **fields,
) -> AffiliationApplication:
    """A group applies: its details, its governing document (already checked), the current
    handbook terms accepted and the current charter signed on its behalf.

    An application for an area that another group holds is accepted and flagged to staff.
    """
    if handbook_version.document != DocumentSlug.HANDBOOK or not handbook_version.is_current:
        raise AffiliationError(
            _("The handbook terms have changed since you opened the form. Please read them again.")
        )
    signature = _charter_signature_for_group(
        actor, fields["group_name"], role_title=role_title, listed=listed_publicly
    )
    application = AffiliationApplication(
        **fields,
        area_key=area_key(fields["area"]),
        applicant=actor,
        handbook_version=handbook_version,
        charter_signature=signature,
        state=AffiliationState.SUBMITTED,
        state_changed_at=timezone.now(),
    )
    application.area_conflict = find_area_holder(application.area, application.nation)
    _store_governing_document(application, upload)
    application.full_clean(exclude=["governing_document"])
    application.save()
    log_action(
        application,
        "members.affiliation.submitted",
        actor=actor,
        data={
            "group_name": application.group_name,
            "area": application.area,
            "area_conflict": application.area_conflict,
            "handbook_version": handbook_version.number,
        },
    )
    _notify_affiliation_after_commit(application)
    return application


@transaction.atomic
def resubmit_affiliation_application(
    application: AffiliationApplication,
    *,
    actor: User,
    upload: CheckedUpload | None = None,
    **new_values,
) -> AffiliationApplication:
    """The group made the changes staff asked for and sends the application back."""
    application = AffiliationApplication.objects.select_for_update().get(pk=application.pk)
    if application.state != AffiliationState.CHANGES_REQUESTED:
        raise AffiliationError(_("This application is not waiting for changes."))
    editable = {
        "group_name", "area", "area_type", "nation", "governance_type", "lead_organisation",
        "charity_number", "about", "contact_email",
    }  # fmt: skip
    if set(new_values) - editable:
        raise ValueError(f"Not editable: {sorted(set(new_values) - editable)}")
    changes = changed_fields(application, new_values)
    for field, value in new_values.items():
        setattr(application, field, value)
    application.area_key = area_key(application.area)
    application.area_conflict = find_area_holder(
        application.area, application.nation, exclude_pk=application.pk
    )
    update_fields = [*changes, "area_key", "area_conflict"]
    if upload is not None:
        _store_governing_document(application, upload)
        changes["governing_document"] = {"old": "(file)", "new": upload.name}
        update_fields += [
            "governing_document",
            "governing_document_name",
            "governing_document_type",
        ]
    application.full_clean(exclude=["governing_document"])
    application.save(update_fields=update_fields)
    if changes:
        log_action(application, "members.affiliation.updated", actor=actor, data=changes)
    return set_affiliation_state(application, AffiliationState.SUBMITTED, actor=actor)


def _unique_network_slug(*candidates: str) -> str:
    for candidate in candidates:
        base = slugify(candidate)[:50].strip("-")
        if not base:
            continue
        for number in range(1, 50):
            slug = base if number == 1 else f"{base}-{number}"
            if slug not in RESERVED_SLUGS and not Network.objects.filter(slug=slug).exists():
                return slug
    return f"group-{secrets.token_hex(4)}"


def _affiliate(application: AffiliationApplication, *, actor, network: Network | None) -> Network:
    """Create or link the group's network, make the applicant its coordinator, and let the
    charter signature name the network."""
    network = network or application.network
    if network is None:
        network = create_network(
            actor=actor,
            slug=_unique_network_slug(application.area, application.group_name),
            name=application.group_name,
            kind=NetworkKind.LOCAL_GROUP,
            area_type=application.area_type,
            nation=application.nation,
            contact_email=application.contact_email,
            description=application.about,
        )
    elif network.kind != NetworkKind.LOCAL_GROUP:
        raise AffiliationError(_("Only a local group network can be linked."))
    with scope(network=network):
        has_coordinator_role = Membership.objects.filter(
            network=network, user=application.applicant, role=Role.COORDINATOR
        ).exists()
    if not has_coordinator_role:
        add_membership(network, application.applicant, Role.COORDINATOR, actor=actor)
    signature = application.charter_signature
    if signature.group_id is None:
        signature.group = network
        signature.network = network
        signature.save(update_fields=["group", "network"])
    return network


@transaction.atomic
def set_affiliation_state(
    application: AffiliationApplication,
    new_state: AffiliationState | str,
    *,
    actor: User,
    reason: str = "",
    network: Network | None = None,
) -> AffiliationApplication:
    """Move an application along AFFILIATION_TRANSITIONS, and nowhere else.

    Staff make every move except resubmitting, which the applicant makes. Affiliating creates
    (or links) the group's local group network. Each move is logged, and the group is told
    by e-mail after the transaction commits.
    """
    application = (
        # Lock the application's row only: the network is on the nullable side of a join.
        AffiliationApplication.objects.select_for_update(of=("self",))
        .select_related("charter_signature", "applicant", "network")
        .get(pk=application.pk)
    )
    old_state = application.state
    if new_state not in AFFILIATION_TRANSITIONS[old_state]:
        raise AffiliationError(
            _("An application that is “%(old)s” cannot become “%(new)s”.")
            % {
                "old": AffiliationState(old_state).label,
                "new": AffiliationState(new_state).label,
            }
        )
    if new_state in AFFILIATION_APPLICANT_STATES:
        allowed = actor.is_staff or actor.pk == application.applicant_id
    else:
        allowed = actor.is_staff
    if not allowed:
        raise AffiliationError(_("Only movement staff can make this change."))
    reason = reason.strip()
    if new_state in AFFILIATION_REASON_REQUIRED and not reason:
        raise AffiliationError(_("Please give a reason: the group will read it."))
    if new_state == AffiliationState.AFFILIATED:
        holder = find_area_holder(application.area, application.nation, exclude_pk=application.pk)
        linked_here = network is not None and holder == network.name
        if holder and not linked_here and holder != application.group_name:
            raise AffiliationError(
                _(
                    "%(holder)s is already the affiliated group for %(area)s: one affiliated "
                    "group per area. Suspend or lapse it first, or link this application to "
                    "its network."
                )
                % {"holder": holder, "area": application.area}
            )
        application.network = _affiliate(application, actor=actor, network=network)
    application.state = new_state
    application.state_reason = reason
    application.state_changed_at = timezone.now()
    try:
        with transaction.atomic():
            application.save(update_fields=["state", "state_reason", "state_changed_at", "network"])
    except IntegrityError:
        raise AffiliationError(
            _("Another group is already affiliated for %(area)s.") % {"area": application.area}
        ) from None
    log_action(
        application,
        f"members.affiliation.{new_state}",
        actor=actor,
        network=application.network,
        data={"state": {"old": old_state, "new": str(new_state)}, "reason": reason},
    )
    _notify_affiliation_after_commit(application)
    return application


@transaction.atomic
def add_affiliation_comment(
    application: AffiliationApplication, *, actor: User, text: str
) -> AffiliationComment:
    """A staff note on an application. The group does not see it."""
    if not actor.is_staff:
        raise AffiliationError(_("Only movement staff can comment."))
    comment = AffiliationComment.objects.create(
        application=application, author=actor, text=text.strip()
    )
    log_action(
        application,
        "members.affiliation.commented",
        actor=actor,
        data={"comment": comment.pk},
    )
    return comment


def _notify_affiliation_after_commit(application: AffiliationApplication) -> None:
    from members.tasks import task_notify_affiliation_state  # tasks import this module

    transaction.on_commit(
        partial(
            task_notify_affiliation_state.delay,
            application_id=application.pk,
            state=str(application.state),
        )
    )


# Sanctuary Ambassadors and the Experts by Experience Advisory Group --------------------------
# These rows say that a person has lived experience, so every log entry here has no network:
# only staff read them (DESIGN.md section 4, rule 6).


class LivedExperienceError(Exception):
    """An ambassador or Advisory Group change the rules do not allow; the message is for people."""


@transaction.atomic
def register_ambassador(
    user: User,
    *,
    actor: User,
    languages: str,
    skills: str = "",
    availability: str = "",
    roles_wanted: list[str] | tuple[str, ...] = (),
) -> Ambassador:
    """A person with lived experience registers as a Sanctuary Ambassador, or updates their
    details. Registering records on their private profile that they have lived experience."""
    unknown = set(roles_wanted) - set(AmbassadorRole.values)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    roles = [role for role in AmbassadorRole.values if role in roles_wanted]
    values = {
        "languages": languages.strip(),
        "skills": skills.strip(),
        "availability": availability.strip(),
        "roles_wanted": roles,
    }
    ambassador = Ambassador.objects.select_for_update().filter(user=user).first()
    if ambassador is None:
        ambassador = Ambassador.objects.create(user=user, **values)
        log_action(
            ambassador, "members.ambassador.registered", actor=actor, data={"roles_wanted": roles}
        )
    else:
        changes = changed_fields(ambassador, values)
        if changes:
            for field, value in values.items():
                setattr(ambassador, field, value)
            ambassador.save(update_fields=list(changes))
            log_action(ambassador, "members.ambassador.updated", actor=actor, data=changes)
    if not user.has_lived_experience:
        update_own_profile(user, actor=actor, has_lived_experience=True)
    return ambassador


@transaction.atomic
def set_ambassador_status(
    ambassador: Ambassador, new_status: AmbassadorStatus | str, *, actor: User
) -> Ambassador:
    """Staff approve (or decline) a registration, along AMBASSADOR_TRANSITIONS only."""
    if not actor.is_staff:
        raise LivedExperienceError(_("Only movement staff can make this change."))
    ambassador = (
        Ambassador.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=ambassador.pk)
    )
    old_status = ambassador.status
    if new_status not in AMBASSADOR_TRANSITIONS[old_status]:
        raise LivedExperienceError(
            _("A registration that is “%(old)s” cannot become “%(new)s”.")
            % {
                "old": AmbassadorStatus(old_status).label,
                "new": AmbassadorStatus(new_status).label,
            }
        )
    ambassador.status = new_status
    ambassador.decided_at = timezone.now()
    ambassador.decided_by = actor
    ambassador.save(update_fields=["status", "decided_at", "decided_by"])
    action = (
        "members.ambassador.approved"
        if new_status == AmbassadorStatus.APPROVED
        else "members.ambassador.declined"
    )
    log_action(
        ambassador,
        action,
        actor=actor,
        data={"status": {"old": old_status, "new": str(new_status)}},
    )
    from members.tasks import task_notify_ambassador_status  # tasks import this module

    transaction.on_commit(
        partial(
            task_notify_ambassador_status.delay,
            ambassador_id=ambassador.pk,
            status=str(new_status),
        )
    )
    return ambassador


@transaction.atomic
def nominate_to_advisory_group(ambassador: Ambassador, *, actor: User) -> AdvisoryGroupMember:
    """Nominate an approved ambassador to the Experts by Experience Advisory Group."""
    if not actor.is_staff:
        raise LivedExperienceError(_("Only movement staff can make this change."))
    if ambassador.status != AmbassadorStatus.APPROVED:
        raise LivedExperienceError(
            _("Only approved Sanctuary Ambassadors can join the Advisory Group.")
        )
    member, created = AdvisoryGroupMember.objects.get_or_create(
        ambassador=ambassador, defaults={"nominated_by": actor}
    )
    if not created:
        raise LivedExperienceError(
            _("%(person)s is in the Advisory Group already.")
            % {"person": ambassador.user.get_full_name()}
        )
    log_action(
        member, "members.advisory.nominated", actor=actor, data={"ambassador": ambassador.pk}
    )
    return member


@transaction.atomic
def invite_next_advisers(
    *, actor: User, meeting_date: datetime.date, count: int = 1
) -> list[TrusteeMeetingInvitation]:
    """Advance the rotation: invite the `count` members invited least recently (never invited
    first, then the longest-standing) to the trustees' meeting on `meeting_date`.

    The rows are locked while they are chosen, so two staff advancing at once invite
    different people; nobody is invited twice to one meeting.
    """
    if not actor.is_staff:
        raise LivedExperienceError(_("Only movement staff can make this change."))
    if count < 1:
        raise LivedExperienceError(_("Invite at least one person."))
    members = list(
        AdvisoryGroupMember.objects.select_for_update()
        .filter(is_active=True)
        .exclude(invitations__meeting_date=meeting_date)
        .order_by(F("last_invited_at").asc(nulls_first=True), "nominated_at", "pk")[:count]
    )
    if not members:
        raise LivedExperienceError(
            _("Everyone in the Advisory Group is invited to this meeting already.")
        )
    now = timezone.now()
    invitations = []
    for member in members:
        invitations.append(
            TrusteeMeetingInvitation.objects.create(
                member=member, meeting_date=meeting_date, invited_by=actor
            )
        )
        member.last_invited_at = now
        member.invitation_count = F("invitation_count") + 1
        member.save(update_fields=["last_invited_at", "invitation_count"])
        log_action(
            member,
            "members.advisory.invited",
            actor=actor,
            data={"meeting_date": meeting_date.isoformat()},
        )
    from members.tasks import task_send_trustees_invitation  # tasks import this module

    for invitation in invitations:
        transaction.on_commit(
            partial(task_send_trustees_invitation.delay, invitation_id=invitation.pk)
        )
    return invitations


# Sanctuary Partnership forums ---------------------------------------------------------------


class ForumError(Exception):
    """A forum change the rules do not allow; the message is for people."""


@transaction.atomic
def create_partnership_forum(
    network: Network, *, actor: User, name: str, purpose: str = "", is_listed: bool = True
) -> PartnershipForum:
    if network.kind != NetworkKind.LOCAL_GROUP:
        raise ForumError(_("Sanctuary Partnership forums belong to local groups."))
    try:
        with transaction.atomic(), scope(network=network):
            forum = PartnershipForum.objects.create(
                network=network, name=name.strip(), purpose=purpose.strip(), is_listed=is_listed
            )
    except IntegrityError:
        raise ForumError(_("This group has a forum with that name already.")) from None
    log_action(forum, "members.forum.created", actor=actor, network=network, data={"name": name})
    return forum


@transaction.atomic
def add_forum_member(
    forum: PartnershipForum,
    *,
    actor: User,
    organisation: Organisation | None = None,
    user: User | None = None,
    role_title: str = "",
) -> ForumMember:
    """A council, a supporting organisation or a person joins the forum.

    Councils are told apart by the organisation's kind; a person is a person, whatever their
    experience.
    """
    if (organisation is None) == (user is None):
        raise ValueError("Give an organisation or a person.")
    if organisation is not None:
        kind = (
            ForumMemberKind.COUNCIL
            if organisation.kind == OrganisationKind.LOCAL_AUTHORITY
            else ForumMemberKind.ORGANISATION
        )
    else:
        kind = ForumMemberKind.PERSON
    try:
        with transaction.atomic(), scope(network=forum.network):
            member = ForumMember.objects.create(
                forum=forum,
                kind=kind,
                organisation=organisation,
                user=user,
                role_title=role_title.strip(),
            )
    except IntegrityError:
        raise ForumError(_("They are on this forum already.")) from None
    log_action(
        member,
        "members.forum.member_added",
        actor=actor,
        network=forum.network,
        data={"forum": forum.pk, "kind": str(kind)},
    )
    return member


@transaction.atomic
def remove_forum_member(member: ForumMember, *, actor: User) -> None:
    network = member.forum.network
    log_action(
        member,
        "members.forum.member_removed",
        actor=actor,
        network=network,
        data={"forum": member.forum_id, "kind": member.kind},
    )
    with scope(network=network):
        member.delete()


# Personal API tokens ------------------------------------------------------------------------

# Tokens start with this, so a leaked one is easy to recognise (and to search for in code).
API_TOKEN_PREFIX = "sanc_"
API_TOKEN_VISIBLE = 12  # characters of the token kept to tell tokens apart
MAX_ACTIVE_API_TOKENS = 20
# How stale `last_used_at` may get before a request writes it again: one write per token a
# minute at most, however busy the token is.
API_TOKEN_USE_RESOLUTION = datetime.timedelta(minutes=1)


class ApiTokenError(Exception):
    """A token change that the rules do not allow; the message is for people."""


@transaction.atomic
def create_api_token(user: User, *, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the person themselves. Returns the token and its secret, which is
    shown once and never stored: only its SHA-256 is kept."""
    if actor.pk != user.pk:
        raise ApiTokenError(_("People create their own API tokens."))
    name = name.strip()
    if not name:
        raise ApiTokenError(_("Give the token a name, so you know what it is for."))
    # Lock the person's row, so two clicks cannot both pass the checks below.
    User.objects.select_for_update().only("pk").get(pk=user.pk)
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if active.filter(name=name).exists():
        raise ApiTokenError(
            _("You already have a token called “%(name)s”. Please choose another name.")
            % {"name": name}
        )
    if active.count() >= MAX_ACTIVE_API_TOKENS:
        raise ApiTokenError(
            _("You have %(count)s tokens already. Please revoke one you no longer use.")
            % {"count": MAX_ACTIVE_API_TOKENS}
        )
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:API_TOKEN_VISIBLE],
        token_hash=hash_token(secret),
    )
    log_action(token, "members.api_token.created", actor=actor, data={"name": name, "id": token.pk})
    return token, secret


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor: User) -> ApiToken:
    """Stop a token from working, at once. The row stays, for the history."""
    if actor.pk != token.user_id and not actor.is_staff:
        raise ApiTokenError(_("Only the token's owner or staff can revoke it."))
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action(
        token, "members.api_token.revoked", actor=actor, data={"name": token.name, "id": token.pk}
    )
    return token


def note_api_token_use(token: ApiToken) -> None:
    """Remember when a token was last used, at most once a minute. Bookkeeping, not a change
    of state, so it is not logged."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= API_TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
