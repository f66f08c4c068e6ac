"""The signed-in award pages answer in at most 12 queries, counted as production counts them
(two-step sign-in required, so the check of it is counted too), and the number stays the
same as the network's applications, seats and reviews grow (issue 15)."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.services.applications import start_application
from tests.factories import UserFactory, give_mfa
from tests.factories.awards import (
    applicant,
    award,
    panel_in_review,
    panellist,
    seat,
    submit_review,
    submitted_application,
)
from tests.factories.queries import fresh_pages

LIMIT = 12


def count_queries(client, url) -> int:
    """The statements of one GET after a first one. A test's transaction turns each atomic
    block's BEGIN and COMMIT into a savepoint and its release: counted too, as production
    counts the BEGIN and COMMIT."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries, fresh_pages():
        assert client.get(url).status_code == 200
    return len(queries)


def grow(scheme, chair, application, seats) -> None:
    """More of everything around the page: applications of the network in review with their
    panels and reviews, another seat and review on this application."""
    for index in range(3):
        other = submitted_application(scheme, name=f"Grown {index}")
        for other_seat in panel_in_review(other, chair=chair):
            submit_review(other_seat)
    submit_review(seats[1])
    seat(application, panellist(scheme.network), chair=chair)


@pytest.fixture
def in_review(scheme, chair):
    application = submitted_application(scheme, name="Our School")
    seats = panel_in_review(application, chair=chair)
    submit_review(seats[0])
    return application, seats


def chair_url(name, application):
    return reverse(f"awards:{name}", args=[application.network.slug, application.pk])


PAGES = {
    # page: (who opens it, its URL)
    "award applications": (
        "chair",
        lambda a: reverse("awards:network_awards", args=[a.network.slug]),
    ),
    "panel application": ("chair", lambda a: chair_url("panel_application", a)),
    "panel assignment": ("chair", lambda a: chair_url("panel_assign", a)),
    "reviews": ("chair", lambda a: chair_url("reviews", a)),
    "decision": ("chair", lambda a: chair_url("decision", a)),
    "api panel application": (
        "chair",
        lambda a: reverse("awards_api:panel_application", args=[a.network.slug, a.pk]),
    ),
    "review": ("panellist", lambda a: chair_url("review", a)),
    "panellist application": ("panellist", lambda a: chair_url("panel_application", a)),
    "api review": (
        "panellist",
        lambda a: reverse("awards_api:review", args=[a.network.slug, a.pk]),
    ),
    "application": (
        "applicant",
        lambda a: reverse("awards:application_detail", args=[a.pk]),
    ),
    "api my application": (
        "applicant",
        lambda a: reverse("awards_api:my_application", args=[a.pk]),
    ),
}


@override_settings(SANCTUARY_REQUIRE_MFA=True)
@pytest.mark.parametrize("page", list(PAGES))
def test_award_pages_stay_within_twelve_queries_as_rows_grow(
    page, scheme, chair, in_review, client
):
    application, seats = in_review
    persona, url_of = PAGES[page]
    person = {
        "chair": chair,
        "panellist": seats[0].panellist,
        "applicant": application.lead_contact,
    }[persona]
    client.force_login(person)
    url = url_of(application)
    few = count_queries(client, url)
    grow(scheme, chair, application, seats)
    many = count_queries(client, url)
    assert few == many
    assert many <= LIMIT


@override_settings(SANCTUARY_REQUIRE_MFA=True)
def test_a_draft_and_an_awarded_application_stay_within_twelve_queries(scheme, chair, client):
    organisation, contact = applicant(scheme, name="Draft School")
    draft = start_application(organisation, scheme, actor=contact)
    done = submitted_application(scheme, name="Awarded School")
    for done_seat in panel_in_review(done, chair=chair):
        submit_review(done_seat)
    award(done, chair=chair)
    counts = {}
    for application in (draft, done):
        client.force_login(application.lead_contact)
        url = reverse("awards:application_detail", args=[application.pk])
        counts[application.pk] = count_queries(client, url)
    grown = submitted_application(scheme, name="Grown School")
    for grown_seat in panel_in_review(grown, chair=chair):
        submit_review(grown_seat)
    award(grown, chair=chair)
    for application in (draft, done):
        client.force_login(application.lead_contact)
        url = reverse("awards:application_detail", args=[application.pk])
        assert count_queries(client, url) == counts[application.pk] <= LIMIT


@override_settings(SANCTUARY_REQUIRE_MFA=True)
@pytest.mark.parametrize(
    "page", ["members:dashboard", "awards:movement", "awards:movement_applications"]
)
def test_dashboards_stay_within_twelve_queries_as_work_grows(page, scheme, chair, client):
    """The coordinator's dashboard (their work queue) and the staff's view of the movement,
    with work of every kind waiting: panels to seat, to decide, evidence due, awards."""
    person = chair if page == "members:dashboard" else give_mfa(UserFactory(is_staff=True))

    def work_of_every_kind(name):
        submitted_application(scheme, name=f"{name} waiting")
        deciding = submitted_application(scheme, name=f"{name} deciding")
        for deciding_seat in panel_in_review(deciding, chair=chair):
            submit_review(deciding_seat)
        done = submitted_application(scheme, name=f"{name} awarded")
        for done_seat in panel_in_review(done, chair=chair):
            submit_review(done_seat)
        award(done, chair=chair)

    work_of_every_kind("First")
    client.force_login(person)
    url = reverse(page)
    few = count_queries(client, url)
    for index in range(3):
        work_of_every_kind(f"More {index}")
    many = count_queries(client, url)
    assert few == many
    assert many <= LIMIT
