"""Staff set the movement up from pages: networks' settings, and the invitation that brings
a network's first coordinator in. (Creating a network is sanctuary.services.create_network.)"""

import datetime
import secrets
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from members.enums import Action, Role
from members.models import CoordinatorInvitation, Membership, User
from members.queries import hash_token
from members.services.people import memberships_changed
from sanctuary.activity import changed_fields, log_action
from sanctuary.models import Network
from sanctuary.refusals import Refused

# How long a coordinator's invitation link works.
COORDINATOR_INVITATION_DAYS = 14
# What staff edit on a network's settings page (its slug stays: links and tokens use it).
NETWORK_FIELDS = (
    "name", "kind", "area_type", "nation", "region", "parent", "coordinating_group",
    "summary", "description", "website", "contact_email", "is_listed", "join_without_approval",
)  # fmt: skip


class MovementError(Refused):
    """A change to the movement's set-up that the rules do not allow."""


@transaction.atomic
def update_network(network: Network, *, actor: User, **new_values: Any) -> Network:
    """Staff change a network's settings; the log keeps the old and new values."""
    if not actor.is_staff:
        raise MovementError(_("Only movement staff change a network's settings."))
    unknown = set(new_values) - set(NETWORK_FIELDS)
    if unknown:
        raise ValueError(f"Not network settings: {sorted(unknown)}")
    network = Network.objects.select_for_update().get(pk=network.pk)
    changes = changed_fields(network, new_values)
    if not changes:
        return network
    for field, value in new_values.items():
        setattr(network, field, value)
    network.full_clean()
    network.save(update_fields=list(changes))
    for field in ("parent", "coordinating_group"):
        if field in changes:  # the log keeps ids, not objects
            changes[field] = {
                key: value.pk if value is not None else None
                for key, value in changes[field].items()
            }
    log_action(network, Action.NETWORK_SETTINGS_CHANGED, actor=actor, network=network, data=changes)
    return network


@transaction.atomic
def invite_coordinator(
    network: Network, *, actor: User, email: str, name: str = "", language: str = "en"
) -> CoordinatorInvitation:
    """Staff invite someone to coordinate a network. The e-mail (sent after commit) carries
    a link that works once and for COORDINATOR_INVITATION_DAYS; only its hash is kept."""
    if not actor.is_staff:
        raise MovementError(_("Only movement staff invite coordinators."))
    email = email.strip().lower()
    with scope(network=network):
        if Membership.objects.filter(
            network=network, role=Role.COORDINATOR, user__email__iexact=email
        ).exists():
            raise MovementError(
                _("This person coordinates %(network)s already.") % {"network": network.name},
                field="email",
            )
        invitation = CoordinatorInvitation.objects.create(
            network=network,
            email=email,
            name=" ".join(name.split()),
            invited_by=actor,
            language=language,
            # A placeholder nobody knows; the task replaces it with the hash of the link it sends.
            token_hash=hash_token(secrets.token_urlsafe(32)),
            expires_at=timezone.now() + datetime.timedelta(days=COORDINATOR_INVITATION_DAYS),
        )
    log_action(invitation, Action.COORDINATOR_INVITED, actor=actor, network=network, data={})
    from members.tasks import task_send_coordinator_invitation  # tasks import services

    transaction.on_commit(
        partial(task_send_coordinator_invitation.delay, invitation_id=invitation.pk)
    )
    return invitation


@transaction.atomic
def accept_coordinator_invitation(invitation: CoordinatorInvitation, *, actor: User) -> Membership:
    """The invited person, signed in (or just signed up), accepts: they coordinate the network
    from now. The link works once."""
    network = invitation.network
    with scope(network=network):
        invitation = CoordinatorInvitation.objects.select_for_update(of=("self",)).get(
            pk=invitation.pk
        )
        if not invitation.is_usable:
            raise MovementError(
                _("This invitation has been used or has expired. Please ask staff for a new one.")
            )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = actor
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        log_action(
            invitation,
            Action.COORDINATOR_INVITATION_ACCEPTED,
            actor=actor,
            network=network,
            data={"user": actor.pk},
        )
        membership, created = Membership.objects.get_or_create(
            network=network, user=actor, role=Role.COORDINATOR
        )
        if created:
            memberships_changed()
            log_action(
                membership,
                Action.MEMBERSHIP_ADDED,
                actor=actor,
                network=network,
                data={"user": actor.pk, "role": Role.COORDINATOR},
            )
    return membership
