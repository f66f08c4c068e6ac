"""Mail cannot block (DESIGN.md rule 10): an address a mail server refuses for good stops only
its own e-mail, and is recorded for staff; a recipient deferred for now is retried alone; a
retried task never sends twice to anyone; the provider's bounce webhook stops an address; and
every task has time limits. The mail server is a real SMTP sink (tests/fakes.py)."""

import datetime
import smtplib
import uuid

import pytest
from anymail.exceptions import AnymailInvalidAddress, AnymailRecipientsRefused
from anymail.signals import AnymailTrackingEvent, tracking
from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled

import awards.tasks  # noqa: F401  (registers the award tasks with the app)
import members.tasks  # noqa: F401
from awards import renewals, tasks
from awards.enums import ApplicationState
from awards.models import Reminder
from members.emails import Failure, Outcome, classify_failure, deliver
from members.models import MailDelivery, UndeliverableAddress
from sanctuary.celery import app
from sanctuary.models import ActivityLog
from tests.factories import OrganisationContactFactory, UserFactory
from tests.factories.awards import (
    panel_in_review,
    submitted_application,
)
from tests.factories.certificates import issued_award
from tests.fakes import SMTPSink, recipients, run_task

EXPIRES_ON = datetime.date(2029, 5, 14)
DUE_DAY = EXPIRES_ON - datetime.timedelta(days=90)


@pytest.fixture
def held(scheme, chair):
    """An award expiring on EXPIRES_ON with three contacts; the middle one's address is
    the one refused below."""
    made = issued_award(scheme, awarded_on=datetime.date(2026, 5, 14), name="Parkside Primary")
    for email in ["gone@example.org", "zara@example.org"]:
        OrganisationContactFactory(
            organisation=made.organisation, user=UserFactory(email=email, full_name=email)
        )
    return made


def expected_people(held, chair) -> list[str]:
    return sorted([held.application.lead_contact.email, "zara@example.org", chair.email])


# The renewal sweep ------------------------------------------------------------------------


def test_sweep_with_a_refused_address_reminds_everyone_else_exactly_once(held, chair, settings):
    with SMTPSink(refuse=frozenset({"gone@example.org"})) as sink:
        settings.MAILERS = sink.mailers()
        first = renewals.run_renewal_sweep(today=DUE_DAY)
        second = renewals.run_renewal_sweep(today=DUE_DAY)
        third = renewals.run_renewal_sweep(today=DUE_DAY + datetime.timedelta(days=1))
        assert recipients(sink) == expected_people(held, chair)
        # The refused address was tried once, at the first sweep, and never again.
        assert sink.mail_commands == 4
    assert (first.sent, first.refused, first.deferred) == (3, 1, 0)
    assert (second.sent, second.refused, third.sent, third.refused) == (0, 0, 0, 0)
    refused = UndeliverableAddress.objects.get()
    assert (refused.email, refused.reason) == ("gone@example.org", "refused")
    assert refused.detail.startswith("550 5.1.1 No such mailbox")
    with scopes_disabled():
        row = Reminder.objects.get(recipient__email="gone@example.org")
        assert (row.sent_at, row.given_up_at is not None) == (None, True)
        entry = ActivityLog.objects.get(action="members.mail.address_undeliverable")
    assert (entry.object_id, entry.data) == (str(refused.pk), {"reason": "refused"})


def test_sweep_skips_an_address_already_recorded_without_trying_it(held, chair, settings):
    UndeliverableAddress.objects.create(email="gone@example.org", reason="bounced")
    with SMTPSink() as sink:
        settings.MAILERS = sink.mailers()
        result = renewals.run_renewal_sweep(today=DUE_DAY)
        assert recipients(sink) == expected_people(held, chair)
        assert sink.mail_commands == 3
    assert (result.sent, result.refused) == (3, 1)


def test_sweep_task_retries_a_deferred_recipient_alone(held, chair, settings):
    with SMTPSink(defer_once=frozenset({"zara@example.org"})) as sink:
        settings.MAILERS = sink.mailers()
        # In-process, the task's retry runs at once; with a worker it waits (backoff).
        result = run_task(tasks.task_run_renewal_sweep, today=DUE_DAY.isoformat())
        assert recipients(sink) == sorted([*expected_people(held, chair), "gone@example.org"])
    assert result["sent"] == 1  # the retry's own count: zara only
    with scopes_disabled():
        assert Reminder.objects.filter(sent_at__isnull=True).count() == 0
        assert Reminder.objects.get(recipient__email="zara@example.org").attempts == 2
    assert not UndeliverableAddress.objects.exists()


