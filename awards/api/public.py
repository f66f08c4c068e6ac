"""The award API for everyone, without an account: who holds an award, and certificate checks.
Awards are public, so these lift scoping."""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled
from drf_spectacular.utils import extend_schema
from rest_framework.filters import OrderingFilter
from rest_framework.generics import ListAPIView, RetrieveAPIView

from awards.api.common import TAG_AWARDS
from awards.enums import PUBLIC_STATUS
from awards.queries.awards import award_for_number, public_awards
from awards.serializers import (
    AwardFilters,
    AwardSerializer,
    CertificateSerializer,
)
from sanctuary.api import (
    PUBLIC_ERRORS,
    PublicEndpoint,
    errors,
    parse_query,
)
from sanctuary.enums import NetworkKind
from sanctuary.page_cache import KeptAnswer


@extend_schema(
    tags=[TAG_AWARDS],
    summary=gettext_lazy("Organisations that hold a Sanctuary Award"),
    parameters=[AwardFilters],
    responses={200: AwardSerializer(many=True), **errors(400, 404, *PUBLIC_ERRORS)},
)
class AwardedListView(KeptAnswer, PublicEndpoint, ListAPIView):
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


@extend_schema(
    tags=[TAG_AWARDS],
    summary=gettext_lazy("Check a certificate by its number"),
    responses={200: CertificateSerializer, **errors(404, *PUBLIC_ERRORS)},
)
class CertificateView(KeptAnswer, PublicEndpoint, RetrieveAPIView):
    """What /verify/<number>/ shows: the organisation, the award, who awarded it, its dates
    and its status, whatever the status. An unknown number answers 404."""

    serializer_class = CertificateSerializer

    def get_object(self):
        award = award_for_number(self.kwargs["certificate_number"])
        if award is None:
            raise Http404(_("No certificate has this number."))
        award.status_text = PUBLIC_STATUS[award.state]
        return award
