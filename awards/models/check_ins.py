"""Check-ins between awards: at the points its scheme sets (12 and 24 months in, by
default), an awarded organisation says how its action plan is going."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from awards.models.decisions import Award
from sanctuary.models import Network


class CheckIn(models.Model):
    """One check-in of one award: due on a date, submitted once, with the progress on each
    item of the action plan (`progress`: [{"item": ..., "progress": ...}]) and free text."""

    # Set by the coordinators' list (awards.queries.check_ins), not stored.
    is_overdue: bool = False

    network = models.ForeignKey(Network, related_name="award_check_ins", on_delete=models.PROTECT)
    award = models.ForeignKey(Award, related_name="check_ins", on_delete=models.PROTECT)
    months = models.PositiveSmallIntegerField(_("months after the award"))
    due_on = models.DateField(_("due on"))
    progress = models.JSONField(_("progress on the action plan"), default=list, blank=True)
    notes = models.TextField(_("anything else"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(network="network")

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["award", "months"], name="one_check_in_per_point"),
        ]
        indexes = [models.Index(fields=["submitted_at", "due_on"])]

    def __str__(self) -> str:
        return f"Check-in {self.months} months into award {self.award_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None
