from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StreamMembershipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the coordinator")
    ACTIVE = "active", pgettext_lazy("stream membership status", "Member")
    ROUTED = "routed", _("Passed to a local network")
    LEFT = "left", pgettext_lazy("stream membership status", "Left the stream")


# Memberships a coordinator still has to approve or route.
AWAITING_COORDINATOR = frozenset({StreamMembershipStatus.PENDING})
# An organisation counts as in a stream in these states.
IN_STREAM = frozenset(
    {StreamMembershipStatus.PENDING, StreamMembershipStatus.ACTIVE, StreamMembershipStatus.ROUTED}
)
# The moves a stream's coordinators make. set_stream_membership_state() refuses any other.
STREAM_MEMBERSHIP_TRANSITIONS: dict[str, frozenset[str]] = {
    StreamMembershipStatus.PENDING: frozenset(
        {StreamMembershipStatus.ACTIVE, StreamMembershipStatus.ROUTED}
    ),
    StreamMembershipStatus.ACTIVE: frozenset(),
    StreamMembershipStatus.ROUTED: frozenset(),
    StreamMembershipStatus.LEFT: frozenset(),
}


class Action(models.TextChoices):
    """Dotted names of the activity log entries streams writes, and their words."""

    MEMBERSHIP_JOINED = "streams.membership.joined", _("Organisation joined the stream")
    MEMBERSHIP_APPROVED = (
        "streams.membership.approved",
        _("Organisation approved as a stream member"),
    )
    MEMBERSHIP_ROUTED = "streams.membership.routed", _("Organisation passed to a local network")


# The log entry of each coordinator's decision (set_stream_membership_state()).
# Keyed by the status's value: callers pass the member or its str.
STREAM_MEMBERSHIP_ACTIONS: dict[str, Action] = {
    StreamMembershipStatus.ACTIVE: Action.MEMBERSHIP_APPROVED,
    StreamMembershipStatus.ROUTED: Action.MEMBERSHIP_ROUTED,
}
