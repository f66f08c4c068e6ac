"""A signed-in person's own pages kept for them alone (sanctuary/page_cache.py, issue 15): a
repeat visit is answered without the view, to that person only, and any write at all, a sign-out,
a waiting message or a new day renders afresh. Nothing one person saw reaches another."""

import datetime
import re

import pytest
from allauth.account.views import EmailView
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from members.enums import Role
from members.models import Membership
from members.services.api_tokens import revoke_api_token
from members.views.networks import NetworkMembersView
from members.views.people import DashboardView
from sanctuary import caching, page_cache
from sanctuary.middleware import SessionIdleTimeoutMiddleware
from tests.factories import MembershipFactory, give_mfa
from tests.factories.api import token_for

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MEMBERS = "/alphaville/manage/members/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def queries_of(client, path) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_repeat_visit_is_answered_without_the_view(world):
    client = signed_in(world.coordinator_a)
    fresh_count, fresh = queries_of(client, MEMBERS)
    kept_count, kept = queries_of(client, MEMBERS)
    # The session and the person are still read (the sign-out rules run); the page is not.
    assert kept_count <= 2 < fresh_count
    assert TOKEN.sub("", kept) == TOKEN.sub("", fresh)
    assert world.coordinator_a.full_name in kept and "Mo Member" in kept
    assert page_cache.SENTINEL not in kept


def test_each_person_gets_only_their_own_page(world):
    coordinator = signed_in(world.coordinator_a)
    member = signed_in(world.member_a)
    dashboard = reverse("members:dashboard")
    first = {}
    for _ in range(2):
        mine = TOKEN.sub("", coordinator.get(dashboard).content.decode())
        theirs = TOKEN.sub("", member.get(dashboard).content.decode())
        assert mine != theirs
        assert first.setdefault("mine", mine) == mine
        assert first.setdefault("theirs", theirs) == theirs
    # A page kept for the coordinator is no answer to someone who may not see it.
    assert member.get(MEMBERS).status_code in (403, 404)
    assert Client().get(MEMBERS).status_code == 302


def test_each_answer_carries_its_own_sessions_token(world):
    one, two = signed_in(world.coordinator_a), signed_in(world.coordinator_a)
    tokens = set()
    for client in (one, two, one):
        text = client.get(MEMBERS).content.decode()  # its add-a-member form
        tokens.add(TOKEN.search(text).group(1))
        assert page_cache.SENTINEL not in text
    assert len(tokens) >= 2  # one per session (a session's token may be masked afresh)


def test_a_form_on_a_kept_page_posts_with_its_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator_a)
    client.get(MEMBERS)
    count, page = queries_of(client, MEMBERS)
    assert count <= 2
    response = client.post(
        reverse("members:membership_add", args=["alphaville"]),
        {
            "csrfmiddlewaretoken": TOKEN.search(page).group(1),
            "email": "Newt@Example.org",
            "role": Role.MEMBER,
        },
    )
    assert response.status_code == 302 and response["Location"] == MEMBERS
    count, page = queries_of(client, MEMBERS)
    assert "We have sent an invitation to newt@example.org" in page and count > 2
    assert "We have sent an invitation" not in queries_of(client, MEMBERS)[1]


def test_a_write_anywhere_shows_at_once(world):
    client = signed_in(world.coordinator_a)
    assert "Newt Newcomer" not in queries_of(client, MEMBERS)[1]
    newcomer = MembershipFactory(
        network=world.network_a, role=Role.MEMBER, user__full_name="Newt Newcomer"
    )
    assert "Newt Newcomer" in queries_of(client, MEMBERS)[1]
    # Raw SQL, which no signal sees, too.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE members_user SET full_name = %s WHERE id = %s",
            ["Newt Renamed", newcomer.user_id],
        )
    assert "Newt Renamed" in queries_of(client, MEMBERS)[1]


