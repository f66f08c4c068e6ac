"""Background work of the members app. Tasks take ids, load what they need and call services.

Every e-mail goes through members.emails.deliver(): one row per notification and address,
claimed before sending, so a retry never sends twice, and a refused address stops only its
own e-mail (DESIGN.md rule 10). Every task has a soft and a hard time limit.
"""

import uuid
from typing import Any
from urllib.parse import urlencode

from celery import shared_task
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled
from django_stubs_ext import StrOrPromise

from members.emails import (
    TRANSIENT_MAIL_ERRORS,
    Outcome,
    absolute_url,
    already_delivered,
    deliver,
    retry_deferred,
)
from members.enums import AffiliationState, AmbassadorStatus, DocumentSlug, RequestStatus
from members.models import (
    AffiliationApplication,
    Ambassador,
    DocumentVersion,
    MailDelivery,
    MembershipInvitation,
    SignAgainReminder,
    Signature,
    TrusteeMeetingInvitation,
    User,
)
from members.queries.signatures import sign_again_token
from members.services.charter import (
    issue_confirmation_token,
    mark_invited_to_sign_again,
    mark_sign_again_reminder_sent,
)
from members.services.exports import make_signatory_export
from members.services.invitations import issue_invitation_token as issue_membership_token
from members.services.organisations import issue_invitation_token
from members.services.privacy import apply_retention

__all__ = ["MAIL_TASK", "TRANSIENT_MAIL_ERRORS"]

# How every mail task retries and how long it may run. A mail server that is away, or a
# recipient deferred, is tried again after 30 s, 1, 2, 4, ... minutes (at most an hour apart,
# with jitter), six times; a recipient deferred SANCTUARY_MAIL_MAX_ATTEMPTS times is given up.
MAIL_TASK: dict[str, Any] = {
    "bind": True,
    "autoretry_for": TRANSIENT_MAIL_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 6,
    "soft_time_limit": 120,
    "time_limit": 180,
}


def notification_key(task, name: str) -> str:
    """The notification's identity for its delivery rows: the task's id stays the same
    through its retries (and when a broker hands an unacknowledged task out again)."""
    return f"{name}:{task.request.id or uuid.uuid4()}"


def days_left(expires_at) -> int:
    """Whole days until a link expires, as its e-mail says ("expires in 14 days")."""
    return max(1, round((expires_at - timezone.now()).total_seconds() / 86400))


@shared_task(**MAIL_TASK)
def task_send_signature_confirmation(self, *, signature_id: int) -> None:
    """E-mail the link that confirms a signature. A retry sends a fresh link."""
    signature = (
        Signature.objects.filter(pk=signature_id, confirmed_at__isnull=True)
        .select_related("version")
        .first()
    )
    if signature is None:
        return
    key = notification_key(self, f"signature-confirmation:{signature.pk}")
    if already_delivered(key, signature.email):
        return  # handed out again after it was sent: a fresh link would void the one sent
    token = issue_confirmation_token(signature)
    endorse = signature.version.document == DocumentSlug.DECLARATION
    outcome = deliver(
        key=key,
        to=signature.email,
        language=signature.language,
        subject=_("Please confirm your endorsement")
        if endorse
        else _("Please confirm your signature of the charter"),
        template="members/emails/confirm_signature.txt",
        context={
            "signature": signature,
            "endorse": endorse,
            "link": absolute_url(reverse("members:signature_confirm", kwargs={"token": token})),
        },
    )
    retry_deferred([outcome])


@shared_task(**MAIL_TASK)
def task_send_membership_invitation(self, *, invitation_id: int) -> None:
    """E-mail an invitation to a role, with a fresh link, in the site's language (the address
    may have no account, and so no language of its own)."""
    from django_scopes import scopes_disabled

    with scopes_disabled():  # an id from our own queue
        invitation = (
            MembershipInvitation.objects.select_related("network", "invited_by")
            .filter(pk=invitation_id, accepted_at__isnull=True)
            .first()
        )
    if invitation is None:
        return
    key = notification_key(self, f"invitation:{invitation.pk}")
    if already_delivered(key, invitation.email):
        return
    person = User.objects.filter(email__iexact=invitation.email).first()
    token = issue_membership_token(invitation)
    outcome = deliver(
        key=key,
        to=invitation.email,
        language=person.preferred_language if person else settings.LANGUAGE_CODE,
        subject=_("An invitation to take part in a City of Sanctuary network"),
        template="members/emails/membership_invitation.txt",
        context={
            "invitation": invitation,
            "invitation_days": settings.SANCTUARY_INVITATION_DAYS,
            "link": absolute_url(reverse("members:invitation", kwargs={"membership_token": token})),
        },
    )
    retry_deferred([outcome])


