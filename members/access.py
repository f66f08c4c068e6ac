"""What this person may do here: one access object per request, shared by pages and the API.

`request.access` (set by members.middleware.AccessMiddleware; `access_for(request)` makes
one where a request has none)
knows the person, whether they are movement staff, and their roles in every network, read in
one query the first time any role is asked for and kept for the rest of the request. It
follows `request.user`: the API authenticates a token after the middleware ran, and the
object then answers for the token's owner.

The rules deciding who opens which kind of page are the functions below, each answering once
with a `Verdict`; members/permissions.py turns a verdict into a page's answer (sign-in
redirect, 403, 404) and into the API's (401, 403, 404), so pages and API never disagree.
"""

import enum
from collections import defaultdict
from collections.abc import Iterable
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django_scopes import scopes_disabled

from members.enums import CHAIR_ROLES, COORDINATORS, PRIVILEGED_ROLES
from members.models import Membership, Organisation, OrganisationContact, User
from members.queries import second_steps, user_has_mfa
from sanctuary import page_cache
from sanctuary.models import Network


class PersonAccess:
    """The signed-in person (or an anonymous visitor) as the rules see them."""

    def __init__(self, request: HttpRequest | SimpleNamespace) -> None:
        self._request = request
        self._key: object = object()
        self._reset()

    @classmethod
    def of_user(cls, user: User | AnonymousUser) -> "PersonAccess":
        """The access of a person outside any request (a command, a test)."""
        return cls(SimpleNamespace(user=user))

    def _reset(self) -> None:
        self._roles: dict[int, frozenset[str]] | None = None
        self._contact_of: frozenset[int] | None = None
        self._has_mfa: bool | None = None

    def _fresh(self) -> None:
        """Forget what was read about someone else when request.user changed."""
        user = self.signed_in
        key = user.pk if user is not None else None
        if key != self._key:
            self._key = key
            self._reset()

    @property
    def user(self) -> User | AnonymousUser | None:
        user: User | AnonymousUser | None = getattr(self._request, "user", None)
        return user

    @property
    def signed_in(self) -> User | None:
        """The person if they are signed in, else None."""
        user = self.user
        if user is None or not user.is_authenticated:
            return None
        return user

    @property
    def is_authenticated(self) -> bool:
        return self.signed_in is not None

    @property
    def is_staff(self) -> bool:
        user = self.signed_in
        return user is not None and bool(user.is_staff)

    @property
    def roles_by_network(self) -> dict[int, frozenset[str]]:
        """{network id: roles} for every network where the person has a role: one query,
        which also says whether they have a second step of sign-in (every privileged role
        needs one, so the MFA check on the next line of the request reads nothing more)."""
        self._fresh()
        if self._roles is None:
            user = self.signed_in
            if user is None:
                self._roles = {}
            else:
                # Kept like the person (sanctuary.page_cache): any change of a role, or of a
                # passkey or an app, is a write, after which this is read again.
                self._roles, has_mfa = page_cache.kept_until_written(
                    f"roles:{user.pk}", lambda: _roles_and_mfa(user)
                )
                if has_mfa is not None:
                    self._has_mfa = has_mfa
        return self._roles

    def roles_in(self, network: Network) -> frozenset[str]:
        """The person's roles in this network; empty for anyone without one (staff too)."""
        return self.roles_by_network.get(network.pk, frozenset())

    def has_any_role(self, network: Network, roles: Iterable[str]) -> bool:
        return bool(self.roles_in(network) & frozenset(roles))

    def can_chair(self, network: Network) -> bool:
        """Staff, or a coordinator of the network: they chair its panels and decide."""
        return self.is_staff or self.has_any_role(network, CHAIR_ROLES)

    def can_manage(self, network: Network) -> bool:
        """Staff, or a coordinator of the network: they add its members, start its forums
        and decide which organisations join a stream."""
        return self.is_staff or self.has_any_role(network, COORDINATORS)

    def is_contact_of(self, organisation: Organisation) -> bool:
        """Whether the person acts for this organisation (one query, the first time)."""
        self._fresh()
        if self._contact_of is None:
            user = self.signed_in
            self._contact_of = frozenset(
                OrganisationContact.objects.filter(user=user).values_list(
                    "organisation_id", flat=True
                )
                if user is not None
                else ()
            )
        return organisation.pk in self._contact_of

    @property
    def needs_mfa(self) -> bool:
        """Staff, and anyone with a privileged role in any network, need two-step sign-in."""
        if not self.is_authenticated:
            return False
        if self.is_staff:
            return True
        return any(roles & PRIVILEGED_ROLES for roles in self.roles_by_network.values())

    @property
    def has_mfa(self) -> bool:
        self._fresh()
        if self._has_mfa is None:
            user = self.signed_in
            # Kept like the person (sanctuary.page_cache): adding or removing a passkey or an
            # app is a write, after which this is read again.
            self._has_mfa = user is not None and page_cache.kept_until_written(
                f"mfa:{user.pk}", lambda: user_has_mfa(user)
            )
        return self._has_mfa

    @property
    def lacks_second_step(self) -> bool:
        """Signed in with a role that needs two-step sign-in, and it is not set up."""
        if not settings.SANCTUARY_REQUIRE_MFA or not self.needs_mfa:
            return False
        return not self.has_mfa


