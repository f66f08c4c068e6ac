"""The activity log: written by every service that changes state, read by coordinators and staff."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from sanctuary.bulk import insert_rows
from sanctuary.models import ActivityLog, Network

# Keys whose values never enter the log.
SECRET_KEYS = frozenset({"password", "token", "secret", "key", "recovery_codes"})

# Every app declares its actions as an `Action` TextChoices in its enums.py (the value is the
# dotted name, the label the words people read) and registers it in its AppConfig.ready().
# The core keeps only this registry, so it never imports a domain app.
_ACTIONS: dict[str, models.TextChoices] = {}


def register_actions(actions: type[models.TextChoices]) -> None:
    """Make an app's `Action` choices known to the log (called from AppConfig.ready)."""
    for action in actions:
        _ACTIONS[action.value] = action


def is_known_action(action: str) -> bool:
    return str(action) in _ACTIONS


def describe_action(action: str) -> str:
    """The one place where a dotted action name becomes words people read."""
    known = _ACTIONS.get(str(action))
    return str(known.label) if known is not None else str(action)


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
    action: models.TextChoices | str,
    *,
    actor=None,
    network: Network | None = None,
    data: dict[str, Any] | None = None,
) -> ActivityLog:
    """Write one log entry. Call it inside the service's transaction.

    Writing needs no active scope (saving goes through the base manager); reading does.
    """
    if not is_known_action(action):
        raise ValueError(f"Unknown activity action {action!r}: add it to its app's Action.")
    entry = ActivityLog(
        network=network,
        actor=actor if actor is not None and actor.is_authenticated else None,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        action=str(action),
        data=_blank_secrets(data or {}),
    )
    entry.save()
    return entry


def log_actions_in_bulk(
    model: type[models.Model],
    action: models.TextChoices | str,
    entries: list[tuple[Any, int | None, dict[str, Any]]],
    *,
    actor=None,
) -> None:
    """log_action() for many objects of one model at once, as (pk, network id, data): for
    set-based changes such as the daily renewal sweep. Call it inside the same transaction."""
    if not is_known_action(action):
        raise ValueError(f"Unknown activity action {action!r}: add it to its app's Action.")
    content_type = ContentType.objects.get_for_model(model)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    # Like a single entry's save(), writing needs no scope (insert_rows reads no manager).
    insert_rows(
        ActivityLog,
        (
            {
                "network_id": network_id,
                "actor_id": actor_id,
                "content_type_id": content_type.pk,
                "object_id": str(pk),
                "action": str(action),
                "data": _blank_secrets(data),
            }
            for pk, network_id, data in entries
        ),
    )


def changed_fields(obj: models.Model, new_values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields whose value differs, as {"field": {"old": ..., "new": ...}}."""
    changes = {}
    for field, new in new_values.items():
        old = getattr(obj, field)
        if old != new:
            changes[field] = {"old": old, "new": new}
    return changes
