"""Consent records: when a person agreed to something, and to which version of the words."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.enums import ConsentKind


class Consent(models.Model):
    """One agreement, kept as history: to be listed publicly as a signatory, or to receive
    e-mail from the platform. `text_version` names the privacy notice the person was shown
    (members.enums.PRIVACY_NOTICE_VERSION). Withdrawing keeps the row and dates it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="consents",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    email = models.EmailField(_("e-mail address"))
    kind = models.CharField(_("consent to"), max_length=20, choices=ConsentKind.choices)
    text_version = models.CharField(_("version of the words"), max_length=20)
    given_at = models.DateTimeField(_("agreed"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.kind} ({self.text_version})"