@shared_task(**MAIL_TASK)
def task_send_already_signed(self, *, signature_id: int) -> None:
    """Tell an address that tried to sign again that it has signed (charter.AlreadySigned)."""
    signature = Signature.objects.filter(pk=signature_id).select_related("version").first()
    if signature is None:
        return
    key = notification_key(self, f"already-signed:{signature.pk}")
    link = ""
    if not signature.is_confirmed:
        if already_delivered(key, signature.email):
            return
        token = issue_confirmation_token(signature)
        link = absolute_url(reverse("members:signature_confirm", kwargs={"token": token}))
    outcome = deliver(
        key=key,
        to=signature.email,
        language=signature.language,
        subject=_("You have signed already"),
        template="members/emails/already_signed.txt",
        context={"signature": signature, "link": link},
    )
    retry_deferred([outcome])


@shared_task(**{**MAIL_TASK, "soft_time_limit": 30 * 60, "time_limit": 35 * 60})
def task_invite_to_sign_again(self, *, version_id: int) -> int:
    """Invite everyone who signed an earlier version, and not this one, to sign this one.

    Each signatory (one per address and party) is marked, and their e-mail claimed by a
    delivery row of this version, before it goes, so a task that runs twice, or is retried,
    invites nobody twice; a retry comes back only for the e-mails not yet done. Returns how
    many it invited.
    """
    version = DocumentVersion.objects.filter(pk=version_id, is_current=True).first()
    if version is None:
        return 0  # another version became current before this ran
    key = f"sign-again:{version.pk}"
    signed_this_one = Signature.objects.filter(
        version=version, email=OuterRef("email"), party_key=OuterRef("party_key")
    )
    done = MailDelivery.objects.filter(key=key, email=OuterRef("email")).filter(
        Q(sent_at__isnull=False) | Q(given_up_at__isnull=False)
    )
    earlier = (
        Signature.objects.filter(
            version__document=version.document,
            version__number__lt=version.number,
            confirmed_at__isnull=False,
        )
        .exclude(Q(invited_for_version=version) & Exists(done))
        .filter(~Exists(signed_this_one))
        .select_related("version")
        .order_by("email", "party_key", "-version__number")
    )
    seen: set[tuple[str, str]] = set()
    outcomes: list[Outcome] = []
    sign_url = absolute_url(
        reverse(
            "members:charter_sign"
            if version.document == DocumentSlug.CHARTER
            else "members:declaration_endorse"
        )
    )
    for signature in earlier.iterator(chunk_size=500):
        party = (signature.email, signature.party_key)
        if party in seen:
            continue
        seen.add(party)
        mark_invited_to_sign_again(signature, version)  # logs the first time only
        outcome = deliver(
            key=key,
            to=signature.email,
            language=signature.language,
            subject=_("A new version is ready to sign"),
            template="members/emails/sign_again.txt",
            context={
                "signature": signature,
                "version": version,
                # The link fills the form in with what they gave last time.
                "link": f"{sign_url}?{urlencode({'again': sign_again_token(signature)})}",
            },
        )
        outcomes.append(outcome)
    return retry_deferred(outcomes)


@shared_task(**MAIL_TASK)
def task_send_sign_again_reminder(self, *, reminder_id: int) -> bool:
    """Send a coordinator's reminder to sign the current version, once."""
    with scopes_disabled():  # the row names its network; it is read by its id alone
        reminder = (
            SignAgainReminder.objects.filter(pk=reminder_id, sent_at__isnull=True)
            .select_related("signature__version", "version")
            .first()
        )
    if reminder is None:
        return False
    signature, version = reminder.signature, reminder.version
    sign_url = absolute_url(
        reverse(
            "members:charter_sign"
            if version.document == DocumentSlug.CHARTER
            else "members:declaration_endorse"
        )
    )
    outcome = deliver(
        key=f"sign-again-reminder:{reminder.pk}",
        to=reminder.email,
        language=signature.language,
        subject=_("A reminder: a new version is ready to sign"),
        template="members/emails/sign_again.txt",
        context={
            "signature": signature,
            "version": version,
            "link": f"{sign_url}?{urlencode({'again': sign_again_token(signature)})}",
        },
    )
    retry_deferred([outcome])
    return mark_sign_again_reminder_sent(reminder)


