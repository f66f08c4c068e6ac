"""Lookups that several views share."""

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet
from django_scopes import scopes_disabled

from members.enums import PRIVILEGED_ROLES
from members.models import Membership, Organisation, User
from sanctuary.models import Network


def memberships_for_user(user: User) -> list[Membership]:
    """A person's own roles, across networks. Scoping is lifted only for their own rows."""
    with scopes_disabled():
        return list(
            Membership.objects.filter(user=user)
            .select_related("network")
            .order_by("network__name", "role")
        )


def roles_in_network(user: User, network: Network) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        Membership.objects.filter(network=network, user=user).values_list("role", flat=True)
    )


def organisations_for_user(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(contacts__user=user).select_related("local_group")


def user_needs_mfa(user: User) -> bool:
    if user.is_staff:
        return True
    with scopes_disabled():
        return Membership.objects.filter(user=user, role__in=PRIVILEGED_ROLES).exists()


def user_has_mfa(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
