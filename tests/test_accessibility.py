"""Opens each kind of page in headless Chromium and runs axe with the WCAG 2.2 A and AA rules,
in every offered language (English, Welsh, Arabic, Farsi, Sorani, Ukrainian, Tigrinya; four of
them right to left or in scripts of their own). Any violation fails the test.

To keep the browser suite short, one test walks one page in all seven languages: the page's
data is made once, one browser context is signed in once, and only the language cookie and the
person's saved language change between languages. Every language is walked before the test
fails, so the report names each language a page fails in.

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

from tests.accessibility_pages import PAGES
from tests.factories.estate import uploaded_file

pytestmark = pytest.mark.browser


# Playwright's sync API runs an event loop in this thread; the ORM calls here are test setup.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]


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


class LanguageWalk:
    """One browser context that reads pages as `user` (or nobody) in one language after
    another: `switch(language)` sets the language cookie and the person's saved language."""

    def __init__(self, browser, live_server, user=None) -> None:
        self.host = urlparse(live_server.url).hostname
        self.base = live_server.url
        self.user = user
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        if user is not None:
            self.context.add_cookies(
                [self.cookie(settings.SESSION_COOKIE_NAME, session_cookie_for(user))]
            )
        self.page = self.context.new_page()
        self.axe = Axe()
        self.failures: list[str] = []

    def cookie(self, name: str, value: str) -> dict:
        return {"name": name, "value": value, "domain": self.host, "path": "/"}

    def switch(self, language: str) -> None:
        if self.user is not None:
            self.user.preferred_language = language
            self.user.save(update_fields=["preferred_language"])
        self.context.add_cookies([self.cookie("django_language", language)])

    def check(self, language: str) -> None:
        """The page as it stands: its language and direction, one h1, no axe violation."""
        problems = []
        html = self.page.locator("html")
        expected_dir = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
        if (html.get_attribute("lang"), html.get_attribute("dir")) != (language, expected_dir):
            problems.append(
                f"html lang/dir {html.get_attribute('lang')}/{html.get_attribute('dir')}"
            )
        if self.page.locator("h1").count() != 1:
            problems.append(f"{self.page.locator('h1').count()} h1 elements")
        results = self.axe.run(self.page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        if results.violations_count:
            problems.append(violations_text(results))
        if problems:
            self.failures.append(f"[{language}] " + "\n".join(problems))

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("page_spec", PAGES, ids=[page.name for page in PAGES])
def test_page_has_no_axe_violations(page_spec, browser, live_server, world):
    url = live_server.url + page_spec.url(world)
    user = getattr(world, page_spec.user) if page_spec.user else None
    walk = LanguageWalk(browser, live_server, user)
    page = walk.page
    try:
        for language in LANGUAGES:
            walk.switch(language)
            page.goto(url)
            if page_spec.fill:
                for selector, value in page_spec.fill.items():
                    page.fill(selector, value)
                page.locator(next(iter(page_spec.fill))).press("Enter")
                page.wait_for_load_state()
                if page.locator(".error-summary, .errorlist, [role=alert]").count() == 0:
                    walk.failures.append(f"[{language}] the form showed no errors")
            walk.check(language)
    finally:
        walk.close()
    assert walk.failures == [], "\n".join(walk.failures)


def test_import_dry_run_with_refused_rows_has_no_axe_violations(browser, live_server, world):
    """The preview's error summary and its table of refused rows, with row numbers."""
    upload = uploaded_file(world, "duplicates.csv")
    walk = LanguageWalk(browser, live_server, world.staff)
    page = walk.page
    try:
        for language in LANGUAGES:
            walk.switch(language)
            page.goto(live_server.url + reverse("members:staff_import_mapping", args=[upload.pk]))
            page.locator("button[value=preview]").click()
            page.wait_for_load_state()
            if page.locator("table caption").first.count() != 1:
                walk.failures.append(f"[{language}] no table caption")
            if language == "en" and page.locator("td", has_text="also in row 2").count() != 1:
                walk.failures.append("[en] the refused row is not explained")
            walk.check(language)
    finally:
        walk.close()
    assert walk.failures == [], "\n".join(walk.failures)


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
