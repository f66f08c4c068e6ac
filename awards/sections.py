"""What awards adds to members' public pages, through members.extensions: members may not
import awards, so awards registers these renderers when the app is ready (awards/apps.py).

A registry rather than a template tag in members' templates: a `{% load awards_tags %}` there
would be an upward dependency that no import contract sees, and the page would break without
awards. This way members' pages only render what was registered, and the queries stay here,
one per section whatever the number of awards.
"""

from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django_scopes import scopes_disabled

from awards.queries.awards import public_awards
from members.places import Place
from sanctuary.models import Network


def welcomed_organisations(request: HttpRequest, network: Network) -> str:
    """A network's public page lists the organisations it has welcomed into an award: those in
    its area (their local group is this one) and those holding its own award schemes. Awards
    live in the networks of their schemes, so scoping is lifted for this one query."""
    with scopes_disabled():
        awards = list(
            public_awards()
            .filter(Q(network=network) | Q(organisation__local_group=network))
            .order_by("organisation__name", "scheme__name", "pk")
        )
    if not awards:
        return ""
    return render_to_string(
        "awards/includes/welcomed_organisations.html",
        {"awards": awards, "network": network},
        request=request,
    )


def awarded_near(request: HttpRequest, place: Place) -> str:
    """The directory's results near a place point to the awarded organisations there."""
    return render_to_string(
        "awards/includes/awarded_near_link.html", {"place": place}, request=request
    )
