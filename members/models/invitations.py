"""Invitations to a role in a network. A coordinator adds someone by e-mail address; the person
accepts from the e-mail, so the page never tells whether the address has an account, and no
one becomes a panellist (whose lived experience a chair may then see) without agreeing."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from members.enums import Role
from sanctuary.models import Network


class MembershipInvitation(models.Model):
    network = models.ForeignKey(Network, related_name="invitations", on_delete=models.PROTECT)
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # Only a SHA-256 of the link's secret (members.queries.hash_token), issued by the task
    # that sends the e-mail.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="accepted_invitations",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    objects = ScopedManager(network="network")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.get_role_display()} in {self.network_id}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()

    @property
    def is_panellist(self) -> bool:
        return self.role == Role.PANELLIST
