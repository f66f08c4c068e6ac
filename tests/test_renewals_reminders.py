"""The other reminders: overdue reviews, evidence due, idle drafts; each once, through the
same claim table as the renewal reminders. A person's reminders page and their choices."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from awards.enums import ReminderKind
from awards.models import Application, CriterionResponse, Reminder, ReminderOptOut
from awards.services.decisions import record_decision
from awards.services.errors import AwardError
from awards.services.reminders import set_reminder_preferences
from sanctuary.models import ActivityLog
from tests.factories import OrganisationContactFactory, UserFactory
from tests.factories.awards import (
    all_met,
    criteria_of,
    days_ago,
    panel_in_review,
    started_application,
    submit_review,
    submitted_application,
    sweep,
)
from tests.factories.certificates import issued_award


def rows(kind: ReminderKind) -> list[tuple]:
    """(recipient, cycle, milestone, sent) of each reminder of this kind."""
    with scopes_disabled():
        found = Reminder.objects.filter(kind=kind).values_list(
            "recipient__email", "cycle", "milestone", "sent_at"
        )
        return sorted(
            (email, cycle, milestone, sent is not None) for email, cycle, milestone, sent in found
        )


# Overdue reviews ----------------------------------------------------------------------------


def test_overdue_review_reminds_each_panellist_without_a_review_once(scheme, chair, settings):
    settings.SANCTUARY_REVIEW_DUE_DAYS = 21
    application = submitted_application(scheme)
    seats = panel_in_review(application, chair=chair)
    submit_review(seats[0])
    with scopes_disabled():
        Application.objects.filter(pk=application.pk).update(state_changed_at=days_ago(22))
    sweep()
    waiting = sorted(seat.panellist.email for seat in seats[1:])
    assert sorted(m.to[0] for m in mail.outbox) == waiting
    assert {m.subject for m in mail.outbox} == {
        "A reminder: your review for a Sanctuary Award panel"
    }
    assert rows(ReminderKind.REVIEW_OVERDUE) == [(email, 1, 0, True) for email in waiting]
    assert sweep().sent == 0


def test_review_within_its_time_is_not_reminded(scheme, chair, settings):
    settings.SANCTUARY_REVIEW_DUE_DAYS = 21
    application = submitted_application(scheme)
    panel_in_review(application, chair=chair)
    with scopes_disabled():
        Application.objects.filter(pk=application.pk).update(state_changed_at=days_ago(20))
    assert sweep().sent == 0


# More evidence due --------------------------------------------------------------------------


def ask_for_more(application, chair, due_on):
    findings = all_met(application)
    findings[criteria_of(application)[1].pk] = "partly_met"
    return record_decision(
        application,
        actor=chair,
        outcome="more_evidence",
        findings=findings,
        appraisal_report="Nearly there.",
        evidence_requested="The minutes of the governors' meeting.",
        evidence_due_on=due_on,
    )


def test_evidence_due_reminds_the_applicant_a_week_ahead_and_on_the_day(scheme, chair):
    today = timezone.localdate()
    application = submitted_application(scheme)
    for seat in panel_in_review(application, chair=chair):
        submit_review(seat)
    decision = ask_for_more(application, chair, today + datetime.timedelta(days=10))
    lead = application.lead_contact.email
    assert sweep(today).sent == 0
    assert sweep(today + datetime.timedelta(days=3)).sent == 1
    assert sweep(today + datetime.timedelta(days=4)).sent == 0
    assert sweep(today + datetime.timedelta(days=10)).sent == 1
    assert "Please add it and submit the application again by" in mail.outbox[0].body
    assert sweep(today + datetime.timedelta(days=11)).sent == 0
    assert rows(ReminderKind.EVIDENCE_DUE) == [
        (lead, decision.pk, 0, True),
        (lead, decision.pk, 7, True),
    ]


# Idle drafts --------------------------------------------------------------------------------


def make_idle(application, days: int) -> None:
    with scopes_disabled():
        Application.objects.filter(pk=application.pk).update(created_at=days_ago(days))
        CriterionResponse.objects.filter(application=application).update(updated_at=days_ago(days))


def test_idle_draft_is_nudged_once_even_if_its_person_opted_out(scheme, settings):
    """The nudge names the day the draft will be deleted: essential, so it reaches a person
    who chose fewer reminders too, and says why."""
    settings.SANCTUARY_DRAFT_IDLE_DAYS = 60
    idle = started_application(scheme, name="Idle Primary")
    quiet = started_application(scheme, name="Quiet Primary")
    busy = started_application(scheme, name="Busy Primary")
    make_idle(idle, 61)
    make_idle(quiet, 61)
    make_idle(busy, 61)
    with scopes_disabled():  # someone worked on this one yesterday
        CriterionResponse.objects.filter(application=busy).update(updated_at=days_ago(1))
    set_reminder_preferences(
        quiet.lead_contact, actor=quiet.lead_contact, receive={ReminderKind.REVIEW_OVERDUE}
    )
    sweep()
    subject = "Your draft Sanctuary Award application is waiting for you"
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted(
        [(idle.lead_contact.email, subject), (quiet.lead_contact.email, subject)]
    )
    for message in mail.outbox:
        assert "You can choose which reminders you receive:" not in message.body
        assert "even to those who chose to receive fewer reminders" in message.body
        assert "it will be deleted, with the files uploaded to it" in message.body
    assert sweep().sent == 0


# The reminders page -------------------------------------------------------------------------


@pytest.fixture
def reminded(scheme, chair):
    """Two awards' 90-day reminders sent: to their contacts and to the chair."""
    first = issued_award(scheme, awarded_on=datetime.date(2026, 5, 14), name="First Primary")
    second = issued_award(scheme, awarded_on=datetime.date(2026, 5, 14), name="Second Primary")
    sweep(datetime.date(2029, 2, 13))
    return first, second


