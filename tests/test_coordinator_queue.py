"""A coordinator's work queue and the e-mails that bring work to them
(awards/coordinator_notices.py)."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from awards.coordinator_notices import send_daily_digests
from awards.emails import COORDINATOR_SUBJECTS
from awards.enums import COORDINATOR_NOTICES, ReminderKind
from awards.models import Application, DailyDigest
from awards.movement_cache import movement_changed
from awards.renewals import run_renewal_sweep
from awards.services.applications import submit_application
from awards.services.decisions import record_decision
from awards.services.reminders import set_reminder_preferences
from awards.tasks import task_send_daily_digests
from members.enums import Role
from members.extensions import group_work, work_items, work_preview
from members.views import people
from members.views.people import WORK_SHOWN
from streams.enums import StreamMembershipStatus
from streams.work import changed as streams_changed
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    StreamFactory,
    StreamMembershipFactory,
)
from tests.factories.awards import (
    all_met,
    award,
    coordinator,
    fill_evidence,
    panel_in_review,
    scheme_with_criteria,
    submit_review,
    submitted_application,
)
from tests.factories.queries import fresh_pages

WAITING = str(COORDINATOR_SUBJECTS[ReminderKind.APPLICATION_WAITING])
READY = str(COORDINATOR_SUBJECTS[ReminderKind.PANEL_READY])
OVERDUE = str(COORDINATOR_SUBJECTS[ReminderKind.REVIEWS_OVERDUE_NETWORK])


def subjects_to(person) -> list[str]:
    return [m.subject for m in mail.outbox if m.to == [person.email]]


@pytest.fixture
def schools(db):
    stream = StreamFactory(name="Schools of Sanctuary", slug="schools")
    scheme = scheme_with_criteria(stream, name="School of Sanctuary")
    chair = coordinator(stream, name="Owen Coordinator")
    other = coordinator(StreamFactory(name="Libraries", slug="libraries"), name="Lia Elsewhere")
    return stream, scheme, chair, other


def test_full_award_cycle_tells_the_networks_coordinators_and_nobody_else(
    schools, django_capture_on_commit_callbacks
):
    stream, scheme, chair, other = schools
    steps = django_capture_on_commit_callbacks
    with steps(execute=True):
        application = submitted_application(scheme, name="Parkside Primary")
    assert subjects_to(chair) == [WAITING]
    with steps(execute=True):
        seats = panel_in_review(
            application, chair=chair, lived_experience=(True, False, False, False)
        )
        for seat in seats[:3]:
            submit_review(seat)
    assert subjects_to(chair) == [WAITING, READY]
    # A fourth review of a panel that could decide already sends nothing more.
    with steps(execute=True):
        submit_review(seats[3])
    assert subjects_to(chair) == [WAITING, READY]
    with steps(execute=True):
        record_decision(
            application,
            actor=chair,
            outcome="more_evidence",
            findings=all_met(application),
            appraisal_report="Good; show us more.",
            evidence_requested="The welcome policy.",
            evidence_due_on=timezone.localdate() + datetime.timedelta(days=30),
        )
        fill_evidence(application)
        submit_application(application, actor=application.lead_contact)
    # The resubmission is a new submission: the coordinators hear of it again.
    assert subjects_to(chair) == [WAITING, READY, WAITING]
    assert subjects_to(other) == []
    with scopes_disabled():
        body = next(m.body for m in mail.outbox if m.to == [chair.email])
    assert "Parkside Primary has submitted an application for the School of Sanctuary" in body
    assert f"/{stream.slug}/awards/applications/{application.pk}/" in body


def test_notices_go_in_the_recipients_language(schools, django_capture_on_commit_callbacks):
    _stream, scheme, chair, _other = schools
    chair.preferred_language = "cy"
    chair.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        submitted_application(scheme, name="Parkside Primary")
    with translation.override("cy"):
        welsh = str(COORDINATOR_SUBJECTS[ReminderKind.APPLICATION_WAITING])
    assert welsh != WAITING
    assert subjects_to(chair) == [welsh]


def test_a_coordinator_can_turn_the_notices_off(schools, django_capture_on_commit_callbacks):
    _stream, scheme, chair, _other = schools
    set_reminder_preferences(chair, actor=chair, receive=set(), notices=set())
    with django_capture_on_commit_callbacks(execute=True):
        submitted_application(scheme, name="Parkside Primary")
    assert subjects_to(chair) == []


def test_overdue_reviews_tell_the_coordinators_once(schools, django_capture_on_commit_callbacks):
    _stream, scheme, chair, other = schools
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted_application(scheme, name="Parkside Primary")
        panel_in_review(application, chair=chair)
    later = timezone.localdate() + datetime.timedelta(days=30)
    run_renewal_sweep(today=later)
    run_renewal_sweep(today=later)
    assert subjects_to(chair) == [WAITING, OVERDUE]
    assert subjects_to(other) == []


def test_daily_digest_instead_is_sent_once_even_if_the_task_runs_twice(
    schools, django_capture_on_commit_callbacks
):
    _stream, scheme, chair, other = schools
    set_reminder_preferences(chair, actor=chair, receive=set(), daily_digest=True)
    set_reminder_preferences(other, actor=other, receive=set(), daily_digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        older = submitted_application(scheme, name="Older Primary")
        submitted_application(scheme, name="Newer Primary")
    with scopes_disabled():
        Application.objects.filter(pk=older.pk).update(
            state_changed_at=timezone.now() - datetime.timedelta(days=9)
        )
    assert subjects_to(chair) == []  # the digest instead of each notice
    assert task_send_daily_digests.delay().get() == 1
    assert task_send_daily_digests.delay().get() == 0
    assert send_daily_digests() == 0
    digests = [m for m in mail.outbox if m.to == [chair.email]]
    assert [m.subject for m in digests] == ["What is waiting for you on the Sanctuary platform"]
    body = digests[0].body
    assert body.index("Older Primary") < body.index("Newer Primary")
    # Nothing waits in the other coordinator's network: no e-mail, and the day is done.
    assert subjects_to(other) == []
    with scopes_disabled():
        assert DailyDigest.objects.get(recipient=other).items == 0


def test_work_queue_lists_the_networks_work_oldest_first(world, client):
    scheme = scheme_with_criteria(world.stream, name="School of Sanctuary")
    theirs = scheme_with_criteria(world.network_b, name="Betaburgh Award")
    submitted_application(theirs, name="Beta Secret School")
    newer = submitted_application(scheme, name="Newer Primary")
    older = submitted_application(scheme, name="Older Primary")
    ready = submitted_application(scheme, name="Ready Primary")
    for seat in panel_in_review(ready, chair=world.coordinator_a):
        submit_review(seat)
    with scopes_disabled():
        for application, days in ((older, 20), (newer, 2), (ready, 10)):
            Application.objects.filter(pk=application.pk).update(
                state_changed_at=timezone.now() - datetime.timedelta(days=days)
            )
    client.force_login(world.coordinator_a)
    work = client.get(reverse("members:my_work")).context["kinds"]
    assert [(kind.key, [item.title for item in kind.first]) for kind in work] == [
        (
            "awards.seat",
            ["Older Primary: School of Sanctuary", "Newer Primary: School of Sanctuary"],
        ),
        ("awards.decide", ["Ready Primary: School of Sanctuary"]),
    ]
    assert work[1].first[0].url == reverse("awards:decision", args=[world.stream.slug, ready.pk])
    dashboard = client.get(reverse("members:dashboard"))
    assert [(kind.key, kind.count) for kind in dashboard.context["work"]] == [
        ("awards.seat", 2),
        ("awards.decide", 1),
    ]
    for page in (dashboard, client.get(reverse("members:my_work"))):
        assert "Beta Secret School" not in page.content.decode()


def every_kind_of_work(world, seats: int):
    """`seats` applications waiting for a panel, one ready to decide, one with its reviews
    overdue, one with more evidence due, and two organisations asking to join the stream."""
    scheme = scheme_with_criteria(world.stream, name="School of Sanctuary")
    for n in range(seats):
        submitted_application(scheme, name=f"Queued {n}")
    ready = submitted_application(scheme, name="Ready Primary")
    for seat in panel_in_review(ready, chair=world.coordinator_a):
        submit_review(seat)
    late = submitted_application(scheme, name="Late Primary")
    panel_in_review(late, chair=world.coordinator_a)
    more = submitted_application(scheme, name="More Primary")
    for seat in panel_in_review(more, chair=world.coordinator_a):
        submit_review(seat)
    record_decision(
        more,
        actor=world.coordinator_a,
        outcome="more_evidence",
        findings=all_met(more),
        appraisal_report="Good; show us more.",
        evidence_requested="The welcome policy.",
        evidence_due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    with scopes_disabled():
        Application.objects.filter(pk=late.pk).update(
            state_changed_at=timezone.now() - datetime.timedelta(days=40)
        )
    for n in range(2):
        StreamMembershipFactory(
            network=world.stream,
            organisation=OrganisationFactory(name=f"Asking {n}"),
            status=StreamMembershipStatus.PENDING,
        )
    return scheme


def test_the_dashboards_preview_is_the_whole_lists_oldest_few(world):
    """Each source's preview (its own queries) says what grouping every item would: the
    same kinds, counts and first items, so the dashboard and the work page never disagree."""
    every_kind_of_work(world, seats=WORK_SHOWN + 2)
    networks = [world.network_a, world.stream]
    whole = group_work(work_items(networks), WORK_SHOWN)
    preview = work_preview(networks, WORK_SHOWN)
    assert {kind.key for kind in preview} == {
        "awards.seat",
        "awards.decide",
        "awards.overdue",
        "awards.evidence",
        "streams.joining",
    }
    assert sorted(preview, key=lambda kind: kind.key) == sorted(whole, key=lambda k: k.key)
    seat = next(kind for kind in preview if kind.key == "awards.seat")
    assert (seat.count, len(seat.first), seat.more) == (WORK_SHOWN + 2, WORK_SHOWN, 2)


def test_the_dashboard_shows_a_few_of_each_kind_and_links_to_them_all(
    world, client, django_assert_max_num_queries
):
    every_kind_of_work(world, seats=WORK_SHOWN + 2)
    client.force_login(world.coordinator_a)
    client.get(reverse("members:dashboard"))
    with django_assert_max_num_queries(12):
        page = client.get(reverse("members:dashboard")).content.decode()
    assert page.count("Queued ") == WORK_SHOWN
    whole = reverse("members:my_work") + "?kind=awards.seat"
    assert f'href="{whole}"' in page
    assert f"See all {WORK_SHOWN + 2}" in page
    listed = client.get(whole)
    assert [kind.key for kind in listed.context["kinds"]] == ["awards.seat"]
    assert listed.content.decode().count("Queued ") == WORK_SHOWN + 2
    # The whole list: every kind, every item.
    everything = client.get(reverse("members:my_work")).content.decode()
    for title in ("Queued 6", "Ready Primary", "Late Primary", "More Primary", "Asking 1"):
        assert title in everything


@pytest.mark.usefixtures("rendered_afresh")
def test_the_dashboards_queries_do_not_grow_with_the_work(world, client, django_assert_num_queries):
    client.force_login(world.coordinator_a)
    scheme = every_kind_of_work(world, seats=1)
    client.get(reverse("members:dashboard"))
    # Both counted as the first view after a write: the kept work rows and counts read afresh.
    movement_changed()
    streams_changed()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("members:dashboard"))
    for n in range(WORK_SHOWN * 2):
        submitted_application(scheme, name=f"More {n}")
    movement_changed()
    streams_changed()
    with django_assert_num_queries(len(few)):
        client.get(reverse("members:dashboard"))


def test_the_kept_count_of_those_asking_to_join_follows_every_write(world):
    """How many wait in a stream is kept between views (streams.work.WAITING): a new request,
    an approval and a deletion each show in the next preview and the work list at once."""
    from streams.work import listings_asking_to_join, preview_asking_to_join

    networks = [world.stream]

    def waiting() -> tuple[int, int]:
        preview = preview_asking_to_join(networks, WORK_SHOWN)
        listings = listings_asking_to_join(networks)
        return (
            preview[0].count if preview else 0,
            listings[0].count if listings else 0,
        )

    assert waiting() == (0, 0)
    asking = [
        StreamMembershipFactory(
            network=world.stream,
            organisation=OrganisationFactory(name=f"Asking {n}"),
            status=StreamMembershipStatus.PENDING,
        )
        for n in range(3)
    ]
    assert waiting() == (3, 3)
    asking[0].status = StreamMembershipStatus.ACTIVE
    asking[0].save()
    assert waiting() == (2, 2)
    with scopes_disabled():
        asking[1].delete()
    assert waiting() == (1, 1)


def test_people_without_a_coordinator_role_see_no_queue(world, client):
    MembershipFactory(network=world.stream, user=world.member_a, role=Role.MEMBER)
    client.force_login(world.member_a)
    response = client.get(reverse("members:dashboard"))
    assert response.context["coordinates"] is False
    assert "Waiting for you" not in response.content.decode()


def test_digest_choice_is_on_the_reminders_page(world, client):
    client.force_login(world.coordinator_a)
    url = reverse("awards:my_reminders")
    shown = {"receive": [], "notices_shown": "True"}
    client.post(url, {**shown, "daily_digest": "on", "notices": [ReminderKind.PANEL_READY]})
    form = client.get(url).context["form"]
    assert form.initial["daily_digest"] is True
    assert set(form.initial["notices"]) & {str(k) for k in COORDINATOR_NOTICES} == {
        ReminderKind.PANEL_READY
    }
    client.post(url, {"receive": []})  # a form without the coordinators' choices keeps them
    assert client.get(url).context["form"].initial["daily_digest"] is True
    client.post(url, shown)
    assert client.get(url).context["form"].initial["daily_digest"] is False


def test_awarded_cycle_keeps_award_helper_working(schools, django_capture_on_commit_callbacks):
    _stream, scheme, chair, _other = schools
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted_application(scheme, name="Parkside Primary")
        for seat in panel_in_review(application, chair=chair):
            submit_review(seat)
        award(application, chair=chair)
    assert subjects_to(chair) == [WAITING, READY]


# The whole list, a page at a time ---------------------------------------------------------


def titles(page) -> list[tuple[str, int, list[str]]]:
    return [
        (kind.key, kind.count, [item.title.split(":")[0] for item in kind.first])
        for kind in page.context["kinds"]
    ]


@pytest.mark.usefixtures("rendered_afresh")
def test_the_work_page_comes_in_numbered_pages_of_every_kind_in_turn(world, client, monkeypatch):
    monkeypatch.setattr(people, "WORK_PAGE_SIZE", 3)
    every_kind_of_work(world, seats=4)
    client.force_login(world.coordinator_a)
    url = reverse("members:my_work")
    first = client.get(url)
    # The overdue panel (40 days) is the oldest, so its kind comes first; then the seats.
    assert titles(first) == [
        ("awards.overdue", 1, ["Late Primary"]),
        ("awards.seat", 4, ["Queued 0", "Queued 1"]),
    ]
    assert first.context["work_count"] == 9
    page = first.content.decode()
    assert "9 things wait for you" in page
    assert '<nav class="pagination" aria-label="Pages">' in page
    assert "Page 1 of 3" in page
    assert 'href="?page=2"' in page
    # A kind that runs over two pages shows on both, with its whole count.
    second = client.get(url, {"page": 2})
    assert titles(second)[0] == ("awards.seat", 4, ["Queued 2", "Queued 3"])
    last = client.get(url, {"page": 3})
    assert sum(len(kind[2]) for kind in titles(last)) == 3
    assert "Page 3 of 3" in last.content.decode()
    # Past the end: the last page; not a number: the first.
    assert titles(client.get(url, {"page": 9})) == titles(last)
    assert titles(client.get(url, {"page": "x"})) == titles(first)


@pytest.mark.usefixtures("rendered_afresh")
def test_one_kind_of_work_pages_on_its_own_and_keeps_its_kind_in_the_links(
    world, client, monkeypatch
):
    monkeypatch.setattr(people, "WORK_PAGE_SIZE", 3)
    every_kind_of_work(world, seats=4)
    client.force_login(world.coordinator_a)
    url = reverse("members:my_work")
    first = client.get(url, {"kind": "awards.seat"})
    assert titles(first) == [("awards.seat", 4, ["Queued 0", "Queued 1", "Queued 2"])]
    assert first.context["one_kind"] is True
    assert 'href="?kind=awards.seat&amp;page=2"' in first.content.decode()
    second = client.get(url, {"kind": "awards.seat", "page": 2})
    assert titles(second) == [("awards.seat", 4, ["Queued 3"])]
    # A kind nothing waits in (or unknown): every kind, as before.
    assert client.get(url, {"kind": "awards.nothing"}).context["work_count"] == 9


@pytest.mark.usefixtures("rendered_afresh")
def test_the_work_pages_queries_do_not_grow_with_the_work(world, client, monkeypatch):
    monkeypatch.setattr(people, "WORK_PAGE_SIZE", 3)
    scheme = every_kind_of_work(world, seats=1)
    client.force_login(world.coordinator_a)
    url = reverse("members:my_work")
    client.get(url)
    movement_changed()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        submitted_application(scheme, name=f"More {n}")
    movement_changed()
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(many) <= len(few)
    assert sum(len(kind.first) for kind in page.context["kinds"]) == 3


def test_the_kept_work_is_renewed_by_a_write(world, client):
    scheme = every_kind_of_work(world, seats=1)
    client.force_login(world.coordinator_a)
    url = reverse("members:my_work")
    with fresh_pages():
        assert client.get(url).context["work_count"] == 6
        submitted_application(scheme, name="Newest Primary")
        page = client.get(url)
    assert page.context["work_count"] == 7
    assert "Newest Primary" in page.content.decode()
