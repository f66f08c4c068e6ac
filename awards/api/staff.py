"""The award API for movement staff: the export of every award."""

from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled
from drf_spectacular.utils import extend_schema
from rest_framework.filters import OrderingFilter
from rest_framework.generics import ListAPIView

from awards.api.common import TAG_STAFF
from awards.models import Award
from awards.serializers import (
    StaffAwardFilters,
    StaffAwardSerializer,
)
from members.permissions import StaffEndpoint
from sanctuary.api import (
    SIGNED_IN_ERRORS,
    errors,
    parse_query,
)
from sanctuary.page_cache import KeptPersonalAnswer


@extend_schema(
    tags=[TAG_STAFF],
    summary=gettext_lazy("Export: every award, in every state"),
    parameters=[StaffAwardFilters],
    responses={200: StaffAwardSerializer(many=True), **errors(400, 404, *SIGNED_IN_ERRORS)},
)
class StaffAwardsView(KeptPersonalAnswer, StaffEndpoint, ListAPIView):
    """Every award across networks, with the reason where one was withdrawn. Staff look
    across networks on purpose, so scoping is lifted for the list."""

    serializer_class = StaffAwardSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = ["awarded_on", "expires_on", "organisation__name"]
    ordering = ["-awarded_on", "-pk"]

    def get_queryset(self):
        filters = parse_query(StaffAwardFilters, self.request)
        awards = Award.objects.select_related("organisation", "scheme", "network")
        if filters.get("status"):
            awards = awards.filter(state=filters["status"])
        if filters.get("network"):
            awards = awards.filter(network__slug=filters["network"])
        return awards

    def list(self, request, *args, **kwargs):
        with scopes_disabled():
            return super().list(request, *args, **kwargs)
