"""Organisations joining stream networks, and the coordinators' decisions about them."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from members.enums import Role
from members.models import Organisation, User
from members.queries import roles_in_network
from members.queries.signatures import organisation_has_pledge
from sanctuary.activity import log_action
from sanctuary.enums import NetworkKind
from sanctuary.models import Network
from sanctuary.refusals import Refused
from streams.enums import (
    STREAM_MEMBERSHIP_ACTIONS,
    STREAM_MEMBERSHIP_TRANSITIONS,
    Action,
    StreamMembershipStatus,
)
from streams.models import StreamMembership
from streams.queries import find_local_lead


class StreamMembershipError(Refused):
    """A stream membership change the rules do not allow; the message is for people."""


def _add_to_stream(
    organisation: Organisation,
    stream: Network,
    *,
    actor: User | None,
    status: StreamMembershipStatus,
    seeks_award: bool = True,
) -> StreamMembership:
    local_group = organisation.local_group
    if stream.kind == NetworkKind.LOCAL_STREAM:
        local_group = stream.coordinating_group
    with scope(network=stream):
        membership, created = StreamMembership.objects.get_or_create(
            network=stream,
            organisation=organisation,
            defaults={
                "status": status,
                "seeks_award": seeks_award,
                "local_group": local_group,
                "local_lead": find_local_lead(stream.parent or stream, local_group),
                "organisation_name": organisation.name,
            },
        )
    if created:
        log_action(
            membership,
            Action.MEMBERSHIP_JOINED,
            actor=actor,
            network=stream,
            data={
                "organisation": organisation.pk,
                "status": str(status),
                "seeks_award": seeks_award,
            },
        )
    return membership


@transaction.atomic
def join_stream(
    organisation: Organisation,
    stream: Network,
    *,
    actor: User | None,
    status: StreamMembershipStatus = StreamMembershipStatus.PENDING,
    seeks_award: bool = True,
) -> StreamMembership:
    """An organisation with its pledge signed joins a stream network; the stream's
    coordinators then approve it or pass it to a local stream network. It joins working
    towards the stream's award, or (`seeks_award=False`) as a member without seeking one.

    The membership is linked to the local group for the organisation's area, and to a local
    lead there when one exists. Joining again returns the membership it has.
    """
    if not stream.is_stream:
        raise StreamMembershipError(_("Organisations join stream networks, not local groups."))
    with scope(network=stream):
        existing = StreamMembership.objects.filter(
            network=stream, organisation=organisation
        ).first()
    if existing is not None:
        return existing
    if not organisation_has_pledge(organisation):
        raise StreamMembershipError(
            _(
                "%(organisation)s needs to sign the current charter (its pledge) before it "
                "joins a stream."
            )
            % {"organisation": organisation.name}
        )
    return _add_to_stream(organisation, stream, actor=actor, status=status, seeks_award=seeks_award)


@transaction.atomic
def set_stream_membership_state(
    membership: StreamMembership,
    new_status: StreamMembershipStatus | str,
    *,
    actor: User,
    routed_to: Network | None = None,
) -> StreamMembership:
    """A stream's coordinator approves an organisation, or passes it to one of the stream's
    local networks, where it waits for that network's coordinators."""
    stream = membership.network
    with scope(network=stream):
        membership = (
            # Lock the membership's row only: the local group is on the nullable side of a join.
            StreamMembership.objects.select_for_update(of=("self",))
            .select_related("organisation", "organisation__local_group", "network")
            .get(pk=membership.pk)
        )
        roles = roles_in_network(actor, stream)
    if not (actor.is_staff or Role.COORDINATOR in roles):
        raise StreamMembershipError(_("Only the stream's coordinators decide about members."))
    old_status = membership.status
    if new_status not in STREAM_MEMBERSHIP_TRANSITIONS[old_status]:
        raise StreamMembershipError(
            _("%(organisation)s is “%(status)s” already: nothing to decide.")
            % {
                "organisation": membership.organisation.name,
                "status": StreamMembershipStatus(old_status).label,
            }
        )
    update_fields = ["status", "decided_at"]
    data = {
        "organisation": membership.organisation_id,
        "status": {"old": old_status, "new": str(new_status)},
    }
    if new_status == StreamMembershipStatus.ROUTED:
        if routed_to is None or routed_to.parent_id != stream.pk:
            raise StreamMembershipError(_("Choose one of this stream's local networks."))
        membership.routed_to = routed_to
        update_fields.append("routed_to")
        data["routed_to"] = routed_to.pk
    membership.status = new_status
    membership.decided_at = timezone.now()
    membership.save(update_fields=update_fields)
    log_action(
        membership, STREAM_MEMBERSHIP_ACTIONS[new_status], actor=actor, network=stream, data=data
    )
    if new_status == StreamMembershipStatus.ROUTED and routed_to is not None:
        _add_to_stream(
            membership.organisation,
            routed_to,
            actor=actor,
            status=StreamMembershipStatus.PENDING,
        )
    return membership
