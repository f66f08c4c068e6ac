"""Invitations to a role in a network, with the secret of their link."""

import datetime

from django.utils import timezone
from django_scopes import scopes_disabled

from members.enums import Role
from members.models import MembershipInvitation
from members.queries import hash_token


def invitation_token(network, *, email="invited@example.org", role=Role.MEMBER) -> str:
    token = f"a-known-invitation-token-{network.pk}-{role}"
    with scopes_disabled():
        MembershipInvitation.objects.create(
            network=network,
            email=email,
            role=role,
            token_hash=hash_token(token),
            expires_at=timezone.now() + datetime.timedelta(days=14),
        )
    return token
