"""Whole pages kept between requests (issue 15): public pages for visitors who are not signed
in, and a signed-in person's own pages for that person alone.

A page view opts in with `@public_page` (a class or a function view). PageCacheMiddleware
answers a repeat visit from the cache before any view, database or template runs; the first
visit renders as usual and is kept when nothing about it was personal: a GET or HEAD, no one
signed in, no message waiting or queued, status 200, no cookie or session change of the view's
own. The key is the "public" group's generation (sanctuary.caching) with the host, the scheme,
the language, the day, the htmx headers and the full path.

A signed-in page opts in with `@personal_page`: a page that only reads, and shows nothing that
depends on the session beyond who is signed in (never an account or two-step page, whose
answers depend on when the person last confirmed their password). It is kept under the
"personal" group's generation and the person's id as well, and answered only to that person,
after the middleware that can sign them out has run. That generation is renewed by a write to
any table but the sessions': whatever a signed-in page shows (a role, a review, a log entry),
its change makes every kept personal page stale. So a page is answered from the cache only
while nothing at all was written since it was rendered; a busy hour renders afresh, a quiet
one (most of the movement's day) answers at once. A day's end makes both kinds stale too.

No CSRF token is kept: a page rendered for the cache carries SENTINEL where the token goes
(sanctuary.context_processors.platform puts it in the context), and every answer, kept or
fresh, gets the visitor's own token from get_token(), which also sets the CSRF cookie as usual.

What a public page shows can change through any write, including queryset updates, bulk
inserts and raw SQL, which no model signal sees. So every database connection watches its own
statements (watch_connection, connected in SanctuaryConfig.ready, so web processes, Celery
workers and management commands alike): an INSERT, UPDATE or DELETE on any table not in
PRIVATE_TABLES, or a statement it does not recognise, renews the generation once its
transaction commits (at once without a transaction), and also at once when this thread has read
the generation since the last renewal, so the rest of its own transaction reads fresh pages.
The timeouts are bounds only: they limit how late a page can be when only the clock moved
(an "overdue" that starts mid-day), not what a write shows.
"""

import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import get_language

from sanctuary import caching
from sanctuary.http import API_PATH

logger = logging.getLogger(__name__)

GROUP = "public"
TIMEOUT = 10 * 60
PERSONAL_GROUP = "personal"
PERSONAL_TIMEOUT = 5 * 60
# A page or API answer missing from the cache (after a write, every kept one is) is rendered
# by the first request for it; the others that come for it meanwhile wait for that answer, up to
# RENDER_WAIT seconds, looking every RENDER_POLL, rather than each rendering it too. Sixteen
# renders of one page at once on two cores make each one sixteen times slower; one render
# and fifteen waits answer all sixteen in the time of one. The mark that a render is under
# way is kept under the answer's key with RENDERING_SUFFIX. A render that ends without
# keeping its answer (a message, a cookie, an error) marks it NOT_KEPT instead, for as long
# as a wait could last: the requests waiting render their own at once, and those that come
# next render without waiting, since what is not kept once will likely not be kept again.
RENDER_WAIT = 3.0
RENDER_POLL = 0.01
RENDERING_SUFFIX = ":rendering"
RENDERING, NOT_KEPT = "rendering", "not kept"
# Where the CSRF token goes in a page rendered for the cache; never a valid token.
SENTINEL = "page-cache-csrf-token-placeholder"
_SENTINEL_BYTES = SENTINEL.encode()

# Tables no public page ever shows: writing to them leaves the kept pages alone. A table missing
# here only costs fresh renders, never a stale page.
PRIVATE_TABLES = frozenset(
    {
        "django_session",
        "django_admin_log",
        "sanctuary_activitylog",
        "account_emailaddress",
        "account_emailconfirmation",
        "mfa_authenticator",
        "members_apitoken",
        "members_maildelivery",
        "members_undeliverableaddress",
        "members_signagainreminder",
        "members_signatoryexport",
        "awards_review",
        "awards_criterionrating",
        "awards_criterionresponse",
        "awards_dailydigest",
        "awards_digestchoice",
        "awards_reminder",
        "awards_reminderoptout",
        "awards_visitnote",
        "awards_threadentry",
    }
)
# Tables no kept page shows: writing to them leaves the personal pages alone too. The session
# is written once a minute as a person reads (the idle clock), and at every sign-in.
# An API token's "last used" is written once a minute as a program reads (its page, which
# shows it, is never kept).
UNSHOWN_TABLES = frozenset({"django_session", "members_apitoken"})
# Statements that write nothing.
_READS = frozenset(
    {
        "SELECT",
        "SAVEPOINT",
        "RELEASE",
        "ROLLBACK",
        "BEGIN",
        "COMMIT",
        "SET",
        "SHOW",
        "EXPLAIN",
        "ANALYZE",
        "VACUUM",
    }
)
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?([\w.]+)', re.IGNORECASE)