def test_a_write_to_a_table_no_public_page_shows_renews_the_personal_pages_only(
    db, django_capture_on_commit_callbacks
):
    public = caching.generation(page_cache.GROUP)
    personal = caching.generation(page_cache.PERSONAL_GROUP)
    with django_capture_on_commit_callbacks(execute=True), connection.cursor() as cursor:
        cursor.execute("DELETE FROM awards_review WHERE id = 0")
    assert caching.generation(page_cache.GROUP) == public
    assert caching.generation(page_cache.PERSONAL_GROUP) != personal
    personal = caching.generation(page_cache.PERSONAL_GROUP)
    with django_capture_on_commit_callbacks(execute=True), connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_session WHERE session_key = %s", ["none"])
    assert caching.generation(page_cache.PERSONAL_GROUP) == personal


@pytest.mark.parametrize(
    ("sql", "shown"),
    [
        ('SELECT "id" FROM "awards_review"', False),
        ('UPDATE "django_session" SET "expire_date" = %s', False),
        ('DELETE FROM "awards_review" WHERE id = 1', True),
        ('INSERT INTO "sanctuary_activitylog" ("action") VALUES (%s)', True),
        ('UPDATE "members_membership" SET "role" = %s', True),
        ("TRUNCATE awards_review", True),
    ],
)
def test_what_counts_as_a_write_a_signed_in_page_can_show(sql, shown):
    assert page_cache.writes_shown_data(sql) is shown


def test_losing_a_role_closes_the_kept_page(world):
    client = signed_in(world.coordinator_a)
    assert client.get(MEMBERS).status_code == 200
    assert client.get(MEMBERS).status_code == 200
    with scopes_disabled():
        Membership.objects.filter(user=world.coordinator_a, network=world.network_a).delete()
    assert client.get(MEMBERS).status_code in (403, 404)


def test_a_signed_out_person_gets_no_kept_page(world):
    client = signed_in(world.coordinator_a)
    client.get(MEMBERS)
    client.logout()
    assert client.get(MEMBERS).status_code == 302


def test_the_idle_sign_out_comes_before_a_kept_page(world, settings):
    client = signed_in(world.coordinator_a)
    assert client.get(MEMBERS).status_code == 200
    session = client.session
    session[SessionIdleTimeoutMiddleware.SESSION_KEY] = 0  # long ago
    session.save()
    response = client.get(MEMBERS)
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_a_waiting_message_is_shown_and_not_kept(world, rf, monkeypatch):
    client = signed_in(world.coordinator_a)
    queries_of(client, MEMBERS)
    members = renders(monkeypatch, NetworkMembersView)
    note = Message(constants.SUCCESS, "Added to the group: a note for you alone.")
    client.cookies[CookieStorage.cookie_name] = CookieStorage(rf.get(MEMBERS))._encode([note])
    page = queries_of(client, MEMBERS)[1]
    assert "a note for you alone" in page and len(members) == 1  # rendered, not kept
    # Shown once: the next visit has no message, and the page with it was never kept.
    page = queries_of(client, MEMBERS)[1]
    assert "a note for you alone" not in page


def renders(monkeypatch, view) -> list[int]:
    """A list that grows by one each time `view` (a class) renders a GET."""
    calls: list[int] = []
    original = view.get

    def counted(self, request, *args, **kwargs):
        calls.append(1)
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(view, "get", counted)
    return calls


def test_only_marked_views_are_kept_for_a_person(world, monkeypatch):
    client = signed_in(world.coordinator_a)
    email = renders(monkeypatch, EmailView)
    members = renders(monkeypatch, NetworkMembersView)
    for _ in range(3):
        assert client.get(reverse("account_email")).status_code == 200
        assert client.get(MEMBERS).status_code == 200
    assert len(email) == 3  # an account page: rendered every time, never kept
    assert len(members) == 1  # a marked page: rendered once, then kept
    assert vars(DashboardView).get(page_cache.PERSONAL_MARK) is True
    assert page_cache.PERSONAL_MARK not in vars(EmailView)


