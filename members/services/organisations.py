"""Organisations that register themselves: registering (duplicates caught first), the
coordinators' approval, asking to act for one that exists, inviting colleagues, and the
contacts an organisation keeps (always at least one)."""

import datetime
import secrets
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from members.enums import (
    ORGANISATION_TRANSITIONS,
    REQUEST_TRANSITIONS,
    Action,
    OrganisationStatus,
    PartyKind,
    RequestStatus,
    Role,
)
from members.models import (
    ContactInvitation,
    ContactRequest,
    CoordinatorInvitation,
    Membership,
    Organisation,
    OrganisationContact,
    Signature,
    User,
)
from members.models.people import normalise_postcode, organisation_name_key
from members.queries import hash_token, likely_duplicates
from sanctuary.activity import log_action
from sanctuary.enums import NetworkKind
from sanctuary.models import Network
from sanctuary.refusals import Refused

# How long a colleague's invitation link works.
CONTACT_INVITATION_DAYS = 14
# Organisation addresses under /organisations/ that a slug must never take.
RESERVED_ORGANISATION_SLUGS = frozenset({"register", "find", "invitations"})


class OrganisationError(Refused):
    """A change to an organisation or its contacts that the rules do not allow."""


class DuplicateOrganisation(OrganisationError):
    """The organisation seems to be on the platform already: ask to join it instead."""

    def __init__(self, duplicates: list[Organisation]) -> None:
        super().__init__(
            _(
                "This organisation seems to be on the platform already. If it is yours, ask "
                "to join it instead of registering it again."
            )
        )
        self.duplicates = duplicates


def may_decide_for(user: User, organisation: Organisation) -> bool:
    """Staff, or a coordinator of the organisation's area group or of its stream."""
    if user.is_staff:
        return True
    networks = [n for n in (organisation.local_group_id, organisation.stream_id) if n]
    if not networks or not user.is_authenticated:
        return False
    # The person's own roles, in whichever network's scope the request runs.
    with scopes_disabled():
        return Membership.objects.filter(
            user=user, network_id__in=networks, role=Role.COORDINATOR
        ).exists()


def _deciding_network(organisation: Organisation) -> Network | None:
    """The network whose activity log records the organisation's registration."""
    return organisation.local_group or organisation.stream


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70].strip("-") or "organisation"
    if base in RESERVED_ORGANISATION_SLUGS:
        base = f"{base}-organisation"
    slug, number = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _is_contact(user: User, organisation: Organisation) -> bool:
    return OrganisationContact.objects.filter(organisation=organisation, user=user).exists()


@transaction.atomic
def register_organisation(
    *,
    actor: User,
    name: str,
    kind: str,
    postcode: str,
    stream: Network | None = None,
    local_group: Network | None = None,
    address: str = "",
    town: str = "",
    nation: str = "",
    local_authority: str = "",
    website: str = "",
    official_number: str = "",
    official_number_kind: str = "",
    role_title: str = "",
) -> Organisation:
    """A signed-in person registers an organisation and becomes its lead contact.

    Raises DuplicateOrganisation, before anything is stored, when it looks like one on the
    platform already (the same normalised name at the same postcode, or the same official
    number). The organisation then waits for the coordinators of its area's group or of its
    stream (or staff). A pledge signed earlier for it by name is linked to it now.
    """
    name = " ".join(name.split())
    official_number = "".join(official_number.split()).upper()
    if official_number and not official_number_kind:
        raise OrganisationError(
            _("Please say what kind of number this is."), field="official_number_kind"
        )
    if stream is not None and stream.kind != NetworkKind.STREAM:
        raise OrganisationError(_("Choose one of the stream networks."), field="stream")
    if local_group is not None and local_group.kind != NetworkKind.LOCAL_GROUP:
        raise OrganisationError(_("Choose one of the local groups."), field="local_group")
    duplicates = likely_duplicates(
        name=name,
        postcode=postcode,
        official_number=official_number,
        official_number_kind=official_number_kind,
    )
    if duplicates:
        raise DuplicateOrganisation(duplicates)
    organisation = Organisation(
        name=name,
        slug=_unique_slug(name),
        kind=kind,
        postcode=normalise_postcode(postcode),
        address=address.strip(),
        town=" ".join(town.split()),
        nation=nation,
        local_authority=" ".join(local_authority.split()),
        website=website,
        official_number=official_number,
        official_number_kind=official_number_kind if official_number else "",
        stream=stream,
        local_group=local_group,
        status=OrganisationStatus.PENDING,
        registered_by=actor,
    )
    organisation.full_clean()
    organisation.save()
    OrganisationContact.objects.create(
        organisation=organisation, user=actor, role_title=role_title.strip(), is_lead=True
    )
    log_action(
        organisation,
        Action.ORGANISATION_REGISTERED,
        actor=actor,
        network=_deciding_network(organisation),
        data={
            "name": organisation.name,
            "kind": organisation.kind,
            "stream": stream.pk if stream else None,
            "local_group": local_group.pk if local_group else None,
        },
    )
    link_named_pledges(organisation, actor=actor)
    return organisation


