"""Organisations' membership of stream networks, and the local leads who support them."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from sanctuary.choices import ChoiceLabels
from sanctuary.models import Network
from streams.enums import AWAITING_COORDINATOR, StreamMembershipStatus


def waiting_first() -> models.Case:
    """0 for a membership waiting for the stream's coordinators, 1 for the rest: a stream's
    list of organisations shows the waiting ones first (ordered by this, then by name)."""
    return models.Case(
        models.When(status__in=sorted(AWAITING_COORDINATOR), then=models.Value(0)),
        default=models.Value(1),
        output_field=models.IntegerField(),
    )


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
    # The organisation's name, kept here so that a stream's list, waiting ones first and then
    # by name, is read along one index a page at a time rather than sorted from every member
    # joined to their organisations. Set on joining (streams.services); a rename (the estate
    # import, the admin) renews it. Pages show the organisation's own name, never this copy.
    organisation_name = models.CharField(max_length=200, default="", editable=False)

    objects: ClassVar[models.Manager["StreamMembership"]] = ScopedManager(network="network")

    class Meta:
        ordering = ["organisation_name", "id"]
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
            # A stream's organisations in the order its list shows them (network_organisations).
            models.Index(
                models.F("network"),
                waiting_first(),
                models.F("organisation_name"),
                models.F("id"),
                name="stream_members_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.network}"

    @property
    def is_pending(self) -> bool:
        """Waiting for the stream's coordinators to approve or route it."""
        return self.status in AWAITING_COORDINATOR
