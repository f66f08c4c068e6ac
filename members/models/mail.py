"""Mail that cannot block (DESIGN.md rule 10): the addresses no mail goes to any more, and one
row per e-mail of a notification to one address, claimed before it is sent."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.enums import UndeliverableReason


class UndeliverableAddress(models.Model):
    """An address that a mail server refused for good, or that bounced or complained (the
    provider's webhook). Nothing is sent to it again until staff clear it. Not in any network:
    an address is refused for everyone."""

    email = models.EmailField(_("e-mail address"), unique=True)
    reason = models.CharField(_("reason"), max_length=20, choices=UndeliverableReason.choices)
    # What the server or the provider said, for staff to judge (trimmed).
    detail = models.CharField(_("what the server said"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("undeliverable address")
        verbose_name_plural = _("undeliverable addresses")

    def __str__(self) -> str:
        return f"{self.email} ({self.reason})"


class MailDelivery(models.Model):
    """One e-mail of one notification (`key`, such as an activity log entry's) to one address.
    The row is the claim: it is inserted, then taken by a conditional UPDATE before sending,
    so a retried or doubled task never sends it twice; `sent_at` marks it done and
    `given_up_at` marks a refusal or the end of the retries."""

    key = models.CharField(max_length=120)
    email = models.EmailField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    given_up_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key", "email"], name="one_delivery_per_address"),
        ]

    def __str__(self) -> str:
        return f"{self.key} to {self.email}"
