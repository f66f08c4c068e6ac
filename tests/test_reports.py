"""Pathway to Change reports: the figures for a period, for staff and for a network's
coordinators (never a lived-experience figure for them), charts as accessible SVG, CSV of
every table, and a number of queries that does not grow with the data."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.services.panels import start_review
from members.enums import AmbassadorStatus, PartyKind
from members.services.lived_experience import register_ambassador, set_ambassador_status
from tests.factories import NetworkFactory
from tests.factories.awards import (
    award,
    panellist,
    scheme_with_criteria,
    seat,
    submit_review,
    submitted_application,
)
from tests.factories.charter import SignatureFactory

STAFF_URL = "/staff/reports/"


def decided(scheme, chair, name, people):
    """An application of the scheme, reviewed by `people` and awarded."""
    application = submitted_application(scheme, name=name)
    seats = [seat(application, person, chair=chair) for person in people]
    start_review(application, actor=chair)
    for assignment in seats:
        submit_review(assignment)
    award(application, chair=chair)
    return application


def movement_data(world, *, applications=2, networks=1):
    scheme = scheme_with_criteria(world.stream, name="School of Sanctuary")
    chair = world.coordinator_a
    lived = panellist(world.stream, lived_experience=True, name="Lina Lived")
    register_ambassador(lived, actor=lived, languages="Arabic")
    set_ambassador_status(lived.ambassador, AmbassadorStatus.APPROVED, actor=world.staff)
    others = [panellist(world.stream, name=f"Other {n}") for n in range(2)]
    for n in range(applications):
        decided(scheme, chair, f"Report Primary {n}", [lived, *others])
    for n in range(networks):
        group = NetworkFactory(name=f"Group {n}")
        SignatureFactory(network=group)
        SignatureFactory(
            network=group,
            party_kind=PartyKind.ORGANISATION,
            party_key=f"organisation-name:org {n}",
            party_name=f"Org {n}",
        )
    SignatureFactory(
        group=world.network_a,
        party_kind=PartyKind.GROUP,
        party_key=f"group:{world.network_a.pk}",
        party_name=world.network_a.name,
    )
    return scheme


def rows_of(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_staff_report_counts_each_person_with_lived_experience_once(world, client):
    movement_data(world, applications=2)
    client.force_login(world.staff)
    response = client.get(STAFF_URL)
    assert response.status_code == 200
    report = response.context["report"]
    panels = {str(row[0]): row[1] for row in report.table("panels").rows}
    assert panels == {
        "Panels held": 2,
        "Different people with lived experience who sat on a panel": 1,
        "Sanctuary Ambassadors engaged on panels": 1,
    }
    awards = report.table("awards").rows
    assert awards == [["School of Sanctuary", 2, 0]]
    applications = {str(row[0]): row[1] for row in report.table("applications").rows}
    assert applications["Applications submitted"] == 2
    assert applications["Decisions: Award the Sanctuary Award"] == 2
    assert applications["Median days from submission to decision"] == "0"
    signatories = {row[0]: row[1:] for row in report.table("signatories").rows}
    assert signatories["Group 0"] == [1, 1, 0, 2]
    assert signatories[world.network_a.name] == [0, 0, 1, 1]
    networks = report.table("networks").rows
    assert networks[0][1] >= 2  # the world's two networks and the stream logged activity


def test_a_period_before_the_activity_shows_none_of_it(world, client):
    movement_data(world, applications=1)
    client.force_login(world.staff)
    response = client.get(STAFF_URL, {"start": "2020-01-01", "end": "2020-12-31"})
    report = response.context["report"]
    assert report.table("panels").rows[0][1] == 0
    assert report.table("awards").rows == []
    assert "From 1 January 2020 to 31 December 2020" in response.content.decode()


def test_a_period_that_ends_before_it_starts_falls_back_to_the_last_twelve_months(world, client):
    client.force_login(world.staff)
    response = client.get(STAFF_URL, {"start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["report"].period.end == timezone.localdate()


def test_charts_are_accessible_svg_with_a_table_beside(world, client):
    movement_data(world, applications=1)
    client.force_login(world.staff)
    page = client.get(STAFF_URL).content.decode()
    assert 'role="img" aria-labelledby="decisions-chart-title decisions-chart-desc"' in page
    assert '<title id="decisions-chart-title">Decisions by outcome</title>' in page
    assert '<desc id="decisions-chart-desc">' in page
    assert "Award the Sanctuary Award: 1." in page  # the numbers, in words too
    assert "<script" not in page.split("<main", 1)[-1]


def test_every_table_downloads_as_csv_guarded_against_formulas(world, client):
    group = NetworkFactory(name="=HYPERLINK(1)")
    SignatureFactory(network=group)
    client.force_login(world.staff)
    response = client.get(STAFF_URL, {"table": "signatories", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = rows_of(response)
    assert rows[0] == ["Network", "Individual", "Organisation", "Local group", "All"]
    assert ["'=HYPERLINK(1)", "1", "0", "0", "1"] in rows
    for key in ["awards", "applications", "panels", "networks"]:
        assert client.get(STAFF_URL, {"table": key, "format": "csv"}).status_code == 200
    assert client.get(STAFF_URL, {"table": "nothing", "format": "csv"}).status_code == 404


def test_coordinators_report_has_no_lived_experience_figure_or_flag(world, client):
    movement_data(world, applications=2)
    client.force_login(world.coordinator_a)
    url = reverse("awards:network_reports", args=[world.stream.slug])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode().lower()
    assert "lived experience" not in page
    assert "ambassador" not in page
    assert "Lina Lived".lower() not in page
    panels = response.context["report"].table("panels").rows
    assert [(str(label), value) for label, value in panels] == [("Panels held", 2)]
    for table in response.context["report"].tables:
        text = client.get(url, {"table": table.key, "format": "csv"}).content.decode().lower()
        assert "lived" not in text and "ambassador" not in text


def test_coordinators_report_covers_only_their_network(world, client):
    movement_data(world, applications=1)
    client.force_login(world.coordinator_a)
    report = client.get(reverse("awards:network_reports", args=[world.network_a.slug])).context[
        "report"
    ]
    assert report.table("panels").rows[0][1] == 0  # the awards were the stream's
    assert [row[0] for row in report.table("signatories").rows] == [world.network_a.name]


def test_only_coordinators_and_staff_open_a_network_report(world, client):
    url = reverse("awards:network_reports", args=[world.network_a.slug])
    client.force_login(world.member_a)
    assert client.get(url).status_code == 404
    client.force_login(world.coordinator_b)
    assert client.get(url).status_code == 404
    client.force_login(world.staff)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_report_query_count_does_not_grow_with_the_data(world, client):
    client.force_login(world.staff)
    coordinator_url = reverse("awards:network_reports", args=[world.stream.slug])
    scheme = movement_data(world, applications=1, networks=1)
    few = count(client, STAFF_URL)
    client.force_login(world.coordinator_a)
    few_coordinator = count(client, coordinator_url)
    chair = world.coordinator_a
    people = [panellist(world.stream, lived_experience=True) for _ in range(3)]
    for n in range(3):
        decided(scheme, chair, f"More Primary {n}", people)
    for n in range(4):
        SignatureFactory(network=NetworkFactory(name=f"More group {n}"))
    assert count(client, coordinator_url) == few_coordinator
    client.force_login(world.staff)
    assert count(client, STAFF_URL) == few


def test_networks_active_counts_each_network_with_an_entry_in_the_period_once(world, client):
    """Asked network by network, the figure is what counting the distinct networks of the
    period's entries gave: several entries count once, one outside the period or without a
    network not at all, and the filters narrow it."""
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django_scopes import scopes_disabled

    from awards.movement import Filters
    from awards.reports import Period, _networks
    from sanctuary.models import ActivityLog, Network

    period = Period(datetime.date(2021, 3, 1), datetime.date(2021, 3, 31))
    quiet = NetworkFactory(name="Quiet group")
    busy = NetworkFactory(name="Busy group")
    kind = ContentType.objects.get_for_model(Network)
    moments = {
        busy: ["2021-03-01T00:00", "2021-03-31T23:59", "2021-03-15T12:00"],
        quiet: ["2021-02-28T23:59", "2021-04-01T00:00"],
        None: ["2021-03-10T10:00"],
    }
    with scopes_disabled():
        for network, times in moments.items():
            for text in times:
                entry = ActivityLog.objects.create(
                    network=network, content_type=kind, object_id="1", action="test"
                )
                moment = timezone.make_aware(datetime.datetime.fromisoformat(text))
                ActivityLog.objects.filter(pk=entry.pk).update(timestamp=moment)
        assert _networks(period, Filters()).rows[0][1] == 1
        assert _networks(period, Filters(network=busy)).rows[0][1] == 1
        assert _networks(period, Filters(network=quiet)).rows[0][1] == 0
        whole_march = ActivityLog.objects.filter(
            period.of_moments("timestamp"), network__isnull=False
        )
        assert whole_march.values("network").distinct().count() == 1
