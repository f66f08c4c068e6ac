"""Visits and meetings, the panel's decision and its findings, and the award it issues."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from awards.enums import (
    CURRENT_AWARD_STATES,
    AwardState,
    DecisionOutcome,
    MeetingKind,
    Rating,
)
from awards.models.applications import Application, Submission
from awards.models.schemes import AwardScheme, Criterion
from sanctuary.choices import ChoiceLabels
from sanctuary.models import Network
from sanctuary.uploads import private_storage


def certificate_path(instance, filename: str) -> str:
    # A fresh name for every rendering, so a download never reads a half-written file.
    return f"certificates/{uuid.uuid4().hex}.pdf"


class PanelMeeting(models.Model):
    """A visit to the organisation or a meeting of the panel, recorded before the decision."""

    application = models.ForeignKey(Application, related_name="meetings", on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices)
    held_on = models.DateField(_("date"))
    # Internal: for the panel, coordinators and staff.
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager["PanelMeeting"]] = ScopedManager(
        network="application__network"
    )

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class Decision(ChoiceLabels, models.Model):
    """The panel's one decision on a submission, with the appraisal report for the applicant."""

    application = models.ForeignKey(Application, related_name="decisions", on_delete=models.PROTECT)
    submission = models.OneToOneField(Submission, related_name="decision", on_delete=models.PROTECT)
    outcome = models.CharField(_("decision"), max_length=20, choices=DecisionOutcome.choices)
    decided_on = models.DateField(_("date of the decision"))
    appraisal_report = models.TextField(_("appraisal report for the applicant"))
    evidence_requested = models.TextField(_("what more evidence is needed"), blank=True)
    evidence_due_on = models.DateField(_("needed by"), null=True, blank=True)
    # For the panel, coordinators and staff; never shown to the applicant.
    internal_notes = models.TextField(_("internal notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager["Decision"]] = ScopedManager(network="application__network")

    class Meta:
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome=DecisionOutcome.MORE_EVIDENCE)
                | (Q(evidence_due_on__isnull=False) & ~Q(evidence_requested="")),
                name="more_evidence_says_what_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.decided_on})"

    @property
    def is_award(self) -> bool:
        return self.outcome == DecisionOutcome.AWARDED

    @property
    def asks_for_more_evidence(self) -> bool:
        return self.outcome == DecisionOutcome.MORE_EVIDENCE


class DecisionFinding(models.Model):
    """The panel's agreed rating of one criterion, recorded with the decision."""

    decision = models.ForeignKey(Decision, related_name="findings", on_delete=models.CASCADE)
    criterion = models.ForeignKey(Criterion, related_name="+", on_delete=models.PROTECT)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)

    objects: ClassVar[models.Manager["DecisionFinding"]] = ScopedManager(
        network="decision__application__network"
    )

    class Meta:
        ordering = ["decision", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "criterion"], name="one_finding_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.rating}"


class Award(ChoiceLabels, models.Model):
    """A Sanctuary Award, valid for three years from the decision."""

    network = models.ForeignKey(Network, related_name="awards", on_delete=models.PROTECT)
    scheme = models.ForeignKey(AwardScheme, related_name="awards", on_delete=models.PROTECT)
    organisation = models.ForeignKey(
        "members.Organisation", related_name="sanctuary_awards", on_delete=models.PROTECT
    )
    application = models.OneToOneField(Application, related_name="award", on_delete=models.PROTECT)
    decision = models.OneToOneField(Decision, related_name="award", on_delete=models.PROTECT)
    awarded_on = models.DateField(_("awarded on"))
    expires_on = models.DateField(_("valid until"))
    state = models.CharField(
        _("status"), max_length=20, choices=AwardState.choices, default=AwardState.ACTIVE
    )
    state_changed_at = models.DateTimeField(default=timezone.now)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # The first award is cycle 1; each renewal is a new award with the next cycle. Reminders
    # are unique per award, cycle and milestone (DESIGN.md rule 3).
    cycle = models.PositiveSmallIntegerField(_("award cycle"), default=1, editable=False)
    # Given once, when the award is issued (or, for awards issued before certificates, at
    # their first rendering), and never changed: re-rendering keeps it.
    certificate_number = models.CharField(
        _("certificate number"), max_length=20, unique=True, null=True, editable=False
    )
    certificate_file = models.FileField(
        upload_to=certificate_path, storage=private_storage, max_length=200, blank=True
    )
    certificate_language = models.CharField(max_length=10, blank=True)
    certificate_rendered_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager["Award"]] = ScopedManager(network="network")

    class Meta:
        ordering = ["-awarded_on", "-pk"]
        verbose_name = _("Sanctuary Award")
        verbose_name_plural = _("Sanctuary Awards")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("awarded_on")), name="expires_after_award"
            ),
            # Imported numbers are kept as given, in any case; verification reads them in
            # upper case, so no two may differ only in case.
            models.UniqueConstraint(
                Upper("certificate_number"), name="certificate_number_unique_in_any_case"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "expires_on"]),
            # The staff's list of awards across the movement, soonest to expire first
            # (awards.views.movement): read in order, one page's rows and no further.
            models.Index(fields=["expires_on", "id"], name="award_expires_idx"),
            # Every list of awards newest first (the staff's API, the public list, a
            # network's welcomed): read backwards, one page's rows and no further.
            models.Index(fields=["awarded_on", "id"], name="award_awarded_idx"),
            # A network's own awards newest first (its public page's welcomed).
            models.Index(fields=["network", "awarded_on", "id"], name="award_network_awarded_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} – {self.organisation}"

    @property
    def is_active(self) -> bool:
        return self.state == AwardState.ACTIVE

    @property
    def is_current(self) -> bool:
        """Held now: active, or due for renewal."""
        return self.state in CURRENT_AWARD_STATES

    @property
    def invites_renewal(self) -> bool:
        """Due for renewal, or lapsed: its holder is asked to start the renewal now."""
        return self.state in {AwardState.RENEWAL_DUE, AwardState.LAPSED}

    @property
    def is_withdrawn(self) -> bool:
        return self.state == AwardState.WITHDRAWN

    @property
    def is_suspended(self) -> bool:
        return self.state == AwardState.SUSPENDED
