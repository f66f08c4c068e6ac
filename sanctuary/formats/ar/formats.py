"""Arabic as Django ships it, and the one format it lacks: a moment ("1 ديسمبر 2026، 16:11"),
day first with the Arabic comma and a 24-hour clock, where Django would fall back to its
American default."""

from django.conf.locale.ar.formats import *  # type: ignore[import-untyped]  # noqa: F403  (Django ships no types for its format modules)

DATETIME_FORMAT = "j F Y، H:i"
