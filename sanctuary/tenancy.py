"""Network resolution and scoping.

Every tenant-owned model has a ScopedManager keyed on its network. The middleware below
resolves the network from the URL (`/<network-slug>/...`) and runs the whole request,
rendering included, inside that network's scope. Requests outside a network run with no
scope at all, so a tenant-owned query there raises instead of leaking. Staff views that
look across networks say so with `scopes_disabled()` at the point of use.
"""

from django.db import models
from django.http import Http404
from django.urls import Resolver404, resolve
from django_scopes import scope, scopes_disabled

from sanctuary import page_cache
from sanctuary.models import Network


class Access(models.TextChoices):
    """Who may open a view. Every view of the project declares one; the URL walk checks it."""

    PUBLIC = "public"
    AUTHENTICATED = "authenticated"  # any signed-in person, about their own things
    NETWORK = "network"  # a role in the URL's network, or staff; others get 404
    OBJECT = "object"  # a relation to the object (an organisation's contact), or staff
    STAFF = "staff"  # movement staff only


def access(level: Access):
    """Mark a function view with its access level."""

    def decorate(view):
        view.access = level
        return view

    return decorate


def view_access(view_func) -> str | None:
    view_class = getattr(view_func, "view_class", None)
    return getattr(view_class, "access", None) or getattr(view_func, "access", None)


def get_network_or_404(slug: str) -> Network:
    # Kept until anything is written (sanctuary.page_cache), as the signed-in person is.
    network = page_cache.kept_until_written(
        f"network:{slug}", lambda: Network.objects.filter(slug=slug).first()
    )
    if network is None:
        raise Http404("No such network")
    return network


class NetworkScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.network = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.app_name == "admin":
            # The Django admin is for staff and looks across every network by design.
            with scopes_disabled():
                return self.get_response(request)
        slug = match.kwargs.get("network_slug")
        if slug is None:
            return self.get_response(request)
        request.network = get_network_or_404(slug)
        with scope(network=request.network):
            return self.get_response(request)
