"""Appraisal visits: the dates an applicant offers, the one the chair confirms, and the
panel's notes of the visit."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from awards.enums import VisitMode
from awards.models.applications import Application


class VisitDate(models.Model):
    """A date and time the applicant offers for the appraisal visit. The chair confirms one
    of them, in person (an address) or online (a link)."""

    application = models.ForeignKey(
        Application, related_name="visit_dates", on_delete=models.PROTECT
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT
    )
    offered_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT, null=True
    )
    mode = models.CharField(_("how"), max_length=20, choices=VisitMode.choices, blank=True)
    address = models.TextField(_("address"), blank=True)
    online_link = models.URLField(_("link to join"), max_length=500, blank=True)
    # The calendar file's UID: the same event in every calendar, also when sent again.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    objects = ScopedManager(network="application__network")

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="visit_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(confirmed_at__isnull=False),
                name="one_confirmed_visit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_online(self) -> bool:
        return self.mode == VisitMode.ONLINE


class VisitNote(models.Model):
    """What the panel noted at the visit. For the panel, unless marked for the applicant."""

    visit = models.ForeignKey(VisitDate, related_name="notes", on_delete=models.PROTECT)
    body = models.TextField(_("note"))
    for_applicant = models.BooleanField(
        _("Share this note with the applicant"),
        default=False,
        help_text=_("Otherwise only the panel, coordinators and staff read it."),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    written_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(network="visit__application__network")

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"Visit note {self.pk}"
