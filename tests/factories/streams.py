"""Stream membership scenes for page walks."""

from members.enums import PartyKind
from sanctuary.enums import NetworkKind
from streams.enums import StreamMembershipStatus
from tests.factories import NetworkFactory, OrganisationFactory, StreamMembershipFactory
from tests.factories.charter import SignatureFactory, published_charter


def organisations_waiting(world):
    """The world's stream with a local network and a school waiting for a decision; the
    world's own school has its pledge."""
    charter = published_charter(world)
    SignatureFactory(
        version=charter,
        party_kind=PartyKind.ORGANISATION,
        party_key=f"organisation:{world.organisation_a.pk}",
        party_name=world.organisation_a.name,
        organisation=world.organisation_a,
        email=world.contact_a.email,
    )
    NetworkFactory(
        name="Alphaville Schools of Sanctuary",
        slug="alphaville-schools",
        kind=NetworkKind.LOCAL_STREAM,
        parent=world.stream,
        coordinating_group=world.network_a,
        area_type="",
    )
    return StreamMembershipFactory(
        network=world.stream,
        organisation=OrganisationFactory(name="Gamma Primary", local_group=world.network_a),
        local_group=world.network_a,
        status=StreamMembershipStatus.PENDING,
    )
