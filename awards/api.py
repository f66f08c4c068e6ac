"""The award workflow's API: who holds an award and certificate checks (public), an
applicant's applications and evidence, a panellist's seats and reviews, a network's
applications for its coordinators, and the staff export.

Every write calls the service the pages call, and every lookup is the pages' own
permission-checked one, so the rules of DESIGN.md section 4 hold here too: evidence for every
minimum criterion before submitting (rule 2), 404 for anything of another network or not
yours (rule 4), other reviews only after one's own (rule 5), never lived experience (rule 6),
every upload checked (rule 7).
"""

from contextlib import ExitStack

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.filters import OrderingFilter
from rest_framework.generics import GenericAPIView, ListAPIView, RetrieveAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings

from awards import services
from awards.enums import (
    CLOSED_STATES,
    EDITABLE_STATES,
    PUBLIC_STATUS,
    ApplicationState,
    ConflictDeclaration,
)
from awards.models import Award, AwardScheme, EvidenceFile, EvidenceLink, Review
from awards.permissions import (
    get_application_for_panel,
    get_application_for_user,
    may_read_other_reviews,
)
from awards.queries import (
    DECISION_SHOWN_STATES,
    applications_for_panellist,
    applications_for_user,
    award_for_number,
    can_chair,
    latest_decision,
    latest_submission,
    missing_for_submission,
    pipeline,
    public_awards,
    responses_with_evidence,
)
from awards.serializers import (
    ActionPlanSerializer,
    ApplicationDetailSerializer,
    ApplicationSerializer,
    AwardFilters,
    AwardSerializer,
    CertificateSerializer,
    ConflictInputSerializer,
    EvidenceFileSerializer,
    EvidenceLinkInputSerializer,
    EvidenceLinkSerializer,
    EvidenceUploadSerializer,
    OtherReviewSerializer,
    OwnSeatSerializer,
    PanelApplicationSerializer,
    PipelineFilters,
    PipelineSerializer,
    ResponseSerializer,
    ResponseUpdateSerializer,
    ReviewInputSerializer,
    ReviewSerializer,
    SeatSerializer,
    StaffAwardFilters,
    StaffAwardSerializer,
    StartApplicationSerializer,
    SubmissionSerializer,
)
from members.enums import Role
from members.permissions import NetworkEndpoint, StaffEndpoint
from members.queries import organisations_for_user
from sanctuary.api import (
    BODY_ERRORS,
    PUBLIC_ERRORS,
    SIGNED_IN_ERRORS,
    PublicEndpoint,
    SignedInEndpoint,
    errors,
    parse_body,
    parse_query,
    refuse,
)
from sanctuary.enums import NetworkKind
from sanctuary.tenancy import Access

TAG_AWARDS = "awards"
TAG_APPLYING = "applying"
TAG_PANEL = "panel"
TAG_NETWORK = "network"
TAG_STAFF = "staff"

CHAIRS = frozenset({Role.COORDINATOR})
NO_CONTENT = {204: OpenApiResponse(description=gettext_lazy("Done."))}


# Public -------------------------------------------------------------------------------------


