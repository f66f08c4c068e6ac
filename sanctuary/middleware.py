import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from sanctuary.http import API_PATH
from sanctuary.tenancy import Access, NetworkScopeMiddleware, view_access

__all__ = [
    "NetworkScopeMiddleware",
    "NoStoreMiddleware",
    "SessionIdleTimeoutMiddleware",
    "UserLanguageMiddleware",
]


class UserLanguageMiddleware:
    """A signed-in person sees the platform in the language they chose, on every device.

    A language picked on a page before signing in is saved as the preference at sign-in
    (members.signals.keep_chosen_language), so this never overrides a fresh choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        preferred = getattr(user, "preferred_language", "") if user else ""
        if preferred and preferred in self.available and preferred != request.LANGUAGE_CODE:
            translation.activate(preferred)
            request.LANGUAGE_CODE = preferred
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing private is kept by a browser or a cache on the way: every answer to a signed-in
    person, every API answer except the public endpoints', and every file download says
    Cache-Control: no-store (Django's never-cache headers). Public pages for visitors who are
    not signed in stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.is_private(request, response):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def is_private(request, response) -> bool:
        if response.has_header("Content-Disposition") or getattr(response, "streaming", False):
            return True
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        # An API view without authentication classes replaces request.user with an anonymous
        # one; the session still knows who is signed in.
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY):
            return True
        if request.path_info.startswith(API_PATH):
            match = getattr(request, "resolver_match", None)
            return match is None or view_access(match.func) != Access.PUBLIC
        return False


class SessionIdleTimeoutMiddleware:
    """Signs a person out after SANCTUARY_SESSION_IDLE_SECONDS without a request, and
    SANCTUARY_SESSION_MAX_SECONDS after they signed in whatever they do (saving the session
    moves its cookie's expiry on, so the cookie alone cannot end it). The time of the last
    request is kept in the session, written at most once a minute so that reading pages does
    not write to the database on every click."""

    SESSION_KEY = "sanctuary_last_seen"
    SIGNED_IN_KEY = "sanctuary_signed_in_at"
    WRITE_EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(self.SESSION_KEY)
            signed_in_at = request.session.get(self.SIGNED_IN_KEY, now)
            idle = (
                last_seen is not None and now - last_seen > settings.SANCTUARY_SESSION_IDLE_SECONDS
            )
            if idle or now - signed_in_at > settings.SANCTUARY_SESSION_MAX_SECONDS:
                logout(request)
                messages.info(
                    request,
                    _(
                        "You were signed out, after a while without activity or a long "
                        "session. Please sign in again."
                    ),
                )
            elif last_seen is None or now - last_seen >= self.WRITE_EVERY_SECONDS:
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)


def start_idle_clock(sender, request, user, **kwargs) -> None:
    """Signing in starts the idle clock (connected to user_logged_in in apps.py), so the first
    pages after it write nothing more."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SessionIdleTimeoutMiddleware.SESSION_KEY] = now
        request.session[SessionIdleTimeoutMiddleware.SIGNED_IN_KEY] = now
