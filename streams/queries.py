"""Lookups about organisations in streams that several views and services share."""

from django.db.models import QuerySet
from django_scopes import scopes_disabled

from members.enums import DocumentSlug, PartyKind, Role
from members.models import Membership, Signature, User
from members.queries import public_signatories
from sanctuary.models import Network
from streams.enums import IN_STREAM


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
        .order_by("party_name", "pk")
    )