@extend_schema(
    tags=[TAG_AWARDS],
    summary=gettext_lazy("Organisations that hold a Sanctuary Award"),
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


@extend_schema(
    tags=[TAG_AWARDS],
    summary=gettext_lazy("Check a certificate by its number"),
    responses={200: CertificateSerializer, **errors(404, *PUBLIC_ERRORS)},
)
class CertificateView(PublicEndpoint, RetrieveAPIView):
    """What /verify/<number>/ shows: the organisation, the award, who awarded it, its dates
    and its status, whatever the status. An unknown number answers 404."""

    serializer_class = CertificateSerializer

    def get_object(self):
        award = award_for_number(self.kwargs["certificate_number"])
        if award is None:
            raise Http404(_("No certificate has this number."))
        award.status_text = PUBLIC_STATUS[award.state]
        return award


# Applying: the people who work on an application ------------------------------------------


class ApplicantEndpoint(SignedInEndpoint):
    """ApplicantMixin's rule: the application for the people who work on it for its
    organisation, 404 for everyone else, whatever the method. The rest of the request runs
    in the application's network scope, closed in finalize_response (which DRF always calls)."""

    access = Access.OBJECT

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.application = get_application_for_user(request.user, kwargs["award_application_id"])
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
        [missing.message for missing in missing_for_submission(application)]
        if application.page_is_editable
        else []
    )
    application.page_decision = (
        latest_decision(application) if application.state in DECISION_SHOWN_STATES else None
    )
    application.page_award = getattr(application, "award", None)
    application.page_named_panellists = [
        seat.panellist.get_full_name()
        for seat in application.panel.filter(show_name_to_applicant=True).select_related(
            "panellist"
        )
    ]
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
class MyApplicationsView(SignedInEndpoint, ListAPIView):
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
        try:
            started = services.start_application(organisation, scheme, actor=request.user)
        except services.AwardError as error:
            refuse(error)
        application = get_application_for_user(request.user, started.pk)
        with scope(network=application.network):
            data = ApplicationDetailSerializer(applicant_view_of(application)).data
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=[TAG_APPLYING],
    summary=gettext_lazy("One of your applications, with its evidence"),
    responses={200: ApplicationDetailSerializer, **errors(404, *SIGNED_IN_ERRORS)},
)
class MyApplicationView(ApplicantEndpoint, GenericAPIView):
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
        try:
            services.save_response(
                response,
                actor=request.user,
                self_assessment=data.get("self_assessment", response.self_assessment),
                narrative=data.get("narrative", response.narrative),
            )
        except services.AwardError as error:
            refuse(error)
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
        try:
            evidence = services.add_evidence_file(response, upload, actor=request.user)
        except services.AwardError as error:
            refuse(error)
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
        try:
            services.remove_evidence_file(evidence, actor=request.user)
        except services.AwardError as error:
            refuse(error)
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
        try:
            link = services.add_evidence_link(
                response, actor=request.user, url=data["url"], title=data["title"]
            )
        except services.AwardError as error:
            refuse(error)
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
        try:
            services.remove_evidence_link(link, actor=request.user)
        except services.AwardError as error:
            refuse(error)
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
        try:
            services.save_action_plan(
                self.application, actor=request.user, action_plan=data["action_plan"]
            )
        except services.AwardError as error:
            refuse(error)
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
            submission = services.submit_application(self.application, actor=request.user)
        except services.SubmissionRefused as refused:
            raise exceptions.ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY: [str(refused)],
                    "missing": [missing.message for missing in refused.missing],
                }
            ) from None
        except services.AwardError as error:
            refuse(error)
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
        try:
            services.withdraw_application(self.application, actor=request.user)
        except services.AwardError as error:
            refuse(error)
        return Response(ApplicationSerializer(self.application).data)


# The network's side: coordinators and panellists -------------------------------------------


@extend_schema(
    tags=[TAG_NETWORK],
    summary=gettext_lazy("The network's award applications"),
    parameters=[PipelineFilters],
    responses={200: PipelineSerializer(many=True), **errors(400, 404, *SIGNED_IN_ERRORS)},
)
class NetworkApplicationsView(NetworkEndpoint, ListAPIView):
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
    tags=[TAG_PANEL],
    summary=gettext_lazy("Your seats on this network's panels"),
    responses={200: SeatSerializer(many=True), **errors(404, *SIGNED_IN_ERRORS)},
)
class PanelSeatsView(NetworkEndpoint, ListAPIView):
    """The applications you review in this network, each saying whether your review of its
    latest submission is in."""

    serializer_class = SeatSerializer

    def get_queryset(self):
        return applications_for_panellist(self.request.user, self.network)


class PanelEndpoint(NetworkEndpoint):
    """PanelApplicationMixin's rule: an application of this network for its chairs, or for
    a panellist seated on its panel; 404 for everyone else and every other application,
    whatever the method."""

    chairs_only = False
    seated_only = False

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.application, self.seat = get_application_for_panel(
            request.user, self.network, kwargs["award_application_id"]
        )
        self.is_chair = can_chair(request.user, self.network)
        if (self.chairs_only and not self.is_chair) or (self.seated_only and self.seat is None):
            raise Http404("No such page")

    def own_review_submitted(self) -> bool:
        if self.seat is None:
            return False
        return Review.objects.filter(
            assignment=self.seat,
            submission=latest_submission(self.application),
            submitted_at__isnull=False,
        ).exists()


@extend_schema(
    tags=[TAG_PANEL],
    summary=gettext_lazy("An application as its panel reads it"),
    responses={200: PanelApplicationSerializer, **errors(404, *SIGNED_IN_ERRORS)},
)
class PanelApplicationView(PanelEndpoint, GenericAPIView):
    serializer_class = PanelApplicationSerializer

    def get(self, request, *args, **kwargs):
        application = self.application
        application.page_responses = responses_with_evidence(application)
        application.page_submission = latest_submission(application)
        application.page_seat = self.seat
        return Response(PanelApplicationSerializer(application).data)


