"""Applications, their responses and evidence, collaborators and submissions."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from awards.enums import (
    CLOSED_STATES,
    DECIDED_STATES,
    EDITABLE_STATES,
    OPEN_STATES,
    ApplicationKind,
    ApplicationState,
    SelfAssessment,
)
from awards.models.schemes import ApplicationWindow, AwardScheme, CriteriaVersion, Criterion
from sanctuary.choices import ChoiceLabels
from sanctuary.models import Network
from sanctuary.uploads import private_storage


def evidence_path(instance, filename: str) -> str:
    # The stored name says nothing about the person or the file; the original name is a field.
    return f"evidence/{uuid.uuid4().hex}"


class Application(ChoiceLabels, models.Model):
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
    # What the applicant writes is in this language: pages mark it with its own `lang`, and
    # panellists read "Written in Welsh" (and can ask for a machine translation).
    language = models.CharField(
        _("language of the application"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language you write your evidence in."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    state_changed_at = models.DateTimeField(default=timezone.now)
    # When someone last changed the evidence, the action plan, the language or the
    # collaborators (the services note it); empty before anyone did. A draft changed after
    # its idle nudge is kept (awards/services/retention.py).
    edited_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager["Application"]] = ScopedManager(network="network")

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
        indexes = [
            models.Index(fields=["network", "state"]),
            # The network's list of applications, most recently changed first, a keyset page
            # at a time (awards.queries.applications.pipeline, sanctuary.keyset).
            models.Index(
                fields=["network", "state_changed_at", "id"], name="application_pipeline_idx"
            ),
            # The staff's lists across the movement, longest in their state first
            # (awards.views.movement): read in order, one page's rows and no further.
            models.Index(fields=["state_changed_at", "id"], name="application_since_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.scheme}"

    # What templates ask about the state, so they never compare choice strings.
    @property
    def is_draft(self) -> bool:
        return self.state == ApplicationState.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.state == ApplicationState.SUBMITTED

    @property
    def is_resubmitted(self) -> bool:
        return self.state == ApplicationState.RESUBMITTED

    @property
    def is_in_review(self) -> bool:
        return self.state == ApplicationState.IN_REVIEW

    @property
    def is_more_evidence_requested(self) -> bool:
        return self.state == ApplicationState.MORE_EVIDENCE_REQUESTED

    @property
    def is_withdrawn(self) -> bool:
        return self.state == ApplicationState.WITHDRAWN

    @property
    def is_editable(self) -> bool:
        """The applicant may change the evidence (a draft, or more evidence asked for)."""
        return self.state in EDITABLE_STATES

    @property
    def is_decided(self) -> bool:
        return self.state in DECIDED_STATES

    @property
    def is_closed(self) -> bool:
        """Decided or withdrawn: nothing more happens to it."""
        return self.state in CLOSED_STATES

    @property
    def is_renewal(self) -> bool:
        return self.kind == ApplicationKind.RENEWAL


class Collaborator(models.Model):
    """Another contact of the same organisation who works on the application."""

    application = models.ForeignKey(
        Application, related_name="collaborators", on_delete=models.CASCADE
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    added_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager["Collaborator"]] = ScopedManager(
        network="application__network"
    )

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "user"], name="one_collaborator_row"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class CriterionResponse(ChoiceLabels, models.Model):
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
    # The applicant marks content that may distress: panellists see a warning and choose to
    # open it.
    content_note = models.BooleanField(
        _("Contains distressing content"),
        default=False,
        help_text=_("Panellists see a warning first and choose whether to open it."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager["CriterionResponse"]] = ScopedManager(
        network="application__network"
    )
    # The files and links not removed, set by awards.queries.applications.responses_with_evidence().
    active_files: list["EvidenceFile"]
    active_links: list["EvidenceLink"]

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
    # The applicant marks content that may distress: panellists see a warning and choose to
    # open it.
    content_note = models.BooleanField(
        _("Contains distressing content"),
        default=False,
        help_text=_("Panellists see a warning first and choose whether to open it."),
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager["EvidenceFile"]] = ScopedManager(
        network="response__application__network"
    )

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
    # The applicant marks content that may distress: panellists see a warning and choose to
    # open it.
    content_note = models.BooleanField(
        _("Contains distressing content"),
        default=False,
        help_text=_("Panellists see a warning first and choose whether to open it."),
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager["EvidenceLink"]] = ScopedManager(
        network="response__application__network"
    )

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

    objects: ClassVar[models.Manager["Submission"]] = ScopedManager(network="application__network")

    class Meta:
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="one_submission_number"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} #{self.number}"
