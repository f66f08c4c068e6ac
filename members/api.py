"""The API of networks, people and signatures: the public directory and profiles, counts of
listed signatories, a person's own organisations, a network's members for its coordinators
and steering group, and staff exports. The same queries and permission rules as the pages.
"""

from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled
from drf_spectacular.utils import extend_schema
from rest_framework.filters import OrderingFilter
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from members.enums import MEMBER_LIST_ROLES
from members.models import Membership
from members.permissions import NetworkEndpoint, StaffEndpoint
from members.queries import (
    count_people,
    directory_networks,
    listed_local_streams,
    networks_overview,
    organisations_for_user,
)
from members.queries.signatures import (
    listed_signatory_counts_by_network,
    public_signatories,
    public_signatory_count,
)
from members.serializers import (
    DocumentQuery,
    MemberSerializer,
    NetworkFilters,
    NetworkProfileSerializer,
    NetworkSerializer,
    OrganisationSerializer,
    SignatoryCountsSerializer,
    SignatorySerializer,
    StaffNetworkSerializer,
)
from sanctuary.api import (
    PUBLIC_ERRORS,
    SIGNED_IN_ERRORS,
    CountedPagination,
    PublicEndpoint,
    SignedInEndpoint,
    errors,
    parse_query,
)
from sanctuary.page_cache import KeptAnswer, KeptPersonalAnswer

TAG_DIRECTORY = "directory"
TAG_ME = "me"
TAG_NETWORK = "network"
TAG_STAFF = "staff"


@extend_schema(
    tags=[TAG_DIRECTORY],
    summary=_("Find a group or a stream network"),
    parameters=[NetworkFilters],
    responses={200: NetworkSerializer(many=True), **errors(400, 404, *PUBLIC_ERRORS)},
)
class NetworkListView(KeptAnswer, PublicEndpoint, ListAPIView):
    """Listed networks, as the public directory shows them."""

    serializer_class = NetworkSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = ["name", "kind", "nation", "region"]

    def get_queryset(self):
        return directory_networks(**parse_query(NetworkFilters, self.request))


@extend_schema(
    tags=[TAG_DIRECTORY],
    summary=_("A network's public profile"),
    responses={200: NetworkProfileSerializer, **errors(404, *PUBLIC_ERRORS)},
)
class NetworkProfileView(KeptAnswer, PublicEndpoint, RetrieveAPIView):
    serializer_class = NetworkProfileSerializer

    def get_object(self):
        # The middleware found the network from the URL, or answered 404.
        network = self.request.network
        network.listed_streams = listed_local_streams(network) or []
        return network


@extend_schema(
    tags=[TAG_DIRECTORY],
    summary=_("How many signatories agreed to be listed, by local group"),
    parameters=[DocumentQuery],
    responses={200: SignatoryCountsSerializer, **errors(400, *PUBLIC_ERRORS)},
)
class SignatoryCountsView(KeptAnswer, PublicEndpoint, APIView):
    """Counts of the public list: only signatories who agreed to be listed, in their latest
    confirmed signature, as on /charter/signatories/. Numbers, never names."""

    def get(self, request, *args, **kwargs):
        document = parse_query(DocumentQuery, request)["document"]
        rows = listed_signatory_counts_by_network(document)
        data = {"document": document, "total": sum(row["count"] for row in rows), "networks": rows}
        return Response(SignatoryCountsSerializer(data).data)


@extend_schema(
    tags=[TAG_ME],
    summary=_("The organisations you act for"),
    responses={200: OrganisationSerializer(many=True), **errors(404, *SIGNED_IN_ERRORS)},
)
class MyOrganisationsView(KeptPersonalAnswer, SignedInEndpoint, ListAPIView):
    serializer_class = OrganisationSerializer

    def get_queryset(self):
        return organisations_for_user(self.request.user).order_by("name", "pk")


@extend_schema(
    tags=[TAG_NETWORK],
    summary=_("The network's members and their roles"),
    responses={200: MemberSerializer(many=True), **errors(404, *SIGNED_IN_ERRORS)},
)
class NetworkMembersView(KeptPersonalAnswer, NetworkEndpoint, ListAPIView):
    """For its coordinators and steering group (others with a role get 403), as the members
    page: names and roles, nothing else."""

    allowed_roles = MEMBER_LIST_ROLES
    serializer_class = MemberSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = ["role", "created_at", "user__full_name"]
    ordering = ["user__full_name", "user__email", "role"]

    def get_queryset(self):
        return (
            Membership.objects.filter(network=self.network)
            .select_related("user")
            .only("role", "created_at", "user", "user__full_name")
        )


@extend_schema(
    tags=[TAG_STAFF],
    summary=_("Export: listed signatories"),
    parameters=[DocumentQuery],
    responses={200: SignatorySerializer(many=True), **errors(400, 404, *SIGNED_IN_ERRORS)},
)
class StaffSignatoriesView(KeptPersonalAnswer, StaffEndpoint, ListAPIView):
    """The signatories who agreed to be listed, as staff export them to CSV: no addresses."""

    serializer_class = SignatorySerializer
    pagination_class = CountedPagination

    def document(self) -> str:
        return parse_query(DocumentQuery, self.request)["document"]

    def get_queryset(self):
        return public_signatories(self.document())

    def counted(self) -> int:
        return public_signatory_count(self.document())


@extend_schema(
    tags=[TAG_STAFF],
    summary=_("Export: every network with its people counted"),
    responses={200: StaffNetworkSerializer(many=True), **errors(404, *SIGNED_IN_ERRORS)},
)
class StaffNetworksView(KeptPersonalAnswer, StaffEndpoint, ListAPIView):
    """Every network, listed or not, as the staff overview shows it. Staff look across
    networks on purpose, so scoping is lifted for the list."""

    serializer_class = StaffNetworkSerializer

    def get_queryset(self):
        return networks_overview()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            count_people(page)
        return page

    def list(self, request, *args, **kwargs):
        with scopes_disabled():
            return super().list(request, *args, **kwargs)
