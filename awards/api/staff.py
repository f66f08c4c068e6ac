"""The award API for movement staff: the export of every award."""

from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled
from drf_spectacular.utils import extend_schema
from rest_framework.filters import OrderingFilter
from rest_framework.generics import ListAPIView

from awards.api.common import TAG_STAFF
from awards.models import Award
from awards.movement_cache import movement_figure
from awards.serializers import (
    StaffAwardFilters,
    StaffAwardSerializer,
)
from members.permissions import StaffEndpoint
from sanctuary.api import (
    SIGNED_IN_ERRORS,
    CountedPagination,
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
    # Read backwards along award_awarded_idx: one page's rows, not a sort of every award.
    ordering = ["-awarded_on", "-pk"]
    # The total is the movement's kept figure, not a COUNT of every award on every page.
    pagination_class = CountedPagination

    def filters(self) -> dict:
        return parse_query(StaffAwardFilters, self.request)

    def awards(self, filters: dict):
        awards = Award.objects.all()
        if filters.get("status"):
            awards = awards.filter(state=filters["status"])
        if filters.get("network"):
            awards = awards.filter(network__slug=filters["network"])
        return awards

    def get_queryset(self):
        return self.awards(self.filters()).select_related("organisation", "scheme", "network")

    def counted(self) -> int:
        """How many awards the filters leave, counted once per generation of the movement's
        figures (renewed by every write of an award)."""
        filters = self.filters()
        name = f"staff-awards:{filters.get('status', '')}:{filters.get('network', '')}"
        with scopes_disabled():
            return movement_figure(name, lambda: self.awards(filters).count())

    def list(self, request, *args, **kwargs):
        with scopes_disabled():
            return super().list(request, *args, **kwargs)
