"""The award API for a network's panels: a panellist's seats, conflict declarations and
reviews. Other reviews only after one's own (DESIGN.md rule 5), never lived experience (rule 6)."""

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from awards.access import application_for_panel
from awards.api.common import TAG_PANEL
from awards.models import Review
from awards.queries.applications import responses_with_evidence
from awards.queries.panels import applications_for_panellist, reviews_to_read
from awards.queries.submissions import latest_submission
from awards.serializers import (
    ConflictInputSerializer,
    OtherReviewSerializer,
    OwnSeatSerializer,
    PanelApplicationSerializer,
    ReviewInputSerializer,
    ReviewSerializer,
    SeatSerializer,
)
from awards.services.panels import declare_conflict
from awards.services.reviews import get_or_start_review, review_to_read, save_review
from members.access import access_for
from members.permissions import NetworkEndpoint
from sanctuary.api import (
    BODY_ERRORS,
    SIGNED_IN_ERRORS,
    errors,
    parse_body,
)
from sanctuary.page_cache import KeptPersonalAnswer


@extend_schema(
    tags=[TAG_PANEL],
    summary=gettext_lazy("Your seats on this network's panels"),
    responses={200: SeatSerializer(many=True), **errors(404, *SIGNED_IN_ERRORS)},
)
class PanelSeatsView(KeptPersonalAnswer, NetworkEndpoint, ListAPIView):
    """The applications you review in this network, each saying whether your review of its
    latest submission is in."""

    serializer_class = SeatSerializer

    def get_queryset(self):
        return applications_for_panellist(self.request.user, self.network)


class PanelEndpoint(NetworkEndpoint):
    """PanelApplicationMixin's rule, over the same awards.access: an application of this
    network for its chairs, or for a panellist seated on its panel; 404 for everyone else and
    every other application, whatever the method. Asks request.access, whose roles NetworkRole
    read already."""

    chairs_only = False
    seated_only = False

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.application_access = application_for_panel(
            request.user,
            self.network,
            kwargs["award_application_id"],
            person=access_for(request),
        )
        self.application = self.application_access.application
        self.seat = self.application_access.seat
        self.is_chair = self.application_access.can_chair
        if (self.chairs_only and not self.is_chair) or (self.seated_only and self.seat is None):
            raise Http404("No such page")

    def own_review_submitted(self) -> bool:
        return self.application_access.own_review_submitted


@extend_schema(
    tags=[TAG_PANEL],
    summary=gettext_lazy("An application as its panel reads it"),
    responses={200: PanelApplicationSerializer, **errors(404, *SIGNED_IN_ERRORS)},
)
class PanelApplicationView(KeptPersonalAnswer, PanelEndpoint, GenericAPIView):
    serializer_class = PanelApplicationSerializer

    def get(self, request, *args, **kwargs):
        application = self.application
        application.page_responses = responses_with_evidence(application)
        application.page_submission = self.application_access.latest_submission
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
        seat = declare_conflict(
            self.seat,
            actor=request.user,
            conflict=data["conflict"],
            note=data["note"],
            show_name_to_applicant=data["show_name_to_applicant"],
        )
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
            "Reads only. Before your first save, while the application is in review and you "
            "have declared no conflict, this is the draft your review starts from, with `id` "
            "null; the first PUT creates it. 404 when you have no review to read."
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
class ReviewView(KeptPersonalAnswer, PanelEndpoint, GenericAPIView):
    """A panellist's own review, written alone."""

    seated_only = True
    serializer_class = ReviewSerializer

    def get(self, request, *args, **kwargs):
        # Reads only, as the review page: the saved review, or while the application is in
        # review (and no conflict is declared) the unsaved draft it starts from, with `id`
        # null. The first PUT creates it.
        latest = self.application_access.latest_submission
        review = review_to_read(self.seat, actor=request.user, latest=latest)
        if review is None:
            raise Http404(_("You have no review of this submission."))
        if review.pk is not None:
            # The saved review just read, with its ratings (its submission is the latest).
            review.submission = latest
            prefetch_related_objects([review], "ratings")
        return Response(ReviewSerializer(review).data)

    def put(self, request, *args, **kwargs):
        data = parse_body(ReviewInputSerializer, request)
        criteria = set(self.application.criteria_version.criteria.values_list("pk", flat=True))
        ratings = {row["criterion"]: (row["rating"], row["reason"]) for row in data["ratings"]}
        if set(ratings) - criteria:
            raise Http404(_("No such criterion in this application."))
        review = get_or_start_review(self.seat, actor=request.user)
        save_review(
            review,
            actor=request.user,
            ratings=ratings,
            strengths=data["strengths"],
            improvements=data["improvements"],
            questions=data["questions"],
            submit=data["submit"],
        )
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
        if not self.application_access.may_read_other_reviews:
            raise exceptions.PermissionDenied(
                _("You can read the other reviews once you have submitted your own.")
            )
        submission = self.application_access.latest_submission
        if submission is None:
            return Response([])
        reviews = (
            reviews_to_read(submission)
            .select_related("assignment__panellist", "submission")
            .prefetch_related("ratings")
            .order_by("submitted_at", "pk")
        )
        return Response(OtherReviewSerializer(reviews, many=True).data)
