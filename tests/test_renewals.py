"""The renewal engine (DESIGN.md rule 3): awards move to renewal due and lapse on their dates,
each reminder goes exactly once per award, cycle, milestone and person, also when a sweep
runs twice or crashes between claiming and sending, with the clock moved forward."""

import datetime
import uuid

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from awards import renewals, tasks
from awards.enums import AwardState, ReminderKind
from awards.models import Award, Reminder
from awards.services.applications import start_application, submit_application
from awards.services.reminders import set_reminder_preferences
from awards.services.state import withdraw_award
from sanctuary.celery import app
from sanctuary.models import ActivityLog
from tests.factories.awards import (
    award,
    panel_in_review,
    submit_review,
    submitted_application,
    sweep,
)
from tests.factories.certificates import issued_award

AWARDED_ON = datetime.date(2026, 5, 14)
EXPIRES_ON = datetime.date(2029, 5, 14)


def before_expiry(days: int) -> datetime.date:
    return EXPIRES_ON - datetime.timedelta(days=days)


@pytest.fixture
def held(scheme, chair):
    """Parkside Primary's award, expiring on EXPIRES_ON; its contact reads Welsh."""
    made = issued_award(scheme, awarded_on=AWARDED_ON, name="Parkside Primary")
    contact = made.application.lead_contact
    contact.preferred_language = "cy"
    contact.save(update_fields=["preferred_language"])
    return made


def state_of(award_row) -> str:
    with scopes_disabled():
        return Award.objects.get(pk=award_row.pk).state


def sent_to(message_list) -> list[tuple[str, str]]:
    return sorted((message.to[0], message.subject) for message in message_list)


def reminders() -> list[tuple]:
    with scopes_disabled():
        return sorted(
            Reminder.objects.filter(sent_at__isnull=False).values_list(
                "award_id", "cycle", "milestone", "recipient__email", "kind"
            )
        )


# States with a moved clock ------------------------------------------------------------------


def test_sweep_leaves_an_award_active_before_its_first_milestone(held):
    result = sweep(before_expiry(91))
    assert result.as_dict() == {"renewal_due": 0, "lapsed": 0, "claimed": 0, "sent": 0}
    assert state_of(held) == AwardState.ACTIVE
    assert mail.outbox == []


def test_sweep_moves_the_award_to_renewal_due_at_the_first_milestone(held, chair):
    result = sweep(before_expiry(90))
    assert result.as_dict() == {"renewal_due": 1, "lapsed": 0, "claimed": 2, "sent": 2}
    assert state_of(held) == AwardState.RENEWAL_DUE
    contact = held.application.lead_contact
    # The contact reads Welsh, so the subject is the Welsh one (no longer English by default).
    with translation.override("cy"):
        welsh_subject = gettext("Your Sanctuary Award is due for renewal")
    assert welsh_subject != "Your Sanctuary Award is due for renewal"
    assert sent_to(mail.outbox) == sorted(
        [
            (contact.email, welsh_subject),
            (chair.email, "A Sanctuary Award in your network is due for renewal"),
        ]
    )
    with scopes_disabled():
        entry = ActivityLog.objects.get(action="awards.award.renewal_due")
    assert (entry.object_id, entry.network_id, entry.data["state"]) == (
        str(held.pk),
        held.network_id,
        {"old": "active", "new": "renewal_due"},
    )


def test_each_milestone_goes_once_and_the_award_lapses_after_the_grace_period(
    held, chair, settings
):
    settings.SANCTUARY_AWARD_GRACE_DAYS = 30
    contact = held.application.lead_contact
    days = [90, 89, 60, 30, 29, 7, 1, 0]
    sent_each_day = {}
    for day in days:
        sweep(before_expiry(day))
        sent_each_day[day] = len(mail.outbox)
    assert sent_each_day == {90: 2, 89: 0, 60: 0, 30: 2, 29: 0, 7: 2, 1: 0, 0: 2}
    assert [row[:4] for row in reminders() if row[3] == contact.email] == [
        (held.pk, 1, 0, contact.email),
        (held.pk, 1, 7, contact.email),
        (held.pk, 1, 30, contact.email),
        (held.pk, 1, 90, contact.email),
    ]
    last_day = EXPIRES_ON + datetime.timedelta(days=30)
    assert sweep(last_day).lapsed == 0
    assert state_of(held) == AwardState.RENEWAL_DUE
    result = sweep(last_day + datetime.timedelta(days=1))
    assert (result.lapsed, result.sent) == (1, 0)
    assert state_of(held) == AwardState.LAPSED
    assert sweep(last_day + datetime.timedelta(days=400)).as_dict()["sent"] == 0


