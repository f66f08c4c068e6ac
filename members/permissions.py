"""Who may see what. Outsiders get the same 404 as a missing object."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from rest_framework.permissions import BasePermission

from members.api_auth import SignedIn
from members.models import AffiliationApplication, Organisation, User
from members.queries import roles_in_network
from sanctuary.tenancy import Access


class NetworkAccessMixin:
    """A page of the URL's network for people with a role in it (or staff).

    `allowed_roles` narrows it further: someone with another role in the same network
    gets 403 (they know the network); someone with no role gets 404.
    """

    access = Access.NETWORK
    allowed_roles: frozenset[str] | None = None

    def dispatch(self, request, *args, **kwargs):
        self.network = request.network
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.roles = roles_in_network(request.user, self.network)
        is_staff = request.user.is_staff
        if not self.roles and not is_staff:
            raise Http404("No such page")
        if (
            self.allowed_roles is not None
            and not is_staff
            and not (self.roles & self.allowed_roles)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["network"] = self.network
        context["my_roles"] = self.roles
        return context


class StaffRequiredMixin:
    access = Access.STAFF

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise Http404("No such page")
        return super().dispatch(request, *args, **kwargs)


class SignedInMixin:
    access = Access.AUTHENTICATED

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)


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


# The same rules for the API -----------------------------------------------------------


class NetworkRole(BasePermission):
    """NetworkAccessMixin's rule: a role in the URL's network, or staff; anyone else gets
    404, like a network that does not exist. The view's `allowed_roles` narrows it, and
    someone with another role in the network gets 403. Sets `view.network` and `view.roles`."""

    def has_permission(self, request, view):
        view.network = request.network
        view.roles = roles_in_network(request.user, view.network)
        is_staff = request.user.is_staff
        if not view.roles and not is_staff:
            raise Http404("No such network")
        allowed = getattr(view, "allowed_roles", None)
        return allowed is None or is_staff or bool(view.roles & allowed)


class StaffOnly(BasePermission):
    """StaffRequiredMixin's rule: movement staff; anyone else signed in gets 404."""

    def has_permission(self, request, view):
        if not request.user.is_staff:
            raise Http404("No such page")
        return True


class NetworkEndpoint:
    """An endpoint under /api/v1/networks/<network_slug>/, run in that network's scope by the
    middleware, for people with a role in it (or staff)."""

    access = Access.NETWORK
    permission_classes = [SignedIn, NetworkRole]
    allowed_roles: frozenset[str] | None = None


class StaffEndpoint:
    access = Access.STAFF
    permission_classes = [SignedIn, StaffOnly]
