"""What streams adds to coordinators' work queues (members.extensions): organisations asking
to join a stream, waiting for its coordinators to approve them or pass them on."""

from collections.abc import Sequence

from django.db import connection
from django.db.models import Count, F, Min, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from members.extensions import WorkItem, WorkKind, WorkListing
from sanctuary.caching import cached, invalidate, short
from sanctuary.models import Network
from streams.enums import AWAITING_COORDINATOR
from streams.models import StreamMembership


def _asking_to_join(networks: Sequence[Network]) -> QuerySet[StreamMembership]:
    return StreamMembership.objects.filter(
        network__in=[n.pk for n in networks], status__in=sorted(AWAITING_COORDINATOR)
    )


KEY = "streams.joining"
KIND = _("Approve an organisation joining the stream")


def _shown(networks: Sequence[Network]) -> QuerySet[StreamMembership]:
    """Them, with only what an item shows."""
    return (
        _asking_to_join(networks)
        .select_related("organisation", "network")
        .only("joined_at", "organisation__name", "network__name", "network__slug")
    )


def _oldest(networks: Sequence[Network]) -> QuerySet[StreamMembership]:
    return _shown(networks).order_by("joined_at", "pk")


def organisations_asking_to_join(networks: Sequence[Network]) -> list[WorkItem]:
    """One query over the networks asked about; their rows only, so scoping is lifted
    (here and below)."""
    with scopes_disabled():
        rows = list(_oldest(networks))
    return _items(rows)


# How many wait in a set of networks and since when, kept until a stream membership is
# written (changed(), connected to its signals in StreamsConfig.ready(); a bulk write calls it
# itself): the count reads every waiting row of those networks, more as the movement grows,
# while a dashboard shows the oldest few.
WAITING = "streams:waiting"


def changed(**_kwargs: object) -> None:
    """A stream membership was written: count the waiting afresh."""
    invalidate(WAITING)


def _waiting(networks: Sequence[Network]) -> dict:
    name = short("waiting:" + ",".join(str(pk) for pk in sorted(n.pk for n in networks)))

    def count() -> dict:
        with scopes_disabled():
            # An aggregate, not the first row in order: ordered, PostgreSQL walks every
            # stream's waiting rows (stream_joining_idx) to find these networks' few.
            return _asking_to_join(networks).aggregate(waiting=Count("pk"), since=Min("joined_at"))

    return cached(WAITING, name, count)


def preview_asking_to_join(networks: Sequence[Network], limit: int) -> list[WorkKind]:
    """How many wait (kept) and the oldest `limit`, read along the networks' index."""
    waiting = _waiting(networks)["waiting"]
    if not waiting:
        return []
    with scopes_disabled():
        rows = list(_oldest(networks).filter(pk__in=_oldest_in_each(networks, limit))[:limit])
    if not rows:
        return []
    return [WorkKind(KEY, KIND, waiting, _items(rows))]


def _oldest_in_each(networks: Sequence[Network], limit: int) -> QuerySet:
    """The ids of each network's oldest `limit` waiting, read along its own index
    (stream_joining_network_idx), the networks' together in one subquery. Ordered across the
    networks at once, PostgreSQL walks every stream's waiting (stream_joining_idx) to find
    these networks' few, and finds none the slowest."""
    if len(networks) > 1 and not connection.features.supports_slicing_ordering_in_compound:
        # SQLite (the embedded demo) cuts no part of a union: all of them, a demo's few.
        return _asking_to_join(networks).values_list("pk", flat=True)
    parts = [
        _asking_to_join([network]).order_by("joined_at", "pk").values_list("pk", flat=True)[:limit]
        for network in networks
    ]
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def listings_asking_to_join(networks: Sequence[Network]) -> list[WorkListing]:
    """How many wait and since when the oldest has (kept); a part of them read (one query)
    only when the page shows it."""
    found = _waiting(networks)
    waiting, since = found["waiting"], found["since"]
    if not waiting:
        return []

    def cut(start: int, stop: int) -> list[WorkItem]:
        return page_asking_to_join(networks, "since", False, start, stop - start)

    return [WorkListing(KEY, KIND, waiting, since, cut)]


# The orders of page_asking_to_join(), as the staff's list sorts its columns.
_ORDERS = {
    "since": ("joined_at",),
    "title": (Lower("organisation__name"), "joined_at"),
    "network": (Lower("network__name"), "joined_at"),
}


def page_asking_to_join(
    networks: Sequence[Network], key: str, descending: bool, offset: int, limit: int
) -> list[WorkItem]:
    """One page of them, sorted in the database: one query, however many are waiting."""
    fields = [*_ORDERS.get(key, _ORDERS["since"]), "pk"]
    order = [(F(f) if isinstance(f, str) else f).desc() if descending else f for f in fields]
    with scopes_disabled():
        rows = list(_shown(networks).order_by(*order)[offset : offset + limit])
    return _items(rows)


def _items(rows: Sequence[StreamMembership]) -> list[WorkItem]:
    # One address per stream, not one reverse() per row: a stream may have thousands waiting.
    urls = {
        slug: reverse("streams:network_organisations", args=[slug])
        for slug in {row.network.slug for row in rows}
    }
    return [
        WorkItem(
            kind=KIND,
            title=row.organisation.name,
            network=row.network,
            since=row.joined_at,
            url=urls[row.network.slug],
            key=KEY,
        )
        for row in rows
    ]


def count_asking_to_join(networks: Sequence[Network]) -> int:
    """How many are waiting, for the movement's figures: kept like the dashboards' count,
    which for the whole movement reads every waiting row."""
    return _waiting(networks)["waiting"]
