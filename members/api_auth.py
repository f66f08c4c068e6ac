"""Who is calling the API: a personal token as `Authorization: Bearer <token>`, its
description in the schema, and the permission every signed-in endpoint starts from (signed
in, and with two-step sign-in where the person's role needs it).

REST_FRAMEWORK names these classes by dotted path (DEFAULT_AUTHENTICATION_CLASSES and
DEFAULT_PERMISSION_CLASSES), and DRF reads those settings while rest_framework.views is
imported: so this module never imports rest_framework.views (or anything that does) at the
top, or the two imports would wait on each other.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions, permissions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from members.access import Verdict, access_for, signed_in_rule
from members.queries import get_api_token
from members.services.api_tokens import note_api_token_use


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>` with a personal token (members.models.ApiToken).

    Listed first in REST_FRAMEWORK, so a request without credentials answers 401 with a
    `WWW-Authenticate: Bearer` header. Other schemes pass on to session authentication.
    """

    keyword = "Bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the token after “Bearer ” and nothing else.")
            )
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        token = get_api_token(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("This token is not valid: it may have been revoked.")
            )
        note_api_token_use(token)
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the schema describes the token, so the documentation's Authorize button works."""

    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=BearerTokenAuthentication.keyword
        )


class SignedIn(permissions.BasePermission):
    """Signed in by token or session, and with two-step sign-in set up where the person's
    role needs it: the pages' RequireMFAMiddleware rule, which a token never gets round.
    Anonymous requests answer 401; a person who still needs the second step, 403."""

    message = gettext_lazy(
        "Your role keeps other people's information safe, so it needs two-step sign-in. "
        "Please set up an authenticator app on the platform, then try again."
    )

    def has_permission(self, request, view):
        access = access_for(request)
        if signed_in_rule(access) is not Verdict.ALLOW:
            return False
        return not access.lacks_second_step
