"""A new head teacher gets in on a phone, with nobody touching the Django admin: signs up
(confirming the e-mail), tries to register the school and is told it is here already, asks
to join it instead, is approved by the coordinator, invites a colleague who signs up and
accepts, and starts a School of Sanctuary application. Screenshots go to /tmp/adoption-*.png.
"""

import re
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core import mail
from django_scopes import scopes_disabled

from awards.models import Application
from members.models import Organisation, OrganisationContact
from tests.factories.awards import scheme_with_criteria
from tests.test_accessibility import session_cookie_for

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
PASSWORD = "a long walk to the school gate"


def shot(page, name: str) -> None:
    page.screenshot(path=f"/tmp/adoption-{name}.png", full_page=True)
    # Nothing scrolls sideways on the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name


def link_in_last_mail(to: str, pattern: str) -> str:
    message = next(m for m in reversed(mail.outbox) if to in m.to)
    return re.search(pattern, message.body).group(0)


def sign_up(page, base: str, *, name: str, email: str, next_path: str = "") -> None:
    page.goto(base + "/accounts/signup/" + (f"?next={next_path}" if next_path else ""))
    page.fill("#id_full_name", name)
    page.fill("#id_email", email)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    confirm = link_in_last_mail(email, r"https?://\S+/accounts/confirm-email/\S+")
    page.goto(base + urlparse(confirm).path)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def test_a_head_teacher_gets_the_school_in_and_starts_an_application(
    browser,
    live_server,
    world,
):
    base = live_server.url
    host = urlparse(base).hostname
    Organisation.objects.filter(pk=world.organisation_a.pk).update(postcode="AL1 2AB")
    scheme_with_criteria(world.stream, name="School of Sanctuary")
    mail.outbox.clear()

    head = browser.new_context(viewport=PHONE)
    page = head.new_page()
    # 1. Sign up, confirm the address from the e-mail, land on the dashboard.
    sign_up(page, base, name="Hannah Head", email="hannah@alpha.example.org")
    page.goto(base + "/dashboard/")
    assert page.locator("h1").inner_text() == "Welcome, Hannah"
    shot(page, "1-dashboard")

    # 2. Register the school: it is here already, so the page offers to ask to join it.
    page.get_by_role("link", name="Register your organisation").click()
    page.fill("#id_name", "Alpha Primary School")
    page.select_option("#id_kind", "school")
    page.select_option("#id_stream", str(world.stream.pk))
    page.fill("#id_postcode", "al1 2ab")
    page.select_option("#id_local_group", str(world.network_a.pk))
    page.get_by_role("button", name="Register the organisation").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Is it one of these?").is_visible()
    shot(page, "2-duplicate")
    assert Organisation.objects.filter(name="Alpha Primary School").count() == 0

    # 3. Ask to join it instead.
    page.get_by_role("link", name="Ask to join Alpha Primary").click()
    page.fill("#id_role_title", "Head teacher")
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_load_state()
    assert "Your request is sent" in page.locator(".messages").inner_text()
    shot(page, "3-request-sent")

    # 4. The coordinator approves it on their phone.
    coordinator = browser.new_context(viewport=PHONE)
    coordinator.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie_for(world.coordinator_a),
                "domain": host,
                "path": "/",
            }
        ]
    )
    desk = coordinator.new_page()
    desk.goto(base + f"/{world.network_a.slug}/manage/waiting/")
    assert desk.get_by_role("heading", name="Hannah Head").is_visible()
    shot(desk, "4-coordinator-waiting")
    desk.get_by_label("Approve").first.check()
    desk.get_by_role("button", name="Decide about Hannah Head").click()
    desk.wait_for_load_state()
    assert "Approved." in desk.locator(".messages").inner_text()
    assert "Nothing waits for a decision." in desk.locator("main").inner_text()
    assert any("You now act for Alpha Primary" in m.subject for m in mail.outbox)

    # 5. The head teacher invites a colleague.
    page.goto(base + f"/organisations/{world.organisation_a.slug}/")
    page.get_by_role("link", name="Invite a colleague, or change who acts for it").click()
    page.fill("#id_email", "dev@alpha.example.org")
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_load_state()
    shot(page, "5-contacts")

    # 6. The colleague follows the link, signs up and accepts.
    invitation = urlparse(
        link_in_last_mail("dev@alpha.example.org", r"https?://\S+/invitations/organisation/\S+/")
    ).path
    colleague = browser.new_context(viewport=PHONE).new_page()
    colleague.goto(base + invitation)
    shot(colleague, "6-invitation")
    sign_up(colleague, base, name="Dev Deputy", email="dev@alpha.example.org")
    colleague.goto(base + invitation)
    colleague.get_by_role("button", name="Accept the invitation").click()
    colleague.wait_for_load_state()
    assert colleague.locator("h1").inner_text() == "Alpha Primary"
    assert OrganisationContact.objects.filter(
        organisation=world.organisation_a, user__email="dev@alpha.example.org"
    ).exists()

    # 7. The head teacher starts the School of Sanctuary application.
    page.goto(base + "/awards/applications/start/")
    page.get_by_label(re.compile("School of Sanctuary")).check()
    page.get_by_role("button", name="Start the application").click()
    page.wait_for_load_state()
    shot(page, "7-application")
    with scopes_disabled():
        application = Application.objects.get(organisation=world.organisation_a)
    assert application.lead_contact.email == "hannah@alpha.example.org"