def _roles_and_mfa(user: User) -> tuple[dict[int, frozenset[str]], bool | None]:
    """{network id: roles} in every network at once, whichever network's scope the request
    runs in, and whether the person has a second step (None when they hold no role)."""
    roles: dict[int, set[str]] = defaultdict(set)
    has_mfa = None
    with scopes_disabled():
        rows = (
            Membership.objects.filter(user=user)
            .order_by()
            .annotate(has_mfa=Exists(second_steps().filter(user=OuterRef("user"))))
            .values_list("network_id", "role", "has_mfa")
        )
        for network_id, role, mfa in rows:
            roles[network_id].add(role)
            has_mfa = bool(mfa)
    return {network_id: frozenset(names) for network_id, names in roles.items()}, has_mfa


def access_for(request: HttpRequest) -> PersonAccess:
    """The request's access object: the middleware's, or one made and kept now."""
    access = getattr(request, "access", None)
    if not isinstance(access, PersonAccess):
        access = PersonAccess(request)
        # The platform's own attribute on a request (the middleware's), unknown to the stubs.
        request.access = access  # type: ignore[attr-defined]
    return access


# The rules -----------------------------------------------------------------------------------


class Verdict(enum.Enum):
    ALLOW = "allow"
    SIGN_IN = "sign_in"  # nobody signed in: pages send to the sign-in page, the API says 401
    FORBIDDEN = "forbidden"  # known here, but this needs another role: 403
    NOT_FOUND = "not_found"  # an outsider: the same 404 as a page that does not exist


def signed_in_rule(access: PersonAccess) -> Verdict:
    return Verdict.ALLOW if access.is_authenticated else Verdict.SIGN_IN


def staff_rule(access: PersonAccess) -> Verdict:
    """Movement staff only; anyone else signed in gets 404."""
    if not access.is_authenticated:
        return Verdict.SIGN_IN
    return Verdict.ALLOW if access.is_staff else Verdict.NOT_FOUND


def network_rule(
    access: PersonAccess, network: Network, allowed_roles: frozenset[str] | None = None
) -> Verdict:
    """A role in the network, or staff; `allowed_roles` narrows it. Someone with another role
    in the network gets 403 (they know it); someone with no role there gets 404."""
    if not access.is_authenticated:
        return Verdict.SIGN_IN
    roles = access.roles_in(network)
    if access.is_staff:
        return Verdict.ALLOW
    if not roles:
        return Verdict.NOT_FOUND
    if allowed_roles is not None and not roles & allowed_roles:
        return Verdict.FORBIDDEN
    return Verdict.ALLOW
