"""Sections that apps above members add to members' pages, and the kinds of work that wait
for a network's coordinators.

The layers go sanctuary < members < streams < awards: members may not import awards, yet a
group's public page should list the organisations it has welcomed into an award, and the
directory should point to the awarded organisations near a place. So the apps above register a
renderer here, in their AppConfig.ready(), and members' views render whatever is registered,
without knowing who registered it. A renderer returns HTML it has rendered from its own
template (already escaped), or "" to add nothing; it must run a fixed number of queries.

The coordinator's work queue on the dashboard, its daily digest and the staff's view of the
movement list the same kinds of work: each kind is one *work source*, a function from some
networks to the items waiting in them (oldest first is the reader's job, not the source's).
Awards registers its four (panels to seat, panels ready to decide, reviews overdue, more
evidence due), streams the organisations asking to join a stream, and members registers its
own kinds in MembersConfig.ready() the same way, one line each. A source runs a fixed number
of queries whatever the number of networks or items, and shows only what a coordinator of
those networks may see.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.http import HttpRequest
from django_stubs_ext import StrOrPromise

from members.places import Place
from sanctuary.models import Network


@dataclass(frozen=True)
class WorkItem:
    """One thing that waits for a network's coordinators."""

    kind: StrOrPromise  # what to do, in a few words: "Seat a panel"
    title: str  # what it is about: the organisation, the award
    network: Network
    since: datetime.datetime  # waiting since
    url: str
    note: StrOrPromise = ""


@dataclass(frozen=True)
class WorkSource:
    name: str
    label: StrOrPromise  # the kind of work, as a heading or a column says it
    items: Callable[[Sequence[Network]], list[WorkItem]]
    # Staff see this kind on the movement's page (awards' own kinds have their own figures).
    for_staff: bool = True
    # How many there are, in one query, where the figure alone is wanted (the movement's
    # page); without it the items are read and counted.
    count: Callable[[Sequence[Network]], int] | None = None
    # One page of the items, sorted and cut in the database, for a list that may be long
    # (the staff's list behind the figure): (networks, sort key "since", "title" or
    # "network", descending, offset, limit). With `count`, the list reads one page only;
    # without it every item is read and sorted here.
    page: Callable[[Sequence[Network], str, bool, int, int], list[WorkItem]] | None = None

    def count_in(self, networks: Sequence[Network]) -> int:
        return self.count(networks) if self.count else len(self.items(networks))


NetworkPageSection = Callable[[HttpRequest, Network], str]
NearbySection = Callable[[HttpRequest, Place], str]

_network_page_sections: dict[str, NetworkPageSection] = {}
_nearby_sections: dict[str, NearbySection] = {}
_work_sources: dict[str, WorkSource] = {}


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


def register_work_source(
    name: str,
    label: StrOrPromise,
    items: Callable[[Sequence[Network]], list[WorkItem]],
    *,
    for_staff: bool = True,
    count: Callable[[Sequence[Network]], int] | None = None,
    page: Callable[[Sequence[Network], str, bool, int, int], list[WorkItem]] | None = None,
) -> None:
    """Add a kind of work to coordinators' queues (and, `for_staff`, to the staff's view of
    the movement, which shows its `count`). Registering a name again replaces it."""
    _work_sources[name] = WorkSource(name, label, items, for_staff, count, page)


def work_sources() -> list[WorkSource]:
    return list(_work_sources.values())


def work_source(name: str) -> WorkSource | None:
    return _work_sources.get(name)


def work_items(networks: Sequence[Network]) -> list[WorkItem]:
    """Everything waiting in these networks, oldest first."""
    if not networks:
        return []
    items = [item for source in _work_sources.values() for item in source.items(networks)]
    return sorted(items, key=lambda item: (item.since, item.title))
