"""The edge of every request: who is asking (through the proxies we trust), and bodies too
large to read.

One setting, SANCTUARY_TRUSTED_PROXIES (the number of proxies in front of the app that append
to X-Forwarded-For), is read by the accounts library's rate limits
(ALLAUTH_TRUSTED_PROXY_COUNT), the API throttles (NUM_PROXIES) and the logs (client_ip).
"""

import re
from functools import cache

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

API_PATH = "/api/"


def client_ip(request) -> str:
    """The visitor's address: the one the farthest trusted proxy saw, the same rule as the
    accounts library and the API throttles follow. Without trusted proxies, the socket's."""
    proxies = settings.SANCTUARY_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        addresses = [address.strip() for address in forwarded.split(",")]
        return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")


@cache
def _compiled_limits(limits: tuple[tuple[str, int], ...]) -> list[tuple[re.Pattern, int]]:
    return [(re.compile(pattern), limit) for pattern, limit in limits]


def body_limit(path: str) -> int:
    """The largest request body this path accepts, in bytes."""
    for pattern, limit in _compiled_limits(tuple(settings.SANCTUARY_REQUEST_LIMITS)):
        if pattern.match(path):
            return limit
    return settings.SANCTUARY_REQUEST_MAX_BYTES


class RequestSizeLimitMiddleware:
    """Refuses a body larger than its path allows from the Content-Length header alone, before
    anything reads it: 413, as JSON under /api/. Upload pages allow SANCTUARY_UPLOAD_MAX_BYTES
    and a little for the form around the file (SANCTUARY_REQUEST_LIMITS); everything else
    SANCTUARY_REQUEST_MAX_BYTES. The proxy in front refuses larger bodies still earlier."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = body_limit(request.path_info)
        if length > limit:
            return self.too_large(request, limit)
        return self.get_response(request)

    @staticmethod
    def too_large(request, limit: int) -> HttpResponse:
        message = _("The request is too large: this page accepts up to %(limit)s.") % {
            "limit": filesizeformat(limit)
        }
        response: HttpResponse
        if request.path_info.startswith(API_PATH):
            response = JsonResponse({"detail": message, "errors": {}}, status=413)
        else:
            response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        # The body was never read, so the connection cannot carry another request.
        response["Connection"] = "close"
        return response