@extend_schema(
    tags=[TAG_PANEL],
    summary=gettext_lazy("Declare whether you have a conflict of interest"),
    request=ConflictInputSerializer,
    responses={200: OwnSeatSerializer, **errors(*BODY_ERRORS, 404, *SIGNED_IN_ERRORS)},
    description=gettext_lazy(
        "Any answer but `none` recuses you: from then on your review does not count."
    ),
)
class ConflictView(PanelEndpoint, GenericAPIView):
    seated_only = True
    serializer_class = OwnSeatSerializer

    def post(self, request, *args, **kwargs):
        data = parse_body(ConflictInputSerializer, request)
        try:
            seat = services.declare_conflict(
                self.seat,
                actor=request.user,
                conflict=data["conflict"],
                note=data["note"],
                show_name_to_applicant=data["show_name_to_applicant"],
            )
        except services.AwardError as error:
            refuse(error)
        return Response(OwnSeatSerializer(seat).data)


def own_review(seat, application) -> Review | None:
    return (
        Review.objects.filter(assignment=seat, submission=latest_submission(application))
        .select_related("submission")
        .prefetch_related("ratings")
        .first()
    )


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("Your review of the latest submission"),
        responses={200: ReviewSerializer, **errors(400, 404, *SIGNED_IN_ERRORS)},
        description=gettext_lazy(
            "Starts your draft, as the review page does, while the application is in review "
            "and you have declared no conflict. 404 when you have no review to read."
        ),
    ),
    put=extend_schema(
        summary=gettext_lazy("Save your review as a draft, or submit it"),
        request=ReviewInputSerializer,
        responses={200: ReviewSerializer, **errors(*BODY_ERRORS, 404, *SIGNED_IN_ERRORS)},
        description=gettext_lazy(
            "Starts your review if needed (after you declared no conflict, while the "
            "application is in review). `ratings` name criteria of this application only."
        ),
    ),
)
@extend_schema(tags=[TAG_PANEL])
class ReviewView(PanelEndpoint, GenericAPIView):
    """A panellist's own review, written alone."""

    seated_only = True
    serializer_class = ReviewSerializer

    def get(self, request, *args, **kwargs):
        # As the review page: while the application is in review, and once the panellist has
        # declared no conflict, opening it starts the draft (an idempotent write), so every
        # criterion has its rating row; afterwards the review is read only.
        if (
            self.application.state == ApplicationState.IN_REVIEW
            and self.seat.conflict == ConflictDeclaration.NONE
        ):
            try:
                services.get_or_start_review(self.seat, actor=request.user)
            except services.AwardError as error:
                refuse(error)
        review = own_review(self.seat, self.application)
        if review is None:
            raise Http404(_("You have no review of this submission."))
        return Response(ReviewSerializer(review).data)

    def put(self, request, *args, **kwargs):
        data = parse_body(ReviewInputSerializer, request)
        criteria = set(self.application.criteria_version.criteria.values_list("pk", flat=True))
        ratings = {row["criterion"]: (row["rating"], row["reason"]) for row in data["ratings"]}
        if set(ratings) - criteria:
            raise Http404(_("No such criterion in this application."))
        try:
            review = services.get_or_start_review(self.seat, actor=request.user)
            services.save_review(
                review,
                actor=request.user,
                ratings=ratings,
                strengths=data["strengths"],
                improvements=data["improvements"],
                questions=data["questions"],
                submit=data["submit"],
            )
        except services.AwardError as error:
            refuse(error)
        return Response(ReviewSerializer(own_review(self.seat, self.application)).data)


@extend_schema(
    tags=[TAG_PANEL],
    summary=gettext_lazy("The panel's submitted reviews of the latest submission"),
    responses={200: OtherReviewSerializer(many=True), **errors(404, *SIGNED_IN_ERRORS)},
    description=gettext_lazy(
        "For the chairs, and for a panellist once their own review is submitted (403 before)."
    ),
)
class ReviewsView(PanelEndpoint, GenericAPIView):
    serializer_class = OtherReviewSerializer
    pagination_class = None

    def get(self, request, *args, **kwargs):
        if not may_read_other_reviews(self.seat, self.own_review_submitted()):
            raise exceptions.PermissionDenied(
                _("You can read the other reviews once you have submitted your own.")
            )
        reviews = (
            Review.objects.filter(
                submission=latest_submission(self.application), submitted_at__isnull=False
            )
            .select_related("assignment__panellist", "submission")
            .prefetch_related("ratings")
            .order_by("submitted_at", "pk")
        )
        return Response(OtherReviewSerializer(reviews, many=True).data)


# Staff ---------------------------------------------------------------------------------------


@extend_schema(
    tags=[TAG_STAFF],
    summary=gettext_lazy("Export: every award, in every state"),
    parameters=[StaffAwardFilters],
    responses={200: StaffAwardSerializer(many=True), **errors(400, 404, *SIGNED_IN_ERRORS)},
)
class StaffAwardsView(StaffEndpoint, ListAPIView):
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
