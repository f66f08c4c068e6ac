"""Every list page answers in a number of queries that does not grow with its rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from members.enums import Role
from sanctuary.activity import log_action
from tests.factories import MembershipFactory, NetworkFactory, StreamMembershipFactory


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
