"""The activity log: written by every service that changes state, read by coordinators and staff."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanctuary.models import ActivityLog, Network

# Keys whose values never enter the log.
SECRET_KEYS = frozenset({"password", "token", "secret", "key", "recovery_codes"})

# The one place where dotted action names become words people read.
ACTION_TEXTS = {
    "sanctuary.network.created": _("Network created"),
    "sanctuary.network.profile_changed": _("Public profile changed"),
    "members.user.registered": _("Account created"),
    "members.user.language_changed": _("Preferred language changed"),
    "members.user.profile_changed": _("Profile changed"),
    "members.membership.added": _("Role given"),
    "members.membership.removed": _("Role removed"),
    "members.organisation.created": _("Organisation added"),
    "members.organisation.contact_added": _("Organisation contact added"),
    "streams.membership.joined": _("Organisation joined the stream"),
}


def describe_action(action: str) -> str:
    return str(ACTION_TEXTS.get(action, action))


def _blank_secrets(data: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if any(secret in key.lower() for secret in SECRET_KEYS):
            clean[key] = "********"
        elif isinstance(value, dict):
            clean[key] = _blank_secrets(value)
        else:
            clean[key] = value
    return clean


def log_action(
    obj: models.Model,
    action: str,
    *,
    actor=None,
    network: Network | None = None,
    data: dict[str, Any] | None = None,
) -> ActivityLog:
    """Write one log entry. Call it inside the service's transaction.

    Writing needs no active scope (saving goes through the base manager); reading does.
    """
    if action not in ACTION_TEXTS:
        raise ValueError(f"Unknown activity action {action!r}: add it to ACTION_TEXTS.")
    entry = ActivityLog(
        network=network,
        actor=actor if actor is not None and actor.is_authenticated else None,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        action=action,
        data=_blank_secrets(data or {}),
    )
    entry.save()
    return entry


def changed_fields(obj: models.Model, new_values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields whose value differs, as {"field": {"old": ..., "new": ...}}."""
    changes = {}
    for field, new in new_values.items():
        old = getattr(obj, field)
        if old != new:
            changes[field] = {"old": old, "new": new}
    return changes
