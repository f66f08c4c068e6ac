"""The award API for a network's coordinators and staff: the network's applications, and
the check-ins between awards that are due or overdue."""

from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework.filters import OrderingFilter
from rest_framework.generics import ListAPIView

from awards.api.common import TAG_NETWORK
from awards.enums import CHAIRS
from awards.queries.applications import pipeline
from awards.queries.check_ins import check_ins_waiting
from awards.serializers import (
    PipelineFilters,
    PipelineSerializer,
)
from awards.serializers.around import WaitingCheckInSerializer
from members.permissions import NetworkEndpoint
from sanctuary.api import (
    SIGNED_IN_ERRORS,
    errors,
    parse_query,
)
from sanctuary.page_cache import KeptPersonalAnswer


@extend_schema(
    tags=[TAG_NETWORK],
    summary=gettext_lazy("The network's award applications"),
    parameters=[PipelineFilters],
    responses={200: PipelineSerializer(many=True), **errors(400, 404, *SIGNED_IN_ERRORS)},
)
class NetworkApplicationsView(KeptPersonalAnswer, NetworkEndpoint, ListAPIView):
    """Every submitted application of the network's award, for its coordinators and staff
    (the chairs; others with a role get 403), as the network's awards page lists them."""

    allowed_roles = CHAIRS
    serializer_class = PipelineSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = ["state_changed_at", "created_at", "organisation__name"]
    ordering = ["-state_changed_at", "-pk"]

    def get_queryset(self):
        applications = pipeline(self.network)
        state = parse_query(PipelineFilters, self.request).get("state")
        return applications.filter(state=state) if state else applications


@extend_schema(
    tags=[TAG_NETWORK],
    summary=gettext_lazy("Check-ins between awards that are due or overdue"),
    responses={200: WaitingCheckInSerializer(many=True), **errors(404, *SIGNED_IN_ERRORS)},
    description=gettext_lazy(
        "Not yet sent, of awards still current, due within a month or overdue, the most "
        "overdue first, as the network's awards page lists them. For its coordinators and "
        "staff."
    ),
)
class NetworkCheckInsView(KeptPersonalAnswer, NetworkEndpoint, ListAPIView):
    allowed_roles = CHAIRS
    serializer_class = WaitingCheckInSerializer
    pagination_class = None

    def get_queryset(self):
        return check_ins_waiting(self.network, timezone.localdate())
