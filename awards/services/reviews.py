"""Reviews: each panellist's ratings of the latest submission."""

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from awards.enums import (
    Action,
    ApplicationState,
    ConflictDeclaration,
    Rating,
    ReminderKind,
)
from awards.models import (
    CriterionRating,
    PanelAssignment,
    Review,
    Submission,
)
from awards.queries.panels import panel_readiness
from awards.queries.submissions import latest_submission
from awards.services.errors import AwardError
from awards.services.state import notify_coordinators_later
from members.models import User
from sanctuary.activity import log_action


def _check_can_review(assignment: PanelAssignment, actor: User) -> Submission:
    if actor.pk != assignment.panellist_id:
        raise AwardError(_("Each panellist writes their own review."))
    if assignment.has_stepped_back:
        raise AwardError(
            _(
                "You stepped back from this application, so you no longer review it. Ask "
                "the chair if you would like your seat back."
            )
        )
    if assignment.conflict != ConflictDeclaration.NONE:
        raise AwardError(_("Declare that you have no conflict of interest before reviewing."))
    application = assignment.application
    if application.state != ApplicationState.IN_REVIEW:
        raise AwardError(_("The application is not open for review."))
    submission = latest_submission(application)
    if submission is None:
        raise AwardError(_("The application has not been submitted."))
    return submission


def _earlier_review(assignment: PanelAssignment, submission: Submission) -> Review | None:
    """The same panellist's review of the submission before, which a new review starts from."""
    return (
        Review.objects.filter(assignment=assignment, submission__number__lt=submission.number)
        .order_by("-submission__number")
        .prefetch_related("ratings")
        .first()
    )


def _starting_review(assignment: PanelAssignment, submission: Submission) -> Review:
    """A review not saved yet, with its unsaved ratings (`unsaved_ratings`, one per
    criterion): what the panellist starts from. Reads only."""
    earlier = _earlier_review(assignment, submission)
    review = Review(
        assignment=assignment,
        submission=submission,
        strengths=earlier.strengths if earlier else "",
        improvements=earlier.improvements if earlier else "",
        questions=earlier.questions if earlier else "",
    )
    before = {r.criterion_id: r for r in earlier.ratings.all()} if earlier else {}
    review.unsaved_ratings = [
        CriterionRating(
            review=review,
            criterion=criterion,
            rating=before[criterion.pk].rating if criterion.pk in before else "",
            reason=before[criterion.pk].reason if criterion.pk in before else "",
        )
        for criterion in assignment.application.criteria_version.criteria.all()
    ]
    return review


def review_to_read(
    assignment: PanelAssignment, *, actor: User, latest: Submission | None = None
) -> Review | None:
    """The panellist's review of the latest submission, for showing, without writing
    anything: the saved one, or, while it is open for their review and none is saved yet,
    the unsaved draft it will start from (as get_or_start_review would create it). Opening
    a review page or GETting the API never writes; the first save does. `latest`: the
    latest submission, when the caller has read it already."""
    application = assignment.application
    with scope(network=application.network_id):
        submission = latest or latest_submission(application)
        if submission is None or actor.pk != assignment.panellist_id:
            return None
        review = Review.objects.filter(assignment=assignment, submission=submission).first()
        if review is not None:
            return review
        if (
            assignment.has_stepped_back
            or assignment.conflict != ConflictDeclaration.NONE
            or application.state != ApplicationState.IN_REVIEW
        ):
            return None
        return _starting_review(assignment, submission)


@transaction.atomic
def get_or_start_review(assignment: PanelAssignment, *, actor: User) -> Review:
    """The panellist's review of the latest submission, created on the first save. A review
    of a resubmission starts from the same panellist's review of the submission before."""
    with scope(network=assignment.application.network_id):
        submission = _check_can_review(assignment, actor)
        review = Review.objects.filter(assignment=assignment, submission=submission).first()
        if review is not None:
            return review
        review = _starting_review(assignment, submission)
        try:
            with transaction.atomic():
                review.save()
        except IntegrityError:
            # Two first saves at once (the page's last save as it reloads, and the next
            # page's): the other one created it.
            return Review.objects.get(assignment=assignment, submission=submission)
        ratings = review.unsaved_ratings
        del review.unsaved_ratings
        for rating in ratings:
            rating.review = review
        CriterionRating.objects.bulk_create(ratings)
        log_action(
            review,
            Action.REVIEW_STARTED,
            actor=actor,
            network=assignment.application.network,
            data={"application": assignment.application_id, "submission": submission.number},
        )
    return review


@transaction.atomic
def save_review(
    review: Review,
    *,
    actor: User,
    ratings: Mapping[int, tuple[str, str]],
    strengths: str,
    improvements: str,
    questions: str,
    submit: bool = False,
) -> Review:
    """Save a review as a draft, or submit it: every criterion rated with a reason.

    `ratings` maps criterion ids to (rating, reason). Once submitted, a review is final."""
    assignment = review.assignment
    with scope(network=assignment.application.network_id):
        submission = _check_can_review(assignment, actor)
        if review.submission_id != submission.pk:
            raise AwardError(_("This review is of an earlier submission."))
        if review.is_submitted:
            raise AwardError(_("You have submitted this review already."))
        rows = {r.criterion_id: r for r in review.ratings.select_related("criterion")}
        if set(ratings) - set(rows):
            raise AwardError(_("A rating names a criterion this application does not have."))
        for criterion_id, (rating, reason) in ratings.items():
            if rating and rating not in Rating.values:
                raise AwardError(_("Choose met, partly met or not yet met."))
            row = rows[criterion_id]
            if (row.rating, row.reason) != (rating, reason):
                row.rating, row.reason = rating, reason
                row.save(update_fields=["rating", "reason"])
        review.strengths, review.improvements, review.questions = (
            strengths,
            improvements,
            questions,
        )
        fields = ["strengths", "improvements", "questions", "updated_at"]
        if submit:
            incomplete = [
                row.criterion.display_title
                for row in rows.values()
                if not row.rating or not row.reason
            ]
            if incomplete:
                raise AwardError(
                    _("Rate every criterion and give a reason before submitting: %(list)s.")
                    % {"list": "; ".join(incomplete)}
                )
            review.submitted_at = timezone.now()
            fields.append("submitted_at")
        review.save(update_fields=fields)
        if submit:
            log_action(
                review,
                Action.REVIEW_SUBMITTED,
                actor=actor,
                network=assignment.application.network,
                data={
                    "application": assignment.application_id,
                    "submission": submission.number,
                },
            )
            # The panel may now decide (rule 1, asked as record_decision asks it): the
            # coordinators hear of it once per submission (the notice's row is unique), so
            # later reviews of a panel that could decide already send nothing.
            if panel_readiness(assignment.application, submission).ok:
                notify_coordinators_later(assignment.application, ReminderKind.PANEL_READY)
    return review
