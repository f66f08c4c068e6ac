"""Scenes with ambassadors, the Advisory Group and partnership forums, for page walks."""

import datetime

from django.utils import timezone

from members.enums import AmbassadorRole, AmbassadorStatus, PartyKind
from members.models import PartnershipForum
from members.services.lived_experience import (
    invite_next_advisers,
    nominate_to_advisory_group,
    register_ambassador,
    set_ambassador_status,
)
from members.services.partnerships import add_forum_member, create_partnership_forum
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.charter import SignatureFactory, published_charter


def ambassadors_and_advisers(world) -> None:
    """A waiting registration, two approved ambassadors in the Advisory Group, one invited."""
    waiting = UserFactory(full_name="Wendy Waiting")
    register_ambassador(
        waiting, actor=waiting, languages="Arabic", roles_wanted=[AmbassadorRole.MEDIA]
    )
    for name in ("Amal Adviser", "Bisrat Adviser"):
        person = UserFactory(full_name=name)
        ambassador = register_ambassador(
            person,
            actor=person,
            languages="Tigrinya, English",
            roles_wanted=[AmbassadorRole.PANELS, AmbassadorRole.SPEAKING],
        )
        ambassador = set_ambassador_status(ambassador, AmbassadorStatus.APPROVED, actor=world.staff)
        nominate_to_advisory_group(ambassador, actor=world.staff)
    invite_next_advisers(
        actor=world.staff, meeting_date=timezone.localdate() + datetime.timedelta(days=10)
    )


def forum_with_members(world) -> PartnershipForum:
    forum = create_partnership_forum(
        world.network_a,
        actor=world.coordinator_a,
        name="Alphaville Welcome Forum",
        purpose="Housing, schools and health, together.",
    )
    add_forum_member(forum, actor=world.coordinator_a, organisation=world.organisation_a)
    add_forum_member(forum, actor=world.coordinator_a, user=world.member_a, role_title="Member")
    return forum


def supporters(world) -> None:
    charter = published_charter(world)
    bakery = OrganisationFactory(name="Hilltop Bakery")
    SignatureFactory(
        version=charter,
        party_kind=PartyKind.ORGANISATION,
        party_key=f"organisation:{bakery.pk}",
        party_name=bakery.name,
        organisation=bakery,
        network=world.network_a,
    )
