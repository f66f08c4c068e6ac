"""Organisations' membership of stream networks, and the local leads who support them."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from sanctuary.choices import ChoiceLabels
from sanctuary.models import Network
from streams.enums import AWAITING_COORDINATOR, StreamMembershipStatus


class StreamMembership(ChoiceLabels, models.Model):
    """An organisation in a stream (a school in Schools of Sanctuary). Owned by the stream."""

    network = models.ForeignKey(
        Network, related_name="stream_memberships", on_delete=models.PROTECT
    )
    organisation = models.ForeignKey(
        "members.Organisation", related_name="stream_memberships", on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=StreamMembershipStatus.choices,
        default=StreamMembershipStatus.PENDING,
    )
    # Where the organisation sits, found when it joins: the local group for its area, a local
    # lead there, and the local stream network a coordinator passed it to.
    local_group = models.ForeignKey(
        Network,
        verbose_name=_("local group"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    routed_to = models.ForeignKey(
        Network,
        verbose_name=_("passed to"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # Some join to work towards a Sanctuary Award; others (a council in the Local Authority
    # network, say) join as members without seeking one, at least for now.
    seeks_award = models.BooleanField(_("working towards a Sanctuary Award"), default=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    local_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("local lead"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager["StreamMembership"]] = ScopedManager(network="network")

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("stream membership")
        verbose_name_plural = _("stream memberships")
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="one_stream_row"),
        ]
        indexes = [
            # Those waiting to join, oldest first, a page at a time (streams.work: the staff's
            # list across the movement reads one page's rows in order and no further).
            models.Index(
                fields=["joined_at", "id"],
                condition=models.Q(status__in=sorted(AWAITING_COORDINATOR)),
                name="stream_joining_idx",
            ),
            # Those waiting in some networks (a coordinator's work list and dashboard): read
            # from their networks' rows, not from every stream's waiting.
            models.Index(
                fields=["network", "joined_at", "id"],
                condition=models.Q(status__in=sorted(AWAITING_COORDINATOR)),
                name="stream_joining_network_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.network}"

    @property
    def is_pending(self) -> bool:
        """Waiting for the stream's coordinators to approve or route it."""
        return self.status in AWAITING_COORDINATOR
