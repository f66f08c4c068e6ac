"""Personal API tokens: a person names one, sees its secret once, and revokes it.

Only a SHA-256 of the secret is stored (members.queries.hash_token), with a short visible
prefix so that people can tell their tokens apart. A token acts as its person, with exactly
their roles, and never more: the API checks the same permissions as the pages.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="api_tokens", on_delete=models.PROTECT
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, such as “Our group’s website”."),
    )
    # The first characters of the secret, shown so people recognise a token; not a secret.
    prefix = models.CharField(_("starts with"), max_length=16)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_token_name_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