AFFILIATION_SUBJECTS: dict[str, StrOrPromise] = {
    AffiliationState.SUBMITTED: _("We have received your group's application to affiliate"),
    AffiliationState.IN_REVIEW: _("We are reviewing your group's application"),
    AffiliationState.CHANGES_REQUESTED: _("Please make some changes to your group's application"),
    AffiliationState.AFFILIATED: _("Welcome: your group is affiliated to City of Sanctuary"),
    AffiliationState.SUSPENDED: _("Your group's affiliation is suspended"),
    AffiliationState.LAPSED: _("Your group's affiliation has lapsed"),
    AffiliationState.DECLINED: _("About your group's application to affiliate"),
}


@shared_task(**MAIL_TASK)
def task_notify_affiliation_state(self, *, application_id: int, state: str) -> None:
    """Tell the applicant where their group's application stands, in their language."""
    application = (
        AffiliationApplication.objects.select_related("applicant", "network")
        .filter(pk=application_id, state=state)
        .first()
    )
    if application is None:
        return  # it moved on before this ran; the later move sends its own e-mail
    outcome = deliver(
        key=notification_key(self, f"affiliation:{application.pk}:{state}"),
        to=application.applicant.email,
        language=application.applicant.preferred_language,
        subject=AFFILIATION_SUBJECTS[state],
        template="members/emails/affiliation_state.txt",
        context={
            "application": application,
            "link": absolute_url(application.get_absolute_url()),
        },
    )
    retry_deferred([outcome])


@shared_task(**MAIL_TASK)
def task_notify_ambassador_status(self, *, ambassador_id: int, status: str) -> None:
    """Tell a person, in their language, that staff approved (or declined) their registration."""
    ambassador = (
        Ambassador.objects.select_related("user").filter(pk=ambassador_id, status=status).first()
    )
    if ambassador is None:
        return
    approved = status == AmbassadorStatus.APPROVED
    outcome = deliver(
        key=notification_key(self, f"ambassador:{ambassador.pk}:{status}"),
        to=ambassador.user.email,
        language=ambassador.user.preferred_language,
        subject=(
            _("Welcome to the Sanctuary Ambassador Network")
            if approved
            else _("About your Sanctuary Ambassador registration")
        ),
        template="members/emails/ambassador_status.txt",
        context={
            "ambassador": ambassador,
            "approved": approved,
            "link": absolute_url(reverse("members:ambassador")),
        },
    )
    retry_deferred([outcome])


