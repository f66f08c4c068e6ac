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

The dashboard shows each kind's oldest few and how many there are (`work_preview()`), and
links to the whole list (`work_items()`). A source may give that preview itself, more cheaply
than reading every item (`preview`); otherwise its items are read and grouped.
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
    # Which kind of work, for grouping and for a link to the kind's whole list: a dotted
    # name, the same in every language ("awards.seat"). Empty: the kind's words group it.
    key: str = ""

    @property
    def kind_key(self) -> str:
        return self.key or str(self.kind)


@dataclass(frozen=True)
class WorkKind:
    """One kind of work in a preview: how many are waiting, and the oldest of them."""

    key: str
    kind: StrOrPromise
    count: int
    first: list[WorkItem]

    @property
    def more(self) -> int:
        return self.count - len(self.first)


WorkPreview = Callable[[Sequence[Network], int], list[WorkKind]]


@dataclass(frozen=True)
class WorkListing:
    """One kind of work as the paged list reads it: how many wait, since when the oldest has
    waited, and `cut(start, stop)`, its items from `start` to `stop`, oldest first, built
    only when that part of the kind is on the page asked for."""

    key: str
    kind: StrOrPromise
    count: int
    oldest: datetime.datetime
    cut: Callable[[int, int], list[WorkItem]]


WorkListings = Callable[[Sequence[Network]], list[WorkListing]]


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
    # Each kind's count and oldest `limit` items, in a fixed number of queries however many
    # wait (the dashboard); without it the items are read and grouped.
    preview: WorkPreview | None = None
    # Each kind's count, oldest item and a way to cut a part of it, for the paged list
    # (WorkView): only the items on the page are built. Without it every item is read.
    listings: WorkListings | None = None

    def listings_in(self, networks: Sequence[Network]) -> list[WorkListing]:
        if self.listings:
            return self.listings(networks)
        kinds: dict[str, list[WorkItem]] = {}
        for item in sorted(self.items(networks), key=lambda item: (item.since, item.title)):
            kinds.setdefault(item.kind_key, []).append(item)
        return [
            WorkListing(key, items[0].kind, len(items), items[0].since, _cutter(items))
            for key, items in kinds.items()
        ]

    def preview_in(self, networks: Sequence[Network], limit: int) -> list[WorkKind]:
        if self.preview:
            return self.preview(networks, limit)
        return group_work(self.items(networks), limit)

    def count_in(self, networks: Sequence[Network]) -> int:
        return self.count(networks) if self.count else len(self.items(networks))


def _cutter(items: list[WorkItem]) -> Callable[[int, int], list[WorkItem]]:
    return lambda start, stop: items[start:stop]


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
    preview: WorkPreview | None = None,
    listings: WorkListings | None = None,
) -> None:
    """Add a kind of work to coordinators' queues (and, `for_staff`, to the staff's view of
    the movement, which shows its `count`). Registering a name again replaces it."""
    _work_sources[name] = WorkSource(name, label, items, for_staff, count, page, preview, listings)


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


def group_work(items: Sequence[WorkItem], limit: int) -> list[WorkKind]:
    """Items (oldest first) grouped by kind, in the order each kind first appears: each
    kind's count and its first `limit`."""
    groups: dict[str, list[WorkItem]] = {}
    for item in sorted(items, key=lambda item: (item.since, item.title)):
        groups.setdefault(item.kind_key, []).append(item)
    return [
        WorkKind(key, group[0].kind, len(group), group[:limit]) for key, group in groups.items()
    ]


def work_preview(networks: Sequence[Network], limit: int) -> list[WorkKind]:
    """Each kind of work waiting in these networks, the one with the oldest item first: how
    many, and the oldest `limit` of them."""
    if not networks:
        return []
    kinds = [
        kind for source in _work_sources.values() for kind in source.preview_in(networks, limit)
    ]
    kinds = [kind for kind in kinds if kind.count]
    return sorted(kinds, key=lambda kind: (kind.first[0].since, kind.first[0].title))


@dataclass(frozen=True)
class WorkList:
    """The whole list of work, read as counts: each kind in turn (the kind whose oldest item
    waited longest first, as the dashboard orders them), each kind's items oldest first."""

    listings: list[WorkListing]

    @property
    def total(self) -> int:
        return sum(listing.count for listing in self.listings)

    def part(self, start: int, stop: int) -> list[WorkKind]:
        """Items `start` to `stop`, grouped by kind, each with the kind's whole count (a kind
        that runs over two pages shows on both). Only these items are built."""
        shown: list[WorkKind] = []
        before = 0
        for listing in self.listings:
            begin, end = max(start - before, 0), min(stop - before, listing.count)
            if begin < end:
                items = listing.cut(begin, end)
                shown.append(WorkKind(listing.key, listing.kind, listing.count, items))
            before += listing.count
        return shown


def work_list(networks: Sequence[Network], kind: str | None = None) -> WorkList:
    """Everything waiting in these networks, counted but not yet built; `kind` keeps that one
    kind alone (a kind with nothing waiting, or unknown: every kind)."""
    if not networks:
        return WorkList([])
    listings = [
        listing
        for source in _work_sources.values()
        for listing in source.listings_in(networks)
        if listing.count
    ]
    listings.sort(key=lambda listing: (listing.oldest, listing.key))
    chosen = [listing for listing in listings if listing.key == kind]
    return WorkList(chosen or listings)
