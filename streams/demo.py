"""Invented demo data for the streams: the demo organisations join their streams.

Runs after members/demo.py, which creates the networks, the organisations and their pledges;
seed_demo (awards/management/commands/) calls each app's demo in the order of the layers.
Running it again changes nothing: joining again returns the membership that exists.
"""

from django.db import transaction

from members.demo import ORGANISATIONS
from members.models import Organisation
from sanctuary.models import Network
from streams.enums import StreamMembershipStatus
from streams.services import join_stream

# A school that pledged and asks to join: the stream's coordinator has it waiting.
SCHOOL_WAITING_TO_JOIN = ("brookfield-primary", "schools")


@transaction.atomic
def seed_streams_demo() -> None:
    """Organisations join their streams with their pledge signed, and one school waits."""
    networks = {network.slug: network for network in Network.objects.all()}
    organisations = {
        organisation.slug: organisation
        for organisation in Organisation.objects.filter(
            slug__in=[slug for slug, *_rest in ORGANISATIONS] + [SCHOOL_WAITING_TO_JOIN[0]]
        )
    }
    for slug, _name, _kind, _town, _group, streams in ORGANISATIONS:
        for stream in streams:
            join_stream(
                organisations[slug],
                networks[stream],
                actor=None,
                status=StreamMembershipStatus.ACTIVE,
            )
    school, stream = SCHOOL_WAITING_TO_JOIN
    join_stream(organisations[school], networks[stream], actor=None)
