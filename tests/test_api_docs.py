"""The API documentation in headless Chromium: Swagger UI from the platform's own files,
under the strict Content Security Policy, with nothing blocked and nothing from elsewhere;
and the tokens page's one answer that the accessibility walk cannot reach."""

from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from tests.test_accessibility import (  # the axe helpers; the browser is in conftest.py
    WCAG_TAGS,
    session_cookie_for,
    violations_text,
)

pytestmark = pytest.mark.browser

# Recorded by the page itself, before any of its scripts run.
LISTEN_FOR_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_api_documentation_loads_under_the_strict_policy(browser, live_server, db):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    console: list[str] = []
    requested: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("request", lambda request: requested.append(request.url))
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    try:
        response = page.goto(live_server.url + "/api/docs/")
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy
        page.wait_for_selector(".opblock-summary", timeout=20000)
        operations = page.locator(".opblock-summary-path").all_inner_texts()
        assert "/api/v1/awards/" in operations
        assert "/api/v1/networks/{network_slug}/" in operations
        assert page.evaluate("window.cspViolations") == []
        assert [line for line in console if "Content Security Policy" in line] == []
        outside = [
            url
            for url in requested
            if not url.startswith(live_server.url) and not url.startswith("data:")
        ]
        assert outside == []
    finally:
        context.close()


def test_a_new_token_is_shown_accessibly(browser, live_server, world):
    """The one answer that shows a token's secret, checked with axe like every page."""
    host = urlparse(live_server.url).hostname
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie_for(world.member_a),
                "domain": host,
                "path": "/",
            }
        ]
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/dashboard/api-tokens/")
        page.fill("#id_name", "Our group's website")
        page.locator("#id_name").press("Enter")
        page.wait_for_selector("#new-token")
        assert page.input_value("#new-token").startswith("sanc_")
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, violations_text(results)
    finally:
        context.close()
