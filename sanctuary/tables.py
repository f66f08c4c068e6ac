"""Lists that sort, page and export: the header links with aria-sort, and CSV that a
spreadsheet reads as text, never as a formula.

A list declares its columns once (`Column`: a key for the URL, a label, the fields it orders
by); `Sorting` reads `?sort=` and `?order=` from the request and gives the ordering and each
header's link and aria-sort value. Unknown keys fall back to the list's default, so a URL
someone edited by hand never fails.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django_stubs_ext import StrOrPromise

CSV_FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in CSV_FORMULA_STARTS else text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]):
    """A CSV download: every cell guarded by csv_cell()."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return response


class _Line:
    """Where csv.writer writes one row: it hands the row back instead of keeping it."""

    def write(self, text: str) -> str:
        return text


def csv_streaming_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    """A CSV download sent row by row as `rows` yields them, so a long export starts at
    once and never sits whole in memory. Every cell guarded by csv_cell(), as csv_response."""
    writer = csv.writer(_Line())

    def lines() -> Iterator[str]:
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass(frozen=True)
class Column:
    key: str
    label: StrOrPromise
    order_by: tuple[str, ...] = ()

    @property
    def sortable(self) -> bool:
        return bool(self.order_by)


@dataclass
class Header:
    """One column header as a template shows it."""

    label: StrOrPromise
    url: str | None
    aria_sort: str | None


class Sorting:
    def __init__(
        self, request: HttpRequest, columns: Sequence[Column], *, default: str, descending=False
    ):
        self.columns = {column.key: column for column in columns}
        self.ordered = list(columns)
        wanted = request.GET.get("sort", default)
        self.key = wanted if wanted in self.columns and self.columns[wanted].sortable else default
        order = request.GET.get("order")
        self.descending = order == "desc" if order in {"asc", "desc"} else descending
        self.query = {
            k: v for k, v in request.GET.items() if k not in {"sort", "order", "page", "format"}
        }

    def order_by(self, tiebreak: str = "pk") -> list[str]:
        prefix = "-" if self.descending else ""
        fields = [f"{prefix}{field}" for field in self.columns[self.key].order_by]
        return [*fields, f"{prefix}{tiebreak}"]

    @property
    def headers(self) -> list[Header]:
        headers = []
        for column in self.ordered:
            if not column.sortable:
                headers.append(Header(column.label, None, None))
                continue
            current = column.key == self.key
            next_order = "asc" if current and self.descending else "desc" if current else "asc"
            url = "?" + urlencode({**self.query, "sort": column.key, "order": next_order})
            aria = ("descending" if self.descending else "ascending") if current else None
            headers.append(Header(column.label, url, aria))
        return headers

    @property
    def query_string(self) -> str:
        """What pagination links keep: the filters and the sort."""
        return urlencode({**self.query, "sort": self.key, "order": self._order})

    @property
    def _order(self) -> str:
        return "desc" if self.descending else "asc"

    def csv_url(self) -> str:
        return "?" + urlencode(
            {**self.query, "sort": self.key, "order": self._order, "format": "csv"}
        )
