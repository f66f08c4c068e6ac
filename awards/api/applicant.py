"""The award API for applicants: your applications, their evidence, submitting and
withdrawing. Every write calls the service the pages call; 404 for an application that is
not yours (DESIGN.md rule 4), every upload checked (rule 7), evidence for every minimum
criterion before submitting (rule 2)."""

from contextlib import ExitStack

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.filters import OrderingFilter
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings

from awards.access import application_for_applicant
from awards.api.common import (
    NO_CONTENT,
    TAG_APPLYING,
)
from awards.enums import (
    CLOSED_STATES,
    EDITABLE_STATES,
)
from awards.models import AwardScheme, EvidenceFile, EvidenceLink
from awards.queries.applications import (
    applications_for_user,
    missing_for_submission,
    responses_with_evidence,
)
from awards.queries.decisions import DECISION_SHOWN_STATES, latest_decision
from awards.queries.panels import names_shown_to_applicant
from awards.serializers import (
    ActionPlanSerializer,
    ApplicationDetailSerializer,
    ApplicationSerializer,
    EvidenceFileSerializer,
    EvidenceLinkInputSerializer,
    EvidenceLinkSerializer,
    EvidenceUploadSerializer,
    ResponseSerializer,
    ResponseUpdateSerializer,
    StartApplicationSerializer,
    SubmissionSerializer,
)
from awards.services.applications import (
    add_evidence_file,
    add_evidence_link,
    remove_evidence_file,
    remove_evidence_link,
    save_action_plan,
    save_response,
    start_application,
    submit_application,
    withdraw_application,
)
from awards.services.errors import SubmissionRefused
from members.access import access_for
from members.queries import organisations_for_user
from sanctuary.api import (
    BODY_ERRORS,
    SIGNED_IN_ERRORS,
    SignedInEndpoint,
    errors,
    parse_body,
)
from sanctuary.page_cache import KeptPersonalAnswer
from sanctuary.tenancy import Access


class ApplicantEndpoint(SignedInEndpoint):
    """ApplicantMixin's rule, over the same awards.access: the application for the people
    who work on it for its organisation, 404 for everyone else, whatever the method. The rest
    of the request runs in the application's network scope, closed in finalize_response
    (which DRF always calls)."""

    access = Access.OBJECT

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.application_access = application_for_applicant(
            request.user, kwargs["award_application_id"], person=access_for(request)
        )
        self.application = self.application_access.application
        self.application_scope = ExitStack()
        self.application_scope.enter_context(scope(network=self.application.network))

    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(self, "application_scope", None) is not None:
            self.application_scope.close()
            self.application_scope = None
        return super().finalize_response(request, response, *args, **kwargs)

    def get_response_row(self, criterion_id: int):
        """The application's response to one criterion, with its evidence; else 404."""
        for response in responses_with_evidence(self.application):
            if response.criterion_id == criterion_id:
                return response
        raise Http404("No such criterion")


