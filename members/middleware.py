from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from members.access import PersonAccess, access_for
from sanctuary.http import API_PATH
from sanctuary.tenancy import Access, view_access

PRIVATE_AREAS = {Access.AUTHENTICATED, Access.NETWORK, Access.OBJECT, Access.STAFF}


class AccessMiddleware:
    """Gives every request its `request.access` (members.access.PersonAccess); nothing is read
    until a rule asks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.access = PersonAccess(request)
        return self.get_response(request)


class RequireMFAMiddleware:
    """Staff, coordinators and panellists set up MFA before they reach their areas. Pages send
    them to set it up; the API answers 403 with its usual JSON error, since a program cannot
    follow a redirect to a form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.SANCTUARY_REQUIRE_MFA or not request.user.is_authenticated:
            return None
        in_admin = request.resolver_match is not None and request.resolver_match.app_name == "admin"
        if not in_admin and view_access(view_func) not in PRIVATE_AREAS:
            return None
        if not access_for(request).lacks_second_step:
            return None
        if request.path_info.startswith(API_PATH):
            return JsonResponse(
                {
                    "detail": _(
                        "Your role needs two-step sign-in. Add a passkey or set up an "
                        "authenticator app on the platform's pages, then try again."
                    ),
                    "errors": {},
                },
                status=403,
            )
        messages.info(
            request,
            _(
                "Your role keeps other people's information safe, so it needs a second step "
                "when you sign in. Please add a passkey or set up an authenticator app to "
                "continue."
            ),
        )
        return redirect("mfa_activate_totp")
