"""Appraisal visits through the API: the applicant lists the times of its application's
visit and offers dates; the chair confirms one; the panel reads and adds visit notes. The
services of the pages decide every rule; the applicant never reads who wrote a note."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from awards.api.applicant import ApplicantEndpoint
from awards.api.common import TAG_APPLYING, TAG_PANEL
from awards.api.panel import PanelEndpoint
from awards.models import VisitDate
from awards.serializers.around import (
    ApplicantVisitSerializer,
    PanelVisitNoteSerializer,
    PanelVisitSerializer,
    VisitConfirmInputSerializer,
    VisitNoteInputSerializer,
    VisitOfferInputSerializer,
)
from awards.services.visits import add_visit_note, confirm_visit, offer_visit_dates
from sanctuary.api import BODY_ERRORS, SIGNED_IN_ERRORS, errors, parse_body


def visit_dates(application):
    """The application's visit times with their notes, in time order: what both lists show
    (no author, so none is read)."""
    return application.visit_dates.prefetch_related("notes")


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("The times offered and confirmed for your appraisal visit"),
        responses={200: ApplicantVisitSerializer(many=True), **errors(404, *SIGNED_IN_ERRORS)},
    ),
    post=extend_schema(
        summary=gettext_lazy("Offer dates for the appraisal visit"),
        request=VisitOfferInputSerializer,
        responses={
            201: ApplicantVisitSerializer(many=True),
            **errors(*BODY_ERRORS, 404, *SIGNED_IN_ERRORS),
        },
        description=gettext_lazy(
            "Up to six times in the future, while the panel works on the application and no "
            "visit is confirmed yet. The panel's chairs hear of them by e-mail."
        ),
    ),
)
@extend_schema(tags=[TAG_APPLYING])
class MyVisitsView(ApplicantEndpoint, ListAPIView):
    serializer_class = ApplicantVisitSerializer
    pagination_class = None

    def get_queryset(self):
        return visit_dates(self.application)

    def post(self, request, *args, **kwargs):
        data = parse_body(VisitOfferInputSerializer, request)
        offered = offer_visit_dates(
            self.application,
            actor=request.user,
            dates=[(row["starts_at"], row["ends_at"]) for row in data["dates"]],
        )
        rows = visit_dates(self.application).filter(pk__in=[visit.pk for visit in offered])
        return Response(
            ApplicantVisitSerializer(rows, many=True).data, status=status.HTTP_201_CREATED
        )


@extend_schema(
    tags=[TAG_PANEL],
    summary=gettext_lazy("The application's appraisal visit: times offered, and its notes"),
    responses={200: PanelVisitSerializer(many=True), **errors(404, *SIGNED_IN_ERRORS)},
)
class PanelVisitsView(PanelEndpoint, ListAPIView):
    """For the chairs and the panel: every time offered, the confirmed one with its notes."""

    serializer_class = PanelVisitSerializer
    pagination_class = None

    def get_queryset(self):
        return visit_dates(self.application)


class PanelVisitEndpoint(PanelEndpoint, GenericAPIView):
    def get_visit(self) -> VisitDate:
        return get_object_or_404(
            VisitDate.objects.select_related("application__network"),
            pk=self.kwargs["visit_id"],
            application=self.application,
        )


@extend_schema(
    tags=[TAG_PANEL],
    summary=gettext_lazy("Confirm one offered time for the visit (the chair)"),
    request=VisitConfirmInputSerializer,
    responses={200: PanelVisitSerializer, **errors(*BODY_ERRORS, 404, *SIGNED_IN_ERRORS)},
    description=gettext_lazy(
        "In person with an address, or online with a link. The applicant's people and you "
        "get an e-mail with a calendar file."
    ),
)
class ConfirmVisitView(PanelVisitEndpoint):
    serializer_class = PanelVisitSerializer

    def post(self, request, *args, **kwargs):
        visit = self.get_visit()
        data = parse_body(VisitConfirmInputSerializer, request)
        confirm_visit(
            visit,
            actor=request.user,
            mode=data["visit_mode"],
            address=data["address"],
            online_link=data["online_link"],
        )
        return Response(PanelVisitSerializer(visit_dates(self.application).get(pk=visit.pk)).data)


@extend_schema(
    tags=[TAG_PANEL],
    summary=gettext_lazy("Add a note of the confirmed visit"),
    request=VisitNoteInputSerializer,
    responses={
        201: PanelVisitNoteSerializer,
        **errors(*BODY_ERRORS, 404, *SIGNED_IN_ERRORS),
    },
    description=gettext_lazy(
        "For the panel, unless `for_applicant` shares it with the applicant (who never reads "
        "who wrote it)."
    ),
)
class VisitNotesView(PanelVisitEndpoint):
    serializer_class = PanelVisitNoteSerializer

    def post(self, request, *args, **kwargs):
        visit = self.get_visit()
        data = parse_body(VisitNoteInputSerializer, request)
        note = add_visit_note(
            visit, actor=request.user, body=data["body"], for_applicant=data["for_applicant"]
        )
        return Response(PanelVisitNoteSerializer(note).data, status=status.HTTP_201_CREATED)
