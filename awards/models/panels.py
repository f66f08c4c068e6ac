"""A panellist's seat on an application's panel."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from awards.enums import (
    CONFLICTS,
    ConflictDeclaration,
)
from awards.models.applications import Application
from sanctuary.choices import ChoiceLabels


class PanelAssignment(ChoiceLabels, models.Model):
    """A panellist on an application's panel, with their conflict-of-interest declaration."""

    application = models.ForeignKey(Application, related_name="panel", on_delete=models.PROTECT)
    panellist = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="panel_assignments", on_delete=models.PROTECT
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT, null=True
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    conflict = models.CharField(
        _("conflict of interest"),
        max_length=30,
        choices=ConflictDeclaration.choices,
        default=ConflictDeclaration.NOT_DECLARED,
    )
    # For the coordinators and staff only; never shown to the applicant.
    conflict_note = models.TextField(_("anything the coordinator should know"), blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    show_name_to_applicant = models.BooleanField(
        _("Show my name to the applicant"),
        default=False,
        help_text=_("Applicants see the names only of panellists who choose this."),
    )
    # A panellist may step back without a reason. The seat then no longer counts (rule 1),
    # and the chair only learns that a seat is free.
    stepped_back_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager["PanelAssignment"]] = ScopedManager(
        network="application__network"
    )

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "panellist"], name="one_seat_per_panellist"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.panellist} on {self.application_id}"

    @property
    def name_for_applicant(self) -> str | None:
        """The one rule for what an applicant reads of a panellist (DESIGN.md rule 5): their
        name if they chose to show it, else nothing."""
        return self.panellist.get_full_name() if self.show_name_to_applicant else None

    @property
    def has_stepped_back(self) -> bool:
        return self.stepped_back_at is not None

    @property
    def counts_for_panel(self) -> bool:
        """Declared no conflict and still on the panel: only such seats count (rule 1)."""
        return self.conflict == ConflictDeclaration.NONE and self.stepped_back_at is None

    @property
    def is_recused(self) -> bool:
        return self.conflict in CONFLICTS

    @property
    def is_declared(self) -> bool:
        """The panellist has said whether they have a conflict of interest."""
        return self.conflict != ConflictDeclaration.NOT_DECLARED

    @property
    def has_no_conflict(self) -> bool:
        return self.conflict == ConflictDeclaration.NONE
