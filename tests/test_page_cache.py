"""Whole public pages kept for visitors who are not signed in (sanctuary/page_cache.py): a kept
page costs no query, every write that changes a public page shows at once, and nothing
personal, no message and no CSRF token is ever kept."""

import datetime
import os
import re
import threading
import time

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django_scopes import scopes_disabled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from awards import renewals
from awards.enums import AwardState
from awards.models import Award
from members.enums import PartyKind
from members.models import Signature
from members.services.charter import confirm_signature
from members.views.charter import SignatoriesView
from sanctuary import caching, page_cache
from sanctuary.api import AnonThrottle
from sanctuary.models import Network
from sanctuary.services import update_network_profile
from tests.conftest import clear_own_cache
from tests.factories import NetworkFactory, UserFactory
from tests.factories.awards import awarded
from tests.factories.charter import SignatureFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def kept(client, path, django_assert_num_queries, **extra) -> str:
    """The page twice: the second answer comes from the cache, without a query."""
    first = client.get(path, **extra)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(path, **extra)
    assert second.status_code == 200
    return second.content.decode()


def test_a_kept_page_costs_no_query_and_is_the_page(charter, client, django_assert_num_queries):
    fresh = client.get(reverse("members:charter")).content.decode()
    text = kept(client, reverse("members:charter"), django_assert_num_queries)
    assert "Test Charter" in text
    assert TOKEN.sub("", text) == TOKEN.sub("", fresh)
    assert page_cache.SENTINEL not in text


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "members:network_directory",
        "members:partnership_forums",
        "streams:supporters",
        "members:charter_sign",
        "members:charter_signatories",
        "members:declaration_endorsers",
        "awards:awarded_list",
    ],
)
def test_every_public_page_is_kept(name, charter, client, django_assert_num_queries):
    kept(client, reverse(name), django_assert_num_queries)


def test_a_network_profile_is_kept_without_reading_the_network(
    world, client, django_assert_num_queries
):
    path = f"/{world.network_a.slug}/"
    assert world.network_a.name in kept(client, path, django_assert_num_queries)
    assert world.stream.name in kept(client, f"/{world.stream.slug}/", django_assert_num_queries)


def test_certificate_pages_are_kept_and_a_lapsed_award_shows_at_once(
    scheme, chair, client, django_assert_num_queries
):
    awarded(scheme, chair, "Lapsing Primary")
    with scopes_disabled():
        award = Award.objects.get()
    verify = f"/verify/{award.certificate_number}/"
    assert "This award is current." in kept(client, verify, django_assert_num_queries)
    badge = kept(client, f"{verify}badge.svg", django_assert_num_queries)
    assert "<svg" in badge
    # The renewal sweep moves awards with one queryset UPDATE, which no signal sees.
    grace = settings.SANCTUARY_AWARD_GRACE_DAYS
    with scopes_disabled():
        renewals.mark_lapsed(award.expires_on + datetime.timedelta(days=grace + 1))
        assert Award.objects.get().state == AwardState.LAPSED
    assert "This award has lapsed" in client.get(verify).content.decode()


def test_a_new_award_shows_on_the_public_list_at_once(
    scheme, chair, client, django_assert_num_queries
):
    listing = reverse("awards:awarded_list")
    assert "Fresh Primary" not in kept(client, listing, django_assert_num_queries)
    awarded(scheme, chair, "Fresh Primary")
    assert "Fresh Primary" in client.get(listing).content.decode()


def test_a_confirmed_signature_shows_at_once(charter, client, django_assert_num_queries):
    listing = reverse("members:charter_signatories")
    signature = SignatureFactory(version=charter, name="Nadia Newsigner", confirmed_at=None)
    assert "Nadia Newsigner" not in kept(client, listing, django_assert_num_queries)
    confirm_signature(signature, actor=None)
    assert "Nadia Newsigner" in client.get(listing).content.decode()


def test_an_edited_profile_shows_at_once(world, client, django_assert_num_queries):
    path = f"/{world.network_a.slug}/"
    kept(client, path, django_assert_num_queries)
    update_network_profile(
        world.network_a, actor=world.coordinator_a, description="We meet on Thursdays."
    )
    assert "We meet on Thursdays." in client.get(path).content.decode()


