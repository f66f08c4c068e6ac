"""Reviews and their ratings of each criterion."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from awards.enums import Rating
from awards.models.applications import Submission
from awards.models.panels import PanelAssignment
from awards.models.schemes import Criterion
from sanctuary.choices import ChoiceLabels


class Review(ChoiceLabels, models.Model):
    """One panellist's review of one submission, written alone."""

    # Ratings of a draft that is shown before its first save (services.reviews.review_to_read):
    # kept on the object, written with the review when the panellist first saves.
    unsaved_ratings: list["CriterionRating"]

    assignment = models.ForeignKey(
        PanelAssignment, related_name="reviews", on_delete=models.PROTECT
    )
    submission = models.ForeignKey(Submission, related_name="reviews", on_delete=models.PROTECT)
    strengths = models.TextField(_("strengths"), blank=True)
    improvements = models.TextField(_("areas for improvement"), blank=True)
    questions = models.TextField(_("questions for the applicant"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager["Review"]] = ScopedManager(
        network="assignment__application__network"
    )

    class Meta:
        ordering = ["submission", "assignment"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "submission"], name="one_review_per_submission"
            ),
        ]

    def __str__(self) -> str:
        return f"Review {self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def rating_rows(self):
        """Its ratings; for a draft not saved yet (see services.reviews.review_to_read), the
        unsaved ones it starts from."""
        if self.pk is None:
            return getattr(self, "unsaved_ratings", [])
        return self.ratings.all()


class CriterionRating(ChoiceLabels, models.Model):
    review = models.ForeignKey(Review, related_name="ratings", on_delete=models.CASCADE)
    criterion = models.ForeignKey(Criterion, related_name="+", on_delete=models.PROTECT)
    # Empty while the review is a draft; every criterion is rated before it is submitted.
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects: ClassVar[models.Manager["CriterionRating"]] = ScopedManager(
        network="review__assignment__application__network"
    )

    class Meta:
        ordering = ["review", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="one_rating_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.rating}"
