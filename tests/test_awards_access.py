"""One access object per request: a panellist's roles in the network and their seat on the
panel are read once, on the review page and in the panel API alike."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from awards.access import ApplicationAccess, may_chair
from members.access import PersonAccess
from members.models import Membership
from tests.factories import StreamFactory
from tests.factories.api import token_client
from tests.factories.awards import (
    coordinator,
    panel_in_review,
    scheme_with_criteria,
    submit_review,
    submitted_application,
)


@pytest.fixture
def in_review(db):
    scheme = scheme_with_criteria(StreamFactory(slug="schools"), name="School of Sanctuary")
    chair = coordinator(scheme.network)
    application = submitted_application(scheme)
    seats = panel_in_review(application, chair=chair)
    return application, seats


def reads(client, url) -> tuple[int, int]:
    """How many queries read the person's roles in the network, and their seat."""
    assert client.get(url).status_code == 200  # once first: the draft review is started
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    sqls = [query["sql"] for query in queries.captured_queries]
    # Roles are read through request.access (all the person's networks at once) or, without
    # a request, for one network: count either kind.
    roles = [
        sql
        for sql in sqls
        if 'FROM "members_membership"' in sql and '"members_membership"."role"' in sql
    ]
    seats = [sql for sql in sqls if sql.startswith('SELECT "awards_panelassignment"."id"')]
    return len(roles), len(seats)


@pytest.mark.usefixtures("rendered_afresh")
def test_the_review_page_reads_the_panellists_role_and_seat_once(in_review, client):
    application, seats = in_review
    client.force_login(seats[0].panellist)
    url = reverse("awards:review", args=[application.network.slug, application.pk])
    assert reads(client, url) == (1, 1)


@pytest.mark.usefixtures("rendered_afresh")
@pytest.mark.parametrize("endpoint", ["", "review/", "reviews/"])
def test_the_panel_api_reads_the_panellists_role_and_seat_once(in_review, endpoint):
    application, seats = in_review
    submit_review(seats[0])
    url = f"/api/v1/networks/schools/applications/{application.pk}/{endpoint}"
    assert reads(token_client(seats[0].panellist), url) == (1, 1)


def test_each_answer_is_read_once_and_kept(in_review, django_assert_num_queries):
    application, seats = in_review
    with scope(network=application.network_id):
        access = ApplicationAccess(seats[0].panellist, application, roles=frozenset())
        with django_assert_num_queries(1):  # the seat, with whether their review is in
            for _ in range(3):
                assert access.seat == seats[0]
                assert access.can_chair is False
                assert access.may_read_other_reviews is False
    submit_review(seats[0])
    with scope(network=application.network_id):
        # Within one request the answer does not change; the next request asks again.
        assert access.own_review_submitted is False
        fresh = ApplicationAccess(seats[0].panellist, application)
        assert fresh.may_read_other_reviews is True


@pytest.mark.usefixtures("rendered_afresh")
def test_the_network_awards_page_reads_the_chairs_roles_once(in_review, client):
    application, _seats = in_review
    chair = coordinator(application.network)
    client.force_login(chair)
    url = reverse("awards:network_awards", args=[application.network.slug])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.context["is_chair"] is True
    roles = [
        query["sql"]
        for query in queries.captured_queries
        if 'FROM "members_membership"' in query["sql"]
        and '"members_membership"."role"' in query["sql"]
    ]
    assert len(roles) == 1


def test_awards_asks_the_requests_access_for_roles(in_review, django_assert_num_queries):
    """With request.access at hand, the application's access and may_chair read no roles of
    their own: the request's one read answers them all."""
    application, seats = in_review
    panellist = seats[0].panellist
    person = PersonAccess.of_user(panellist)
    with scope(network=application.network_id):
        with django_assert_num_queries(1):  # the roles, once, in every network
            assert person.roles_in(application.network) == {"panellist"}
        access = ApplicationAccess(panellist, application, person=person)
        with django_assert_num_queries(0):
            assert access.roles == {"panellist"}
            assert access.can_chair is False
            assert may_chair(panellist, application.network, person=person) is False
        # Someone else's access object never answers for this person.
        chair = coordinator(application.network)
        with django_assert_num_queries(1):
            assert may_chair(chair, application.network, person=person) is True


def test_a_kept_panel_answer_skips_the_lookups_until_the_seat_goes(in_review):
    """A panellist's kept API answer is served before the seat and the application are read
    (sanctuary.page_cache.KeptAnswer): it was made for them in this generation. Losing their
    panellist's role is a write, and the next request looks again and is refused."""
    application, seats = in_review
    submit_review(seats[0])
    client = token_client(seats[0].panellist)
    url = f"/api/v1/networks/schools/applications/{application.pk}/review/"
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q for q in queries.captured_queries if '"awards_' in q["sql"]]
    with scopes_disabled():
        Membership.objects.filter(user=seats[0].panellist).delete()
    assert client.get(url).status_code == 404
