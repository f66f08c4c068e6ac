"""Staff import a realistic export in Chromium: upload, match the columns, dry run, run, and
run again (nothing changes). ESTATE_SCREENSHOTS=/tmp keeps a screenshot of each step."""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.urls import reverse
from django_scopes import scopes_disabled

from members.models import Organisation, OrganisationContact
from tests.test_accessibility import session_cookie_for

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
DATA = Path(__file__).parent / "data" / "estate"
SHOTS = os.environ.get("ESTATE_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/estate-{name}.png", full_page=True)


def test_staff_import_an_export_dry_run_run_and_run_again(browser, live_server, world):
    host = urlparse(live_server.url).hostname
    context = browser.new_context(viewport={"width": 1280, "height": 900})
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
        for kind, name in [("groups", "groups.csv"), ("organisations", "organisations-crm.csv")]:
            page.goto(live_server.url + reverse("members:staff_import"))
            page.select_option("#id_kind", kind)
            page.set_input_files("#id_file", str(DATA / name))
            shot(page, f"{kind}-1-upload")
            page.get_by_role("button", name="Upload and match the columns").click()
            page.wait_for_load_state()
            assert page.locator("select").count() >= 5
            shot(page, f"{kind}-2-mapping")
            page.get_by_role("button", name="Dry run: show what would happen").click()
            page.wait_for_load_state()
            assert "Dry run: nothing is stored yet" in page.content()
            shot(page, f"{kind}-3-dry-run")
            page.get_by_role("button", name="Import for real").click()
            page.wait_for_load_state()
            assert "Imported" in page.locator("#report-title").inner_text()
            shot(page, f"{kind}-4-imported")
        with scopes_disabled():
            before = (Organisation.objects.count(), OrganisationContact.objects.count())
        # The same export again: the dry run says nothing would change.
        page.goto(live_server.url + reverse("members:staff_import"))
        page.select_option("#id_kind", "organisations")
        page.set_input_files("#id_file", str(DATA / "organisations-crm.csv"))
        page.get_by_role("button", name="Upload and match the columns").click()
        page.wait_for_load_state()
        page.get_by_role("button", name="Dry run: show what would happen").click()
        page.wait_for_load_state()
        assert "0 rows create something new" in page.content()
        assert "5 rows change nothing (skipped)" in page.content()
        page.get_by_role("button", name="Import for real").click()
        page.wait_for_load_state()
        shot(page, "organisations-5-run-again")
        with scopes_disabled():
            after = (Organisation.objects.count(), OrganisationContact.objects.count())
        assert after == before
        # A file with refused rows: the table names each row and why.
        page.goto(live_server.url + reverse("members:staff_import"))
        page.select_option("#id_kind", "organisations")
        page.set_input_files("#id_file", str(DATA / "email-taken.csv"))
        page.get_by_role("button", name="Upload and match the columns").click()
        page.wait_for_load_state()
        page.get_by_role("button", name="Dry run: show what would happen").click()
        page.wait_for_load_state()
        assert "already belongs to someone else" in page.content()
        shot(page, "refused-rows")
        # A picture renamed .csv is refused beside the file field.
        page.goto(live_server.url + reverse("members:staff_import"))
        page.set_input_files("#id_file", str(DATA / "picture-renamed.csv"))
        page.get_by_role("button", name="Upload and match the columns").click()
        page.wait_for_load_state()
        assert "This is not a CSV file" in page.content()
        shot(page, "not-a-csv")
    finally:
        context.close()