def names_changed(organisations: list[Organisation]) -> None:
    """After organisations are renamed (the estate import, the admin): the copies of their
    names that other lists sort by take the new ones. A stream's list of its organisations
    keeps each one's name on its membership row (related name stream_memberships), so that
    it reads in order along an index."""
    with scopes_disabled():
        for organisation in organisations:
            organisation.stream_memberships.update(organisation_name=organisation.name)


@transaction.atomic
def link_named_pledges(organisation: Organisation, *, actor: User | None) -> int:
    """Link signatures given earlier "for an organisation by name" to the organisation, when
    the name matches (normalised as duplicates are). Returns how many were linked."""
    key = organisation.name_key or organisation_name_key(organisation.name)
    if not key:
        return 0
    # Narrow by the name's longest word in the database, then compare normalised names.
    longest = max(key.split(), key=len)
    candidates = Signature.objects.filter(
        party_kind=PartyKind.ORGANISATION,
        organisation__isnull=True,
        party_name__icontains=longest,
    )
    linked = 0
    for signature in candidates:
        if organisation_name_key(signature.party_name) != key:
            continue
        new_key = f"organisation:{organisation.pk}"
        if Signature.objects.filter(
            version=signature.version_id, email=signature.email, party_key=new_key
        ).exists():
            continue  # the same person signed this version for the organisation itself too
        signature.organisation = organisation
        signature.party_key = new_key
        signature.party_name = organisation.name
        signature.save(update_fields=["organisation", "party_key", "party_name"])
        log_action(
            signature,
            Action.ORGANISATION_PLEDGE_LINKED,
            actor=actor,
            data={"organisation": organisation.pk, "version": signature.version_id},
        )
        linked += 1
    return linked


@transaction.atomic
def set_organisation_status(
    organisation: Organisation,
    new_status: OrganisationStatus | str,
    *,
    actor: User,
    reason: str = "",
) -> Organisation:
    """A coordinator of the area's group or of the stream (or staff) approves a registered
    organisation, or refuses it with a reason the person reads. The person who registered it
    is told by e-mail in their language."""
    organisation = (
        Organisation.objects.select_for_update(of=("self",))
        .select_related("local_group", "stream")
        .get(pk=organisation.pk)
    )
    if not may_decide_for(actor, organisation):
        raise OrganisationError(
            _("Only the coordinators of its local group or stream, or staff, decide about it.")
        )
    old_status = organisation.status
    if new_status not in ORGANISATION_TRANSITIONS[old_status]:
        raise OrganisationError(
            _("%(organisation)s is “%(status)s” already: nothing to decide.")
            % {
                "organisation": organisation.name,
                "status": OrganisationStatus(old_status).label,
            }
        )
    reason = reason.strip()
    if new_status == OrganisationStatus.REFUSED and not reason:
        raise OrganisationError(
            _("Please give a reason: the person who registered it will read it."),
            field="reason",
        )
    organisation.status = new_status
    organisation.status_reason = reason
    organisation.decided_at = timezone.now()
    organisation.save(update_fields=["status", "status_reason", "decided_at"])
    log_action(
        organisation,
        Action.ORGANISATION_APPROVED
        if new_status == OrganisationStatus.APPROVED
        else Action.ORGANISATION_REFUSED,
        actor=actor,
        network=_deciding_network(organisation),
        data={"status": {"old": old_status, "new": str(new_status)}, "reason": reason},
    )
    from members.tasks import task_notify_organisation_status  # tasks import services

    transaction.on_commit(
        partial(
            task_notify_organisation_status.delay,
            organisation_id=organisation.pk,
            status=str(new_status),
        )
    )
    return organisation


