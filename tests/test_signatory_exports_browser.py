"""Staff ask for the public list of signatories in Chromium, see it ready and download it,
in English and in Arabic (right to left). EXPORT_SCREENSHOTS=/tmp keeps a screenshot of each."""

import csv
import io
import os
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories.charter import DocumentVersionFactory, SignatureFactory
from tests.factories.exports import exports_in_every_state
from tests.test_accessibility import session_cookie_for

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SHOTS = os.environ.get("EXPORT_SCREENSHOTS")
MAKE_CHARTER = "Make a new list of City of Sanctuary Charter"


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/export-{name}.png", full_page=True)


def test_staff_ask_for_the_list_and_download_it(browser, live_server, world):
    charter = DocumentVersionFactory(document="charter", is_current=True, title="Test Charter")
    SignatureFactory(version=charter, name="Listed Lucy", email="lucy@example.org")
    SignatureFactory(version=charter, name="Private Pete", listed_publicly=False)
    host = urlparse(live_server.url).hostname
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie_for(world.staff),
                "domain": host,
                "path": "/",
            }
        ]
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("members:staff_documents"))
        page.get_by_role("link", name="Public lists of signatories (CSV)").click()
        page.wait_for_load_state()
        shot(page, "1-nothing-yet")
        page.get_by_role("button", name=MAKE_CHARTER).click()
        page.wait_for_load_state()
        # Tasks run in the request here (no broker), so the list is ready when the page returns.
        link = page.get_by_role("link", name="Download the list of City of Sanctuary Charter")
        assert "A new list is being made." in page.content()
        shot(page, "2-ready")
        with page.expect_download() as download_info:
            link.click()
        download = download_info.value
        assert download.suggested_filename.startswith("charter-signatories-")
        with open(download.path(), encoding="utf-8") as saved:
            rows = list(csv.reader(io.StringIO(saved.read())))
        assert [row[0] for row in rows] == ["name", "Listed Lucy"]

        # A list being made and one that failed: each says so in words, not colour alone.
        page.goto(live_server.url + exports_in_every_state(world))
        status = page.get_by_role("status")
        assert status.nth(0).inner_text().startswith("A new list is being made (asked for")
        assert status.nth(1).inner_text().startswith("The last list could not be made.")
        assert page.get_by_role("button", name=MAKE_CHARTER).count() == 0
        shot(page, "3-states")

        world.staff.preferred_language = "ar"
        world.staff.save(update_fields=["preferred_language"])
        context.add_cookies(
            [{"name": "django_language", "value": "ar", "domain": host, "path": "/"}]
        )
        page.goto(live_server.url + reverse("members:staff_signatory_exports"))
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert "القوائم العامة للموقّعين" in page.locator("h1").inner_text()
        shot(page, "4-arabic")
    finally:
        context.close()