def test_a_queryset_update_and_raw_sql_show_at_once(world, client, django_assert_num_queries):
    directory = reverse("members:network_directory")
    kept(client, directory, django_assert_num_queries)
    Network.objects.filter(pk=world.network_a.pk).update(name="Renamed By Update")
    assert "Renamed By Update" in client.get(directory).content.decode()
    kept(client, directory, django_assert_num_queries)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE sanctuary_network SET name = %s WHERE id = %s",
            ["Renamed By Raw SQL", world.network_a.pk],
        )
    assert "Renamed By Raw SQL" in client.get(directory).content.decode()


def test_a_bulk_insert_shows_at_once(world, client, django_assert_num_queries):
    directory = reverse("members:network_directory")
    kept(client, directory, django_assert_num_queries)
    Network.objects.bulk_create(
        [Network(name="Bulkton City of Sanctuary", slug="bulkton", kind=world.network_a.kind)]
    )
    assert "Bulkton City of Sanctuary" in client.get(directory).content.decode()


def test_writes_to_private_tables_keep_the_pages(db):
    before = caching.generation(page_cache.GROUP)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_session WHERE session_key = %s", ["none"])
        cursor.execute("SELECT 1")
    assert caching.generation(page_cache.GROUP) == before


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('SELECT "sanctuary_network"."id" FROM "sanctuary_network"', False),
        ("SAVEPOINT s1", False),
        ('(SELECT "id" FROM "a") UNION (SELECT "id" FROM "b")', False),
        ('UPDATE "django_session" SET "expire_date" = %s', False),
        ('INSERT INTO "sanctuary_activitylog" ("action") VALUES (%s)', False),
        ('DELETE FROM "awards_review" WHERE id = 1', False),
        ('UPDATE "awards_award" SET "state" = %s', True),
        ('INSERT INTO "members_signature" ("name") VALUES (%s)', True),
        ("delete from members_user where id = 1", True),
        ("WITH moved AS (UPDATE awards_award SET state = 'x') SELECT 1", True),
        ("TRUNCATE sanctuary_network", True),
        ('ALTER TABLE "sanctuary_network" ADD COLUMN "x" int', True),
    ],
)
def test_what_counts_as_a_public_write(sql, writes):
    assert page_cache.writes_public_data(sql) is writes


def test_signed_in_people_never_get_or_leave_a_kept_page(
    world, charter, client, django_assert_num_queries
):
    path = f"/{world.network_a.slug}/"
    anonymous = kept(client, path, django_assert_num_queries)
    assert "Sign in" in anonymous
    client.force_login(world.member_a)
    own = client.get(path).content.decode()
    assert "Sign out" in own
    client.logout()
    # What a signed-in person saw is not kept for the next visitor.
    clear_own_cache()
    client.force_login(world.member_a)
    client.get(reverse("members:charter"))
    client.logout()
    visitor = Client()
    text = visitor.get(reverse("members:charter")).content.decode()
    assert "Sign out" not in text and world.member_a.full_name not in text
    text = kept(visitor, reverse("members:charter"), django_assert_num_queries)
    assert "Sign out" not in text and world.member_a.full_name not in text


def test_a_page_for_a_signed_in_person_is_rendered_not_kept(world, charter, client):
    client.force_login(world.member_a)
    client.get(reverse("members:charter"))
    client.get(reverse("members:charter"))
    visitor = Client()
    response = visitor.get(reverse("members:charter"))
    # The visitor's page was rendered for them (the signed-in pages were never kept).
    assert "Sign out" not in response.content.decode()


def test_a_waiting_message_shows_and_is_not_kept(charter, client, django_assert_num_queries):
    path = reverse("members:charter")
    kept(client, path, django_assert_num_queries)
    response = client.post(
        reverse("members:charter_sign"),
        {"party_kind": PartyKind.INDIVIDUAL, "name": "Mel", "email": "mel@example.org"},
    )
    assert response.status_code == 302 and response["Location"] == path
    with_message = client.get(path).content.decode()
    assert "We have sent a link to mel@example.org" in with_message
    # Shown once, and never kept: the page is kept again without it.
    assert "mel@example.org" not in kept(client, path, django_assert_num_queries)