def test_a_recipient_deferred_too_often_is_given_up(held, chair, settings):
    settings.SANCTUARY_MAIL_MAX_ATTEMPTS = 1
    with SMTPSink(defer_once=frozenset({"zara@example.org"})) as sink:
        settings.MAILERS = sink.mailers()
        result = renewals.run_renewal_sweep(today=DUE_DAY)
    assert (result.sent, result.refused, result.deferred) == (3, 1, 0)
    with scopes_disabled():
        row = Reminder.objects.get(recipient__email="zara@example.org")
    assert (row.sent_at, row.given_up_at is not None) == (None, True)
    assert not UndeliverableAddress.objects.exists()  # a deferral is not a refusal


def claimed_by_a_sweep() -> tuple[uuid.UUID, list[int]]:
    """The reminders of DUE_DAY claimed by a sweep's token, and their ids, as the sweep hands
    them to the workers."""
    token = uuid.uuid4()
    with scopes_disabled():
        renewals.claim_reminders(DUE_DAY, token=token)
        [chunk] = renewals.pending_reminder_chunks(token=token)
    return token, chunk


def test_a_sending_task_retries_a_deferred_recipient_alone_and_never_sends_twice(
    held, chair, settings
):
    token, chunk = claimed_by_a_sweep()
    with SMTPSink(defer_once=frozenset({"zara@example.org"})) as sink:
        settings.MAILERS = sink.mailers()
        sent = run_task(tasks.task_send_reminders, reminder_ids=chunk, claimed_by=str(token))
        assert sent == 1  # the retry's own count: zara only
        assert recipients(sink) == sorted([*expected_people(held, chair), "gone@example.org"])
        # Handed out again (a broker's redelivery): nothing is sent twice.
        assert run_task(tasks.task_send_reminders, reminder_ids=chunk, claimed_by=str(token)) == 0
        assert len(sink.received()) == 4
    with scopes_disabled():
        assert not Reminder.objects.filter(sent_at__isnull=True).exists()
        assert Reminder.objects.get(recipient__email="zara@example.org").attempts == 2


def test_a_failing_sending_task_releases_only_the_rows_it_holds(held, chair, settings):
    settings.SANCTUARY_REMINDER_RETRY_SECONDS = 600
    token, chunk = claimed_by_a_sweep()
    with scopes_disabled():
        # Another worker is sending the first row right now.
        busy = Reminder.objects.get(pk=chunk[0])
        other = uuid.uuid4()
        assert renewals.take_reminder(busy, token=other, claimed_by=token)
    import socket

    with socket.socket() as probe:  # a port with nothing listening: the server is away
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    mine = uuid.uuid4()
    with scopes_disabled():
        with pytest.raises(OSError, match=r"Connection refused"):
            renewals.send_reminders(chunk, token=mine, claimed_by=token)
        busy.refresh_from_db()
        assert (busy.claim_token, busy.claimed_at is not None) == (other, True)
        released = Reminder.objects.filter(claim_token=mine)
        assert released.exists()
        assert not released.filter(claimed_at__isnull=False).exists()
        assert not Reminder.objects.filter(sent_at__isnull=False).exists()


# Application notifications ----------------------------------------------------------------


@pytest.fixture
def in_review(scheme, chair):
    application = submitted_application(scheme)
    seats = panel_in_review(application, chair=chair)
    return application, seats


def notify(application, task_id=None) -> int:
    return run_task(
        tasks.task_notify_application,
        task_id=task_id,
        network_id=application.network_id,
        application_id=application.pk,
        state=str(ApplicationState.IN_REVIEW),
    )


def test_a_retried_notification_does_not_send_again_to_earlier_recipients(in_review, settings):
    application, seats = in_review
    everyone = sorted([application.lead_contact.email, *(seat.panellist.email for seat in seats)])
    deferred = seats[1].panellist.email
    with SMTPSink(defer_once=frozenset({deferred})) as sink:
        settings.MAILERS = sink.mailers()
        assert notify(application) == 1  # the retry sent the deferred one only
        assert recipients(sink) == everyone
    rows = dict(MailDelivery.objects.values_list("email", "attempts"))
    assert rows == {email: (2 if email == deferred else 1) for email in everyone}
    assert not MailDelivery.objects.filter(sent_at__isnull=True).exists()


def test_a_refused_panellist_does_not_stop_the_others(in_review, settings):
    application, seats = in_review
    refused = seats[0].panellist.email
    with SMTPSink(refuse=frozenset({refused})) as sink:
        settings.MAILERS = sink.mailers()
        assert notify(application) == 3
        assert refused not in recipients(sink)
        assert len(recipients(sink)) == 3
        assert sink.mail_commands == 4  # the refused one tried once, not retried
    assert list(UndeliverableAddress.objects.values_list("email", flat=True)) == [refused]


