"""Background work of the members app. Tasks take ids, load what they need and call services."""

import smtplib
from urllib.parse import urlencode

from celery import shared_task
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from members.emails import absolute_url, send_to_person
from members.enums import AffiliationState, AmbassadorStatus, DocumentSlug, RequestStatus
from members.models import (
    AffiliationApplication,
    Ambassador,
    DocumentVersion,
    Signature,
    TrusteeMeetingInvitation,
)
from members.queries import sign_again_token
from members.services.charter import issue_confirmation_token, mark_invited_to_sign_again

# Mail servers come and go; these are worth another try, later.
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


def days_left(expires_at) -> int:
    """Whole days until a link expires, as its e-mail says ("expires in 14 days")."""
    return max(1, round((expires_at - timezone.now()).total_seconds() / 86400))


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_send_signature_confirmation(*, signature_id: int) -> None:
    """E-mail the link that confirms a signature. A retry sends a fresh link."""
    signature = (
        Signature.objects.filter(pk=signature_id, confirmed_at__isnull=True)
        .select_related("version")
        .first()
    )
    if signature is None:
        return
    token = issue_confirmation_token(signature)
    endorse = signature.version.document == DocumentSlug.DECLARATION
    send_to_person(
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


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_invite_to_sign_again(*, version_id: int) -> int:
    """Invite everyone who signed an earlier version, and not this one, to sign this one.

    Each signatory (one per address and party) is marked before the e-mail goes, so a task
    that runs twice, or is retried, does not invite anyone twice. Returns how many it invited.
    """
    version = DocumentVersion.objects.filter(pk=version_id, is_current=True).first()
    if version is None:
        return 0  # another version became current before this ran
    signed_this_one = Signature.objects.filter(
        version=version, email=OuterRef("email"), party_key=OuterRef("party_key")
    )
    earlier = (
        Signature.objects.filter(
            version__document=version.document,
            version__number__lt=version.number,
            confirmed_at__isnull=False,
        )
        .exclude(invited_for_version=version)
        .filter(~Exists(signed_this_one))
        .select_related("version")
        .order_by("email", "party_key", "-version__number")
    )
    seen: set[tuple[str, str]] = set()
    invited = 0
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
        if not mark_invited_to_sign_again(signature, version):
            continue
        send_to_person(
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
        invited += 1
    return invited


AFFILIATION_SUBJECTS: dict[str, StrOrPromise] = {
    AffiliationState.SUBMITTED: _("We have received your group's application to affiliate"),
    AffiliationState.IN_REVIEW: _("We are reviewing your group's application"),
    AffiliationState.CHANGES_REQUESTED: _("Please make some changes to your group's application"),
    AffiliationState.AFFILIATED: _("Welcome: your group is affiliated to City of Sanctuary"),
    AffiliationState.SUSPENDED: _("Your group's affiliation is suspended"),
    AffiliationState.LAPSED: _("Your group's affiliation has lapsed"),
    AffiliationState.DECLINED: _("About your group's application to affiliate"),
}


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_notify_affiliation_state(*, application_id: int, state: str) -> None:
    """Tell the applicant where their group's application stands, in their language."""
    application = (
        AffiliationApplication.objects.select_related("applicant", "network")
        .filter(pk=application_id, state=state)
        .first()
    )
    if application is None:
        return  # it moved on before this ran; the later move sends its own e-mail
    send_to_person(
        to=application.applicant.email,
        language=application.applicant.preferred_language,
        subject=AFFILIATION_SUBJECTS[state],
        template="members/emails/affiliation_state.txt",
        context={
            "application": application,
            "link": absolute_url(application.get_absolute_url()),
        },
    )


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_notify_ambassador_status(*, ambassador_id: int, status: str) -> None:
    """Tell a person, in their language, that staff approved (or declined) their registration."""
    ambassador = (
        Ambassador.objects.select_related("user").filter(pk=ambassador_id, status=status).first()
    )
    if ambassador is None:
        return
    approved = status == AmbassadorStatus.APPROVED
    send_to_person(
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


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_send_trustees_invitation(*, invitation_id: int) -> None:
    invitation = (
        TrusteeMeetingInvitation.objects.select_related("member__ambassador__user")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return
    user = invitation.member.ambassador.user
    send_to_person(
        to=user.email,
        language=user.preferred_language,
        subject=_("An invitation to the trustees' meeting"),
        template="members/emails/trustees_invitation.txt",
        context={"invitation": invitation, "user": user},
    )


# Getting in: decisions about organisations and requests, and invitations -------------------


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_notify_organisation_status(*, organisation_id: int, status: str) -> None:
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
    send_to_person(
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


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_notify_contact_request(*, request_id: int, status: str) -> None:
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
    send_to_person(
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


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_notify_join_request(*, request_id: int, status: str) -> None:
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
    send_to_person(
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


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_send_contact_invitation(*, invitation_id: int) -> None:
    """E-mail a colleague the link that lets them act for the organisation. A retry sends a
    fresh link; the earlier one stops working."""
    from members.models import ContactInvitation
    from members.services.organisations import issue_invitation_token

    invitation = (
        ContactInvitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return
    token = issue_invitation_token(invitation)
    send_to_person(
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


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_send_coordinator_invitation(*, invitation_id: int) -> None:
    """E-mail the link that makes the invited person a coordinator of the network."""
    from django_scopes import scopes_disabled

    from members.models import CoordinatorInvitation
    from members.services.organisations import issue_invitation_token

    with scopes_disabled():  # a task has no request; it reads and updates this one row
        invitation = (
            CoordinatorInvitation.objects.select_related("network", "invited_by")
            .filter(pk=invitation_id, accepted_at__isnull=True)
            .first()
        )
        if invitation is None:
            return
        token = issue_invitation_token(invitation)
    send_to_person(
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
