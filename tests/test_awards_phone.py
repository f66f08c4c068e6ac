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


def phone_page_for(browser, live_server, user, *, language="en"):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    context = browser.new_context(viewport=PHONE)
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


# The tab's drafts (sanctuary.js) are each kept until a page shows them; one the server has
# confirmed carries the stamp of that save.
DRAFTS = "Object.keys(sessionStorage).filter(k => k.startsWith('sanctuary-draft:'))"
NOTHING_UNSAVED = f"() => !{DRAFTS}.some(k => !JSON.parse(sessionStorage.getItem(k)).saved)"


def rate(page, criterion, reason):
    """Open the criterion's fold, choose Met and write the reason, as a thumb would."""
    fold = page.locator("details.review-criterion").filter(
        has=page.locator(f"textarea[name=reason_{criterion.pk}]")
    )
    if fold.get_attribute("open") is None:
        fold.locator("summary").click()
    fold.locator(f"input[name=rating_{criterion.pk}][value=met]").check()
    fold.locator(f"textarea[name=reason_{criterion.pk}]").fill(reason)


def test_panellist_completes_a_review_on_a_phone_after_a_reload(browser, live_server, db):
    from awards.models import Review
    from tests.factories.awards import criteria_of, realistic_review

    application, seat = realistic_review()
    criteria = criteria_of(application)
    half = len(criteria) // 2
    url = live_server.url + reverse(
        "awards:review", args=[application.network.slug, application.pk]
    )
    context = phone_page_for(browser, live_server, seat.panellist)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text))
    try:
        page.goto(url)
        with scopes_disabled():
            assert Review.objects.filter(assignment=seat).count() == 0  # opening wrote nothing
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path="/tmp/review-1-opened.png", full_page=False)
        page.locator("details.review-criterion").nth(1).scroll_into_view_if_needed()
        page.screenshot(path="/tmp/review-1-criteria.png", full_page=False)
        for criterion in criteria[: half - 1]:
            rate(page, criterion, f"Clear evidence for {criterion.title}.")
        page.wait_for_selector("#autosave-status:has-text('Draft saved at')", timeout=10000)
        page.screenshot(path="/tmp/review-2-half-rated.png", full_page=False)
        # The last one typed, then a reload at once: before its save could run.
        rate(page, criteria[half - 1], f"Clear evidence for {criteria[half - 1].title}.")
        page.reload()
        # What was typed is there after the reload, without pressing Save.
        # If this ever fails, the message says what the tab kept and what the server had.
        state = page.evaluate(
            "() => Object.fromEntries(Object.keys(sessionStorage)"
            ".map(k => [k, sessionStorage.getItem(k)]))"
        )
        with scopes_disabled():
            saved = list(
                Review.objects.filter(assignment=seat).values_list(
                    "ratings__criterion", "ratings__reason"
                )
            )
        seen = f"tab kept {state}; server had {saved}; console {errors}"
        for criterion in criteria[:half]:
            assert page.locator(f"input[name=rating_{criterion.pk}][value=met]").is_checked(), seen
            assert page.locator(f"textarea[name=reason_{criterion.pk}]").input_value() == (
                f"Clear evidence for {criterion.title}."
            ), seen
        # (The page itself may have been read before the last save landed: the tab filled
        # that one in again, and saves it now.)
        assert page.locator("details.review-criterion[open]").count() == 1
        page.screenshot(path="/tmp/review-3-after-reload.png", full_page=False)
        # And the server has it all once this tab holds nothing unsaved.
        page.wait_for_function(NOTHING_UNSAVED, timeout=10000)
        with scopes_disabled():
            kept = Review.objects.get(assignment=seat).ratings.exclude(reason="").count()
        assert kept == half
        for criterion in criteria[half:]:
            rate(page, criterion, f"Seen in the evidence for {criterion.title}.")
        page.fill("#id_strengths", "Welcome is everyday practice here.")
        page.screenshot(path="/tmp/review-4-complete.png", full_page=False)
        page.get_by_role("button", name="Submit your review").click()
        page.wait_for_selector("text=Thank you: your review is submitted.")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path="/tmp/review-5-submitted.png", full_page=False)
    finally:
        context.close()
    with scopes_disabled():
        review = Review.objects.get(assignment=seat)
        reasons = sorted(review.ratings.values_list("reason", flat=True))
    assert review.is_submitted
    assert review.strengths == "Welcome is everyday practice here."
    assert reasons == sorted(
        [f"Clear evidence for {c.title}." for c in criteria[:half]]
        + [f"Seen in the evidence for {c.title}." for c in criteria[half:]]
    )
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_a_page_read_before_the_last_save_landed_is_filled_in_from_the_tab(
    browser, live_server, db
):
    """A reload can be answered while the tab's last save is still landing: the page then
    shows less than the tab knows is saved. The tab keeps each confirmed save, with its
    stamp, until a page as recent loads; an older page is filled in and saved again."""
    from awards.models import Review
    from tests.factories.awards import criteria_of, realistic_review

    application, seat = realistic_review()
    first, second = criteria_of(application)[:2]
    url = live_server.url + reverse(
        "awards:review", args=[application.network.slug, application.pk]
    )
    context = phone_page_for(browser, live_server, seat.panellist)
    page = context.new_page()
    try:
        page.goto(url)
        rate(page, first, "Seen at the welcome evening.")
        page.wait_for_selector("#autosave-status:has-text('Draft saved at')", timeout=10000)
        page.wait_for_function(NOTHING_UNSAVED, timeout=10000)
        kept = page.evaluate(f"() => {DRAFTS}.map(k => JSON.parse(sessionStorage.getItem(k)))")
        assert len(kept) == 1 and kept[0]["saved"] > 0
        # A page read after that save shows it: the tab lets its copy go.
        page.reload()
        assert page.evaluate(f"() => {DRAFTS}.length") == 0
        assert page.locator(f"textarea[name=reason_{first.pk}]").input_value() == (
            "Seen at the welcome evening."
        )
        # A page older than the tab's last confirmed save (as when the reload was answered
        # first) is filled in from the tab, and saved again.
        page.evaluate(
            """([key, stamp, values]) => sessionStorage.setItem(
                key, JSON.stringify({values: values, saved: stamp}))""",
            [
                f"sanctuary-draft:review-{application.pk}-{seat.pk}",
                int(page.locator("#review-form").get_attribute("data-draft-stamp")) + 10**9,
                {
                    f"rating_{first.pk}": "met",
                    f"reason_{first.pk}": "Seen at the welcome evening.",
                    f"rating_{second.pk}": "met",
                    f"reason_{second.pk}": "Told us by a family who arrived in May.",
                },
            ],
        )
        page.reload()
        assert page.locator(f"textarea[name=reason_{second.pk}]").input_value() == (
            "Told us by a family who arrived in May."
        )
        page.wait_for_selector("#autosave-status:has-text('Draft saved at')", timeout=10000)
        page.screenshot(path="/tmp/review-6-filled-from-the-tab.png", full_page=False)
        page.wait_for_function(NOTHING_UNSAVED, timeout=10000)
        # A draft kept before saves were stamped (its values alone) is filled in as unsaved.
        page.evaluate(
            """([key, values]) => sessionStorage.setItem(key, JSON.stringify(values))""",
            [
                f"sanctuary-draft:review-{application.pk}-{seat.pk}",
                {f"reason_{second.pk}": "Kept by this tab before an upgrade."},
            ],
        )
        page.reload()
        assert page.locator(f"textarea[name=reason_{second.pk}]").input_value() == (
            "Kept by this tab before an upgrade."
        )
        page.wait_for_function(NOTHING_UNSAVED, timeout=10000)
        assert page.evaluate(f"() => {DRAFTS}.length") == 1  # saved, kept till a page shows it
        # Signing out lets go of it: the next person at this phone finds no draft stored.
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_load_state()
        assert page.evaluate(f"() => {DRAFTS}.length") == 0
    finally:
        context.close()
    with scopes_disabled():
        reasons = dict(
            Review.objects.get(assignment=seat).ratings.values_list("criterion", "reason")
        )
    assert reasons[first.pk] == "Seen at the welcome evening."
    assert reasons[second.pk] == "Kept by this tab before an upgrade."
