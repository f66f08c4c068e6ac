"""Personal API tokens: created and revoked by their owner, noted when used."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.enums import Action
from members.models import ApiToken, User
from members.queries import hash_token
from sanctuary.activity import log_action
from sanctuary.refusals import Refused

# Tokens start with this, so a leaked one is easy to recognise (and to search for in code).
API_TOKEN_PREFIX = "sanc_"
API_TOKEN_VISIBLE = 12  # characters of the token kept to tell tokens apart
MAX_ACTIVE_API_TOKENS = 20
# How stale `last_used_at` may get before a request writes it again: one write per token a
# minute at most, however busy the token is.
API_TOKEN_USE_RESOLUTION = datetime.timedelta(minutes=1)


class ApiTokenError(Refused):
    """A token change that the rules do not allow; the message is for people."""


@transaction.atomic
def create_api_token(user: User, *, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the person themselves. Returns the token and its secret, which is
    shown once and never stored: only its SHA-256 is kept."""
    if actor.pk != user.pk:
        raise ApiTokenError(_("People create their own API tokens."))
    name = name.strip()
    if not name:
        raise ApiTokenError(_("Give the token a name, so you know what it is for."), field="name")
    # Lock the person's row, so two clicks cannot both pass the checks below.
    User.objects.select_for_update().only("pk").get(pk=user.pk)
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if active.filter(name=name).exists():
        raise ApiTokenError(
            _("You already have a token called “%(name)s”. Please choose another name.")
            % {"name": name},
            field="name",
        )
    if active.count() >= MAX_ACTIVE_API_TOKENS:
        raise ApiTokenError(
            ngettext(
                "You have %(count)s token already. Please revoke it if you no longer use it.",
                "You have %(count)s tokens already. Please revoke one you no longer use.",
                MAX_ACTIVE_API_TOKENS,
            )
            % {"count": MAX_ACTIVE_API_TOKENS},
            field="name",
        )
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:API_TOKEN_VISIBLE],
        token_hash=hash_token(secret),
    )
    log_action(token, Action.API_TOKEN_CREATED, actor=actor, data={"name": name, "id": token.pk})
    return token, secret


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor: User) -> ApiToken:
    """Stop a token from working, at once. The row stays, for the history."""
    if actor.pk != token.user_id and not actor.is_staff:
        raise ApiTokenError(_("Only the token's owner or staff can revoke it."))
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action(
        token, Action.API_TOKEN_REVOKED, actor=actor, data={"name": token.name, "id": token.pk}
    )
    return token


def note_api_token_use(token: ApiToken) -> None:
    """Remember when a token was last used, at most once a minute. Bookkeeping, not a change
    of state, so it is not logged."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= API_TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
