"""Every list page answers in a number of queries that does not grow with its rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from members.enums import OrganisationKind, Role
from members.services.networks import join_network
from members.services.organisations import (
    invite_contact,
    register_organisation,
    request_to_act_for,
)
from sanctuary.activity import log_action
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    StreamMembershipFactory,
    UserFactory,
)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_directory_query_count_is_constant(world, client):
    url = reverse("members:network_directory")
    few = count_queries(client, url)
    NetworkFactory.create_batch(5)
    assert count_queries(client, url) == few


def test_member_list_query_count_is_constant(world, client):
    client.force_login(world.coordinator_a)
    url = reverse("members:network_members", args=[world.network_a.slug])
    few = count_queries(client, url)
    MembershipFactory.create_batch(5, network=world.network_a, role=Role.MEMBER)
    assert count_queries(client, url) == few


def test_activity_query_count_is_constant(world, client):
    client.force_login(world.coordinator_a)
    url = reverse("members:network_activity", args=[world.network_a.slug])
    few = count_queries(client, url)
    with scopes_disabled():
        for _ in range(5):
            log_action(
                world.membership_a,
                "members.membership.added",
                actor=world.member_a,
                network=world.network_a,
            )
    assert count_queries(client, url) == few


def test_stream_organisations_query_count_is_constant(world, client):
    client.force_login(world.coordinator_a)
    url = reverse("streams:network_organisations", args=[world.stream.slug])
    few = count_queries(client, url)
    StreamMembershipFactory.create_batch(5, network=world.stream)
    assert count_queries(client, url) == few


def test_staff_overview_query_count_is_constant(world, client):
    client.force_login(world.staff)
    url = reverse("staff_overview")
    few = count_queries(client, url)
    NetworkFactory.create_batch(5)
    assert count_queries(client, url) == few


def test_staff_activity_query_count_is_constant(world, client):
    client.force_login(world.staff)
    url = reverse("staff_activity")
    few = count_queries(client, url)
    with scopes_disabled():
        for _ in range(5):
            log_action(
                world.membership_b,
                "members.membership.added",
                actor=world.coordinator_b,
                network=world.network_b,
            )
    assert count_queries(client, url) == few


def test_waiting_page_query_count_is_constant(world, client):
    def more_waiting(n):
        for _ in range(n):
            person = UserFactory()
            register_organisation(
                actor=person,
                name=f"Waiting School {person.pk}",
                kind=OrganisationKind.SCHOOL,
                postcode=f"AL{person.pk} 1AA",
                local_group=world.network_a,
            )
            request_to_act_for(world.organisation_a, actor=UserFactory())
            join_network(world.network_a, actor=UserFactory())

    client.force_login(world.coordinator_a)
    url = reverse("members:network_waiting", args=[world.network_a.slug])
    more_waiting(1)
    few = count_queries(client, url)
    more_waiting(4)
    assert count_queries(client, url) == few


def test_find_organisations_query_count_is_constant(world, client):
    client.force_login(world.member_a)
    url = reverse("members:organisation_find") + "?q=Findable"
    OrganisationFactory(name="Findable School", local_group=world.network_a)
    few = count_queries(client, url)
    OrganisationFactory.create_batch(5, name="Findable Library", local_group=world.network_a)
    assert count_queries(client, url) == few


def test_organisation_contacts_query_count_is_constant(world, client):
    client.force_login(world.contact_a)
    url = reverse("members:organisation_contacts", args=[world.organisation_a.slug])
    few = count_queries(client, url)
    OrganisationContactFactory.create_batch(5, organisation=world.organisation_a)
    for n in range(5):
        invite_contact(world.organisation_a, actor=world.contact_a, email=f"c{n}@example.org")
    assert count_queries(client, url) == few


def test_staff_networks_query_count_is_constant(world, client):
    client.force_login(world.staff)
    url = reverse("members:staff_networks")
    few = count_queries(client, url)
    NetworkFactory.create_batch(5)
    assert count_queries(client, url) == few
