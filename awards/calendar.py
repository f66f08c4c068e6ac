"""A calendar file (iCalendar, RFC 5545) for a confirmed appraisal visit, written by hand: one
VEVENT, times in UTC, text escaped, lines folded at 75 octets and ended with CRLF."""

import datetime

from django.utils import timezone

PRODUCT = "-//City of Sanctuary UK//Sanctuary platform//EN"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    """TEXT values (RFC 5545 section 3.3.11): backslash, semicolon and comma escaped, line
    breaks written as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (section 3.1), each continuation
    starting with a space, never splitting a UTF-8 character."""
    pieces: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = MAX_OCTETS if not pieces else MAX_OCTETS - 1  # the leading space counts
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def utc_stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def visit_event(
    *,
    uid: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    summary: str,
    description: str = "",
    location: str = "",
    url: str = "",
    stamp: datetime.datetime | None = None,
) -> str:
    """The whole calendar object, as text with CRLF line endings."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{utc_stamp(stamp or timezone.now())}",
        f"DTSTART:{utc_stamp(starts_at)}",
        f"DTEND:{utc_stamp(ends_at)}",
        f"SUMMARY:{escape_text(summary)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if url:
        # URL is a URI value, not TEXT: written as it is.
        lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
