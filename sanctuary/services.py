"""Writes to networks. Staff create networks; coordinators keep their public profile current."""

from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from sanctuary.activity import changed_fields, log_action
from sanctuary.enums import Action
from sanctuary.i18n import with_translation
from sanctuary.models import Network

PROFILE_FIELDS = (
    "name", "summary", "description", "language", "website", "contact_email", "is_listed",
    "place_name", "latitude", "longitude", "join_without_approval",
)  # fmt: skip


@transaction.atomic
def create_network(*, actor: AbstractBaseUser | None, **fields: Any) -> Network:
    network = Network(**fields)
    network.full_clean()
    network.save()
    log_action(
        network,
        Action.NETWORK_CREATED,
        actor=actor,
        network=network,
        data={"name": network.name, "kind": network.kind},
    )
    return network


@transaction.atomic
def update_network_profile(
    network: Network, *, actor: AbstractBaseUser | None, **new_values: Any
) -> Network:
    unknown = set(new_values) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    changes = changed_fields(network, new_values)
    if not changes:
        return network
    for field, value in new_values.items():
        setattr(network, field, value)
    network.full_clean()
    network.save(update_fields=list(changes))
    log_action(network, Action.NETWORK_PROFILE_CHANGED, actor=actor, network=network, data=changes)
    return network


@transaction.atomic
def save_profile_translation(
    network: Network,
    *,
    actor: AbstractBaseUser | None,
    language: str,
    summary: str,
    description: str = "",
) -> Network:
    """The public profile in another language; empty fields remove that translation."""
    if language not in dict(settings.LANGUAGES) or language == network.language:
        raise ValueError(f"Not a language to translate the profile into: {language}")
    network.translations = with_translation(
        network.translations, language, {"summary": summary, "description": description}
    )
    network.save(update_fields=["translations"])
    log_action(
        network,
        Action.NETWORK_PROFILE_TRANSLATED,
        actor=actor,
        network=network,
        data={"language": language, "removed": language not in network.translations},
    )
    return network