def test_a_new_day_renders_afresh(world, monkeypatch):
    client = signed_in(world.coordinator_a)
    client.get(MEMBERS)
    members = renders(monkeypatch, NetworkMembersView)
    client.get(MEMBERS)
    assert members == []
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda *args: tomorrow)
    client.get(MEMBERS)
    assert len(members) == 1


def test_the_personal_page_cache_can_be_turned_off(world, settings, monkeypatch):
    settings.SANCTUARY_PERSONAL_PAGE_CACHE = False
    client = signed_in(world.coordinator_a)
    members = renders(monkeypatch, NetworkMembersView)
    for _ in range(3):
        assert client.get(MEMBERS).status_code == 200
    assert len(members) == 3


def test_the_signed_in_person_comes_from_the_cache_until_anything_is_written(world):
    client = signed_in(world.member_a)
    path = reverse("account_email")  # not a kept page: rendered each time
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    assert not [q for q in queries if 'FROM "members_user"' in q["sql"].split("WHERE")[0]]
    # A change to the person (here, signing them out everywhere by deactivating them) shows
    # at the next request.
    User = type(world.member_a)
    User.objects.filter(pk=world.member_a.pk).update(is_active=False)
    assert client.get(path).status_code == 302


def test_a_changed_password_ends_the_other_sessions_at_once(world):
    client = signed_in(world.member_a)
    assert client.get(reverse("members:dashboard")).status_code == 200
    world.member_a.set_password("a new and long passphrase")
    world.member_a.save()
    response = client.get(reverse("members:dashboard"))
    assert response.status_code == 302  # the session's hash no longer matches


API_MEMBERS = "/api/v1/networks/alphaville/members/"


def test_a_signed_in_api_answer_is_kept_for_its_person_and_credentials(world):
    secret = token_for(world.coordinator_a)
    program = Client(headers={"Authorization": f"Bearer {secret}"})
    fresh_count, fresh = queries_of(program, API_MEMBERS)
    kept_count, kept = queries_of(program, API_MEMBERS)
    assert kept == fresh and "Mo Member" in kept
    assert kept_count < fresh_count
    # Someone else's program gets its own answer: here, none.
    outsider = Client(headers={"Authorization": f"Bearer {token_for(world.coordinator_b)}"})
    assert outsider.get(API_MEMBERS).status_code in (403, 404)
    # A revoked token is refused, though an answer was kept for it.
    with scopes_disabled():
        token = world.coordinator_a.api_tokens.get()
    revoke_api_token(token, actor=world.coordinator_a)
    assert program.get(API_MEMBERS).status_code == 401


def test_a_write_shows_in_a_kept_api_answer_at_once(world):
    client = signed_in(world.coordinator_a)
    assert "Newt Newcomer" not in queries_of(client, API_MEMBERS)[1]
    MembershipFactory(network=world.network_a, role=Role.MEMBER, user__full_name="Newt Newcomer")
    assert "Newt Newcomer" in queries_of(client, API_MEMBERS)[1]


def test_a_session_gets_its_kept_api_answer_before_drf_runs(world, monkeypatch):
    """A person signed in by their session is answered from the kept API answer by the page
    cache's middleware, as a kept page is: DRF never starts, and only the session and the
    person are read."""
    from rest_framework.views import APIView

    client = signed_in(world.coordinator_a)
    fresh_count, fresh = queries_of(client, API_MEMBERS)

    def not_reached(*args, **kwargs):
        raise AssertionError("DRF ran for a kept answer")

    monkeypatch.setattr(APIView, "initialize_request", not_reached)
    kept_count, kept = queries_of(client, API_MEMBERS)
    assert kept == fresh and "Mo Member" in kept
    assert kept_count <= 2 < fresh_count
    # Asked for JSON by name, the same answer; asked for HTML, DRF answers (here: it ran).
    assert client.get(API_MEMBERS, headers={"Accept": "application/json"}).content.decode() == kept
    with pytest.raises(AssertionError, match="DRF ran"):
        client.get(API_MEMBERS, headers={"Accept": "text/html"})
    # Another person's session never gets it.
    with pytest.raises(AssertionError, match="DRF ran"):
        signed_in(world.coordinator_b).get(API_MEMBERS)