def test_a_message_in_the_cookie_bypasses_the_cache(charter, client, rf):
    path = reverse("members:charter")
    client.get(path)
    storage = CookieStorage(rf.get(path))
    note = Message(constants.INFO, "A note for you alone.")
    client.cookies[CookieStorage.cookie_name] = storage._encode([note])
    assert "A note for you alone." in client.get(path).content.decode()
    del client.cookies[CookieStorage.cookie_name]
    assert "A note for you alone." not in client.get(path).content.decode()


def test_each_language_is_kept_apart(charter, client, django_assert_num_queries):
    english = kept(client, "/", django_assert_num_queries)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    first = client.get("/")
    assert first["Content-Language"] == "ar"
    with django_assert_num_queries(0):
        response = client.get("/")
    arabic = response.content.decode()
    assert response["Content-Language"] == "ar"
    assert 'lang="ar"' in arabic and 'dir="rtl"' in arabic
    assert 'lang="en"' in english and arabic != english
    vary = {part.strip() for part in response["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_assert_num_queries(0):
        again = client.get("/")
    assert again["Content-Language"] == "en"


def test_the_language_form_works_with_the_token_of_a_kept_page(charter, django_assert_num_queries):
    Client().get("/")  # keeps the page
    visitor = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        page = visitor.get("/")
    token = TOKEN.search(page.content.decode()).group(1)
    assert token != page_cache.SENTINEL
    assert settings.CSRF_COOKIE_NAME in page.cookies  # the visitor's own cookie, as usual
    response = visitor.post(
        reverse("set_language"), {"csrfmiddlewaretoken": token, "language": "cy", "next": "/"}
    )
    assert response.status_code == 302
    assert visitor.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    # Another visitor's token is their own.
    other = Client(enforce_csrf_checks=True).get("/").content.decode()
    assert TOKEN.search(other).group(1) != token


def test_signing_from_a_kept_sign_page_works(charter, django_assert_num_queries):
    path = reverse("members:charter_sign")
    Client().get(path)
    visitor = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        page = visitor.get(path).content.decode()
    tokens = set(TOKEN.findall(page))
    assert len(tokens) == 1  # the language form's and the sign form's, the same visitor's
    response = visitor.post(
        path,
        {
            "csrfmiddlewaretoken": tokens.pop(),
            "party_kind": PartyKind.INDIVIDUAL,
            "name": "Kai Cached",
            "email": "kai@example.org",
            "listed_publicly": "on",
        },
    )
    assert response.status_code == 302
    assert Signature.objects.filter(email="kai@example.org").exists()


def test_the_invitation_to_sign_again_is_never_kept(charter, client):
    path = reverse("members:charter_sign") + "?again=some-token"
    client.get(path)
    assert not client.get(path).content.decode().count(page_cache.SENTINEL)
    key = client.get(path).wsgi_request._page_cache_key
    assert cache.get(key) is None


def test_not_found_is_not_kept(db, client):
    NetworkFactory(slug="here")
    assert client.get("/verify/NO-SUCH-1/").status_code == 404
    key = client.get("/verify/NO-SUCH-1/").wsgi_request._page_cache_key
    assert cache.get(key) is None


def test_the_page_cache_can_be_turned_off(charter, client, settings):
    settings.SANCTUARY_PAGE_CACHE = False
    client.get("/")
    assert not hasattr(client.get("/").wsgi_request, "_page_cache_key")


BACKENDS = {"embedded": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    BACKENDS["redis"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", "sanctuary") + "-pages",
    }


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_both_caches_keep_and_renew(backend, world, client, django_assert_num_queries):
    with override_settings(CACHES={"default": BACKENDS[backend]}):
        clear_own_cache()
        try:
            directory = reverse("members:network_directory")
            kept(client, directory, django_assert_num_queries)
            Network.objects.filter(pk=world.network_a.pk).update(name="Renamed Everywhere")
            assert "Renamed Everywhere" in client.get(directory).content.decode()
        finally:
            clear_own_cache()
    UserFactory()  # the default cache is back


def test_only_marked_views_are_kept(charter, client):
    assert not hasattr(client.get("/health/").wsgi_request, "_page_cache_key")
    assert not hasattr(client.get(reverse("account_login")).wsgi_request, "_page_cache_key")
    assert hasattr(client.get(reverse("members:charter")).wsgi_request, "_page_cache_key")


def test_a_subclass_of_a_marked_view_is_not_marked():
    class Private(SignatoriesView):
        pass

    assert vars(SignatoriesView)[page_cache.MARK] is True
    assert page_cache.MARK not in vars(Private)


def test_public_api_answers_are_kept_and_still_throttled(
    world, client, monkeypatch, django_assert_num_queries, throttle_clock
):
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    address = "203.0.113.78"
    first = client.get("/api/v1/networks/", REMOTE_ADDR=address)
    with django_assert_num_queries(0):
        second = client.get("/api/v1/networks/", REMOTE_ADDR=address)
        third = client.get("/api/v1/networks/", REMOTE_ADDR=address)
    assert second.json() == third.json() == first.json()
    assert second["Content-Type"] == "application/json"
    assert client.get("/api/v1/networks/", REMOTE_ADDR=address).status_code == 429


def test_public_api_answers_change_with_the_data(scheme, chair, client, django_assert_num_queries):
    network = NetworkFactory(name="Apiville City of Sanctuary", slug="apiville")
    for path in ("/api/v1/networks/", "/api/v1/awards/", "/api/v1/signatories/counts/"):
        client.get(path)
        with django_assert_num_queries(0):
            assert client.get(path).status_code == 200
    Network.objects.filter(pk=network.pk).update(name="Renamed For The API")
    names = [row["name"] for row in client.get("/api/v1/networks/").json()["results"]]
    assert "Renamed For The API" in names
    awarded(scheme, chair, "Api Primary")
    with scopes_disabled():
        number = Award.objects.get().certificate_number
    assert "Api Primary" in client.get("/api/v1/awards/").content.decode()
    certificate = f"/api/v1/certificates/{number}/"
    client.get(certificate)
    with django_assert_num_queries(0):
        assert client.get(certificate).json()["organisation"] == "Api Primary"
    assert client.get("/api/v1/certificates/NO-SUCH-2/").status_code == 404
    assert client.get("/api/v1/certificates/NO-SUCH-2/").status_code == 404


def test_lookup_reads_the_generation_and_the_value_together(db):
    generation, value = caching.lookup("lookup-test", "answer")
    assert value is None
    cache.set(caching.key("lookup-test", generation, "answer"), 42)
    assert caching.lookup("lookup-test", "answer") == (generation, 42)
    caching.renew("lookup-test")
    renewed, value = caching.lookup("lookup-test", "answer")
    assert renewed != generation and value is None
    clear_own_cache()  # the generation itself is lost: a new one, nothing stale
    lost, value = caching.lookup("lookup-test", "answer")
    assert lost not in {generation, renewed} and value is None


# Requests that come together for a page no longer kept --------------------------------------


class SlowPage:
    """A public page's view that takes `seconds` to render, counting its renders."""

    def __init__(self, seconds: float, *, keepable: bool = True):
        self.seconds, self.keepable, self.renders = seconds, keepable, 0
        self.lock = threading.Lock()

    def __call__(self, request):
        with self.lock:
            self.renders += 1
        time.sleep(self.seconds)
        response = HttpResponse(b"<p>the home page</p>")
        if not self.keepable:
            response.set_cookie("chosen", "1")  # something of this visitor's: never kept
        return response


def visit_together(view, monkeypatch, *, late: float = 0.05) -> list[tuple[bytes, float]]:
    """Two visitors ask for the home page, the second `late` seconds after the first, each
    through the page cache's middleware in a thread of its own: their answers and how long
    each took."""
    monkeypatch.setattr(page_cache, "_without_messages", lambda request: True)
    middleware = page_cache.PageCacheMiddleware(view)
    answers: list[tuple[bytes, float] | None] = [None, None]

    def visit(number: int) -> None:
        request = RequestFactory().get(reverse("home"))
        request.user = AnonymousUser()
        started = time.monotonic()
        response = middleware(request)
        answers[number] = (response.content, time.monotonic() - started)

    threads = [threading.Thread(target=visit, args=(number,)) for number in (0, 1)]
    threads[0].start()
    time.sleep(late)
    threads[1].start()
    for thread in threads:
        thread.join(timeout=10)
    return answers  # type: ignore[return-value]


def test_visitors_who_come_together_for_a_page_not_kept_share_one_render(monkeypatch):
    """After a write no page is kept: the first request renders it, and one that comes while
    it does waits for that answer instead of rendering it too (on two cores, sixteen renders
    at once made each sixteen times slower)."""
    view = SlowPage(0.4)
    first, second = visit_together(view, monkeypatch)
    assert view.renders == 1
    assert first[0] == second[0] == b"<p>the home page</p>"
    assert second[1] < first[1] + page_cache.RENDER_WAIT


def test_a_render_that_is_not_kept_lets_the_waiting_visitor_render_at_once(monkeypatch):
    """A page that turns out not to be keepable (here it sets a cookie) tells the waiting
    request so when its render ends: that one renders its own page then, without waiting
    out RENDER_WAIT."""
    view = SlowPage(0.4, keepable=False)
    first, second = visit_together(view, monkeypatch)
    assert view.renders == 2
    assert first[0] == second[0] == b"<p>the home page</p>"
    assert second[1] < 0.4 + 0.4 + page_cache.RENDER_WAIT / 2


def test_a_render_that_fails_or_is_not_kept_keeps_no_one_waiting(monkeypatch):
    """A render that raises, or ends without keeping its answer, says so: the requests that
    come next render their own at once, without a single wait."""

    def broken(request):
        raise RuntimeError("the view failed")

    def home():
        request = RequestFactory().get(reverse("home"))
        request.user = AnonymousUser()
        return request

    monkeypatch.setattr(page_cache, "_without_messages", lambda request: True)
    with pytest.raises(RuntimeError, match="the view failed"):
        page_cache.PageCacheMiddleware(broken)(home())
    waits = []
    monkeypatch.setattr(page_cache.time, "sleep", waits.append)
    never_kept = SlowPage(0, keepable=False)
    for _ in range(3):
        assert page_cache.PageCacheMiddleware(never_kept)(home()).content == b"<p>the home page</p>"
    # (The view's own sleep(0) is in the list too: only the page cache's polls count.)
    assert (never_kept.renders, [w for w in waits if w]) == (3, [])


class SlowAnswer(page_cache.KeptAnswer, APIView):
    """A public API endpoint kept as the platform's are, taking 0.4 s to answer."""

    permission_classes = [AllowAny]
    throttle_classes: list = []
    renders = 0
    lock = threading.Lock()

    def get(self, request):
        with SlowAnswer.lock:
            SlowAnswer.renders += 1
        time.sleep(0.4)
        return Response({"answer": 42})


def test_api_requests_that_come_together_share_one_answer():
    """The same for the API's kept answers (KeptAnswer): one render, the other waits for it."""
    SlowAnswer.renders = 0
    view = SlowAnswer.as_view()
    answers: list = [None, None]

    def ask(number: int) -> None:
        answers[number] = view(APIRequestFactory().get("/api/v1/slow/")).content

    threads = [threading.Thread(target=ask, args=(number,)) for number in (0, 1)]
    threads[0].start()
    time.sleep(0.05)
    threads[1].start()
    for thread in threads:
        thread.join(timeout=10)
    assert SlowAnswer.renders == 1
    assert answers[0] == answers[1] == b'{"answer":42}'


class BrokenAnswer(page_cache.KeptAnswer, APIView):
    """A public API endpoint that fails with an error DRF does not answer."""

    permission_classes = [AllowAny]
    throttle_classes: list = []

    def get(self, request):
        raise RuntimeError("the endpoint failed")


def test_an_api_answer_that_fails_keeps_no_one_waiting(monkeypatch):
    """The error passes by finalize_response(), and still the render is said to be over: the
    next request renders at once."""
    view = BrokenAnswer.as_view()
    with pytest.raises(RuntimeError, match="the endpoint failed"):
        view(APIRequestFactory().get("/api/v1/broken/"))
    waits = []
    monkeypatch.setattr(page_cache.time, "sleep", waits.append)
    with pytest.raises(RuntimeError, match="the endpoint failed"):
        view(APIRequestFactory().get("/api/v1/broken/"))
    assert waits == []
