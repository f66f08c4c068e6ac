"""The API's core: the kinds of endpoint, errors in one JSON shape, pagination, and the
schema's error responses. Who is calling (personal tokens as `Authorization: Bearer`, and the
permission every signed-in endpoint starts from) is members' business: members/api_auth.py,
named by REST_FRAMEWORK in the settings.

API views live in each app's api.py and call the same services, queries and permission
lookups as the pages. Each declares `access` (sanctuary.tenancy.Access) like a page does, so
the URL walk checks it; network endpoints live under /api/v1/networks/<network_slug>/, where
the middleware runs them in the network's scope. The schema and documentation views are in
sanctuary/views_api.py.

REST_FRAMEWORK names classes of this module, and DRF reads those settings while
rest_framework.views is imported: so this module never imports rest_framework.views (or
anything that does) at the top, or the two imports would wait on each other.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator as DjangoPaginator
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, pagination, permissions, serializers, throttling
from rest_framework.authentication import BaseAuthentication
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings

from sanctuary.refusals import Refused
from sanctuary.tenancy import Access

if TYPE_CHECKING:  # the type APIView declares for permission_classes (in the stubs only)
    from rest_framework.permissions import _PermissionClass

API_PATH = "/api/"


# Kinds of endpoint -------------------------------------------------------------------------


class PublicEndpoint:
    """Open to everyone. Credentials are not read, so a request is limited per address."""

    access = Access.PUBLIC
    authentication_classes: Sequence[type[BaseAuthentication]] = []
    permission_classes: "Sequence[_PermissionClass]" = [permissions.AllowAny]


class SignedInEndpoint:
    """About the signed-in person's own things (Access.AUTHENTICATED), or a base for the
    object-level endpoints, whose lookups answer 404 for anything not theirs."""

    access = Access.AUTHENTICATED
    # permission_classes: REST_FRAMEWORK's DEFAULT_PERMISSION_CLASSES, which the project's
    # settings point at members.api_auth.SignedIn (signed in, with two-step sign-in where the
    # role needs it), so the core names no domain app.


# Errors ------------------------------------------------------------------------------------


def _flatten(errors, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as {"field": [...], "ratings.0.reason": [...]}."""
    if isinstance(errors, dict):
        flat: dict[str, list[str]] = {}
        for key, value in errors.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(errors, list) and any(isinstance(item, dict | list) for item in errors):
        flat = {}
        for index, value in enumerate(errors):
            if value:
                flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    if isinstance(errors, list):
        return {prefix: [str(item) for item in errors]}
    return {prefix: [str(errors)]}


def api_exception_handler(exc, context):
    """Every error as {"detail": "...", "errors": {"field": ["..."]}}.

    `detail` always says what went wrong in words; `errors` names the fields, empty when the
    error is about the request as a whole. Django's ValidationError (from a model's
    full_clean in a service) becomes a 400 like a serializer's.
    """
    from rest_framework.views import exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(get_error_detail(exc))
    elif isinstance(exc, Refused):
        key = exc.field or api_settings.NON_FIELD_ERRORS_KEY
        exc = exceptions.ValidationError({key: [exc.message]})
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        response.data = {"detail": str(data["detail"]), "errors": {}}
        return response
    errors = _flatten(data if isinstance(data, dict) else {api_settings.NON_FIELD_ERRORS_KEY: data})
    general = errors.pop(api_settings.NON_FIELD_ERRORS_KEY, [])
    response.data = {
        "detail": " ".join(general) or _("Please check the fields named in “errors”."),
        "errors": errors,
    }
    return response


def not_found(request, exception):
    """handler404: JSON under /api/ (a network slug that does not exist answers before any
    API view runs), the platform's own page everywhere else."""
    if request.path_info.startswith(API_PATH):
        return JsonResponse(
            {"detail": str(exceptions.NotFound.default_detail), "errors": {}}, status=404
        )
    return defaults.page_not_found(request, exception)


def server_error(request):
    """handler500: JSON under /api/, the platform's own page everywhere else. Says nothing
    about what failed; the log has it."""
    if request.path_info.startswith(API_PATH):
        return JsonResponse(
            {"detail": str(exceptions.APIException.default_detail), "errors": {}}, status=500
        )
    return defaults.server_error(request)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=gettext_lazy("What went wrong, in words."))
    # DRF's metaclass takes declared fields off the class, so this never hides the
    # serializer's own `errors`; the stubs cannot know that.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text=gettext_lazy("Messages for each field of the request; empty when none."),
    )


