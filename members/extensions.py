"""Sections that apps above members add to members' public pages.

The layers go sanctuary < members < streams < awards: members may not import awards, yet a
group's public page should list the organisations it has welcomed into an award, and the
directory should point to the awarded organisations near a place. So the apps above register a
renderer here, in their AppConfig.ready(), and members' views render whatever is registered,
without knowing who registered it. A renderer returns HTML it has rendered from its own
template (already escaped), or "" to add nothing; it must run a fixed number of queries.
"""

from collections.abc import Callable

from django.http import HttpRequest

from members.places import Place
from sanctuary.models import Network

NetworkPageSection = Callable[[HttpRequest, Network], str]
NearbySection = Callable[[HttpRequest, Place], str]

_network_page_sections: dict[str, NetworkPageSection] = {}
_nearby_sections: dict[str, NearbySection] = {}


def register_network_page_section(name: str, render: NetworkPageSection) -> None:
    """Add a section to every network's public page, after its own text. Registering a name
    again replaces it, so a reloaded app does not show its section twice."""
    _network_page_sections[name] = render


def register_nearby_section(name: str, render: NearbySection) -> None:
    """Add a section to the directory's results near a place."""
    _nearby_sections[name] = render


def network_page_sections(request: HttpRequest, network: Network) -> list[str]:
    return [
        html for render in _network_page_sections.values() if (html := render(request, network))
    ]


def nearby_sections(request: HttpRequest, place: Place) -> list[str]:
    return [html for render in _nearby_sections.values() if (html := render(request, place))]