@shared_task(**MAIL_TASK)
def task_send_trustees_invitation(self, *, invitation_id: int) -> None:
    invitation = (
        TrusteeMeetingInvitation.objects.select_related("member__ambassador__user")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return
    user = invitation.member.ambassador.user
    outcome = deliver(
        key=f"trustees-invitation:{invitation.pk}",
        to=user.email,
        language=user.preferred_language,
        subject=_("An invitation to the trustees' meeting"),
        template="members/emails/trustees_invitation.txt",
        context={"invitation": invitation, "user": user},
    )
    retry_deferred([outcome])


@shared_task(soft_time_limit=10 * 60, time_limit=12 * 60)
def task_apply_retention() -> dict[str, int]:
    """The daily retention (sanctuary/celery.py): what nobody needs any more goes."""
    return apply_retention()


# Getting in: decisions about organisations and requests, and invitations -------------------


@shared_task(**MAIL_TASK)
def task_notify_organisation_status(self, *, organisation_id: int, status: str) -> None:
    """Tell the person who registered an organisation what the coordinators decided."""
    from members.models import Organisation

    organisation = (
        Organisation.objects.select_related("registered_by")
        .filter(pk=organisation_id, status=status)
        .first()
    )
    if organisation is None or organisation.registered_by is None:
        return  # it moved on before this ran; the later move sends its own e-mail
    person = organisation.registered_by
    outcome = deliver(
        key=f"organisation-status:{organisation_id}:{status}",
        to=person.email,
        language=person.preferred_language,
        subject=_("Your organisation is approved")
        if organisation.is_approved
        else _("About the organisation you registered"),
        template="members/emails/organisation_status.txt",
        context={
            "person": person,
            "organisation": organisation,
            "link": absolute_url(organisation.get_absolute_url()),
        },
    )
    retry_deferred([outcome])


@shared_task(**MAIL_TASK)
def task_notify_contact_request(self, *, request_id: int, status: str) -> None:
    """Tell the person who asked to act for an organisation what the coordinators decided."""
    from members.models import ContactRequest

    request = (
        ContactRequest.objects.select_related("user", "organisation")
        .filter(pk=request_id, status=status)
        .first()
    )
    if request is None:
        return
    approved = status == RequestStatus.APPROVED
    outcome = deliver(
        key=f"contact-request:{request_id}:{status}",
        to=request.user.email,
        language=request.user.preferred_language,
        subject=_("You now act for %(organisation)s") % {"organisation": request.organisation.name}
        if approved
        else _("About your request to act for %(organisation)s")
        % {"organisation": request.organisation.name},
        template="members/emails/contact_request.txt",
        context={
            "request": request,
            "approved": approved,
            "link": absolute_url(
                request.organisation.get_absolute_url()
                if approved
                else reverse("members:dashboard")
            ),
        },
    )
    retry_deferred([outcome])


@shared_task(**MAIL_TASK)
def task_notify_join_request(self, *, request_id: int, status: str) -> None:
    """Tell the person who asked to join a network what its coordinators decided."""
    from django_scopes import scopes_disabled

    from members.models import NetworkJoinRequest

    with scopes_disabled():  # a task has no request; it reads this one row
        request = (
            NetworkJoinRequest.objects.select_related("user", "network")
            .filter(pk=request_id, status=status)
            .first()
        )
    if request is None:
        return
    approved = status == RequestStatus.APPROVED
    outcome = deliver(
        key=f"join-request:{request_id}:{status}",
        to=request.user.email,
        language=request.user.preferred_language,
        subject=_("Welcome to %(network)s") % {"network": request.network.name}
        if approved
        else _("About your request to join %(network)s") % {"network": request.network.name},
        template="members/emails/join_request.txt",
        context={
            "request": request,
            "approved": approved,
            "link": absolute_url(request.network.get_absolute_url()),
        },
    )
    retry_deferred([outcome])


@shared_task(**MAIL_TASK)
def task_send_contact_invitation(self, *, invitation_id: int) -> None:
    """E-mail a colleague the link that lets them act for the organisation. A retry sends a
    fresh link; the earlier one stops working."""
    from members.models import ContactInvitation

    invitation = (
        ContactInvitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    key = f"contact-invitation:{invitation_id}"
    if invitation is None or already_delivered(key, invitation.email):
        return  # a retry after the link went out must not replace the link people hold
    token = issue_invitation_token(invitation)
    outcome = deliver(
        key=key,
        to=invitation.email,
        language=invitation.language,
        subject=_("An invitation to act for %(organisation)s")
        % {"organisation": invitation.organisation.name},
        template="members/emails/contact_invitation.txt",
        context={
            "invitation": invitation,
            "expires_in_days": days_left(invitation.expires_at),
            "link": absolute_url(
                reverse("members:contact_invitation", kwargs={"invitation_token": token})
            ),
        },
    )
    retry_deferred([outcome])


@shared_task(**MAIL_TASK)
def task_send_coordinator_invitation(self, *, invitation_id: int) -> None:
    """E-mail the link that makes the invited person a coordinator of the network."""
    from django_scopes import scopes_disabled

    from members.models import CoordinatorInvitation

    with scopes_disabled():  # a task has no request; it reads and updates this one row
        invitation = (
            CoordinatorInvitation.objects.select_related("network", "invited_by")
            .filter(pk=invitation_id, accepted_at__isnull=True)
            .first()
        )
        key = f"coordinator-invitation:{invitation_id}"
        if invitation is None or already_delivered(key, invitation.email):
            return  # a retry after the link went out must not replace the link people hold
        token = issue_invitation_token(invitation)
    outcome = deliver(
        key=key,
        to=invitation.email,
        language=invitation.language,
        subject=_("An invitation to coordinate %(network)s") % {"network": invitation.network.name},
        template="members/emails/coordinator_invitation.txt",
        context={
            "invitation": invitation,
            "expires_in_days": days_left(invitation.expires_at),
            "link": absolute_url(
                reverse("members:coordinator_invitation", kwargs={"invitation_token": token})
            ),
        },
    )
    retry_deferred([outcome])


@shared_task(soft_time_limit=10 * 60, time_limit=12 * 60)
def task_make_signatory_export(*, export_id: int) -> str | None:
    """Write the public list of signatories that staff asked for. Never retried: a failure
    marks the list failed, which staff see and ask again. Returns its state."""
    export = make_signatory_export(export_id)
    return export.state if export is not None else None
