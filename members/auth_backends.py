"""Sign-in backends that find the signed-in person of each request in the cache (unless
SANCTUARY_PAGE_CACHE or SANCTUARY_PERSONAL_PAGE_CACHE is off).

Every signed-in request reads its person (django.contrib.auth.get_user calls the session's
backend's get_user). These backends keep that person in the "personal" group of
sanctuary.page_cache, whose generation any write to any table but the sessions' renews: the
kept person is the row as it is now, password hash, is_active and flags included, so Django's
check of the session's hash and the backend's check of is_active see what a query would. A
page kept for the person and the person are read in one round trip each.
"""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from sanctuary import page_cache


class CachedPerson:
    """get_user() from the cache while nothing was written; from the database otherwise."""

    def get_user(self, user_id: Any):
        find = super().get_user  # type: ignore[misc]
        return page_cache.kept_until_written(f"person:{user_id}", lambda: find(user_id))


class CachedModelBackend(CachedPerson, ModelBackend):
    """Django's password sign-in."""


class CachedAuthenticationBackend(CachedPerson, AuthenticationBackend):
    """allauth's sign-in (e-mail and password, passkeys, codes)."""
