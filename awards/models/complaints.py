"""Concerns about an awarded organisation, raised by anyone, decided by staff."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from awards.enums import OPEN_COMPLAINT_STATES, ComplaintEntryKind, ComplaintState
from awards.models.decisions import Award
from sanctuary.models import Network


class Complaint(models.Model):
    """A concern about an award. The person who raised it needs no account: an e-mail address
    to reply to is enough. Only staff and the organisation's contacts ever read it."""

    network = models.ForeignKey(Network, related_name="award_complaints", on_delete=models.PROTECT)
    award = models.ForeignKey(Award, related_name="complaints", on_delete=models.PROTECT)
    name = models.CharField(_("your name"), max_length=200)
    email = models.EmailField(_("your e-mail address"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT, null=True
    )
    # The language the concern was raised in: replies go out in it.
    language = models.CharField(max_length=10, blank=True)
    body = models.TextField(_("your concern"))
    state = models.CharField(
        _("status"), max_length=20, choices=ComplaintState.choices, default=ComplaintState.RECEIVED
    )
    reason = models.TextField(_("reason for the decision"), blank=True)
    raised_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT, null=True
    )

    objects = ScopedManager(network="network")

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("concern about an award")

    def __str__(self) -> str:
        return f"Concern {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_COMPLAINT_STATES


class ComplaintEntry(models.Model):
    """A staff note, or the organisation's response, on a concern."""

    complaint = models.ForeignKey(Complaint, related_name="entries", on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=20, choices=ComplaintEntryKind.choices)
    body = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    written_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(network="complaint__network")

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_response(self) -> bool:
        return self.kind == ComplaintEntryKind.RESPONSE
