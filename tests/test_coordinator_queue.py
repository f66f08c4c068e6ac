"""A coordinator's work queue and the e-mails that bring work to them
(awards/coordinator_notices.py)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from awards.coordinator_notices import send_daily_digests
from awards.emails import COORDINATOR_SUBJECTS
from awards.enums import COORDINATOR_NOTICES, ReminderKind
from awards.models import Application, DailyDigest
from awards.renewals import run_renewal_sweep
from awards.services.applications import submit_application
from awards.services.decisions import record_decision
from awards.services.reminders import set_reminder_preferences
from awards.tasks import task_send_daily_digests
from members.enums import Role
from tests.factories import MembershipFactory, StreamFactory
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
    work = client.get(reverse("members:dashboard")).context["work"]
    assert [(str(item.kind), item.title) for item in work] == [
        ("Seat a panel and open the review", "Older Primary: School of Sanctuary"),
        ("Record the panel's decision", "Ready Primary: School of Sanctuary"),
        ("Seat a panel and open the review", "Newer Primary: School of Sanctuary"),
    ]
    assert work[1].url == reverse("awards:decision", args=[world.stream.slug, ready.pk])
    page = client.get(reverse("members:dashboard")).content.decode()
    assert "Beta Secret School" not in page


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
