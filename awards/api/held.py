"""The award API for an awarded organisation's contacts: the concerns about its award (once
staff look into them) with its responses, and its check-ins between awards. AwardHolderMixin's
rule over the same lookup (awards.permissions.get_award_for_user): the award's organisation's
contacts and staff; 404 for everyone else, another organisation or network included."""

from contextlib import ExitStack

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from django_scopes import scope
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from awards.api.common import TAG_APPLYING
from awards.enums import ComplaintState
from awards.models import CheckIn, Complaint
from awards.permissions import get_award_for_user
from awards.serializers.around import (
    CheckInInputSerializer,
    CheckInSerializer,
    ConcernEntryInputSerializer,
    ConcernResponseSerializer,
    OrganisationConcernSerializer,
)
from awards.services.check_ins import submit_check_in
from awards.services.complaints import respond_to_complaint
from sanctuary.api import BODY_ERRORS, SIGNED_IN_ERRORS, SignedInEndpoint, errors, parse_body
from sanctuary.page_cache import KeptPersonalAnswer
from sanctuary.tenancy import Access


class AwardHolderEndpoint(SignedInEndpoint):
    """One award, for its organisation's contacts and staff; 404 for anyone else, whatever
    the method. The rest of the request runs in the award's network scope, closed in
    finalize_response (which DRF always calls)."""

    access = Access.OBJECT

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.award = get_award_for_user(request.user, kwargs["award_id"])
        self.award_scope = ExitStack()
        self.award_scope.enter_context(scope(network=self.award.network))

    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(self, "award_scope", None) is not None:
            self.award_scope.close()
            self.award_scope = None
        return super().finalize_response(request, response, *args, **kwargs)

    def concerns(self):
        """The concerns about this award the organisation reads: once staff look into them,
        as its page shows them (a concern only received is not yet theirs to read)."""
        return (
            Complaint.objects.filter(award=self.award)
            .exclude(state=ComplaintState.RECEIVED)
            .prefetch_related("entries__author")
        )

    def check_ins(self):
        return CheckIn.objects.filter(award=self.award).select_related("award__application")


@extend_schema(
    tags=[TAG_APPLYING],
    summary=gettext_lazy("Concerns about your organisation's award"),
    responses={200: OrganisationConcernSerializer(many=True), **errors(404, *SIGNED_IN_ERRORS)},
    description=gettext_lazy(
        "Once staff look into them: what was raised (never who raised it), the decision and "
        "your responses."
    ),
)
class MyConcernsView(KeptPersonalAnswer, AwardHolderEndpoint, ListAPIView):
    serializer_class = OrganisationConcernSerializer
    pagination_class = None

    def get_queryset(self):
        return self.concerns()


@extend_schema(
    tags=[TAG_APPLYING],
    summary=gettext_lazy("One concern about your organisation's award"),
    responses={200: OrganisationConcernSerializer, **errors(404, *SIGNED_IN_ERRORS)},
)
class MyConcernView(AwardHolderEndpoint, GenericAPIView):
    serializer_class = OrganisationConcernSerializer

    def get(self, request, *args, **kwargs):
        complaint = get_object_or_404(self.concerns(), pk=kwargs["complaint_id"])
        return Response(OrganisationConcernSerializer(complaint).data)


@extend_schema(
    tags=[TAG_APPLYING],
    summary=gettext_lazy("Respond to a concern about your organisation's award"),
    request=ConcernEntryInputSerializer,
    responses={201: ConcernResponseSerializer, **errors(*BODY_ERRORS, 404, *SIGNED_IN_ERRORS)},
    description=gettext_lazy("While staff look into it, or while the award is suspended."),
)
class ConcernResponsesView(AwardHolderEndpoint, GenericAPIView):
    serializer_class = ConcernResponseSerializer

    def post(self, request, *args, **kwargs):
        complaint = get_object_or_404(self.concerns(), pk=kwargs["complaint_id"])
        data = parse_body(ConcernEntryInputSerializer, request)
        entry = respond_to_complaint(complaint, actor=request.user, body=data["body"])
        return Response(ConcernResponseSerializer(entry).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=[TAG_APPLYING],
    summary=gettext_lazy("Your award's check-ins between awards"),
    responses={200: CheckInSerializer(many=True), **errors(404, *SIGNED_IN_ERRORS)},
)
class MyCheckInsView(KeptPersonalAnswer, AwardHolderEndpoint, ListAPIView):
    serializer_class = CheckInSerializer
    pagination_class = None

    def get_queryset(self):
        return self.check_ins()


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("One check-in of your award"),
        responses={200: CheckInSerializer, **errors(404, *SIGNED_IN_ERRORS)},
    ),
    post=extend_schema(
        summary=gettext_lazy("Send the check-in: how each item of the action plan is going"),
        request=CheckInInputSerializer,
        responses={200: CheckInSerializer, **errors(*BODY_ERRORS, 404, *SIGNED_IN_ERRORS)},
        description=gettext_lazy(
            "`progress` answers the check-in's `items`, one text each, in order. Once only, "
            "while the award is current."
        ),
    ),
)
@extend_schema(tags=[TAG_APPLYING])
class MyCheckInView(AwardHolderEndpoint, GenericAPIView):
    serializer_class = CheckInSerializer

    def get_check_in(self) -> CheckIn:
        return get_object_or_404(self.check_ins(), pk=self.kwargs["check_in_id"])

    def get(self, request, *args, **kwargs):
        return Response(CheckInSerializer(self.get_check_in()).data)

    def post(self, request, *args, **kwargs):
        check_in = self.get_check_in()
        data = parse_body(CheckInInputSerializer, request)
        submit_check_in(
            check_in, actor=request.user, progress=data["progress"], notes=data["notes"]
        )
        return Response(CheckInSerializer(check_in).data)
