"""Mail cannot block (DESIGN.md rule 10) around the review too (awards/notices.py): the panel's
questions, the applicant's answers, visit dates and confirmations, concerns and free seats go
through the same per-recipient claim as every other e-mail. A refused address stops only its
own e-mail and is recorded; a task run again sends nobody anything twice; the confirmed
visit still carries its calendar file. The mail server is the SMTP sink of tests/fakes.py."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled

from awards import tasks
from awards.enums import ComplaintState, VisitMode
from awards.models import ThreadEntry
from awards.services.applications import add_collaborator
from awards.services.complaints import (
    decide_complaint,
    raise_complaint,
    take_complaint_into_review,
)
from awards.services.panels import step_back
from awards.services.questions import ask_question
from awards.services.visits import confirm_visit, offer_visit_dates
from members.models import MailDelivery, UndeliverableAddress
from tests.factories import OrganisationContactFactory, UserFactory
from tests.factories.awards import (
    future,
    panel_in_review,
    submitted_application,
)
from tests.factories.certificates import issued_award
from tests.fakes import SMTPSink, recipients, run_task

REFUSED = "gone@example.org"


@pytest.fixture
def application(scheme, chair):
    """In review, with two applicant contacts: the lead, and a colleague whose address the
    sink refuses for good."""
    application = submitted_application(scheme, name="Parkside Primary")
    colleague = UserFactory(email=REFUSED, full_name="Gone Colleague")
    OrganisationContactFactory(organisation=application.organisation, user=colleague)
    add_collaborator(application, colleague, actor=application.lead_contact)
    panel_in_review(application, chair=chair)
    return application


def _question(application, chair) -> ThreadEntry:
    with scopes_disabled():
        seat = application.panel.order_by("pk").first()
    return ask_question(application, actor=chair, body="How do pupils take part?", raised_by=seat)


def notify_question(entry: ThreadEntry, task_id=None) -> int:
    return run_task(
        tasks.task_notify_question,
        task_id=task_id,
        network_id=entry.application.network_id,
        entry_id=entry.pk,
    )


def test_a_refused_contact_does_not_stop_the_question_reaching_the_other(
    application, chair, settings
):
    entry = _question(application, chair)
    with SMTPSink(refuse=frozenset({REFUSED})) as sink:
        settings.MAILERS = sink.mailers()
        assert notify_question(entry) == 1
        assert recipients(sink) == [application.lead_contact.email]
        assert sink.mail_commands == 2  # the refused address tried once
    refused = UndeliverableAddress.objects.get()
    assert (refused.email, refused.reason) == (REFUSED, "refused")
    assert refused.detail.startswith("550 5.1.1 No such mailbox")
    rows = {row.email: row for row in MailDelivery.objects.filter(key=f"question:{entry.pk}")}
    assert set(rows) == {application.lead_contact.email, REFUSED}
    assert rows[application.lead_contact.email].sent_at is not None
    assert (rows[REFUSED].sent_at, rows[REFUSED].given_up_at is not None) == (None, True)


def test_the_question_task_run_twice_sends_nothing_more(application, chair, settings):
    entry = _question(application, chair)
    with SMTPSink(refuse=frozenset({REFUSED})) as sink:
        settings.MAILERS = sink.mailers()
        assert notify_question(entry) == 1
        # A second run (another task id: the same notice queued again) finds every row done,
        # and a broker handing the same task out again finds the same.
        assert notify_question(entry) == 0
        assert notify_question(entry, task_id="handed-out-again") == 0
        assert recipients(sink) == [application.lead_contact.email]
        assert sink.mail_commands == 2  # nobody tried again, not even the refused address


def test_a_deferred_contact_is_retried_alone(application, chair, settings):
    entry = _question(application, chair)
    lead = application.lead_contact.email
    with SMTPSink(defer_once=frozenset({REFUSED})) as sink:
        settings.MAILERS = sink.mailers()
        assert notify_question(entry) == 1  # the retry's own count: the deferred one only
        assert recipients(sink) == sorted([lead, REFUSED])
    rows = dict(MailDelivery.objects.values_list("email", "attempts"))
    assert rows == {lead: 1, REFUSED: 2}
    assert not UndeliverableAddress.objects.exists()


def test_the_visit_confirmation_carries_its_calendar_file_and_goes_once(
    application, chair, settings
):
    offered = offer_visit_dates(
        application, actor=application.lead_contact, dates=[future(10, 10), future(12, 14)]
    )
    visit = confirm_visit(
        offered[1], actor=chair, mode=VisitMode.IN_PERSON, address="Parkside Primary, Sheffield"
    )
    kwargs = {"network_id": application.network_id, "visit_id": visit.pk, "chair_id": chair.pk}
    with SMTPSink(refuse=frozenset({REFUSED})) as sink:
        settings.MAILERS = sink.mailers()
        assert run_task(tasks.task_send_visit_confirmation, **kwargs) == 2
        assert run_task(tasks.task_send_visit_confirmation, **kwargs) == 0
        assert recipients(sink) == sorted([application.lead_contact.email, chair.email])
        assert sink.mail_commands == 3
        for message in sink.received():
            (calendar,) = list(message.iter_attachments())
            assert calendar.get_filename() == "visit.ics"
            assert calendar.get_content_type() == "text/calendar"
            content = calendar.get_content()
            assert content.startswith("BEGIN:VCALENDAR\r\n")
            assert f"UID:{visit.uid}@sanctuary-visit\r\n" in content
    assert list(UndeliverableAddress.objects.values_list("email", flat=True)) == [REFUSED]


def test_visit_dates_tell_the_chairs_once_per_offer(application, chair):
    offer_visit_dates(application, actor=application.lead_contact, dates=[future(10, 10)])
    kwargs = {"network_id": application.network_id, "application_id": application.pk}
    mail.outbox.clear()
    assert run_task(tasks.task_notify_visit_dates, **kwargs) == 1
    assert run_task(tasks.task_notify_visit_dates, **kwargs) == 0
    # A new offer is a new notice.
    offer_visit_dates(application, actor=application.lead_contact, dates=[future(11, 10)])
    assert run_task(tasks.task_notify_visit_dates, **kwargs) == 1
    assert [m.to for m in mail.outbox] == [[chair.email], [chair.email]]


def test_each_decision_on_a_concern_is_told_once(scheme):
    held = issued_award(scheme, awarded_on=timezone.localdate() - datetime.timedelta(days=30))
    complaint = raise_complaint(
        held, actor=None, name="Sam Visitor", email="sam@example.org", body="Turned away."
    )
    staff = UserFactory(is_staff=True)
    take_complaint_into_review(complaint, actor=staff)
    kwargs = {"network_id": held.network_id, "complaint_id": complaint.pk, "event": "decided"}
    mail.outbox.clear()
    decide_complaint(complaint, actor=staff, outcome=ComplaintState.SUSPENDED, reason="Checking.")
    told = run_task(tasks.task_notify_complaint, **kwargs)
    assert told >= 2  # the person who raised it and the organisation's contacts
    assert run_task(tasks.task_notify_complaint, **kwargs) == 0
    # A second decision (the suspension becomes a withdrawal) is a notice of its own.
    decide_complaint(complaint, actor=staff, outcome=ComplaintState.WITHDRAWN, reason="Upheld.")
    assert run_task(tasks.task_notify_complaint, **kwargs) == told
    assert run_task(tasks.task_notify_complaint, **kwargs) == 0
    assert len(mail.outbox) == 2 * told


def test_a_free_seat_is_told_to_the_chairs_once(application, chair):
    with scopes_disabled():
        seat = application.panel.order_by("pk").first()
    step_back(seat, actor=seat.panellist)
    kwargs = {"network_id": application.network_id, "application_id": application.pk}
    mail.outbox.clear()
    assert run_task(tasks.task_notify_seat_free, **kwargs) == 1
    assert run_task(tasks.task_notify_seat_free, **kwargs) == 0
    assert [m.to for m in mail.outbox] == [[chair.email]]
