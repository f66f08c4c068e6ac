"""Opens each kind of page in headless Chromium and runs axe with the WCAG 2.2 A and AA rules.
Any violation fails the test. Every page in English and in Arabic (right to left); in the other
offered languages (Welsh, Farsi, Sorani, Ukrainian, Tigrinya) a representative set, to keep the
browser suite short: home, sign-in (also with errors), sign-up with errors, a network's profile,
the applicant's application page, and the panel's application and review pages.

Uses Debian's chromium (CHROMIUM_PATH, default /usr/bin/chromium) through Playwright, never a
browser that a tool downloads. Outside CI a missing Chromium skips; in CI it fails.
"""

import os
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from tests.accessibility_pages import PAGES, SUBSET_PAGES
from tests.factories.estate import uploaded_file

pytestmark = pytest.mark.browser


# Playwright's sync API runs an event loop in this thread; the ORM calls here are test setup.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
LANGUAGES = ["en", "ar"]
# The other offered languages walk SUBSET_PAGES only (see the docstring).
SUBSET_LANGUAGES = [code for code, _name in settings.LANGUAGES if code not in LANGUAGES]


def session_cookie_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def violations_text(results) -> str:
    lines = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)


WALK = [(page, language) for language in LANGUAGES for page in PAGES] + [
    (page, language) for language in SUBSET_LANGUAGES for page in PAGES if page.name in SUBSET_PAGES
]


def test_subset_pages_exist():
    assert {page.name for page in PAGES} >= SUBSET_PAGES


@pytest.mark.parametrize(
    ("page_spec", "language"), WALK, ids=[f"{page.name}-{language}" for page, language in WALK]
)
def test_page_has_no_axe_violations(page_spec, language, browser, live_server, world):
    host = urlparse(live_server.url).hostname
    cookies = [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
    if page_spec.user:
        user = getattr(world, page_spec.user)
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        cookies.append(
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie_for(user),
                "domain": host,
                "path": "/",
            }
        )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(cookies)
    page = context.new_page()
    try:
        page.goto(live_server.url + page_spec.url(world))
        if page_spec.fill:
            for selector, value in page_spec.fill.items():
                page.fill(selector, value)
            page.locator(next(iter(page_spec.fill))).press("Enter")
            page.wait_for_load_state()
            assert page.locator(".error-summary, .errorlist, [role=alert]").count() > 0
        expected_dir = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
        assert page.locator("html").get_attribute("dir") == expected_dir
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, violations_text(results)
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_import_dry_run_with_refused_rows_has_no_axe_violations(
    language, browser, live_server, world
):
    """The preview's error summary and its table of refused rows, with row numbers."""
    upload = uploaded_file(world, "duplicates.csv")
    host = urlparse(live_server.url).hostname
    world.staff.preferred_language = language
    world.staff.save(update_fields=["preferred_language"])
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {"name": "django_language", "value": language, "domain": host, "path": "/"},
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie_for(world.staff),
                "domain": host,
                "path": "/",
            },
        ]
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("members:staff_import_mapping", args=[upload.pk]))
        page.locator("button[value=preview]").click()
        page.wait_for_load_state()
        assert page.locator("table caption").first.count() == 1
        assert page.locator("td", has_text="also in row 2").count() == 1 or language != "en"
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, violations_text(results)
    finally:
        context.close()


@pytest.mark.parametrize("width", [360])
def test_phone_sized_screen_has_no_horizontal_scroll_on_home(width, browser, live_server, world):
    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("home"))
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width
    finally:
        context.close()