def applicant_view_of(application):
    """An application with what its page shows its applicants (ApplicationDetailView):
    never panellists' names unless they chose to show them, never internal notes."""
    application.page_is_editable = application.state in EDITABLE_STATES
    application.page_can_withdraw = application.state not in CLOSED_STATES
    application.page_responses = responses_with_evidence(application)
    application.page_missing = (
        [
            missing.message
            for missing in missing_for_submission(application, application.page_responses)
        ]
        if application.page_is_editable
        else []
    )
    application.page_decision = (
        latest_decision(application) if application.state in DECISION_SHOWN_STATES else None
    )
    application.page_award = getattr(application, "award", None)
    application.page_named_panellists = names_shown_to_applicant(application)
    application.page_collaborators = [
        collaborator.user.get_full_name()
        for collaborator in application.collaborators.select_related("user")
    ]
    return application


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("Your award applications"),
        responses={200: ApplicationSerializer(many=True), **errors(404, *SIGNED_IN_ERRORS)},
    ),
    post=extend_schema(
        summary=gettext_lazy("Start an application for an organisation you act for"),
        request=StartApplicationSerializer,
        responses={
            201: ApplicationDetailSerializer,
            **errors(*BODY_ERRORS, 404, *SIGNED_IN_ERRORS),
        },
    ),
)
@extend_schema(tags=[TAG_APPLYING])
class MyApplicationsView(KeptPersonalAnswer, SignedInEndpoint, ListAPIView):
    """The applications you work on, as lead contact or collaborator, across networks (your
    own rows, so scoping is lifted for them); and starting a new one."""

    serializer_class = ApplicationSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = ["created_at", "state_changed_at"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        return applications_for_user(self.request.user).select_related(
            "organisation", "scheme", "network"
        )

    def list(self, request, *args, **kwargs):
        with scopes_disabled():
            return super().list(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        data = parse_body(StartApplicationSerializer, request)
        organisation = organisations_for_user(request.user).filter(slug=data["organisation"])
        organisation = organisation.first()
        if organisation is None:
            raise Http404(_("No such organisation among those you act for."))
        with scopes_disabled():
            scheme = AwardScheme.objects.select_related("network").filter(pk=data["scheme"])
            scheme = scheme.first()
        if scheme is None:
            raise Http404(_("No such award scheme."))
        started = start_application(organisation, scheme, actor=request.user)
        application = application_for_applicant(request.user, started.pk).application
        with scope(network=application.network):
            data = ApplicationDetailSerializer(applicant_view_of(application)).data
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=[TAG_APPLYING],
    summary=gettext_lazy("One of your applications, with its evidence"),
    responses={200: ApplicationDetailSerializer, **errors(404, *SIGNED_IN_ERRORS)},
)
class MyApplicationView(KeptPersonalAnswer, ApplicantEndpoint, GenericAPIView):
    serializer_class = ApplicationDetailSerializer

    def get(self, request, *args, **kwargs):
        return Response(ApplicationDetailSerializer(applicant_view_of(self.application)).data)


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("Your answer to one criterion, with its evidence"),
        responses={200: ResponseSerializer, **errors(404, *SIGNED_IN_ERRORS)},
    ),
    patch=extend_schema(
        summary=gettext_lazy("Save a draft of your answer to one criterion"),
        request=ResponseUpdateSerializer,
        responses={200: ResponseSerializer, **errors(*BODY_ERRORS, 404, *SIGNED_IN_ERRORS)},
    ),
)
@extend_schema(tags=[TAG_APPLYING])
class CriterionResponseView(ApplicantEndpoint, GenericAPIView):
    """Self-assessment and narrative evidence, saved as drafts while the application is a
    draft or waits for more evidence."""

    serializer_class = ResponseSerializer

    def get(self, request, *args, **kwargs):
        return Response(ResponseSerializer(self.get_response_row(kwargs["criterion_id"])).data)

    def patch(self, request, *args, **kwargs):
        response = self.get_response_row(kwargs["criterion_id"])
        data = parse_body(ResponseUpdateSerializer, request)
        save_response(
            response,
            actor=request.user,
            self_assessment=data.get("self_assessment", response.self_assessment),
            narrative=data.get("narrative", response.narrative),
        )
        return Response(ResponseSerializer(self.get_response_row(kwargs["criterion_id"])).data)


