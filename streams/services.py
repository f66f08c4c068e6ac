from django.db import transaction
from django_scopes import scope

from members.models import Organisation
from sanctuary.activity import log_action
from sanctuary.models import Network
from streams.enums import StreamMembershipStatus
from streams.models import StreamMembership


@transaction.atomic
def join_stream(
    organisation: Organisation,
    stream: Network,
    *,
    actor,
    status: StreamMembershipStatus = StreamMembershipStatus.PENDING,
) -> StreamMembership:
    """An organisation joins a stream network; the stream's coordinators then approve it."""
    with scope(network=stream):
        membership, created = StreamMembership.objects.get_or_create(
            network=stream, organisation=organisation, defaults={"status": status}
        )
    if created:
        log_action(
            membership,
            "streams.membership.joined",
            actor=actor,
            network=stream,
            data={"organisation": organisation.pk, "status": str(status)},
        )
    return membership
