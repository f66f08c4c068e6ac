"""Lookups about organisations in streams that several views and services share."""

from django.db.models import QuerySet
from django_scopes import scopes_disabled

from members.enums import NOT_PUBLIC_ORGANISATION_STATES, DocumentSlug, PartyKind, Role
from members.models import Membership, Organisation, Signature, User
from members.queries.signatures import organisations_with_pledge, public_signatories
from sanctuary.models import Network
from streams.enums import IN_STREAM
from streams.models import StreamMembership, waiting_first


def find_local_lead(stream: Network, local_group: Network | None) -> User | None:
    """A local lead near the organisation: in the local stream network that its local group
    coordinates for this stream, else in the local group itself; the longest-serving first."""
    if local_group is None:
        return None
    places = [
        *Network.objects.filter(parent=stream, coordinating_group=local_group).values_list(
            "pk", flat=True
        ),
        local_group.pk,
    ]
    # Roles in these networks are read across them on purpose: only to name one person.
    with scopes_disabled():
        leads = {
            membership.network_id: membership.user
            for membership in Membership.objects.filter(
                network_id__in=places, role=Role.LOCAL_LEAD, user__is_active=True
            )
            .select_related("user")
            .order_by("-created_at", "-pk")
        }
    return next((leads[place] for place in places if place in leads), None)


def supporter_organisations() -> QuerySet[Signature]:
    """Organisations that support the movement without being in a stream: their charter
    signature (the latest, confirmed, and listed by their consent), unless the organisation is
    in a stream network."""
    return (
        public_signatories(DocumentSlug.CHARTER)
        .filter(party_kind=PartyKind.ORGANISATION)
        .exclude(organisation__stream_memberships__status__in=IN_STREAM)
        # An organisation that registered itself is public once a coordinator approved it.
        .exclude(organisation__status__in=sorted(NOT_PUBLIC_ORGANISATION_STATES))
        .order_by("party_name", "pk")
    )


def network_organisations(network: Network) -> QuerySet[StreamMembership] | QuerySet[Organisation]:
    """The organisations a network works with: a stream's member rows, waiting ones first; a
    local group's organisations in its area. Run in its scope; mark_pledges() on the page."""
    if network.is_stream:
        return (
            StreamMembership.objects.filter(network=network)
            .select_related("organisation", "local_group", "routed_to")
            # The page's leads only: joined in, every person of the movement was hashed.
            .prefetch_related("local_lead")
            # Along the index stream_members_in_order: a page's rows, not every member sorted.
            .order_by(waiting_first(), "organisation_name", "id")
        )
    return Organisation.objects.filter(local_group=network).order_by("name")


def mark_pledges(rows: list[StreamMembership] | list[Organisation]) -> None:
    """Set `has_pledge` on a page of network_organisations(): whether each organisation's
    pledge counts, in one query for the page."""
    ids = [row.organisation_id if isinstance(row, StreamMembership) else row.pk for row in rows]
    pledged = organisations_with_pledge(ids)
    for row, organisation_id in zip(rows, ids, strict=True):
        setattr(row, "has_pledge", organisation_id in pledged)  # noqa: B010 - not a model field