_thread = threading.local()


# Reading and renewing the generations.


def lookup(name: str, group: str = GROUP) -> tuple[str, Any]:
    """The group's current generation and the answer kept under `name` (None if none)."""
    _thread.read_since_renewal = True
    return caching.lookup(group, name)


def kept_until_written[T](name: str, compute: Callable[[], T]) -> T:
    """A value every signed-in request reads (who the person is, their roles, whether they
    have a second step of sign-in, the network of the URL), kept in the "personal"
    generation: read again after any write to any table but the sessions', as the personal
    pages are. `name` says what; a None from `compute` is not kept. Computed every time when
    either page cache setting is off."""
    if not (settings.SANCTUARY_PAGE_CACHE and settings.SANCTUARY_PERSONAL_PAGE_CACHE):
        return compute()
    generation, kept = lookup(name, PERSONAL_GROUP)
    if kept is not None:
        return kept
    value = compute()
    if value is not None:
        cache.set(caching.key(PERSONAL_GROUP, generation, name), value, PERSONAL_TIMEOUT)
    return value


def renew(group: str = GROUP) -> None:
    """Every kept page of the group is stale from now. A cache that does not answer is logged,
    not raised: the write has happened, and the pages expire within their timeout."""
    _thread.read_since_renewal = False
    try:
        caching.renew(group)
    except Exception:
        logger.exception("The page cache's generation %s could not be renewed.", group)


def renew_both() -> None:
    renew(GROUP)
    renew(PERSONAL_GROUP)


def renew_personal() -> None:
    renew(PERSONAL_GROUP)


def written_table(sql: object) -> str | None:
    """The table a statement writes to; "" for a write it cannot name (DDL, TRUNCATE, WITH ...
    INSERT, anything unrecognised), None for a statement that writes nothing."""
    if not isinstance(sql, str):
        return ""
    word = sql.lstrip(" \t\r\n(")[:9].split(None, 1)  # "(SELECT ...) UNION (SELECT ...)"
    if word and word[0].upper() in _READS:
        return None
    match = _WRITE.match(sql)
    if match is None:
        return ""
    return match.group(1).rsplit(".", 1)[-1]


def writes_public_data(sql: object) -> bool:
    table = written_table(sql)
    return table is not None and table not in PRIVATE_TABLES


def writes_shown_data(sql: object) -> bool:
    table = written_table(sql)
    return table is not None and table not in UNSHOWN_TABLES


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if not (isinstance(sql, str) and sql.startswith("SELECT")):
        table = written_table(sql)
        if table is not None and table not in UNSHOWN_TABLES:
            _written(context["connection"], table not in PRIVATE_TABLES)
    return result


def _written(connection, public: bool) -> None:
    renewal = renew_both if public else renew_personal
    if not connection.in_atomic_block:
        renewal()
        return
    if getattr(_thread, "read_since_renewal", False):
        renewal()
    # Once per transaction and kind: Django replaces run_on_commit with a new list when a
    # transaction commits or rolls back (and when a savepoint rolls back), so the same list
    # means the renewal is still waiting for this transaction's commit.
    hooks = getattr(connection, "_page_cache_hooks", None)
    if hooks is None or hooks[0] is not connection.run_on_commit:
        hooks = connection._page_cache_hooks = [connection.run_on_commit, set()]
    if renewal not in hooks[1]:
        connection.on_commit(renewal)
        hooks[1].add(renewal)


