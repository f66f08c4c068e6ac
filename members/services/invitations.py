"""Inviting people to a role in a network, and accepting.

The add-member form takes any address and always answers the same ("we have sent an
invitation"), doing the same work, so it never tells whether the address has an account; the
person accepts from the e-mail, signed in with that address. A panellist accepting agrees that
chairs forming a panel they are seated or suggested on see whether they have lived experience
(DESIGN.md rule 6): until then they have no panellist role.
"""

import datetime
import secrets
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from members.enums import Action, Role
from members.models import Membership, MembershipInvitation, User
from members.queries import email_is_verified_for, hash_token
from members.services.people import memberships_changed
from sanctuary.activity import log_action
from sanctuary.models import Network
from sanctuary.refusals import Refused


class InvitationError(Refused):
    """An invitation that cannot be accepted; the message is for people."""


@transaction.atomic
def invite_member(
    network: Network, *, email: str, role: Role | str, actor: User
) -> MembershipInvitation:
    """Invite an address to a role here, and e-mail it after commit. An open invitation of the
    same address to the same role is sent again instead of doubled."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    email = email.strip().lower()
    expires_at = timezone.now() + datetime.timedelta(days=settings.SANCTUARY_INVITATION_DAYS)
    with scope(network=network):
        invitation = (
            MembershipInvitation.objects.select_for_update()
            .filter(network=network, email=email, role=role, accepted_at__isnull=True)
            .first()
        )
        if invitation is None:
            invitation = MembershipInvitation.objects.create(
                network=network, email=email, role=role, invited_by=actor, expires_at=expires_at
            )
        else:
            invitation.expires_at, invitation.invited_by = expires_at, actor
            invitation.save(update_fields=["expires_at", "invited_by"])
    # No address in the log: coordinators read it, and the invitation row keeps it.
    log_action(
        invitation,
        Action.MEMBERSHIP_INVITED,
        actor=actor,
        network=network,
        data={"role": str(role)},
    )
    from members.tasks import task_send_membership_invitation  # tasks import this module

    transaction.on_commit(
        partial(task_send_membership_invitation.delay, invitation_id=invitation.pk)
    )
    return invitation


@transaction.atomic
def issue_invitation_token(invitation: MembershipInvitation) -> str:
    """A fresh secret for the invitation's link; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    with scope(network=invitation.network_id):
        MembershipInvitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(token))
    return token


def get_invitation_by_token(token: str) -> MembershipInvitation | None:
    if not token or len(token) > 200:
        return None
    with scopes_disabled():  # the token is the key; the network comes with the row
        return (
            MembershipInvitation.objects.select_related("network")
            .filter(token_hash=hash_token(token))
            .first()
        )


@transaction.atomic
def accept_invitation(invitation: MembershipInvitation, *, actor: User) -> Membership:
    """The invited person takes the role, signed in with the invited address. Accepting twice
    is harmless."""
    if not invitation.is_open and invitation.accepted_by_id != actor.pk:
        raise InvitationError(_("This invitation has expired. Please ask for a new one."))
    if not email_is_verified_for(actor, invitation.email):
        raise InvitationError(
            _(
                "This invitation is for another e-mail address. Please sign in with the "
                "address it was sent to."
            )
        )
    network = invitation.network
    now = timezone.now()
    with scope(network=network):
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    network=network, user=actor, role=invitation.role, agreed_at=now
                )
        except IntegrityError:
            membership = Membership.objects.get(network=network, user=actor, role=invitation.role)
            if membership.agreed_at is None:
                membership.agreed_at = now
                membership.save(update_fields=["agreed_at"])
        else:
            memberships_changed()
            log_action(
                membership,
                Action.MEMBERSHIP_ADDED,
                actor=actor,
                network=network,
                data={"user": actor.pk, "role": invitation.role},
            )
        if invitation.accepted_at is None:
            MembershipInvitation.objects.filter(pk=invitation.pk).update(
                accepted_at=now, accepted_by=actor, token_hash=""
            )
            log_action(
                invitation,
                Action.MEMBERSHIP_INVITATION_ACCEPTED,
                actor=actor,
                network=network,
                data={"role": invitation.role},
            )
    return membership
