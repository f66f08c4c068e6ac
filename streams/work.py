"""What streams adds to coordinators' work queues (members.extensions): organisations asking
to join a stream, waiting for its coordinators to approve them or pass them on."""

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from members.extensions import WorkItem
from sanctuary.models import Network
from streams.enums import AWAITING_COORDINATOR
from streams.models import StreamMembership


def organisations_asking_to_join(networks: Sequence[Network]) -> list[WorkItem]:
    """One query over the networks asked about; their rows only, so scoping is lifted."""
    with scopes_disabled():
        rows = list(
            StreamMembership.objects.filter(
                network__in=[n.pk for n in networks], status__in=sorted(AWAITING_COORDINATOR)
            )
            .select_related("organisation", "network")
            .order_by("joined_at", "pk")
        )
    return [
        WorkItem(
            kind=_("Approve an organisation joining the stream"),
            title=row.organisation.name,
            network=row.network,
            since=row.joined_at,
            url=reverse("streams:network_organisations", args=[row.network.slug]),
        )
        for row in rows
    ]
