"""A panellist reviews on a phone: the award pages fit a 360px screen without sideways scroll,
in English and in Arabic (right to left)."""

from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.factories.awards import award_walk
from tests.test_accessibility import session_cookie_for

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
PAGES = {
    "review": lambda w: reverse(
        "awards:review", args=[w.network_a.slug, award_walk(w).application.pk]
    ),
    "panel evidence": lambda w: reverse(
        "awards:panel_application", args=[w.network_a.slug, award_walk(w).application.pk]
    ),
    "applicant evidence": lambda w: reverse(
        "awards:criterion_edit", args=[award_walk(w).draft.pk, award_walk(w).draft_criterion.pk]
    ),
}
USERS = {"review": "coordinator_a", "panel evidence": "coordinator_a"}


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("page_name", list(PAGES))
def test_award_page_fits_a_phone(page_name, language, browser, live_server, world):
    user = getattr(world, USERS.get(page_name, "contact_a"))
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    host = urlparse(live_server.url).hostname
    context = browser.new_context(viewport=PHONE)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie_for(user),
                "domain": host,
                "path": "/",
            }
        ]
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + PAGES[page_name](world))
        assert page.locator("h1").count() == 1
        if page_name == "review":
            # Every criterion has its three ratings and a reason, reachable on the phone.
            assert page.locator("input[type=radio][value=met]").count() == 3
            assert page.locator("textarea[name^=reason_]").count() == 3
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= PHONE["width"]
    finally:
        context.close()


def test_draft_saves_itself_while_the_applicant_types(browser, live_server, world):
    walk = award_walk(world)
    host = urlparse(live_server.url).hostname
    context = browser.new_context(viewport=PHONE)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie_for(world.contact_a),
                "domain": host,
                "path": "/",
            }
        ]
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text))
    try:
        page.goto(
            live_server.url
            + reverse("awards:criterion_edit", args=[walk.draft.pk, walk.draft_criterion.pk])
        )
        page.fill("#id_narrative", "Our welcome buddies meet every new family.")
        page.wait_for_selector("#autosave-status:has-text('Draft saved at')", timeout=10000)
    finally:
        context.close()
    with scopes_disabled():
        saved = walk.draft.responses.get(criterion=walk.draft_criterion).narrative
    assert saved == "Our welcome buddies meet every new family."
    assert [e for e in errors if "Content Security Policy" in e] == []
