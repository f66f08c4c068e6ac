"""Scenes of organisations and people getting in: registrations, requests and invitations
waiting, in network A and in network B (whose rows must never show on A's pages)."""

from dataclasses import dataclass

from django_scopes import scopes_disabled

from members.enums import OrganisationKind
from members.services.movement import invite_coordinator
from members.services.networks import join_network
from members.services.organisations import (
    invite_contact,
    issue_invitation_token,
    register_organisation,
    request_to_act_for,
)
from tests.factories import UserFactory


@dataclass
class Waiting:
    organisation_a: object
    organisation_b: object
    contact_request_a: object
    contact_request_b: object
    join_request_a: object
    join_request_b: object


def waiting_work(world) -> Waiting:
    """In each network: a school waiting for approval, someone asking to act for the
    network's school, and someone asking to join. Made once per world."""
    cached = getattr(world, "_waiting", None)
    if cached is not None:
        return cached
    head_a = UserFactory(full_name="Hana Head", email="hana@example.org")
    head_b = UserFactory(full_name="Boris Secrethead", email="boris@example.org")
    organisation_a = register_organisation(
        actor=head_a,
        name="Alpha Valley Academy",
        kind=OrganisationKind.SCHOOL,
        postcode="AL1 1AA",
        local_group=world.network_a,
        role_title="Head teacher",
    )
    organisation_b = register_organisation(
        actor=head_b,
        name="Beta Hidden Academy",
        kind=OrganisationKind.SCHOOL,
        postcode="BE1 1BB",
        local_group=world.network_b,
    )
    asker_a = UserFactory(full_name="Asha Asker", email="asha@example.org")
    asker_b = UserFactory(full_name="Bea Secretasker", email="bea@example.org")
    contact_request_a = request_to_act_for(world.organisation_a, actor=asker_a)
    contact_request_b = request_to_act_for(world.organisation_b, actor=asker_b)
    joiner_a = UserFactory(full_name="Jo Joiner", email="jo@example.org")
    joiner_b = UserFactory(full_name="Bo Secretjoiner", email="bo@example.org")
    join_network(world.network_a, actor=joiner_a, message="I would love to help.")
    join_network(world.network_b, actor=joiner_b)
    with scopes_disabled():
        join_request_a = joiner_a.join_requests.get()
        join_request_b = joiner_b.join_requests.get()
    world._waiting = Waiting(
        organisation_a,
        organisation_b,
        contact_request_a,
        contact_request_b,
        join_request_a,
        join_request_b,
    )
    return world._waiting


# Names of network B's waiting people and organisations: never on network A's pages.
WAITING_LEAKS = ["Beta Hidden Academy", "Boris Secrethead", "Bea Secretasker", "Bo Secretjoiner"]


def contact_invitation_token(world) -> str:
    """A working link for a colleague of the world's school."""
    invitation = invite_contact(
        world.organisation_a, actor=world.contact_a, email="colleague@example.org"
    )
    return issue_invitation_token(invitation)


def coordinator_invitation_token(world) -> str:
    """A working link to coordinate network A."""
    with scopes_disabled():
        invitation = invite_coordinator(
            world.network_a, actor=world.staff, email="new.coordinator@example.org"
        )
        return issue_invitation_token(invitation)