@transaction.atomic
def request_to_act_for(
    organisation: Organisation, *, actor: User, role_title: str = "", message: str = ""
) -> ContactRequest:
    """Someone asks to act for an organisation already on the platform; its coordinators
    (or staff) decide."""
    if organisation.is_refused:
        raise OrganisationError(_("This organisation is not on the platform."))
    if _is_contact(actor, organisation):
        raise OrganisationError(
            _("You act for %(organisation)s already.") % {"organisation": organisation.name}
        )
    try:
        with transaction.atomic():
            request = ContactRequest.objects.create(
                organisation=organisation,
                user=actor,
                role_title=role_title.strip(),
                message=message.strip(),
            )
    except IntegrityError:
        raise OrganisationError(
            _("You have asked already. The coordinators will tell you by e-mail.")
        ) from None
    log_action(
        request,
        Action.CONTACT_REQUESTED,
        actor=actor,
        network=_deciding_network(organisation),
        data={"organisation": organisation.pk, "user": actor.pk},
    )
    return request


@transaction.atomic
def decide_contact_request(
    request: ContactRequest, *, approve: bool, actor: User, reason: str = ""
) -> ContactRequest:
    """Approve a request to act for an organisation (the person becomes a contact), or refuse
    it with a reason. The person is told by e-mail in their language."""
    request = (
        ContactRequest.objects.select_for_update(of=("self",))
        .select_related("organisation", "organisation__local_group", "user")
        .get(pk=request.pk)
    )
    organisation = request.organisation
    if not may_decide_for(actor, organisation):
        raise OrganisationError(
            _("Only the coordinators of its local group or stream, or staff, decide about it.")
        )
    new_status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
    if new_status not in REQUEST_TRANSITIONS[request.status]:
        raise OrganisationError(_("This request is decided already."))
    reason = reason.strip()
    if not approve and not reason:
        raise OrganisationError(
            _("Please give a reason: the person who asked will read it."), field="reason"
        )
    request.status = new_status
    request.reason = reason
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    network = _deciding_network(organisation)
    log_action(
        request,
        Action.CONTACT_REQUEST_APPROVED if approve else Action.CONTACT_REQUEST_REFUSED,
        actor=actor,
        network=network,
        data={"organisation": organisation.pk, "user": request.user_id, "reason": reason},
    )
    if approve:
        _add_contact(organisation, request.user, actor=actor, role_title=request.role_title)
    from members.tasks import task_notify_contact_request  # tasks import services

    transaction.on_commit(
        partial(task_notify_contact_request.delay, request_id=request.pk, status=str(new_status))
    )
    return request


def _add_contact(
    organisation: Organisation, user: User, *, actor: User | None, role_title: str = ""
) -> OrganisationContact:
    contact, created = OrganisationContact.objects.get_or_create(
        organisation=organisation,
        user=user,
        defaults={"role_title": role_title, "is_lead": not organisation.contacts.exists()},
    )
    if created:
        log_action(
            contact,
            Action.ORGANISATION_CONTACT_ADDED,
            actor=actor,
            network=_deciding_network(organisation),
            data={"user": user.pk, "organisation": organisation.pk},
        )
    return contact


