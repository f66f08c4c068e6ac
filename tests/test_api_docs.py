"""The API documentation in headless Chromium: Swagger UI from the platform's own files,
under the strict Content Security Policy, with nothing blocked and nothing from elsewhere."""

import pytest

from tests.test_accessibility import browser  # noqa: F401  (the Chromium fixture)

pytestmark = pytest.mark.browser

# Recorded by the page itself, before any of its scripts run.
LISTEN_FOR_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_api_documentation_loads_under_the_strict_policy(browser, live_server, db):  # noqa: F811
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