def test_a_token_still_goes_through_drf_and_html_is_still_refused(world):
    client = signed_in(world.coordinator_a)
    assert client.get(API_MEMBERS).status_code == 200
    assert client.get(API_MEMBERS).status_code == 200  # kept for the session
    assert client.get(API_MEMBERS, headers={"Accept": "text/html"}).status_code == 406
    program = Client(headers={"Authorization": f"Bearer {token_for(world.coordinator_a)}"})
    assert program.get(API_MEMBERS).status_code == 200
    with scopes_disabled():
        token = world.coordinator_a.api_tokens.get()
    revoke_api_token(token, actor=world.coordinator_a)
    assert program.get(API_MEMBERS).status_code == 401
    # A session signed out gets nothing kept either.
    client.logout()
    assert client.get(API_MEMBERS).status_code in (401, 403)


def test_each_api_request_counts_once_in_the_rate_limit_kept_or_not(
    world, monkeypatch, throttle_clock
):
    """The first request is rendered by DRF, the next ones are answered by the middleware:
    each counts once, and the one over the limit is refused by DRF as usual, with when to
    try again."""
    from django.core.cache import cache

    from sanctuary.api import UserThrottle

    monkeypatch.setattr(UserThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    client = signed_in(world.coordinator_a)
    answers = [client.get(API_MEMBERS) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert 0 < int(answers[-1]["Retry-After"]) <= 60
    assert answers[-1].json()["detail"].startswith("Request was throttled.")
    window = int(throttle_clock.now // 60)
    assert cache.get(f"throttle_user_{world.coordinator_a.pk}:{window}") == 4
    # Someone else has their own count.
    assert signed_in(world.coordinator_b).get("/api/v1/me/organisations/").status_code == 200


def test_roles_and_the_second_step_are_kept_until_anything_is_written(world, settings):
    """The API reads who may do what on every request, kept answer or not: the person's
    roles and whether they have a second step of sign-in come from the cache until a write,
    and losing either shows at the next request."""
    settings.SANCTUARY_REQUIRE_MFA = True
    program = Client(headers={"Authorization": f"Bearer {token_for(world.coordinator_a)}"})
    assert program.get(API_MEMBERS).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert program.get(API_MEMBERS).status_code == 200
    sqls = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in sqls if "members_membership" in sql or "mfa_authenticator" in sql]
    # The coordinator removes their authenticator app: refused at once, with the reason.
    with scopes_disabled():
        world.coordinator_a.authenticator_set.all().delete()
    refused = program.get(API_MEMBERS)
    assert refused.status_code == 403
    assert "two-step" in refused.json()["detail"]
    # Losing the role shows at once too.
    give_mfa(world.coordinator_a)
    assert program.get(API_MEMBERS).status_code == 200
    with scopes_disabled():
        Membership.objects.filter(user=world.coordinator_a, network=world.network_a).delete()
    assert program.get(API_MEMBERS).status_code in (403, 404)


def test_the_network_of_the_url_is_kept_until_anything_is_written(world, django_assert_num_queries):
    from django.http import Http404

    from sanctuary.models import Network
    from sanctuary.tenancy import get_network_or_404

    assert get_network_or_404("alphaville") == world.network_a
    with django_assert_num_queries(0):
        assert get_network_or_404("alphaville").name == world.network_a.name
    Network.objects.filter(pk=world.network_a.pk).update(slug="alphaville-renamed")
    with pytest.raises(Http404, match="No such network"):
        get_network_or_404("alphaville")
    assert get_network_or_404("alphaville-renamed").pk == world.network_a.pk