@transaction.atomic
def invite_contact(
    organisation: Organisation, *, actor: User, email: str, language: str = "en"
) -> ContactInvitation:
    """A contact invites a colleague by e-mail. The link (sent after commit, made afresh by
    the task) works once and for CONTACT_INVITATION_DAYS; only a hash of it is kept."""
    if not (actor.is_staff or _is_contact(actor, organisation)):
        raise OrganisationError(_("Only the organisation's contacts can invite colleagues."))
    email = email.strip().lower()
    if OrganisationContact.objects.filter(
        organisation=organisation, user__email__iexact=email
    ).exists():
        raise OrganisationError(
            _("This person acts for %(organisation)s already.")
            % {"organisation": organisation.name},
            field="email",
        )
    invitation = ContactInvitation.objects.create(
        organisation=organisation,
        email=email,
        invited_by=actor,
        language=language,
        # A placeholder nobody knows; the task replaces it with the hash of the link it sends.
        token_hash=hash_token(secrets.token_urlsafe(32)),
        expires_at=timezone.now() + datetime.timedelta(days=CONTACT_INVITATION_DAYS),
    )
    log_action(
        invitation,
        Action.CONTACT_INVITED,
        actor=actor,
        network=_deciding_network(organisation),
        data={"organisation": organisation.pk},
    )
    from members.tasks import task_send_contact_invitation  # tasks import services

    transaction.on_commit(partial(task_send_contact_invitation.delay, invitation_id=invitation.pk))
    return invitation


@transaction.atomic
def issue_invitation_token(invitation: ContactInvitation | CoordinatorInvitation) -> str:
    """A fresh secret for an invitation's link (a contact's or a coordinator's). Only its hash
    is stored, so a link sent earlier stops working."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.save(update_fields=["token_hash"])
    return token


@transaction.atomic
def accept_contact_invitation(invitation: ContactInvitation, *, actor: User) -> OrganisationContact:
    """The colleague followed the link, signed in: they act for the organisation from now."""
    invitation = (
        ContactInvitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "organisation__local_group")
        .get(pk=invitation.pk)
    )
    if not invitation.is_usable:
        raise OrganisationError(
            _("This invitation has been used or has expired. Please ask for a new one.")
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    log_action(
        invitation,
        Action.CONTACT_INVITATION_ACCEPTED,
        actor=actor,
        network=_deciding_network(invitation.organisation),
        data={"organisation": invitation.organisation_id, "user": actor.pk},
    )
    return _add_contact(invitation.organisation, actor, actor=actor)


@transaction.atomic
def remove_contact(contact: OrganisationContact, *, actor: User) -> None:
    """A contact (or staff) removes a contact, themselves included. An organisation always
    keeps at least one: the organisation's row is locked, so two removals at once cannot
    leave it with none. When the lead goes, the longest-standing contact becomes lead."""
    organisation = Organisation.objects.select_for_update().get(pk=contact.organisation_id)
    if not (actor.is_staff or _is_contact(actor, organisation)):
        raise OrganisationError(_("Only the organisation's contacts can remove contacts."))
    others = OrganisationContact.objects.filter(organisation=organisation).exclude(pk=contact.pk)
    if not others.exists():
        raise OrganisationError(
            _(
                "%(organisation)s needs at least one contact. Invite a colleague first, then "
                "remove this one."
            )
            % {"organisation": organisation.name}
        )
    if contact.is_lead and not others.filter(is_lead=True).exists():
        successor = others.order_by("created_at", "pk").first()
        assert successor is not None  # others.exists() was checked above
        successor.is_lead = True
        successor.save(update_fields=["is_lead"])
    log_action(
        contact,
        Action.ORGANISATION_CONTACT_REMOVED,
        actor=actor,
        network=organisation.local_group,
        data={"user": contact.user_id, "organisation": organisation.pk},
    )
    contact.delete()
