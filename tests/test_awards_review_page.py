"""The review page as a panellist uses it on a phone: each criterion folds with its guidance
and the evidence beside the rating; opening it (page or API) writes nothing; the draft saves
itself as the panellist goes and is there after a reload; the page stays small."""

import gzip
import json

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from awards.enums import Action, Rating
from awards.models import Review
from sanctuary.models import ActivityLog
from tests.factories.api import token_client
from tests.factories.awards import GUIDANCE, criteria_of, panellist, realistic_review

# DESIGN.md section 7: a panellist's review page is under 60 KB on the wire.
PAGE_BUDGET = 60 * 1024


@pytest.fixture
def reviewing(db):
    return realistic_review()


def page_url(application) -> str:
    return reverse("awards:review", args=[application.network.slug, application.pk])


def api_url(application) -> str:
    return f"/api/v1/networks/{application.network.slug}/applications/{application.pk}/review/"


def writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_opening_the_review_page_writes_nothing(reviewing, client):
    application, seat = reviewing
    client.force_login(seat.panellist)
    client.get(reverse("members:dashboard"))  # the session is settled before we count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_url(application))
    assert response.status_code == 200
    assert writes(queries) == []
    with scopes_disabled():
        assert Review.objects.filter(assignment=seat).count() == 0
    text = response.content.decode()
    assert text.count('name="reason_') == 12
    assert "Rated with a reason so far: 0 of 12." in text


def test_opening_the_review_in_the_api_writes_nothing(reviewing):
    application, seat = reviewing
    api = token_client(seat.panellist)
    # The token's first use records when it was used (at most once a while): not the review.
    api.get(api_url(application).removesuffix("review/"))
    with CaptureQueriesContext(connection) as queries:
        response = api.get(api_url(application))
    assert response.status_code == 200
    assert writes(queries) == []
    body = response.json()
    assert (body["id"], body["submitted_at"], len(body["ratings"])) == (None, None, 12)
    assert {row["rating"] for row in body["ratings"]} == {""}
    with scopes_disabled():
        assert Review.objects.filter(assignment=seat).count() == 0


def test_the_first_api_save_creates_the_review_and_a_get_then_reads_it(reviewing):
    application, seat = reviewing
    api = token_client(seat.panellist)
    first = criteria_of(application)[0]
    body = {"ratings": [{"criterion": first.pk, "rating": "met", "reason": "Clear."}]}
    saved = api.put(api_url(application), json.dumps(body), content_type="application/json").json()
    read = api.get(api_url(application)).json()
    assert saved["id"] is not None
    assert read["id"] == saved["id"]
    assert [r["rating"] for r in read["ratings"] if r["criterion"] == first.pk] == ["met"]


def test_each_criterion_folds_with_its_guidance_and_evidence(reviewing, client):
    application, seat = reviewing
    client.force_login(seat.panellist)
    text = client.get(page_url(application)).content.decode()
    assert text.count('<details class="review-criterion"') == 12
    # Only the first criterion still to rate is open.
    assert text.count('<details class="review-criterion" open>') == 1
    assert text.count("What the panel looks for") == 12
    assert text.count(GUIDANCE[:60]) == 12
    assert text.count("Photos from our welcome week") == 12
    assert text.count("welcome-policy-2026.pdf") == 12


def test_the_review_page_is_under_60_kb(reviewing, client):
    application, seat = reviewing
    client.force_login(seat.panellist)
    html = client.get(page_url(application)).content
    assert len(html) < PAGE_BUDGET
    # What travels, compressed as the server sends it: the page, its stylesheets and scripts.
    assets = [
        "css/sanctuary.css",
        "css/awards.css",
        "js/sanctuary.js",
        "django_htmx/htmx-2.min.js",
    ]
    total = len(gzip.compress(html))
    for asset in assets:
        with open(finders.find(asset), "rb") as handle:
            total += len(gzip.compress(handle.read()))
    assert total < PAGE_BUDGET


def autosave(client, application, data):
    return client.post(page_url(application), data, headers={"HX-Request": "true"})


def test_the_draft_saves_itself_and_is_there_after_a_reload(reviewing, client):
    application, seat = reviewing
    client.force_login(seat.panellist)
    criteria = criteria_of(application)
    data = {f"rating_{c.pk}": Rating.MET for c in criteria[:6]}
    data.update({f"reason_{c.pk}": f"Seen for {c.title}." for c in criteria[:6]})
    data["strengths"] = "Families are met in their own language"
    response = autosave(client, application, data)
    assert response.content.decode().startswith("Draft saved at")
    with scopes_disabled():
        review = Review.objects.get(assignment=seat)
        rated = review.ratings.exclude(rating="").count()
        started = ActivityLog.objects.filter(action=Action.REVIEW_STARTED).count()
    assert (review.is_submitted, review.strengths, rated, started) == (
        False,
        "Families are met in their own language",
        6,
        1,
    )
    text = client.get(page_url(application)).content.decode()
    assert "Rated with a reason so far: 6 of 12." in text
    assert f"Seen for {criteria[5].title}." in text
    # The next open criterion is the first one still to rate.
    assert text.count('<details class="review-criterion" open>') == 1


def test_an_autosave_never_submits(reviewing, client):
    application, seat = reviewing
    client.force_login(seat.panellist)
    criteria = criteria_of(application)
    data = {f"rating_{c.pk}": Rating.MET for c in criteria}
    data.update({f"reason_{c.pk}": "Seen." for c in criteria})
    data["submit"] = ""
    autosave(client, application, data)
    with scopes_disabled():
        assert Review.objects.get(assignment=seat).is_submitted is False


def test_an_autosave_by_someone_without_a_seat_is_404(reviewing, client):
    application, _seat = reviewing
    stranger = panellist(application.network)
    client.force_login(stranger)
    assert autosave(client, application, {"strengths": "x"}).status_code == 404
    with scopes_disabled():
        assert Review.objects.count() == 0


def test_a_save_and_the_page_after_it_carry_the_same_stamp(reviewing, client):
    """The tab keeps a saved draft until a page shows that save: the answer's stamp and the
    page's are the review's last change, so a page read before the save landed is older."""
    application, seat = reviewing
    client.force_login(seat.panellist)
    before = client.get(page_url(application)).content.decode()
    assert 'data-draft-stamp="0"' in before  # nothing saved yet
    criterion = criteria_of(application)[0]
    answer = autosave(
        client,
        application,
        {f"rating_{criterion.pk}": Rating.MET, f"reason_{criterion.pk}": "Seen."},
    )
    stamp = int(answer["X-Draft-Saved"])
    with scopes_disabled():
        review = Review.objects.get(assignment=seat)
    assert stamp == int(review.updated_at.timestamp() * 1_000_000)
    assert f'data-draft-stamp="{stamp}"' in client.get(page_url(application)).content.decode()
    later = autosave(
        client,
        application,
        {f"rating_{criterion.pk}": Rating.MET, f"reason_{criterion.pk}": "Seen twice."},
    )
    assert int(later["X-Draft-Saved"]) > stamp
