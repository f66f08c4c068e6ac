"""Who may see what, for pages and the API alike. Outsiders get the same 404 as a missing
object.

Each kind of access has one rule in members/access.py (`network_rule`, `staff_rule`,
`signed_in_rule`) that answers with a Verdict; the page mixins and the API permissions here
only turn that verdict into their kind of answer.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from rest_framework.permissions import BasePermission

from members.access import Verdict, access_for, network_rule, signed_in_rule, staff_rule
from members.api_auth import SignedIn
from members.models import AffiliationApplication, Organisation, User
from sanctuary.tenancy import Access

if TYPE_CHECKING:  # the type APIView declares for permission_classes (in the stubs only)
    from rest_framework.permissions import _PermissionClass


def _page_answer(request, verdict: Verdict, not_found: str = "No such page"):
    """A page's answer to a verdict: None to go on, else a sign-in redirect; 404 or 403 raise."""
    if verdict is Verdict.SIGN_IN:
        return redirect_to_login(request.get_full_path())
    if verdict is Verdict.NOT_FOUND:
        raise Http404(not_found)
    if verdict is Verdict.FORBIDDEN:
        raise PermissionDenied
    return None


def _api_answer(verdict: Verdict, not_found: str = "No such page") -> bool:
    """The API's answer to a verdict: True or False (401 or 403, as DRF decides); 404 raises."""
    if verdict is Verdict.NOT_FOUND:
        raise Http404(not_found)
    return verdict is Verdict.ALLOW


class NetworkAccessMixin:
    """A page of the URL's network for people with a role in it (or staff).

    `allowed_roles` narrows it further: someone with another role in the same network
    gets 403 (they know the network); someone with no role gets 404 (members.access.network_rule).
    Sets `self.network` and `self.roles` (the person's roles here).
    """

    access = Access.NETWORK
    allowed_roles: frozenset[str] | None = None

    def dispatch(self, request, *args, **kwargs):
        self.network = request.network
        access = access_for(request)
        verdict = network_rule(access, self.network, self.allowed_roles)
        self.roles = access.roles_in(self.network)
        refusal = _page_answer(request, verdict)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["network"] = self.network
        context["my_roles"] = self.roles
        return context


class StaffRequiredMixin:
    access = Access.STAFF

    def dispatch(self, request, *args, **kwargs):
        refusal = _page_answer(request, staff_rule(access_for(request)))
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)


class SignedInMixin:
    access = Access.AUTHENTICATED

    def dispatch(self, request, *args, **kwargs):
        refusal = _page_answer(request, signed_in_rule(access_for(request)))
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)


def signed_in_user(request: HttpRequest) -> User:
    """The person of a request that a sign-in rule has let through (the page mixins above,
    the API's SignedIn): the platform's User, never an anonymous visitor, by then."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied  # unreachable behind the mixins; says so to the type checker
    return user


def get_organisation_for_user(user: User, slug: str) -> Organisation:
    """The organisation, if this person acts for it or is staff; otherwise 404."""
    organisations = Organisation.objects.select_related("local_group")
    if not user.is_staff:
        organisations = organisations.filter(contacts__user=user)
    return get_object_or_404(organisations, slug=slug)


def get_affiliation_for_user(user: User, application_id: int) -> AffiliationApplication:
    """The application, for the person who made it or staff; otherwise 404."""
    applications = AffiliationApplication.objects.select_related(
        "applicant", "handbook_version", "charter_signature", "network"
    )
    if not user.is_staff:
        applications = applications.filter(applicant=user)
    return get_object_or_404(applications, pk=application_id)


# The same rules for the API -----------------------------------------------------------------


class NetworkRole(BasePermission):
    """NetworkAccessMixin's rule for the API: a role in the URL's network, or staff; anyone
    else gets 404, like a network that does not exist. The view's `allowed_roles` narrows it,
    and someone with another role in the network gets 403. Sets `view.network` and
    `view.roles`."""

    def has_permission(self, request, view):
        view.network = request.network
        access = access_for(request)
        verdict = network_rule(access, view.network, getattr(view, "allowed_roles", None))
        view.roles = access.roles_in(view.network)
        return _api_answer(verdict, "No such network")


class StaffOnly(BasePermission):
    """StaffRequiredMixin's rule for the API: movement staff; anyone else signed in gets 404."""

    def has_permission(self, request, view):
        return _api_answer(staff_rule(access_for(request)))


class NetworkEndpoint:
    """An endpoint under /api/v1/networks/<network_slug>/, run in that network's scope by the
    middleware, for people with a role in it (or staff)."""

    access = Access.NETWORK
    permission_classes: "Sequence[_PermissionClass]" = [SignedIn, NetworkRole]
    allowed_roles: frozenset[str] | None = None


class StaffEndpoint:
    access = Access.STAFF
    permission_classes: "Sequence[_PermissionClass]" = [SignedIn, StaffOnly]
