"""The thread of questions and answers through the API: the panel lists it (its notes too)
and, through its chairs, asks; the applicant lists the questions and answers them. The same
services and the same rules as the pages: no panel note and no hidden name reaches the
applicant."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from awards.api.applicant import ApplicantEndpoint
from awards.api.common import TAG_APPLYING, TAG_PANEL
from awards.api.panel import PanelEndpoint
from awards.enums import ThreadKind
from awards.models import ThreadEntry
from awards.queries.panels import eligible_seats
from awards.serializers import (
    AnswerInputSerializer,
    AnswerSerializer,
    ApplicantQuestionSerializer,
    QuestionInputSerializer,
    ThreadEntrySerializer,
)
from awards.services.questions import answer_question, ask_question
from sanctuary.api import BODY_ERRORS, SIGNED_IN_ERRORS, errors, parse_body


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("The application's questions, answers and panel notes"),
        responses={200: ThreadEntrySerializer(many=True), **errors(404, *SIGNED_IN_ERRORS)},
    ),
    post=extend_schema(
        summary=gettext_lazy("Ask the applicant a question (the chair)"),
        request=QuestionInputSerializer,
        responses={201: ThreadEntrySerializer, **errors(*BODY_ERRORS, 404, *SIGNED_IN_ERRORS)},
    ),
)
@extend_schema(tags=[TAG_PANEL])
class PanelQuestionsView(PanelEndpoint, ListAPIView):
    serializer_class = ThreadEntrySerializer

    def get_queryset(self):
        return self.application.thread.select_related("answers").order_by("written_at", "pk")

    def post(self, request, *args, **kwargs):
        if not self.is_chair:
            raise exceptions.PermissionDenied(_("The panel's chair asks the applicant questions."))
        data = parse_body(QuestionInputSerializer, request)
        raised_by = None
        if data.get("raised_by"):
            raised_by = get_object_or_404(eligible_seats(self.application), pk=data["raised_by"])
        entry = ask_question(
            self.application, actor=request.user, body=data["body"], raised_by=raised_by
        )
        return Response(ThreadEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=[TAG_APPLYING],
    summary=gettext_lazy("The panel's questions about your application, with the answers"),
    responses={200: ApplicantQuestionSerializer(many=True), **errors(404, *SIGNED_IN_ERRORS)},
)
class MyQuestionsView(ApplicantEndpoint, ListAPIView):
    serializer_class = ApplicantQuestionSerializer

    def get_queryset(self):
        return (
            self.application.thread.filter(kind=ThreadKind.QUESTION)
            .select_related("raised_by__panellist")
            .prefetch_related("replies__author")
            .order_by("written_at", "pk")
        )


@extend_schema(
    tags=[TAG_APPLYING],
    summary=gettext_lazy("Answer a question of the panel"),
    request=AnswerInputSerializer,
    responses={201: AnswerSerializer, **errors(*BODY_ERRORS, 404, *SIGNED_IN_ERRORS)},
)
class AnswerView(ApplicantEndpoint, ListAPIView):
    serializer_class = AnswerSerializer
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        question = get_object_or_404(
            ThreadEntry,
            pk=kwargs["question_id"],
            application=self.application,
            kind=ThreadKind.QUESTION,
        )
        data = parse_body(AnswerInputSerializer, request)
        entry = answer_question(question, actor=request.user, body=data["body"])
        return Response(AnswerSerializer(entry).data, status=status.HTTP_201_CREATED)
