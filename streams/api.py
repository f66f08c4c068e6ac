"""The organisations a network works with, for the people who work with them: the same
query and the same roles as the network's organisations page."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView

from members.enums import ORGANISATION_ROLES
from members.permissions import NetworkEndpoint
from sanctuary.api import SIGNED_IN_ERRORS, errors
from sanctuary.page_cache import KeptPersonalAnswer
from streams.queries import mark_pledges, network_organisations
from streams.serializers import NetworkOrganisationSerializer


@extend_schema(
    tags=["network"],
    summary=_("The organisations the network works with"),
    responses={200: NetworkOrganisationSerializer(many=True), **errors(404, *SIGNED_IN_ERRORS)},
)
class NetworkOrganisationsView(KeptPersonalAnswer, NetworkEndpoint, ListAPIView):
    """A stream's members, waiting ones first, or the organisations in a local group's area,
    for its coordinators, steering group and local leads (others with a role get 403)."""

    allowed_roles = ORGANISATION_ROLES
    serializer_class = NetworkOrganisationSerializer

    def get_queryset(self):
        return network_organisations(self.network)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            mark_pledges(page)
        return page
