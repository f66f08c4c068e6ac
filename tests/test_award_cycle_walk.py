"""The whole award cycle in Chromium, as the people in it would walk it (issue 13's done-when):
a School of Sanctuary application goes through a panel question and its answer, a visit booked
from the dates the applicant offered, a panellist's review on a 360 px phone with a reload in
the middle, the decision, the one-year check-in and a renewal that starts from it. Every
message goes by the platform's own e-mails (none by hand) and every step is on the record.

Each person follows the links their e-mails give them. Screenshots: /tmp/cycle-*.png."""

import datetime
import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from awards.enums import AwardState
from awards.models import Application, Award, CheckIn
from sanctuary.models import ActivityLog
from tests.factories import StreamFactory
from tests.factories.awards import (
    coordinator,
    criteria_of,
    panel_in_review,
    scheme_with_criteria,
    submit_review,
    submitted_application,
    sweep,
)
from tests.test_awards_around_browser import PHONE, fits, signed_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PLAN = "Train every member of staff\nA welcome week each September\nShare with the cluster"


def links_in(message, fragment: str) -> list[str]:
    """The paths of the links in an e-mail's text that contain `fragment`."""
    return [
        urlparse(url).path for url in re.findall(r"https?://\S+", message.body) if fragment in url
    ]


def sent_to(person) -> list:
    return [message for message in mail.outbox if person.email in message.to]


def open_criterion(page, criterion) -> None:
    """Unfold a criterion of the review page, unless it is open already."""
    body = page.locator(f"details.review-criterion:has(textarea[name=reason_{criterion.pk}])")
    if not body.evaluate("element => element.open"):
        body.locator("summary").click()


def screenshot(page, name: str) -> None:
    page.screenshot(path=f"/tmp/cycle-{name}.png", full_page=True)