def test_a_task_handed_out_again_sends_nothing_twice(in_review, settings):
    application, _seats = in_review
    # The same task id again (a broker handing an unacknowledged task out a second time)
    # finds every row done and sends nothing.
    mail.outbox.clear()
    assert notify(application, task_id="same-task") == 4
    assert notify(application, task_id="same-task") == 0
    assert len(mail.outbox) == 4


# What counts as a refusal ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "failure"),
    [
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no")}), Failure.REFUSED),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (451, b"later")}), Failure.DEFERRED),
        (smtplib.SMTPDataError(554, b"rejected"), Failure.REFUSED),
        (smtplib.SMTPServerDisconnected("gone"), Failure.SERVER),
        (ConnectionRefusedError(), Failure.SERVER),
        (AnymailRecipientsRefused(), Failure.REFUSED),
        (AnymailInvalidAddress(), Failure.REFUSED),
        (KeyError("a bug"), None),
    ],
)
def test_failures_are_sorted_into_refused_deferred_and_server(error, failure):
    assert classify_failure(error) is failure


# The provider's webhook ---------------------------------------------------------------------


def test_provider_bounce_marks_the_address_and_stops_its_mail(db):
    event = AnymailTrackingEvent(
        event_type="bounced", recipient="Bounced@Example.org", mta_response="550 user unknown"
    )
    tracking.send(sender=object, event=event, esp_name="Postmark")
    address = UndeliverableAddress.objects.get()
    assert (address.email, address.reason, address.detail) == (
        "bounced@example.org",
        "bounced",
        "550 user unknown",
    )
    mail.outbox.clear()
    outcome = deliver(
        key="test:1",
        to="bounced@example.org",
        language="en",
        subject="Hello",
        template="members/emails/trustees_invitation.txt",
        context={},
    )
    assert (outcome, mail.outbox) == (Outcome.UNDELIVERABLE, [])


def test_provider_complaint_marks_and_a_delay_does_not(db):
    events = [("complained", "spam@example.org"), ("deferred", "x@example.org")]
    for event_type, recipient in events:
        event = AnymailTrackingEvent(event_type=event_type, recipient=recipient)
        tracking.send(sender=object, event=event, esp_name="Mailgun")
    assert list(UndeliverableAddress.objects.values_list("email", "reason")) == [
        ("spam@example.org", "complained")
    ]


def test_anymail_backend_rejection_is_recorded(db, settings):
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}
    settings.ANYMAIL = {"IGNORE_RECIPIENT_STATUS": False}

    def rejecting_send(self, payload, message):
        from anymail.message import AnymailRecipientStatus

        mail.outbox.append(message)
        return {
            "recipient_status": {
                email: AnymailRecipientStatus(message_id=None, status="rejected")
                for email in payload.recipient_emails
            }
        }

    from anymail.backends.test import EmailBackend

    original = EmailBackend.post_to_esp
    EmailBackend.post_to_esp = rejecting_send
    try:
        outcome = deliver(
            key="test:2",
            to="rejected@example.org",
            language="en",
            subject="Hello",
            template="members/emails/trustees_invitation.txt",
            context={},
        )
    finally:
        EmailBackend.post_to_esp = original
    assert outcome is Outcome.REFUSED
    assert UndeliverableAddress.objects.get().email == "rejected@example.org"


# Staff see the refused addresses ------------------------------------------------------------


def test_staff_see_and_clear_undeliverable_addresses(world, client):
    address = UndeliverableAddress.objects.create(
        email="gone@example.org", reason="refused", detail="550 No such mailbox"
    )
    client.force_login(world.staff)
    page = client.get(reverse("staff_undeliverable")).content.decode()
    assert "gone@example.org" in page
    assert "550 No such mailbox" in page
    response = client.post(reverse("staff_undeliverable_clear", args=[address.pk]))
    assert response.status_code == 302
    assert not UndeliverableAddress.objects.exists()
    with scopes_disabled():
        assert ActivityLog.objects.filter(action="members.mail.address_cleared").count() == 1


def test_others_do_not_see_undeliverable_addresses(world, client):
    UndeliverableAddress.objects.create(email="gone@example.org", reason="refused")
    client.force_login(world.coordinator_a)
    response = client.get(reverse("staff_undeliverable"))
    assert response.status_code in {403, 404}
    assert b"gone@example.org" not in response.content


# Time limits ----------------------------------------------------------------------------------


def test_every_task_has_a_soft_and_a_hard_time_limit():
    ours = {
        name: task
        for name, task in app.tasks.items()
        if name.split(".")[0] in {"members", "awards", "streams"}
    }
    assert len(ours) >= 8
    for name, task in ours.items():
        assert task.soft_time_limit and task.time_limit, name
        assert task.soft_time_limit < task.time_limit, name