def test_reminders_reach_each_person_in_their_language(held):
    sweep(before_expiry(30))
    contact = held.application.lead_contact
    message = next(m for m in mail.outbox if m.to == [contact.email])
    # Django's own Welsh month names show the e-mail was written in Welsh.
    assert "14 Mai 2029" in message.body
    assert f"/awards/held/{held.pk}/" in message.body


def test_a_sweep_that_missed_days_sends_only_the_current_milestone(held):
    sweep(before_expiry(5))  # the 90- and 30-day windows passed while nothing ran
    assert [row[2] for row in reminders()] == [7, 7]


def test_withdrawn_award_gets_no_reminders_and_does_not_lapse(held, settings):
    withdraw_award(held, actor=give_staff(), reason="A complaint.")
    assert sweep(before_expiry(30)).as_dict() == {
        "renewal_due": 0,
        "lapsed": 0,
        "claimed": 0,
        "sent": 0,
    }
    sweep(EXPIRES_ON + datetime.timedelta(days=365))
    assert state_of(held) == AwardState.WITHDRAWN


def give_staff():
    from tests.factories import UserFactory

    return UserFactory(is_staff=True)


# Exactly once -------------------------------------------------------------------------------


def test_sweep_run_twice_on_a_day_sends_each_reminder_once(held):
    first = sweep(before_expiry(30))
    second = sweep(before_expiry(30))
    assert (first.sent, second.sent, second.claimed) == (2, 0, 0)
    with scopes_disabled():
        assert Reminder.objects.count() == 2


def test_crash_between_claim_and_send_is_sent_by_a_later_sweep(held, settings):
    # A sweep claims its reminders, then dies before sending any.
    with scopes_disabled():
        renewals.claim_reminders(before_expiry(30), token=uuid.uuid4())
        assert Reminder.objects.filter(sent_at__isnull=True).count() == 2
    # While its claim is fresh, another sweep leaves the rows alone...
    settings.SANCTUARY_REMINDER_RETRY_SECONDS = 600
    assert sweep(before_expiry(30)).sent == 0
    # ...and once the claim is stale, the next sweep sends each of them, once.
    settings.SANCTUARY_REMINDER_RETRY_SECONDS = 0
    assert sweep(before_expiry(29)).sent == 2
    assert sweep(before_expiry(28)).sent == 0
    with scopes_disabled():
        rows = list(Reminder.objects.values_list("milestone", "attempts", "language"))
    assert sorted(rows) == [(30, 1, "cy"), (30, 1, "en")]


def test_a_taken_reminder_cannot_be_taken_by_a_second_sender(held, settings):
    settings.SANCTUARY_REMINDER_RETRY_SECONDS = 600
    with scopes_disabled():
        renewals.claim_reminders(before_expiry(30), token=uuid.uuid4())
        row = Reminder.objects.first()
        one, two = uuid.uuid4(), uuid.uuid4()
        Reminder.objects.filter(pk=row.pk).update(claimed_at=None)  # released after a failure
        assert renewals.take_reminder(row, token=one) is True
        assert renewals.take_reminder(row, token=two) is False
        assert renewals.take_reminder(row, token=one) is True  # its own claim, again


def test_failed_send_releases_the_claim_for_the_retry(held, settings):
    # A mail server that refuses connections: the port below has nothing listening.
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    with pytest.raises(OSError, match=r"Connection refused"):
        sweep(before_expiry(30))
    with scopes_disabled():
        assert list(Reminder.objects.values_list("sent_at", "claimed_at")) == [
            (None, None),
            (None, None),
        ]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.SANCTUARY_REMINDER_RETRY_SECONDS = 600
    assert sweep(before_expiry(30)).sent == 2


