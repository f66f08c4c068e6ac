"""One access object per request (members/access.py): the person's roles in every network are
read in one query, however often pages, the API and the rules ask."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from awards.queries.panels import can_chair
from members.access import (
    PersonAccess,
    Verdict,
    access_for,
    network_rule,
    signed_in_rule,
    staff_rule,
)
from members.enums import Role
from tests.factories import MembershipFactory
from tests.factories.api import token_client


def role_queries(queries, user) -> list[str]:
    """The queries that read this person's memberships."""
    return [
        query["sql"]
        for query in queries.captured_queries
        if 'FROM "members_membership"' in query["sql"]
        and f'"members_membership"."user_id" = {user.pk}' in query["sql"]
    ]


@pytest.mark.parametrize(
    "name",
    ["members:network_manage", "members:network_forums", "members:network_members"],
)
def test_a_network_page_reads_the_roles_in_one_query(world, client, name):
    # Two-step sign-in (the middleware), the page's rule and the page itself all ask.
    client.force_login(world.coordinator_a)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name, args=[world.network_a.slug]))
    assert response.status_code == 200
    assert len(role_queries(queries, world.coordinator_a)) == 1
    if "can_manage" in response.context:
        assert response.context["can_manage"] is True


def test_the_stream_organisations_page_asks_the_access_whether_they_decide(world, client):
    client.force_login(world.coordinator_a)
    url = reverse("streams:network_organisations", args=[world.stream.slug])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["can_decide"] is True
    assert len(role_queries(queries, world.coordinator_a)) == 1


@pytest.mark.parametrize(
    ("person", "manages"),
    [("staff", True), ("coordinator_a", True), ("member_a", False), ("coordinator_b", False)],
)
def test_can_manage_is_staff_or_a_coordinator_of_the_network(world, person, manages):
    access = PersonAccess.of_user(getattr(world, person))
    assert access.can_manage(world.network_a) is manages


def test_an_api_request_by_token_reads_the_roles_in_one_query(world):
    client = token_client(world.coordinator_a)
    url = reverse("members_api:network_members", args=[world.network_a.slug])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(role_queries(queries, world.coordinator_a)) == 1


def test_asking_again_and_again_reads_once(world, django_assert_num_queries):
    MembershipFactory(network=world.network_b, user=world.coordinator_a, role=Role.PANELLIST)
    request = RequestFactory().get("/")
    request.user = world.coordinator_a
    access = access_for(request)
    with django_assert_num_queries(1):
        for _ in range(3):
            assert access.roles_in(world.network_a) == {Role.COORDINATOR}
            assert access.roles_in(world.network_b) == {Role.PANELLIST}
            assert access.can_chair(world.network_a)
            assert not access.can_chair(world.network_b)
            assert access.needs_mfa
    assert access_for(request) is access


def test_the_access_follows_the_person_the_request_is_for(world):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    access = access_for(request)
    assert access.roles_in(world.network_a) == frozenset()
    request.user = world.coordinator_a  # as when the API authenticates a token
    assert access.roles_in(world.network_a) == {Role.COORDINATOR}


@pytest.mark.parametrize("person", ["staff", "coordinator_a", "member_a", "coordinator_b"])
def test_can_chair_means_what_awards_means(world, person):
    user = getattr(world, person)
    access = PersonAccess.of_user(user)
    for network in (world.network_a, world.network_b, world.stream):
        with scope(network=network):
            assert access.can_chair(network) == can_chair(user, network)


def test_is_contact_of(world, django_assert_num_queries):
    access = PersonAccess.of_user(world.contact_a)
    with django_assert_num_queries(1):
        assert access.is_contact_of(world.organisation_a)
        assert not access.is_contact_of(world.organisation_b)
    assert not PersonAccess.of_user(AnonymousUser()).is_contact_of(world.organisation_a)


def test_the_rules(world):
    anonymous = PersonAccess.of_user(AnonymousUser())
    member = PersonAccess.of_user(world.member_a)
    outsider = PersonAccess.of_user(world.coordinator_b)
    staff = PersonAccess.of_user(world.staff)
    coordinators = frozenset({Role.COORDINATOR})
    assert signed_in_rule(anonymous) is Verdict.SIGN_IN
    assert signed_in_rule(member) is Verdict.ALLOW
    assert staff_rule(anonymous) is Verdict.SIGN_IN
    assert staff_rule(member) is Verdict.NOT_FOUND
    assert staff_rule(staff) is Verdict.ALLOW
    assert network_rule(anonymous, world.network_a) is Verdict.SIGN_IN
    assert network_rule(outsider, world.network_a) is Verdict.NOT_FOUND
    assert network_rule(member, world.network_a) is Verdict.ALLOW
    assert network_rule(member, world.network_a, coordinators) is Verdict.FORBIDDEN
    assert network_rule(staff, world.network_a, coordinators) is Verdict.ALLOW