def test_a_school_goes_round_the_whole_award_cycle(browser, live_server, db):
    mail.outbox.clear()
    scheme = scheme_with_criteria(
        StreamFactory(name="Schools of Sanctuary", slug="schools"), name="School of Sanctuary"
    )
    chair = coordinator(scheme.network, name="Chair Person")
    application = submitted_application(scheme, name="Parkside Primary")
    with scopes_disabled():
        Application.objects.filter(pk=application.pk).update(action_plan=PLAN)
    seats = panel_in_review(application, chair=chair)
    lived, second, third = seats
    contact = application.lead_contact
    slug = scheme.network.slug
    names = [seat.panellist.get_full_name() for seat in seats]

    chair_context = signed_in(browser, live_server, chair, DESKTOP)
    desk = chair_context.new_page()
    phone_context = signed_in(browser, live_server, contact, PHONE)
    mobile = phone_context.new_page()

    # 1. The chair asks the panel's question; the applicant reads it from the e-mail's link.
    desk.goto(live_server.url + reverse("awards:panel_questions", args=[slug, application.pk]))
    desk.fill("#id_body", "How do pupils who are new to the UK take part in school life?")
    desk.click("button[name=ask]")
    desk.wait_for_load_state()
    question_mail = sent_to(contact)[-1]
    assert not any(name in question_mail.body for name in names)
    [question_link] = links_in(question_mail, f"/awards/applications/{application.pk}/")[:1]
    mobile.goto(live_server.url + question_link)
    if "Questions from the panel" in mobile.locator("main").inner_text():
        mobile.click("text=Questions from the panel")
        mobile.wait_for_load_state()
    assert "new to the UK" in mobile.locator("main").inner_text()
    mobile.fill("textarea[name=body]", "Each has a buddy and a welcome pack in their language.")
    screenshot(mobile, "1-answer-360")
    assert fits(mobile, PHONE["width"])
    mobile.click("text=Send the answer")
    mobile.wait_for_load_state()
    answer_mails = sent_to(chair)
    assert answer_mails and "Each has a buddy" in answer_mails[-1].body

    # 2. The applicant offers two dates; the chair confirms the second, in person.
    mobile.goto(live_server.url + reverse("awards:application_visit", args=[application.pk]))
    days = [timezone.localdate() + datetime.timedelta(days=n) for n in (14, 16)]
    for n, day in enumerate(days, start=1):
        mobile.fill(f"#id_day_{n}", day.isoformat())
        mobile.fill(f"#id_from_{n}", "10:00")
        mobile.fill(f"#id_to_{n}", "12:00")
    mobile.click("text=Offer these dates")
    mobile.wait_for_load_state()
    offer_mail = sent_to(chair)[-1]
    [visit_link] = links_in(offer_mail, "/visit/")[:1]
    desk.goto(live_server.url + visit_link)
    desk.locator("input[name=visit]").nth(1).check()
    desk.check("input[name=mode][value=in_person]")
    desk.fill("#id_address", "Parkside Primary, 1 Long Road, Sheffield")
    desk.click("button[name=confirm]")
    desk.wait_for_load_state()
    screenshot(desk, "2-visit-confirmed")
    confirmed = [m for m in sent_to(contact) if m.attachments]
    assert confirmed, "the applicant's confirmation carries the calendar file"
    assert any(name.endswith(".ics") for name, *_ in confirmed[-1].attachments)

    # 3. The panellist with lived experience reviews on her phone; the page reloads midway
    #    (a dropped connection) and nothing she wrote is lost.
    criteria = criteria_of(application)
    panellist_context = signed_in(browser, live_server, lived.panellist, PHONE)
    review = panellist_context.new_page()
    review.goto(live_server.url + reverse("awards:review", args=[slug, application.pk]))
    first = criteria[0]
    open_criterion(review, first)
    review.check(f"input[name=rating_{first.pk}][value=met]")
    review.fill(f"textarea[name=reason_{first.pk}]", "Every class has a welcome buddy.")
    # The draft saves itself: the status line says so (the page's CSP forbids eval'd waits).
    review.locator("#autosave-status").filter(has_text=re.compile(r"\S")).wait_for()
    screenshot(review, "3-review-saved-360")
    review.reload()
    review.wait_for_load_state()
    open_criterion(review, first)
    assert review.locator(f"input[name=rating_{first.pk}][value=met]").is_checked()
    assert "welcome buddy" in review.locator(f"textarea[name=reason_{first.pk}]").input_value()
    for criterion in criteria[1:]:
        open_criterion(review, criterion)
        review.check(f"input[name=rating_{criterion.pk}][value=met]")
        review.fill(f"textarea[name=reason_{criterion.pk}]", "Seen in the evidence.")
    review.fill("textarea[name=strengths]", "Welcome is everyday practice here.")
    assert fits(review, PHONE["width"])
    # Let the last autosave (1.5 s after typing stops) go before submitting: the embedded
    # database's live server shares one connection between its threads.
    review.wait_for_timeout(1800)
    review.wait_for_load_state("networkidle")
    review.click("button[name=submit]")
    review.wait_for_load_state()
    assert "You submitted this review" in review.locator("main").inner_text()
    screenshot(review, "4-review-submitted-360")
    review.wait_for_load_state("networkidle")
    submit_review(second)
    submit_review(third)

    # 4. The chair records the award; the applicant hears by e-mail.
    desk.goto(live_server.url + reverse("awards:decision", args=[slug, application.pk]))
    assert "Yes: the panel can decide." in desk.locator("main").inner_text()
    desk.check("input[name=outcome][value=awarded]")
    desk.fill("#id_decided_on", timezone.localdate().isoformat())
    desk.fill("#id_appraisal_report", "A school where welcome is everyday practice.")
    desk.click("button[name=decide]")
    desk.wait_for_load_state()
    screenshot(desk, "5-decision")
    with scopes_disabled():
        held = Award.objects.get(application=application)
        check_in = CheckIn.objects.filter(award=held).order_by("months").first()
    assert check_in is not None and check_in.months == 12
    assert any("award" in m.subject.lower() for m in sent_to(contact))

    # 5. A month before the one-year check-in the sweep reminds the school, which answers
    #    from the e-mail's link.
    sweep(check_in.due_on - datetime.timedelta(days=30))
    [reminder] = sent_to(contact)
    [check_in_link] = links_in(reminder, "/awards/held/")[:1]
    mobile.goto(live_server.url + check_in_link)
    if mobile.locator("input[name=progress_0], textarea[name=progress_0]").count() == 0:
        mobile.goto(live_server.url + reverse("awards:check_in", args=[held.pk, check_in.pk]))
    mobile.fill("[name=progress_0]", "Every member of staff trained in March.")
    mobile.fill("[name=progress_1]", "Two welcome weeks held.")
    mobile.fill("[name=notes]", "Parents now run a Tuesday coffee morning.")
    screenshot(mobile, "6-check-in-360")
    assert fits(mobile, PHONE["width"])
    mobile.locator("main form button[type=submit]").last.click()
    mobile.wait_for_load_state()

    # 6. Ninety days before expiry the award is due for renewal; the school starts the
    #    renewal, which begins from its check-in.
    sweep(held.expires_on - datetime.timedelta(days=90))
    with scopes_disabled():
        held.refresh_from_db()
    assert held.state == AwardState.RENEWAL_DUE
    [renewal_reminder] = sent_to(contact)
    [award_link] = links_in(renewal_reminder, "/awards/held/")[:1]
    mobile.goto(live_server.url + award_link)
    screenshot(mobile, "7-renewal-due-360")
    mobile.click("text=Start the renewal")
    mobile.wait_for_load_state()
    mobile.locator("main form button[type=submit]").click()
    mobile.wait_for_load_state()
    screenshot(mobile, "8-renewal-started-360")
    with scopes_disabled():
        renewal = Application.objects.exclude(pk=application.pk).get(organisation=held.organisation)
    assert renewal.is_renewal
    assert "Every member of staff trained in March." in renewal.action_plan
    assert "Parents now run a Tuesday coffee morning." in renewal.action_plan

    # Everything is on the record, and the applicant never read a panellist's name.
    with scopes_disabled():
        actions = set(
            ActivityLog.objects.filter(
                action__startswith="awards.",
            ).values_list("action", flat=True)
        )
    for expected in ("question", "answer", "visit", "review", "decision", "check_in"):
        assert any(expected in action for action in actions), expected
    for person_mail in sent_to(contact):
        assert not any(name in person_mail.body for name in names)
    for context in (chair_context, phone_context, panellist_context):
        context.close()