# Cycles -------------------------------------------------------------------------------------


def test_renewed_award_starts_a_new_cycle_of_reminders(scheme, chair):
    # Decisions are never in the future, so this award was made three years ago.
    first_decided = datetime.date(2023, 6, 1)
    application = submitted_application(scheme, name="Cycle Primary")
    for seat in panel_in_review(application, chair=chair):
        submit_review(seat)
    award(application, chair=chair, decided_on=first_decided)
    first = application.award
    sweep(first.expires_on - datetime.timedelta(days=90))
    renewal = start_application(application.organisation, scheme, actor=application.lead_contact)
    submit_application(renewal, actor=application.lead_contact)
    for seat in panel_in_review(renewal, chair=chair):
        submit_review(seat)
    award(renewal, chair=chair, decided_on=first.expires_on - datetime.timedelta(days=20))
    with scopes_disabled():
        second = Award.objects.get(application=renewal)
    assert (first.cycle, second.cycle) == (1, 2)
    assert state_of(first) == AwardState.RENEWED
    assert second.certificate_number != first.certificate_number
    # The renewed award is done with; the new one is reminded on its own dates.
    sweep(first.expires_on)
    sweep(second.expires_on - datetime.timedelta(days=90))
    contact = application.lead_contact.email
    assert [row[:3] for row in reminders() if row[3] == contact] == [
        (first.pk, 1, 90),
        (second.pk, 2, 90),
    ]


# Opting out ---------------------------------------------------------------------------------


def test_opt_out_stops_non_essential_reminders_only(held, chair):
    contact = held.application.lead_contact
    # The contact cannot opt out of the expiry reminder: it is not among the choices.
    set_reminder_preferences(contact, actor=contact, receive=set())
    set_reminder_preferences(chair, actor=chair, receive=set())
    sweep(before_expiry(90))
    assert [m.to[0] for m in mail.outbox] == [contact.email]
    with scopes_disabled():
        kinds = list(Reminder.objects.values_list("kind", flat=True))
    assert kinds == [ReminderKind.AWARD_EXPIRY]


# Scale --------------------------------------------------------------------------------------


def count_sweep_queries(day: datetime.date) -> int:
    with scopes_disabled(), CaptureQueriesContext(connection) as queries:
        renewals.mark_renewal_due(day)
        renewals.claim_reminders(day, token=uuid.uuid4())
        renewals.mark_lapsed(day)
    return len(queries)


def test_sweep_queries_do_not_grow_with_the_number_of_due_awards(scheme, chair):
    issued_award(scheme, awarded_on=AWARDED_ON, name="One Primary")
    one = count_sweep_queries(before_expiry(90))
    for index in range(6):
        issued_award(scheme, awarded_on=AWARDED_ON, name=f"Many Primary {index}")
    many = count_sweep_queries(before_expiry(30))
    with scopes_disabled():
        due = Award.objects.filter(state=AwardState.RENEWAL_DUE).count()
        claimed = Reminder.objects.filter(milestone=30).count()
    assert (due, claimed) == (7, 14)
    assert many == one


# Running it ---------------------------------------------------------------------------------


def test_management_command_sweeps_as_of_the_day_given(held, capsys):
    call_command("run_renewal_sweep", "--today", before_expiry(90).isoformat())
    assert capsys.readouterr().out.strip() == (
        "Renewal sweep for 2029-02-13: 1 due for renewal, 0 lapsed, 2 reminders claimed, 2 sent."
    )
    assert state_of(held) == AwardState.RENEWAL_DUE


def test_management_command_refuses_a_date_it_cannot_read(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("run_renewal_sweep", "--today", "14/02/2029")


def test_sweep_task_runs_for_the_day_given(held):
    result = tasks.task_run_renewal_sweep.delay(today=before_expiry(90).isoformat()).get()
    assert result == {"renewal_due": 1, "lapsed": 0, "claimed": 2, "sent": 2}


def test_beat_runs_the_sweep_every_day():
    entry = app.conf.beat_schedule["renewal-sweep"]
    assert entry["task"] == "awards.tasks.task_run_renewal_sweep"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {30})
    assert entry["schedule"].day_of_week == set(range(7))
