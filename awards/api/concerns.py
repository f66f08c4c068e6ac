"""Concerns about awards through the API, for movement staff: every concern across networks,
one with its notes and responses, taking it into review, deciding, and staff notes. The
services of the pages decide every rule (only staff handle concerns; the award changes state
through its own state machine)."""

from contextlib import ExitStack

from django.http import Http404
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from awards.api.common import TAG_STAFF
from awards.models import Complaint
from awards.serializers.around import (
    ConcernDecisionInputSerializer,
    ConcernEntryInputSerializer,
    ConcernEntrySerializer,
    StaffConcernDetailSerializer,
    StaffConcernSerializer,
)
from awards.services.complaints import (
    add_complaint_note,
    decide_complaint,
    take_complaint_into_review,
)
from members.permissions import StaffEndpoint
from sanctuary.api import BODY_ERRORS, SIGNED_IN_ERRORS, errors, parse_body
from sanctuary.page_cache import KeptPersonalAnswer

NO_BODY_ERRORS = (400,)


def staff_concerns():
    return Complaint.objects.select_related("award__organisation", "network")


@extend_schema(
    tags=[TAG_STAFF],
    summary=gettext_lazy("Every concern about an award, the newest first"),
    responses={200: StaffConcernSerializer(many=True), **errors(404, *SIGNED_IN_ERRORS)},
)
class StaffConcernsView(KeptPersonalAnswer, StaffEndpoint, ListAPIView):
    """Across networks: staff look at every concern on purpose, so scoping is lifted for the
    list."""

    serializer_class = StaffConcernSerializer

    def get_queryset(self):
        return staff_concerns()

    def list(self, request, *args, **kwargs):
        with scopes_disabled():
            return super().list(request, *args, **kwargs)


class StaffConcernEndpoint(StaffEndpoint, GenericAPIView):
    """One concern, looked up across networks, then the request runs in its network's scope
    (closed in finalize_response)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        with scopes_disabled():
            complaint = staff_concerns().filter(pk=kwargs["complaint_id"]).first()
        if complaint is None:
            raise Http404("No such concern")
        self.complaint = complaint
        self.concern_scope = ExitStack()
        self.concern_scope.enter_context(scope(network=complaint.network))

    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(self, "concern_scope", None) is not None:
            self.concern_scope.close()
            self.concern_scope = None
        return super().finalize_response(request, response, *args, **kwargs)

    def answer(self) -> Response:
        fresh = staff_concerns().prefetch_related("entries__author").get(pk=self.complaint.pk)
        return Response(StaffConcernDetailSerializer(fresh).data)


@extend_schema(
    tags=[TAG_STAFF],
    summary=gettext_lazy("One concern, with staff's notes and the organisation's responses"),
    responses={200: StaffConcernDetailSerializer, **errors(404, *SIGNED_IN_ERRORS)},
)
class StaffConcernView(StaffConcernEndpoint):
    serializer_class = StaffConcernDetailSerializer

    def get(self, request, *args, **kwargs):
        return self.answer()


@extend_schema(
    tags=[TAG_STAFF],
    summary=gettext_lazy("Look into a concern; the organisation is told and may respond"),
    request=None,
    responses={
        200: StaffConcernDetailSerializer,
        **errors(*NO_BODY_ERRORS, 404, *SIGNED_IN_ERRORS),
    },
)
class ConcernReviewView(StaffConcernEndpoint):
    serializer_class = StaffConcernDetailSerializer

    def post(self, request, *args, **kwargs):
        take_complaint_into_review(self.complaint, actor=request.user)
        return self.answer()


@extend_schema(
    tags=[TAG_STAFF],
    summary=gettext_lazy("Decide on a concern: no action, suspension or withdrawal"),
    request=ConcernDecisionInputSerializer,
    responses={
        200: StaffConcernDetailSerializer,
        **errors(*BODY_ERRORS, 404, *SIGNED_IN_ERRORS),
    },
    description=gettext_lazy(
        "A suspension or a withdrawal needs a reason, which the organisation reads. No action "
        "reinstates a suspended award."
    ),
)
class ConcernDecisionView(StaffConcernEndpoint):
    serializer_class = StaffConcernDetailSerializer

    def post(self, request, *args, **kwargs):
        data = parse_body(ConcernDecisionInputSerializer, request)
        decide_complaint(
            self.complaint,
            actor=request.user,
            outcome=data["concern_decision"],
            reason=data["reason"],
        )
        return self.answer()


@extend_schema(
    tags=[TAG_STAFF],
    summary=gettext_lazy("Add a staff note to a concern (for staff only)"),
    request=ConcernEntryInputSerializer,
    responses={201: ConcernEntrySerializer, **errors(*BODY_ERRORS, 404, *SIGNED_IN_ERRORS)},
)
class ConcernNotesView(StaffConcernEndpoint):
    serializer_class = ConcernEntrySerializer

    def post(self, request, *args, **kwargs):
        data = parse_body(ConcernEntryInputSerializer, request)
        entry = add_complaint_note(self.complaint, actor=request.user, body=data["body"])
        return Response(ConcernEntrySerializer(entry).data, status=status.HTTP_201_CREATED)