ERROR_DESCRIPTIONS = {
    400: gettext_lazy("The request has a mistake: `detail` says what, `errors` names fields."),
    401: gettext_lazy("No valid token or session: send `Authorization: Bearer <token>`."),
    403: gettext_lazy("Signed in, but this needs another role, or two-step sign-in set up first."),
    404: gettext_lazy("Not found, or not yours to see: both answer alike."),
    406: gettext_lazy("The API answers in JSON only: accept `application/json`."),
    415: gettext_lazy("Send the body as JSON (files as `multipart/form-data`)."),
    429: gettext_lazy("Too many requests: wait the seconds that `Retry-After` gives."),
}


def errors(*statuses: int) -> dict[int, OpenApiResponse]:
    """The error responses an endpoint declares, for `extend_schema(responses=...)`."""
    return {
        status: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status])
        for status in statuses
    }


# The errors each kind of endpoint can answer, whatever it does, and those of a request body.
PUBLIC_ERRORS = (406, 429)
SIGNED_IN_ERRORS = (401, 403, 406, 429)
BODY_ERRORS = (400, 415)


def refuse(error: Exception) -> NoReturn:
    """A service's refusal (its message is for people) as a 400 about the whole request."""
    raise exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [str(error)]})


def parse_body(serializer_class, request, **kwargs) -> dict:
    """The request body checked by a serializer (the API's form); 400 if it is wrong."""
    body = serializer_class(data=request.data, **kwargs)
    body.is_valid(raise_exception=True)
    return body.validated_data


def parse_query(serializer_class, request) -> dict:
    """Query parameters checked by a serializer (the API's search form); 400 if they are wrong."""
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class CountedPagination(Pagination):
    """Page numbers whose total is the view's `counted()`, a figure kept in the cache, instead
    of a COUNT over the whole list on every page (a list of 200,000 signatures counted each
    time was most of the page's time, and grew with it)."""

    def paginate_queryset(self, queryset, request, view=None):
        total = view.counted()

        class Counted(DjangoPaginator):
            @property
            def count(self) -> int:
                return total

        self.django_paginator_class = Counted
        return super().paginate_queryset(queryset, request, view)


# Throttles ---------------------------------------------------------------------------------


class WindowThrottle(throttling.SimpleRateThrottle):
    """A rate limit whose cost does not grow with the rate. DRF's own throttles keep the time
    of every request in the window as one list, read and written back whole on each request:
    at a generous rate that list grows to thousands of entries, and pickling it becomes most
    of an API answer's time. This one counts the requests of each window in one cache entry
    (a Redis INCR) and weighs the window before by how much of it the sliding window still
    covers, so a burst across a window's edge is limited too. A refused request counts."""

    # Set by SimpleRateThrottle from the rate ("600/minute": 600 requests, 60 seconds).
    num_requests: int
    duration: int

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        window, self.elapsed = divmod(self.timer(), self.duration)
        current, previous = f"{self.key}:{int(window)}", f"{self.key}:{int(window) - 1}"
        counted, before = self._count(current, previous)
        weighed = before * (1 - self.elapsed / self.duration) + counted
        return weighed <= self.num_requests

    def _count(self, current: str, previous: str) -> tuple[int, int]:
        """One more request in this window, and the count of the one before."""
        kept = 2 * self.duration
        in_one_round_trip = getattr(self.cache, "count_in_window", None)
        if in_one_round_trip is not None:  # Redis (sanctuary.redis_cache)
            return in_one_round_trip(current, previous, kept)
        self.cache.add(current, 0, kept)
        try:
            counted = self.cache.incr(current)
        except ValueError:  # expired between the two calls
            self.cache.add(current, 1, kept)
            counted = 1
        return counted, self.cache.get(previous, 0)

    def wait(self) -> float:
        # The window ends; by then the one before no longer counts and this one weighs less.
        return max(self.duration - self.elapsed, 1)


class AnonThrottle(WindowThrottle, throttling.AnonRateThrottle):
    """Visitors, limited per address (REST_FRAMEWORK's "anon" rate)."""


class UserThrottle(WindowThrottle, throttling.UserRateThrottle):
    """Signed-in callers, limited per person (the "user" rate)."""