@extend_schema(
    tags=[TAG_APPLYING],
    summary=gettext_lazy("Add a file as evidence for one criterion"),
    request={"multipart/form-data": EvidenceUploadSerializer},
    responses={201: EvidenceFileSerializer, **errors(*BODY_ERRORS, 404, *SIGNED_IN_ERRORS)},
)
class EvidenceFilesView(ApplicantEndpoint, GenericAPIView):
    """The file is checked before it is stored, as on the page: its size, its type by its
    content (never by its name), and a malware scan (DESIGN.md rule 7)."""

    serializer_class = EvidenceFileSerializer
    parser_classes = [MultiPartParser, FormParser]

    def post(self, request, *args, **kwargs):
        response = self.get_response_row(kwargs["criterion_id"])
        upload = parse_body(EvidenceUploadSerializer, request)["file"]
        evidence = add_evidence_file(response, upload, actor=request.user)
        return Response(EvidenceFileSerializer(evidence).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=[TAG_APPLYING],
    summary=gettext_lazy("Remove a file from the application"),
    request=None,
    responses={**NO_CONTENT, **errors(400, 404, *SIGNED_IN_ERRORS)},
)
class EvidenceFileView(ApplicantEndpoint, GenericAPIView):
    """Hidden from the application; the submissions that named it keep it."""

    def delete(self, request, *args, **kwargs):
        evidence = get_object_or_404(
            EvidenceFile.objects.select_related("response__application"),
            pk=kwargs["file_id"],
            response__application=self.application,
            removed_at__isnull=True,
        )
        remove_evidence_file(evidence, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=[TAG_APPLYING],
    summary=gettext_lazy("Add a link as evidence for one criterion"),
    request=EvidenceLinkInputSerializer,
    responses={201: EvidenceLinkSerializer, **errors(*BODY_ERRORS, 404, *SIGNED_IN_ERRORS)},
)
class EvidenceLinksView(ApplicantEndpoint, GenericAPIView):
    serializer_class = EvidenceLinkSerializer

    def post(self, request, *args, **kwargs):
        response = self.get_response_row(kwargs["criterion_id"])
        data = parse_body(EvidenceLinkInputSerializer, request)
        link = add_evidence_link(response, actor=request.user, url=data["url"], title=data["title"])
        return Response(EvidenceLinkSerializer(link).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=[TAG_APPLYING],
    summary=gettext_lazy("Remove a link from the application"),
    request=None,
    responses={**NO_CONTENT, **errors(400, 404, *SIGNED_IN_ERRORS)},
)
class EvidenceLinkView(ApplicantEndpoint, GenericAPIView):
    def delete(self, request, *args, **kwargs):
        link = get_object_or_404(
            EvidenceLink.objects.select_related("response__application"),
            pk=kwargs["link_id"],
            response__application=self.application,
            removed_at__isnull=True,
        )
        remove_evidence_link(link, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=[TAG_APPLYING],
    summary=gettext_lazy("Save the action plan"),
    request=ActionPlanSerializer,
    responses={200: ActionPlanSerializer, **errors(*BODY_ERRORS, 404, *SIGNED_IN_ERRORS)},
)
class ActionPlanView(ApplicantEndpoint, GenericAPIView):
    serializer_class = ActionPlanSerializer

    def put(self, request, *args, **kwargs):
        data = parse_body(ActionPlanSerializer, request)
        save_action_plan(self.application, actor=request.user, action_plan=data["action_plan"])
        return Response({"action_plan": self.application.action_plan})


@extend_schema(
    tags=[TAG_APPLYING],
    summary=gettext_lazy("Submit the application, or send it again with more evidence"),
    request=None,
    responses={
        200: SubmissionSerializer,
        **errors(400, 404, *SIGNED_IN_ERRORS),
    },
    description=gettext_lazy(
        "Refused with 400 unless every minimum criterion has evidence (a description, a "
        "file or a link; the charter pledge for a pledge criterion): `errors.missing` lists "
        "what is missing."
    ),
)
class SubmitView(ApplicantEndpoint, GenericAPIView):
    serializer_class = SubmissionSerializer

    def post(self, request, *args, **kwargs):
        try:
            submission = submit_application(self.application, actor=request.user)
        except SubmissionRefused as refused:
            raise exceptions.ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY: [str(refused)],
                    "missing": [missing.message for missing in refused.missing],
                }
            ) from None
        return Response(SubmissionSerializer(submission).data)


@extend_schema(
    tags=[TAG_APPLYING],
    summary=gettext_lazy("Withdraw the application"),
    request=None,
    responses={200: ApplicationSerializer, **errors(400, 404, *SIGNED_IN_ERRORS)},
)
class WithdrawView(ApplicantEndpoint, GenericAPIView):
    serializer_class = ApplicationSerializer

    def post(self, request, *args, **kwargs):
        withdraw_application(self.application, actor=request.user)
        return Response(ApplicationSerializer(self.application).data)
