"""A scheme's name reads in each reader's language wherever it is printed: the notices around
the review (awards/notices.py) and the coordinators' notices go in the recipient's language, so
they name the award in it too, and pages show the translated name with its own `lang`."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from awards import tasks
from awards.services.panels import step_back
from awards.services.questions import ask_question
from awards.services.visits import offer_visit_dates
from tests.factories.awards import future, panel_in_review, submitted_application
from tests.factories.certificates import issued_award
from tests.fakes import run_task

WELSH_NAME = "Ysgol Noddfa"


@pytest.fixture(autouse=True)
def page_language_reset():
    yield
    translation.deactivate()


@pytest.fixture
def welsh_scheme(scheme):
    scheme.translations = {"cy": {"name": WELSH_NAME}}
    scheme.save(update_fields=["translations"])
    return scheme


@pytest.fixture
def application(welsh_scheme, chair):
    application = submitted_application(welsh_scheme, name="Parkside Primary")
    panel_in_review(application, chair=chair)
    return application


def welsh(person):
    person.preferred_language = "cy"
    person.save(update_fields=["preferred_language"])
    return person


def test_a_welsh_chair_reads_the_welsh_name_in_panel_notices(application, chair):
    welsh(chair)
    kwargs = {"network_id": application.network_id, "application_id": application.pk}
    offer_visit_dates(application, actor=application.lead_contact, dates=[future(10, 10)])
    with scopes_disabled():
        seat = application.panel.order_by("pk").first()
    step_back(seat, actor=seat.panellist)
    mail.outbox.clear()
    assert run_task(tasks.task_notify_visit_dates, **kwargs) == 1
    assert run_task(tasks.task_notify_seat_free, **kwargs) == 1
    assert [m.to for m in mail.outbox] == [[chair.email], [chair.email]]
    for message in mail.outbox:
        assert WELSH_NAME in message.body
        assert "School of Sanctuary" not in message.body


def test_each_recipient_reads_the_name_in_their_own_language(application, chair):
    """The Welsh lead contact reads the Welsh name; an English chair still reads English."""
    contact = welsh(application.lead_contact)
    entry = ask_question(application, actor=chair, body="How do pupils take part?")
    mail.outbox.clear()
    run_task(tasks.task_notify_question, network_id=application.network_id, entry_id=entry.pk)
    (message,) = mail.outbox
    assert message.to == [contact.email]
    assert WELSH_NAME in message.body
    offer_visit_dates(application, actor=contact, dates=[future(10, 10)])
    mail.outbox.clear()
    run_task(
        tasks.task_notify_visit_dates,
        network_id=application.network_id,
        application_id=application.pk,
    )
    (message,) = mail.outbox
    assert message.to == [chair.email]
    assert "School of Sanctuary" in message.body and WELSH_NAME not in message.body


def test_a_page_shows_the_translated_name_with_its_language(welsh_scheme, client):
    held = issued_award(welsh_scheme, awarded_on=timezone.localdate())
    client.cookies["django_language"] = "cy"
    html = client.get(
        reverse("awards:complaint_raise", args=[held.certificate_number])
    ).content.decode()
    assert WELSH_NAME in html
    assert "School of Sanctuary" not in html
