"""Reminders sent, and the reminders people chose not to receive."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from awards.enums import ReminderKind
from awards.models.applications import Application
from awards.models.check_ins import CheckIn
from awards.models.decisions import Award
from sanctuary.models import Network


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
    # A check-in's reminder names its award too (for the e-mail), and is one per check-in.
    check_in = models.ForeignKey(
        CheckIn, related_name="reminders", on_delete=models.PROTECT, null=True, blank=True
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
    # A refusal for good, an undeliverable address or the end of the retries: never sent.
    given_up_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=500, blank=True)
    # A milestone that had passed before the award came onto the platform (an imported
    # award): the row claims it, so the sweep never sends it, and nobody is shown it as sent.
    skipped = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager["Reminder"]] = ScopedManager(network="network")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["award", "cycle", "milestone", "recipient"],
                condition=Q(award__isnull=False, check_in__isnull=True),
                name="one_award_reminder_per_milestone",
            ),
            models.UniqueConstraint(
                fields=["check_in", "milestone", "recipient"],
                condition=Q(check_in__isnull=False),
                name="one_check_in_reminder_per_milestone",
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


class DigestChoice(models.Model):
    """A coordinator's choice of one e-mail a day, listing everything waiting in their
    networks, instead of an e-mail about each application. Their own, in no network."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, related_name="digest_choice", on_delete=models.CASCADE
    )
    chosen_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id} chose the daily digest"


class DailyDigest(models.Model):
    """One person's digest for one day. Like a Reminder, the row is the claim: inserted before
    sending, unique per person and day, so a beat that runs twice sends it once; a claim left
    by a crash is taken again once it is stale. `items` says how many things it listed (0:
    nothing waited, so nothing was sent)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="daily_digests", on_delete=models.PROTECT
    )
    day = models.DateField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    items = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["-day", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="one_digest_per_day"),
        ]

    def __str__(self) -> str:
        return f"Digest of {self.day} to {self.recipient_id}"