def watch_connection(sender, connection, **kwargs) -> None:
    """connection_created: watch this connection's writes (once, however often it reconnects)."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


# Marking views.

MARK = "_public_page"
PERSONAL_MARK = "_personal_page"


def public_page[V](view: V) -> V:
    """Keep this view's pages for visitors who are not signed in. A class or a function view;
    a subclass of a marked class is not kept unless it is marked too."""
    setattr(view, MARK, True)
    return view


def personal_page[V](view: V) -> V:
    """Keep this view's pages for the signed-in person they were rendered for (see the module's
    docstring for what such a page may show). A subclass is not kept unless marked too."""
    setattr(view, PERSONAL_MARK, True)
    return view


def _view(request) -> Any:
    """The view class (or function) this request goes to; None when no URL matches."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return getattr(match.func, "view_class", match.func)


def _marks(request) -> tuple[bool, bool]:
    """(public, personal): how the view this request goes to is marked."""
    view = _view(request)
    marks = vars(view) if view is not None else {}
    return bool(marks.get(MARK, False)), bool(marks.get(PERSONAL_MARK, False))


def skip(request) -> None:
    """This answer is not to be kept (it shows something of this visitor's)."""
    request._page_cache_skip = True


def rendering_for_cache(request) -> bool:
    return getattr(request, "_page_cache_key", None) is not None


# Answering.


def _claim_render(key: str) -> bool:
    """Whether this request is the one to render what is missing under `key`: the first to
    ask since it went missing. The others wait for its answer (_answer_of_other_render)."""
    return cache.add(key + RENDERING_SUFFIX, RENDERING, timeout=int(RENDER_WAIT) + 1)


def _render_ended(key: str, *, kept: bool) -> None:
    """The render under `key` is over: its answer is kept (whoever waits finds it there), or
    it is not, and no one is to wait for it."""
    if kept:
        cache.delete(key + RENDERING_SUFFIX)
    else:
        cache.set(key + RENDERING_SUFFIX, NOT_KEPT, timeout=int(RENDER_WAIT) + 1)


def _answer_of_other_render(key: str) -> Any:
    """The answer another request is rendering, once it is kept; None at once when the last
    render of it was not kept, when that render ends without keeping it, or when it takes
    longer than RENDER_WAIT (this request renders its own then)."""
    rendering = key + RENDERING_SUFFIX
    deadline = time.monotonic() + RENDER_WAIT
    while True:
        found = cache.get_many([key, rendering])
        if found.get(key) is not None:
            return found[key]
        if found.get(rendering) != RENDERING or time.monotonic() > deadline:
            return None
        time.sleep(RENDER_POLL)


def _signed_in(request) -> bool | None:
    """True for a signed-in person, False for a visitor, None when there is no user."""
    user = getattr(request, "user", None)
    return None if user is None else bool(user.is_authenticated)


def _without_messages(request) -> bool:
    return not len(get_messages(request))


def _name(request, person: str = "") -> str:
    name = "\n".join(
        (
            request.get_host(),
            request.scheme,
            get_language() or "",
            timezone.localdate().isoformat(),
            "htmx" if getattr(request, "htmx", False) else "",
            request.headers.get("HX-Target", ""),
            request.headers.get("HX-Trigger", ""),
            person,
            request.get_full_path(),
        )
    )
    return "page:" + hashlib.sha256(name.encode()).hexdigest()


def _with_token(request, content: bytes) -> bytes:
    if _SENTINEL_BYTES not in content:
        return content
    return content.replace(_SENTINEL_BYTES, get_token(request).encode())


# The API's kept answers for a person (KeptPersonalAnswer): the attribute that marks an endpoint
# as one, and the credentials' name DRF gives a session (its SessionAuthentication).
KEPT_FOR_PERSON = "_kept_for_person"
SESSION_CREDENTIALS = "SessionAuthentication"


def _api_person(pk: int, credentials: str) -> str:
    return f"person:{pk}:{credentials}"


def _api_name(request, person: str, media_type: str) -> str:
    return f"{_name(request, person=person)}:{media_type}"


def _only_media_type(view) -> str | None:
    """The media type of an endpoint that answers in one (JSON): what DRF's content
    negotiation gives a request that accepts it or anything. None for any other view."""
    renderers = getattr(view, "renderer_classes", None)
    if not renderers or len(renderers) != 1:
        return None
    return renderers[0].media_type


