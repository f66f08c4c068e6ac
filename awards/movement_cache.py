"""The staff's figures of the whole movement, kept between requests (sanctuary.caching).

The movement's page and the Pathway to Change report count every application, award,
decision, submission, review and seat of the movement: counted on every view, they cost
more as the movement grows. They are cached in one group, MOVEMENT, with the day they were
counted for in their name (a backlog ages and reviews fall overdue as the days pass), and the
group is renewed on every change of what they count:

- every save or delete of those models, of award schemes, organisations and networks (the
  names, and what the filters follow), of stream memberships and affiliations and of an
  ambassador, through Django's signals (connect(), from AwardsConfig.ready()); but of a person
  only a save of `is_active` or `has_lived_experience`, and of a network not a save of its
  public profile alone (NETWORK_PROFILE_FIELDS);
- the writes that bypass the signals call movement_changed() themselves: the sweep's state
  changes in bulk (awards.renewals) and the estate import's bulk inserts
  (awards.services.estate); the organisations' import updates them in bulk and renews
  members.queries.ORGANISATIONS, whose generation every figure's name carries.

A figure that adds a model to what it counts adds the model to connect(), and a write of it
that sends no signal (a bulk update or insert) calls movement_changed().
"""

from collections.abc import Callable
from typing import Any

from django.db.models.signals import post_delete, post_save

from members.queries import ORGANISATIONS
from sanctuary.caching import cached, generation, invalidate, short

MOVEMENT = "awards:movement"
# A person's fields the figures read: other saves of a person (a sign-in) change nothing here.
PERSON_FIELDS = frozenset({"is_active", "has_lived_experience"})
# A network's public profile, which no figure reads: a group rewording its page (a few times a
# day across the movement) recounts nothing. Any other field, or a save of every field, does.
NETWORK_PROFILE_FIELDS = frozenset(
    {
        "summary",
        "description",
        "translations",
        "language",
        "website",
        "contact_email",
        "place_name",
        "latitude",
        "longitude",
    }
)


def movement_changed(**_kwargs: Any) -> None:
    """Something the movement's figures count changed: count them afresh."""
    invalidate(MOVEMENT)


def movement_figure[T](name: str, compute: Callable[[], T]) -> T:
    """The figure `name` (the filters' query string in it), computed once per generation."""
    # The organisations' own generation too: the estate import updates them in bulk.
    return cached(MOVEMENT, f"{short(name)}:{generation(ORGANISATIONS)}", compute)


def _person_saved(update_fields=None, **_kwargs: Any) -> None:
    if update_fields is None or PERSON_FIELDS & set(update_fields):
        movement_changed()


def _network_saved(update_fields=None, **_kwargs: Any) -> None:
    if update_fields is None or not set(update_fields) <= NETWORK_PROFILE_FIELDS:
        movement_changed()


def connect() -> None:
    from awards.models import (
        Application,
        Award,
        AwardScheme,
        Decision,
        PanelAssignment,
        Review,
        Submission,
    )
    from members.models import AffiliationApplication, Ambassador, Organisation, User
    from sanctuary.models import Network
    from streams.models import StreamMembership

    # Organisations and networks: the filters follow an organisation's local group and a
    # network's stream, nation and region. Stream memberships and affiliations: the figures
    # of what waits.
    for model in (
        Application,
        Award,
        AwardScheme,
        Decision,
        PanelAssignment,
        Review,
        Submission,
        Organisation,
        StreamMembership,
        AffiliationApplication,
    ):
        uid = f"awards.movement_cache.{model.__name__}"
        post_save.connect(movement_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(movement_changed, sender=model, dispatch_uid=uid)
    post_save.connect(_network_saved, sender=Network, dispatch_uid="awards.movement_cache.N")
    post_delete.connect(movement_changed, sender=Network, dispatch_uid="awards.movement_cache.N")
    post_save.connect(_person_saved, sender=User, dispatch_uid="awards.movement_cache.User")
    post_delete.connect(movement_changed, sender=User, dispatch_uid="awards.movement_cache.User")
    post_save.connect(movement_changed, sender=Ambassador, dispatch_uid="awards.movement_cache.A")
    post_delete.connect(movement_changed, sender=Ambassador, dispatch_uid="awards.movement_cache.A")
