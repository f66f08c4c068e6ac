"""Award schemes, criteria, applications, evidence, panels, reviews, decisions and awards.

Every model here belongs to one network (the scheme's: a stream, or the local group that runs
the generic scheme) and has a scoped manager, so a query outside that network's scope raises.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.lookups import Exact
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from awards.enums import (
    CONFLICTS,
    OPEN_STATES,
    ApplicationKind,
    ApplicationState,
    AwardState,
    ConflictDeclaration,
    CriterionArea,
    DecisionOutcome,
    MeetingKind,
    Rating,
    ReminderKind,
    SelfAssessment,
    WindowStatus,
)
from sanctuary.enums import NetworkKind
from sanctuary.models import Network
from sanctuary.uploads import private_storage

DEFAULT_REMINDER_DAYS = (90, 30, 7, 0)
MIN_PANEL_SIZE = 2

# Learn, then Embed, then Share: the order people read the criteria in.
# Lookups rather than keyword conditions, so that ordering through a relation can prefix them.
AREA_ORDER = Case(
    When(Exact(F("area"), CriterionArea.LEARN), then=Value(0)),
    When(Exact(F("area"), CriterionArea.EMBED), then=Value(1)),
    default=Value(2),
)


def default_reminder_days() -> list[int]:
    return list(DEFAULT_REMINDER_DAYS)


def validate_reminder_days(value) -> None:
    if not isinstance(value, list) or not all(
        isinstance(day, int) and not isinstance(day, bool) and 0 <= day <= 365 for day in value
    ):
        raise ValidationError(_("Give whole numbers of days from 0 to 365."))
    if len(set(value)) != len(value):
        raise ValidationError(_("Give each number of days once."))


def evidence_path(instance, filename: str) -> str:
    # The stored name says nothing about the person or the file; the original name is a field.
    return f"evidence/{uuid.uuid4().hex}"


def certificate_path(instance, filename: str) -> str:
    # A fresh name for every rendering, so a download never reads a half-written file.
    return f"certificates/{uuid.uuid4().hex}.pdf"


class AwardScheme(models.Model):
    """One Sanctuary Award: a stream's (School of Sanctuary), or a local group's generic one."""

    network = models.ForeignKey(Network, related_name="award_schemes", on_delete=models.PROTECT)
    name = models.CharField(_("award name"), max_length=120)
    summary = models.TextField(_("about the award"), blank=True)
    min_panel_size = models.PositiveSmallIntegerField(
        _("minimum panel size"),
        default=3,
        validators=[MinValueValidator(MIN_PANEL_SIZE)],
        help_text=_(
            "How many panellists must submit a review before a decision. Never fewer than two."
        ),
    )
    # Set by the movement, not by a network: awards are renewed every three years.
    validity_years = models.PositiveSmallIntegerField(
        _("years an award is valid"), default=3, editable=False
    )
    reminder_days = models.JSONField(
        _("reminders before expiry (days)"),
        default=default_reminder_days,
        validators=[validate_reminder_days],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(network="network")

    class Meta:
        ordering = ["name"]
        verbose_name = _("award scheme")
        verbose_name_plural = _("award schemes")
        constraints = [
            models.UniqueConstraint(fields=["network"], name="one_scheme_per_network"),
            models.CheckConstraint(
                condition=Q(min_panel_size__gte=MIN_PANEL_SIZE), name="panel_of_at_least_two"
            ),
            models.CheckConstraint(condition=Q(validity_years__gte=1), name="valid_a_year_or_more"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.network_id and self.network.kind not in {
            NetworkKind.STREAM,
            NetworkKind.LOCAL_GROUP,
        }:
            raise ValidationError(
                {"network": _("A stream network or a local group runs an award scheme.")}
            )

    @property
    def is_generic(self) -> bool:
        return self.network.kind == NetworkKind.LOCAL_GROUP


class CriteriaVersion(models.Model):
    """A numbered set of criteria. Published versions never change; applications keep theirs."""

    scheme = models.ForeignKey(AwardScheme, related_name="versions", on_delete=models.PROTECT)
    number = models.PositiveSmallIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(network="scheme__network")

    class Meta:
        ordering = ["scheme", "-number"]
        verbose_name = _("criteria version")
        verbose_name_plural = _("criteria versions")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="one_version_number"),
            models.UniqueConstraint(
                fields=["scheme"],
                condition=Q(published_at__isnull=True),
                name="one_draft_version_per_scheme",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Criterion(models.Model):
    version = models.ForeignKey(CriteriaVersion, related_name="criteria", on_delete=models.PROTECT)
    area = models.CharField(_("area"), max_length=10, choices=CriterionArea.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("criterion"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True)
    is_minimum = models.BooleanField(_("minimum criterion"), default=False)
    # Met by the organisation's charter pledge rather than by uploaded evidence.
    is_pledge = models.BooleanField(_("met by the charter pledge"), default=False)
    # The same criterion in the version before, so renewals can carry evidence forward.
    previous = models.ForeignKey(
        "self", related_name="+", on_delete=models.PROTECT, null=True, blank=True
    )
    # Its other languages, beside the original, as members' DocumentVersion keeps them:
    # {"cy": {"title": "...", "guidance": "..."}}.
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    objects = ScopedManager(network="version__scheme__network")

    class Meta:
        ordering = [AREA_ORDER, "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.title

    def text_in(self, language: str | None = None) -> tuple[str, str]:
        """Title and guidance in the language asked for (the active one), else the original."""
        translated = self.translations.get(language or translation.get_language() or "", {})
        return (
            translated.get("title") or self.title,
            translated.get("guidance") or self.guidance,
        )

    @property
    def display_title(self) -> str:
        return self.text_in()[0]

    @property
    def display_guidance(self) -> str:
        return self.text_in()[1]


class ApplicationWindow(models.Model):
    """A window or cohort in which applications are taken."""

    scheme = models.ForeignKey(AwardScheme, related_name="windows", on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=120)
    status = models.CharField(
        _("status"), max_length=20, choices=WindowStatus.choices, default=WindowStatus.OPEN
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)

    objects = ScopedManager(network="scheme__network")

    class Meta:
        ordering = ["scheme", "opens_on", "pk"]
        verbose_name = _("application window")
        verbose_name_plural = _("application windows")

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """An organisation's case for one award scheme."""

    network = models.ForeignKey(
        Network, related_name="award_applications", on_delete=models.PROTECT
    )
    scheme = models.ForeignKey(AwardScheme, related_name="applications", on_delete=models.PROTECT)
    criteria_version = models.ForeignKey(
        CriteriaVersion, related_name="applications", on_delete=models.PROTECT
    )
    organisation = models.ForeignKey(
        "members.Organisation", related_name="award_applications", on_delete=models.PROTECT
    )
    lead_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead contact"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    window = models.ForeignKey(
        ApplicationWindow,
        related_name="applications",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ApplicationKind.choices, default=ApplicationKind.NEW
    )
    renews = models.ForeignKey(
        "Award",
        related_name="renewal_applications",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    state = models.CharField(
        _("status"),
        max_length=30,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
        db_index=True,
    )
    action_plan = models.TextField(
        _("action plan"),
        blank=True,
        help_text=_("What you will do next, and by when, to keep welcome growing."),
    )
    action_plan_carried_forward = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    state_changed_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(network="network")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("award application")
        verbose_name_plural = _("award applications")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "scheme"],
                condition=Q(state__in=sorted(OPEN_STATES)),
                name="one_open_application_per_scheme",
            ),
        ]
        indexes = [models.Index(fields=["network", "state"])]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.scheme}"