def _throttle_waits(request, view) -> list[float | None]:
    """Count this request in the endpoint's rate limits, as DRF's check_throttles() would:
    the seconds to wait from each limit that refuses it (none: all allow it)."""
    endpoint = view()
    throttles = [throttle() for throttle in view.throttle_classes]
    return [
        throttle.wait() for throttle in throttles if not throttle.allow_request(request, endpoint)
    ]


def _answer(kept) -> HttpResponse:
    content, headers = kept
    response = HttpResponse(content)
    for header, value in headers:
        response[header] = value
    return response


class PageCacheMiddleware:
    """Answers from the kept page when there is one; keeps a marked view's page when it may.
    After the session, locale, CSRF, authentication, message and htmx middleware (it reads
    what they give), and after the idle sign-out, so a person signed out is a visitor here;
    before the network scope (a kept page needs no network read). A signed-in person's kept
    API answers are found here too (_kept_api_answer); KeptAnswer renders and keeps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not getattr(
            settings, "SANCTUARY_PAGE_CACHE", True
        ):
            return self.get_response(request)
        if request.path_info.startswith(API_PATH):
            return self._kept_api_answer(request) or self.get_response(request)
        public, personal = _marks(request)
        signed_in = _signed_in(request)
        if public and signed_in is False:
            group, name, timeout = GROUP, _name(request), TIMEOUT
        elif personal and signed_in and getattr(settings, "SANCTUARY_PERSONAL_PAGE_CACHE", True):
            group, timeout = PERSONAL_GROUP, PERSONAL_TIMEOUT
            name = _name(request, person=f"person:{request.user.pk}")
        else:
            return self.get_response(request)
        if not _without_messages(request):
            return self.get_response(request)
        generation, kept = lookup(name, group)
        key = request._page_cache_key = caching.key(group, generation, name)
        if kept is None and not _claim_render(key):
            kept = _answer_of_other_render(key)
        if kept is not None:
            response = _answer(kept)
            response.content = _with_token(request, response.content)
            return response
        stored = False
        try:
            response = self.get_response(request)
            if getattr(response, "streaming", False):
                return response
            if self._may_keep(request, response, signed_in):
                headers = [
                    (header, value)
                    for header, value in response.items()
                    if header != "Content-Length"
                ]
                cache.set(key, (response.content, headers), timeout=timeout)
                stored = True
        finally:
            _render_ended(key, kept=stored)
        response.content = _with_token(request, response.content)
        return response

    @staticmethod
    def _kept_api_answer(request) -> HttpResponse | None:
        """A signed-in person's kept API answer (KeptPersonalAnswer), found before DRF runs,
        as a personal page is: DRF's own path to it (a request object, content negotiation,
        authenticators, permissions) cost more than the answer's lookup. Only for what this
        middleware knows as DRF would: a person signed in by their session (a token goes
        the whole way, its authenticator notes its use), asking for the endpoint's one media
        type. The endpoint's rate limits count the request here, once (KeptAnswer reads what
        they said); a refused request goes on to DRF, which answers 429 as usual. None when
        nothing is kept, and the request goes to DRF, which renders and keeps the answer."""
        view = _view(request)
        media_type = _only_media_type(view)
        if (
            media_type is None
            or not getattr(view, KEPT_FOR_PERSON, False)
            or not getattr(settings, "SANCTUARY_PERSONAL_PAGE_CACHE", True)
            or not _signed_in(request)
            or "HTTP_AUTHORIZATION" in request.META
            or request.headers.get("Accept", "*/*") not in ("*/*", media_type)
            or "format" in request.GET
        ):
            return None
        waits = request._api_throttle_waits = _throttle_waits(request, view)
        if waits:
            return None
        person = _api_person(request.user.pk, SESSION_CREDENTIALS)
        _generation, kept = lookup(_api_name(request, person, media_type), PERSONAL_GROUP)
        if kept is None:
            return None
        return _answer(kept)

    @staticmethod
    def _may_keep(request, response, signed_in: bool) -> bool:
        session = getattr(request, "session", None)
        return (
            response.status_code == 200
            and not response.cookies
            and not response.has_header("Content-Disposition")
            and not getattr(request, "_page_cache_skip", False)
            and not (session is not None and session.modified)
            and _signed_in(request) is signed_in
            and _without_messages(request)
        )


if TYPE_CHECKING:  # a mixin over DRF's APIView (never imported here at run time)
    from rest_framework.views import APIView as _Endpoint
else:
    _Endpoint = object


class KeptAnswer(_Endpoint):
    """For a public API endpoint (sanctuary.api.PublicEndpoint, which reads no credentials):
    its 200 answers kept like public pages, by the same key and the accepted media type. The
    lookup comes after DRF's initial(), so throttles and permissions apply to every request."""

    personal = False

    def initial(self, request, *args, **kwargs):
        self._kept_key = None
        self._throttles_checked = False
        if self.personal and self._answer_kept_for_person(request, **kwargs):
            return
        super().initial(request, *args, **kwargs)
        if not self.personal and self._keeps(request):
            self._answer_kept(request, GROUP, TIMEOUT, "")

    def _keeps(self, request) -> bool:
        return request.method in ("GET", "HEAD") and getattr(settings, "SANCTUARY_PAGE_CACHE", True)

    def _answer_kept_for_person(self, request, **kwargs) -> bool:
        """Who is asking, their rate limit and the media type, then the answer kept for them.
        Permissions and the endpoint's own lookups (a seat on a panel, an application) come
        only on a miss: a kept answer passed them for this person in this generation, and
        anything that could change them (a role, a seat, a second step, a token revoked) is a
        write, which renews the generation, as it does for @personal_page."""
        if not (self._keeps(request) and getattr(settings, "SANCTUARY_PERSONAL_PAGE_CACHE", True)):
            return False
        self.format_kwarg = self.get_format_suffix(**kwargs)
        request.accepted_renderer, request.accepted_media_type = self.perform_content_negotiation(
            request
        )
        self.perform_authentication(request)
        if not request.user.is_authenticated:
            return False
        self.check_throttles(request)
        self._throttles_checked = True
        credentials = type(getattr(request, "successful_authenticator", None)).__name__
        person = _api_person(request.user.pk, credentials)
        return self._answer_kept(request, PERSONAL_GROUP, PERSONAL_TIMEOUT, person)

    def check_throttles(self, request):
        if self._throttles_checked:  # once per request, though initial() asks again
            return
        # PageCacheMiddleware counted this request already, and says how long to wait.
        waits = getattr(request._request, "_api_throttle_waits", None)
        if waits is None:
            super().check_throttles(request)
        elif waits:
            self.throttled(request, max((wait for wait in waits if wait is not None), default=None))

    def _answer_kept(self, request, group: str, timeout: int, person: str) -> bool:
        name = _api_name(request, person, request.accepted_media_type)
        generation, kept = lookup(name, group)
        key = caching.key(group, generation, name)
        if kept is None and not _claim_render(key):
            kept = _answer_of_other_render(key)
        if kept is None:
            self._kept_key = key
            self._kept_timeout = timeout
            return False
        response = _answer(kept)
        # The handler DRF calls next: an attribute of this instance, before the class's.
        for method in ("get", "head"):
            setattr(self, method, lambda *args, **kwargs: response)
        return True

    def handle_exception(self, exc):
        # An error DRF does not answer is raised past finalize_response(): say here that
        # the render is over, so no one waits out RENDER_WAIT for it.
        try:
            return super().handle_exception(exc)
        except Exception:
            key = getattr(self, "_kept_key", None)
            if key is not None:
                _render_ended(key, kept=False)
            raise

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = getattr(self, "_kept_key", None)
        if key is None:
            return response
        stored = False
        try:
            if response.status_code == 200 and not response.cookies:
                response.render()
                headers = [
                    (name, value) for name, value in response.items() if name != "Content-Length"
                ]
                cache.set(key, (response.content, headers), timeout=self._kept_timeout)
                stored = True
        finally:
            _render_ended(key, kept=stored)
        return response


class KeptPersonalAnswer(KeptAnswer):
    """For a signed-in API endpoint whose GET only reads: its 200 answers kept for the person
    (and the kind of credentials) they were made for, under the "personal" generation, as
    @personal_page keeps pages. DRF authenticates and throttles first; the permissions and
    the endpoint's own checks run when nothing is kept (KeptAnswer._answer_kept_for_person).
    For a person signed in by their session, PageCacheMiddleware finds the kept answer
    before DRF runs at all, counting the request in the endpoint's rate limits itself."""

    personal = True
    # PageCacheMiddleware answers what is kept for a person signed in by their session.
    _kept_for_person = True
