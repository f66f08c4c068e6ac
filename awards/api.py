"""The award workflow's API: who holds an award (public), an applicant's applications and
evidence, a panellist's seats and reviews, a network's applications for its coordinators,
and the staff export. Every write calls the service the pages call; every lookup is the
pages' permission-checked one.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled
from drf_spectacular.utils import extend_schema
from rest_framework.filters import OrderingFilter
from rest_framework.generics import ListAPIView

from awards.queries import public_awards
from awards.serializers import AwardFilters, AwardSerializer
from sanctuary.api import PUBLIC_ERRORS, PublicEndpoint, errors, parse_query
from sanctuary.enums import NetworkKind

TAG_AWARDS = "awards"


@extend_schema(
    tags=[TAG_AWARDS],
    summary=_("Organisations that hold a Sanctuary Award"),
    parameters=[AwardFilters],
    responses={200: AwardSerializer(many=True), **errors(400, 404, *PUBLIC_ERRORS)},
)
class AwardedListView(PublicEndpoint, ListAPIView):
    """Awards held now (active, or due for renewal), across every network, as the public
    list shows them. Awards are public, so scoping is lifted for this list."""

    serializer_class = AwardSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = ["organisation__name", "awarded_on", "expires_on"]
    ordering = ["organisation__name", "pk"]

    def get_queryset(self):
        filters = parse_query(AwardFilters, self.request)
        awards = public_awards()
        if filters.get("stream"):
            awards = awards.filter(
                network__slug=filters["stream"], network__kind=NetworkKind.STREAM
            )
        if filters.get("network"):
            awards = awards.filter(
                Q(network__slug=filters["network"])
                | Q(organisation__local_group__slug=filters["network"])
            )
        if filters.get("nation"):
            awards = awards.filter(organisation__nation=filters["nation"])
        if filters.get("region"):
            awards = awards.filter(organisation__local_group__region__iexact=filters["region"])
        if filters.get("status"):
            awards = awards.filter(state=filters["status"])
        if filters.get("name"):
            awards = awards.filter(organisation__name__icontains=filters["name"])
        return awards

    def list(self, request, *args, **kwargs):
        with scopes_disabled():
            return super().list(request, *args, **kwargs)
