"""In Chromium, as people would: the panel's chair asks a School of Sanctuary applicant a
question and reads the answer, and a visit is booked from the dates the applicant offered.
Screenshots go to /tmp/panelwork-*.png (phone-sized ones too)."""

import datetime
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import StreamFactory
from tests.factories.awards import (
    coordinator,
    panel_in_review,
    scheme_with_criteria,
    submitted_application,
)
from tests.test_accessibility import session_cookie_for

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def signed_in(browser, live_server, user, viewport):
    context = browser.new_context(viewport=viewport)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie_for(user),
                "domain": urlparse(live_server.url).hostname,
                "path": "/",
            }
        ]
    )
    return context


def fits(page, width) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_question_answer_and_a_visit_booked_from_offered_dates(browser, live_server, db):
    scheme = scheme_with_criteria(
        StreamFactory(name="Schools of Sanctuary", slug="schools"), name="School of Sanctuary"
    )
    chair = coordinator(scheme.network, name="Chair Person")
    application = submitted_application(scheme, name="Parkside Primary")
    seats = panel_in_review(application, chair=chair)
    contact = application.lead_contact
    slug = scheme.network.slug

    # The chair asks, naming a panellist who did not choose to show their name.
    chair_context = signed_in(browser, live_server, chair, {"width": 1280, "height": 900})
    page = chair_context.new_page()
    page.goto(live_server.url + reverse("awards:panel_questions", args=[slug, application.pk]))
    page.fill("#id_body", "How do pupils who are new to the UK take part?")
    page.select_option("#id_raised_by", str(seats[1].pk))
    page.click("button[name=ask]")
    page.wait_for_load_state()
    page.fill("#id_note", "Ask about the buddy scheme at the visit.")
    page.click("button[name=add_note]")
    page.wait_for_load_state()
    page.screenshot(path="/tmp/panelwork-1-chair-asks.png", full_page=True)

    # The applicant answers on a phone and never reads the panellist's name or the note.
    phone = signed_in(browser, live_server, contact, PHONE)
    mobile = phone.new_page()
    mobile.goto(live_server.url + reverse("awards:application_detail", args=[application.pk]))
    mobile.click("text=Questions from the panel")
    mobile.wait_for_load_state()
    body = mobile.locator("main").inner_text()
    assert "How do pupils who are new to the UK take part?" in body
    assert "The panel asks" in body
    assert seats[1].panellist.get_full_name() not in body
    assert "buddy scheme" not in body
    mobile.fill("textarea[name=body]", "Each has a buddy and a welcome pack in their language.")
    mobile.screenshot(path="/tmp/panelwork-2-answer-360.png", full_page=True)
    assert fits(mobile, PHONE["width"])
    mobile.click("text=Send the answer")
    mobile.wait_for_load_state()
    assert "Each has a buddy" in mobile.locator("main").inner_text()

    # The applicant offers two dates for the visit.
    mobile.goto(live_server.url + reverse("awards:application_visit", args=[application.pk]))
    days = [timezone.localdate() + datetime.timedelta(days=n) for n in (14, 16)]
    for n, day in enumerate(days, start=1):
        mobile.fill(f"#id_day_{n}", day.isoformat())
        mobile.fill(f"#id_from_{n}", "10:00")
        mobile.fill(f"#id_to_{n}", "12:00")
    mobile.screenshot(path="/tmp/panelwork-3-offer-dates-360.png", full_page=True)
    assert fits(mobile, PHONE["width"])
    mobile.click("text=Offer these dates")
    mobile.wait_for_load_state()
    assert "The panel's chair will confirm one of them." in mobile.locator("main").inner_text()

    # The chair reads the answer, then confirms the second date, in person.
    page.goto(live_server.url + reverse("awards:panel_questions", args=[slug, application.pk]))
    assert "Each has a buddy" in page.locator("main").inner_text()
    page.goto(live_server.url + reverse("awards:panel_visit", args=[slug, application.pk]))
    page.locator("input[name=visit]").nth(1).check()
    page.check("input[name=mode][value=in_person]")
    page.fill("#id_address", "Parkside Primary, 1 Long Road, Sheffield")
    page.click("button[name=confirm]")
    page.wait_for_load_state()
    assert "Parkside Primary, 1 Long Road" in page.locator("main").inner_text()
    page.screenshot(path="/tmp/panelwork-4-visit-confirmed.png", full_page=True)

    mobile.goto(live_server.url + reverse("awards:application_visit", args=[application.pk]))
    assert "Your visit is confirmed." in mobile.locator("main").inner_text()
    mobile.screenshot(path="/tmp/panelwork-5-visit-360.png", full_page=True)
    assert fits(mobile, PHONE["width"])
    with scopes_disabled():
        confirmed = application.visit_dates.get(confirmed_at__isnull=False)
    assert timezone.localtime(confirmed.starts_at).date() == days[1]
    chair_context.close()
    phone.close()