def test_reminders_page_lists_what_was_sent_to_the_person_only(reminded, client):
    first, _second = reminded
    client.force_login(first.application.lead_contact)
    page = client.get(reverse("awards:my_reminders")).content.decode()
    assert "School of Sanctuary: First Primary" in page
    assert "Your Sanctuary Award is due for renewal" in page
    assert "14 May 2029" in page
    assert "Second Primary" not in page


def test_reminders_page_queries_are_the_same_for_one_and_many(scheme, client):
    first = issued_award(scheme, awarded_on=datetime.date(2026, 5, 14), name="First Primary")
    second = issued_award(scheme, awarded_on=datetime.date(2026, 5, 14), name="Second Primary")
    both = UserFactory(full_name="Contact of both")
    for held in (first, second):
        OrganisationContactFactory(organisation=held.organisation, user=both)
    sweep(datetime.date(2029, 2, 13))
    sweep(datetime.date(2029, 4, 14))
    client.force_login(first.application.lead_contact)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("awards:my_reminders"))
    client.force_login(both)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("awards:my_reminders")).content.decode()
    assert page.count("<td>Your Sanctuary Award is due for renewal</td>") == 4
    assert len(many) == len(one)


def test_person_opts_out_of_non_essential_reminders_on_the_page(db, client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        reverse("awards:my_reminders"), {"receive": [ReminderKind.REVIEW_OVERDUE]}
    )
    assert response.status_code == 302
    assert set(ReminderOptOut.objects.filter(user=person).values_list("kind", flat=True)) == {
        ReminderKind.AWARD_EXPIRY_NETWORK,
    }
    with scopes_disabled():
        entry = ActivityLog.objects.get(action="awards.reminders.preferences_changed")
    assert entry.data == {"opted_out": {"old": [], "new": ["award_expiry_network"]}}
    page = client.get(reverse("awards:my_reminders")).content.decode()
    # The idle draft's notice of deletion is among those that always go, not a choice.
    assert 'value="draft_idle"' not in page
    assert "<li>Your draft application is waiting for you</li>" in page
    assert 'value="review_overdue" id="id_receive_' in page
    assert page.count("checked") == 1


def test_essential_reminders_cannot_be_opted_out_of(db, client):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("awards:my_reminders"), {"receive": [ReminderKind.AWARD_EXPIRY]})
    assert not ReminderOptOut.objects.filter(user=person).exists()
    set_reminder_preferences(person, actor=person, receive=set())
    assert ReminderKind.AWARD_EXPIRY not in set(
        ReminderOptOut.objects.filter(user=person).values_list("kind", flat=True)
    )


def test_nobody_chooses_reminders_for_someone_else(db):
    person, other = UserFactory(), UserFactory()
    with pytest.raises(AwardError, match=r"Each person chooses their own reminders"):
        set_reminder_preferences(person, actor=other, receive=set())