class Collaborator(models.Model):
    """Another contact of the same organisation who works on the application."""

    application = models.ForeignKey(
        Application, related_name="collaborators", on_delete=models.CASCADE
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    added_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(network="application__network")

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "user"], name="one_collaborator_row"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class CriterionResponse(models.Model):
    """The applicant's self-assessment and narrative evidence for one criterion."""

    application = models.ForeignKey(Application, related_name="responses", on_delete=models.CASCADE)
    criterion = models.ForeignKey(Criterion, related_name="responses", on_delete=models.PROTECT)
    self_assessment = models.CharField(
        _("where you are"),
        max_length=20,
        choices=SelfAssessment.choices,
        default=SelfAssessment.NOT_STARTED,
    )
    narrative = models.TextField(_("what you have done"), blank=True)
    # A renewal's text comes from the previous application until the applicant changes it.
    carried_forward = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(network="application__network")

    class Meta:
        ordering = ["application", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="one_response_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.criterion}"


class EvidenceFile(models.Model):
    """An uploaded file, checked before it was stored. Removal hides it; submissions keep it."""

    response = models.ForeignKey(CriterionResponse, related_name="files", on_delete=models.PROTECT)
    file = models.FileField(upload_to=evidence_path, storage=private_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT, null=True
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    carried_forward = models.BooleanField(default=False)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(network="response__application__network")

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class EvidenceLink(models.Model):
    response = models.ForeignKey(CriterionResponse, related_name="links", on_delete=models.PROTECT)
    url = models.URLField(_("web address"), max_length=500)
    title = models.CharField(_("what it shows"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT, null=True
    )
    added_at = models.DateTimeField(auto_now_add=True)
    carried_forward = models.BooleanField(default=False)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(network="response__application__network")

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.title or self.url


class Submission(models.Model):
    """What the applicant sent, frozen: the panel compares one submission with the one before."""

    application = models.ForeignKey(
        Application, related_name="submissions", on_delete=models.PROTECT
    )
    number = models.PositiveSmallIntegerField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    snapshot = models.JSONField(default=dict)

    objects = ScopedManager(network="application__network")

    class Meta:
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="one_submission_number"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} #{self.number}"


class PanelAssignment(models.Model):
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

    objects = ScopedManager(network="application__network")

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
    def is_recused(self) -> bool:
        return self.conflict in CONFLICTS


class Review(models.Model):
    """One panellist's review of one submission, written alone."""

    assignment = models.ForeignKey(
        PanelAssignment, related_name="reviews", on_delete=models.PROTECT
    )
    submission = models.ForeignKey(Submission, related_name="reviews", on_delete=models.PROTECT)
    strengths = models.TextField(_("strengths"), blank=True)
    improvements = models.TextField(_("areas for improvement"), blank=True)
    questions = models.TextField(_("questions for the applicant"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(network="assignment__application__network")

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


class CriterionRating(models.Model):
    review = models.ForeignKey(Review, related_name="ratings", on_delete=models.CASCADE)
    criterion = models.ForeignKey(Criterion, related_name="+", on_delete=models.PROTECT)
    # Empty while the review is a draft; every criterion is rated before it is submitted.
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = ScopedManager(network="review__assignment__application__network")

    class Meta:
        ordering = ["review", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="one_rating_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.rating}"


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

    objects = ScopedManager(network="application__network")

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class Decision(models.Model):
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

    objects = ScopedManager(network="application__network")

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


class DecisionFinding(models.Model):
    """The panel's agreed rating of one criterion, recorded with the decision."""

    decision = models.ForeignKey(Decision, related_name="findings", on_delete=models.CASCADE)
    criterion = models.ForeignKey(Criterion, related_name="+", on_delete=models.PROTECT)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)

    objects = ScopedManager(network="decision__application__network")

    class Meta:
        ordering = ["decision", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "criterion"], name="one_finding_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.rating}"


class Award(models.Model):
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

    objects = ScopedManager(network="network")

    class Meta:
        ordering = ["-awarded_on", "-pk"]
        verbose_name = _("Sanctuary Award")
        verbose_name_plural = _("Sanctuary Awards")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("awarded_on")), name="expires_after_award"
            ),
        ]
        indexes = [models.Index(fields=["state", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.scheme} – {self.organisation}"


class Reminder(models.Model):
    """One reminder to one person. The row is the claim: the sweep inserts it before sending,
    and the unique constraints below make a second insert fail, so a doubled or retried sweep
    never sends it twice. `sent_at` records the separate sending step: a row claimed but not
    sent (a crash in between) is sent by a later sweep once its claim is stale."""

    network = models.ForeignKey(Network, related_name="reminders", on_delete=models.PROTECT)
    kind = models.CharField(_("reminder"), max_length=30, choices=ReminderKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="reminders", on_delete=models.PROTECT
    )
    award = models.ForeignKey(
        Award, related_name="reminders", on_delete=models.PROTECT, null=True, blank=True
    )
    application = models.ForeignKey(
        Application, related_name="reminders", on_delete=models.PROTECT, null=True, blank=True
    )
    # The award's cycle; for an application, the submission (or decision) it is about.
    cycle = models.PositiveIntegerField(default=1)
    # Days before the date it is about: 90, 30, 7 or 0 before an award expires, say.
    milestone = models.PositiveSmallIntegerField(default=0)
    due_on = models.DateField(_("about the date"))
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)
    language = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(network="network")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["award", "cycle", "milestone", "recipient"],
                condition=Q(award__isnull=False),
                name="one_award_reminder_per_milestone",
            ),
            models.UniqueConstraint(
                fields=["kind", "application", "cycle", "milestone", "recipient"],
                condition=Q(application__isnull=False),
                name="one_application_reminder_per_milestone",
            ),
            models.CheckConstraint(
                condition=Q(award__isnull=False) | Q(application__isnull=False),
                name="reminder_is_about_something",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.milestone}) to {self.recipient_id}"


class ReminderOptOut(models.Model):
    """A person's choice not to receive one kind of non-essential reminder. Their own, in no
    network."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="reminder_opt_outs", on_delete=models.CASCADE
    )
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} opts out of {self.kind}"
