"""English as written in the UK (5 March 2026, 05/03/2026), not Django's US default
(March 5, 2026): the platform's English is British English."""

from django.conf.locale.en_GB.formats import *  # type: ignore[import-untyped]  # noqa: F403  (Django ships no types for its format modules)

# A moment as the platform's pages write it: "1 Dec 2026, 16:11" (a 24-hour clock, as the
# UK's timetables and most of the movement's other languages read it).
DATETIME_FORMAT = "j M Y, H:i"
