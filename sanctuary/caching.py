"""Answers worth keeping between requests, until a service says they changed.

Cached values live in groups. Each group has a generation, a random token stored in the
cache itself, and every key of the group carries it. A service that changes what a group
was computed from calls `invalidate()`: a new token at once, so the rest of its own
transaction reads fresh values, and another after its transaction commits, so that a value
another request computed meanwhile from the old rows is never read again. Nothing has to
know which keys a group holds, and an old generation's keys simply expire.

The cache is Django's: Redis in production (shared by every web process), the local
memory cache embedded.
"""

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

# How long a value is kept when nothing changes. A bound, not the invalidation: services
# invalidate on change, so this only limits how long an unused value takes room.
DEFAULT_TIMEOUT = 60 * 60


def _generation_key(group: str) -> str:
    return f"generation:{group}"


def _new_generation(group: str) -> None:
    cache.set(_generation_key(group), uuid.uuid4().hex, timeout=None)


def generation(group: str) -> str:
    """The group's current generation; a new one if the cache lost it (then every key of
    the group is new too, so nothing stale can be read)."""
    key = _generation_key(group)
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        value = cache.get(key)
    return str(value)


def key(group: str, generation_: str, name: str) -> str:
    return f"{group}:{generation_}:{name}"


# The generation each group had when this process last read it: a guess that lets lookup()
# read the generation and the value in one round trip.
_last_seen: dict[str, str] = {}


def lookup(group: str, name: str) -> tuple[str, Any]:
    """The group's current generation and the value kept under `name` in it (None when
    there is none), in one round trip while the generation is the one this process read
    last. Keep a value with `cache.set(key(group, generation, name), ...)`, using the
    generation this returned, read before the value was computed."""
    generation_key = _generation_key(group)
    guess = _last_seen.get(group)
    if guess is not None:
        found = cache.get_many([generation_key, key(group, guess, name)])
        current = found.get(generation_key)
        if current == guess:
            return guess, found.get(key(group, guess, name))
    current = generation(group)
    _last_seen[group] = current
    return current, cache.get(key(group, current, name))


def cached[T](
    group: str, name: str, compute: Callable[[], T], *, timeout: int = DEFAULT_TIMEOUT
) -> T:
    """The value of `compute()` for this group and name, computed once per generation.
    `compute` must not return None (None means "not cached")."""
    current, value = lookup(group, name)
    if value is None:
        value = compute()
        cache.set(key(group, current, name), value, timeout=timeout)
    return value


def short(name: str) -> str:
    """A value's name as a cache key's: a long one (a region typed in full, every network's
    id) hashed."""
    return hashlib.sha256(name.encode()).hexdigest() if len(name) > 120 else name


def renew(group: str) -> None:
    """A new generation for the group now (invalidate() also renews it on commit)."""
    _new_generation(group)


def invalidate(group: str) -> None:
    """What the group was computed from changed: read it afresh from now, and again once
    the current transaction commits."""
    _new_generation(group)
    transaction.on_commit(lambda: _new_generation(group))
