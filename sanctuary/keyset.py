"""Keyset pagination: pages of a long list that cost the same however far in they are.

An offset (`?page=40`) makes the database count past every row before the page; a keyset
page starts from the last row the reader saw (`?after=<cursor>`) or the first
(`?before=<cursor>`), so an index on the ordering takes it straight there. The list is
ordered newest first by one timestamp, then by primary key (unique, so no row is skipped
or shown twice between pages). A cursor is that pair as text; one edited by hand and not
understood falls back to the first page, as a sort key does in sanctuary.tables.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.dateparse import parse_datetime

AFTER = "after"
BEFORE = "before"


def cursor_of(row: Model, timestamp: str) -> str:
    moment: datetime.datetime = getattr(row, timestamp)
    return f"{moment.isoformat()}_{row.pk}"


def parse_cursor(text: str | None) -> tuple[datetime.datetime, int] | None:
    """The (timestamp, pk) of a cursor, or None for anything else."""
    if not text or "_" not in text:
        return None
    moment_text, _sep, pk_text = text.rpartition("_")
    try:
        moment = parse_datetime(moment_text)
    except ValueError:
        return None
    if moment is None or not pk_text.isdigit() or moment.tzinfo is None:
        return None
    return moment, int(pk_text)


@dataclass
class KeysetPage:
    """One page: its rows, and the links to the pages either side (None at either end)."""

    rows: list[Any]
    previous_url: str | None = None
    next_url: str | None = None
    query: dict[str, str] = field(default_factory=dict)

    @property
    def has_other_pages(self) -> bool:
        return self.previous_url is not None or self.next_url is not None


def keyset_page(
    request: HttpRequest, queryset: QuerySet, *, timestamp: str, size: int, prefix: str = ""
) -> KeysetPage:
    """The page of `queryset` (any order it had is replaced: `timestamp` descending, then pk
    descending) that the request's `after` or `before` cursor asks for, else the first.
    One query (two for a cursor past the end); the links keep the request's other
    parameters. A second list on the same page names its cursors with a `prefix`
    (`seats-after`), so that paging one leaves the other where it was."""
    after_name, before_name = f"{prefix}{AFTER}", f"{prefix}{BEFORE}"
    query = {k: str(v) for k, v in request.GET.items() if k not in {after_name, before_name}}
    after = parse_cursor(request.GET.get(after_name))
    before = None if after else parse_cursor(request.GET.get(before_name))
    rows, more_before, more_after = _rows(queryset, timestamp, size, after, before)
    if not rows and (after or before):
        # A cursor past either end (the rows changed since it was made): the first page.
        rows, more_before, more_after = _rows(queryset, timestamp, size, None, None)

    def link(direction: str, row: Model) -> str:
        return "?" + urlencode({**query, direction: cursor_of(row, timestamp)})

    return KeysetPage(
        rows,
        previous_url=link(before_name, rows[0]) if rows and more_before else None,
        next_url=link(after_name, rows[-1]) if rows and more_after else None,
        query=query,
    )


def _rows(
    queryset: QuerySet,
    timestamp: str,
    size: int,
    after: tuple[datetime.datetime, int] | None,
    before: tuple[datetime.datetime, int] | None,
) -> tuple[list[Any], bool, bool]:
    """The rows of one page, newest first, and whether there are more before and after. The
    condition is one range of the timestamp (less the cursor's own rows), so that an index
    on (…, timestamp, pk) is read from the cursor for one page's rows and no further."""
    if before is not None:
        moment, pk = before
        newer = Q(**{f"{timestamp}__gte": moment}) & ~Q(**{timestamp: moment, "pk__lte": pk})
        rows = list(queryset.filter(newer).order_by(timestamp, "pk")[: size + 1])
        return rows[:size][::-1], len(rows) > size, True
    newest_first = queryset.order_by(f"-{timestamp}", "-pk")
    if after is not None:
        moment, pk = after
        older = Q(**{f"{timestamp}__lte": moment}) & ~Q(**{timestamp: moment, "pk__gte": pk})
        newest_first = newest_first.filter(older)
    rows = list(newest_first[: size + 1])
    return rows[:size], after is not None, len(rows) > size
