"""Reading the movement's existing spreadsheets: CSV (UTF-8 with or without a BOM, or
Windows-1252) and XLSX, headers matched to fields by their normalised names and synonyms, and
dates as people in the UK write them.

Nothing here writes: the importers in members/services/estate.py and awards/services/estate.py
read a Table and decide. Every problem with the file itself is a TableError (a Refused) with a
message staff can act on.
"""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanctuary.refusals import Refused

MAX_ROWS = 100_000
MAX_COLUMNS = 200
# Signatures of files that are certainly not a table, with what they are.
BINARY_MAGIC = {
    b"\x89PNG": gettext_lazy("a PNG image"),
    b"\xff\xd8\xff": gettext_lazy("a JPEG image"),
    b"GIF8": gettext_lazy("a GIF image"),
    b"%PDF": gettext_lazy("a PDF document"),
    b"\xd0\xcf\x11\xe0": gettext_lazy("an old Excel (.xls) or Word file"),
}


class TableError(Refused):
    """The file cannot be read as a table; the message says why and what to do."""


@dataclass(frozen=True)
class ImportField:
    """A field a row may fill: its name, the words people read, and the headers that mean it."""

    name: str
    label: str
    required: bool = False
    synonyms: tuple[str, ...] = ()


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    # The spreadsheet row number of each data row (the header is row 1).
    first_row_number: int = 2

    def row_number(self, index: int) -> int:
        return self.first_row_number + index


@dataclass
class RefusedRow:
    row: int
    reason: str


@dataclass
class ImportReport:
    """What an import did, or would do in a dry run."""

    kind: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[RefusedRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the whole file
    # A few examples of what is created or updated, for the preview.
    examples: list[str] = field(default_factory=list)
    stored: bool = False

    @property
    def ok(self) -> bool:
        return not self.refused and not self.problems

    def refuse(self, row: int, reason: str) -> None:
        self.refused.append(RefusedRow(row, reason))

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": len(self.refused),
            "stored": self.stored,
        }


# Reading ------------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252, the encoding of Excel's "CSV" on Windows."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Five bytes cp1252 leaves undefined: such a file is in neither encoding.
        raise TableError(
            _(
                "The file is neither UTF-8 nor Windows-1252 text. Save it as CSV (UTF-8) and "
                "try again."
            )
        ) from None


def _looks_binary(data: bytes) -> str | None:
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            return str(what)
    return str(_("binary data")) if b"\x00" in data[:4096] else None


def read_table(data: bytes, filename: str = "") -> Table:
    """The file's header row and data rows, every cell as stripped text."""
    if not data or not data.strip():
        raise TableError(_("The file is empty."))
    is_zip = data.startswith(b"PK\x03\x04")
    if is_zip or filename.lower().endswith(".xlsx"):
        if not is_zip:
            raise TableError(
                _(
                    "The file is called .xlsx but is not an Excel workbook. Save it again "
                    "from Excel."
                )
            )
        return _read_xlsx(data)
    what = _looks_binary(data)
    if what is not None:
        raise TableError(
            _("This is not a CSV file (it looks like %(what)s). Upload a CSV or XLSX file.")
            % {"what": what}
        )
    return _read_csv(decode_text(data))


def _read_csv(text: str) -> Table:
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise TableError(
            _("The file could not be read as CSV: %(error)s") % {"error": error}
        ) from None
    return _table(rows)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(data: bytes) -> Table:
    import openpyxl  # only when a workbook arrives

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise TableError(
            _("The Excel workbook is damaged and cannot be opened (%(error)s). Save it again.")
            % {"error": type(error).__name__}
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = [[_cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    except Exception as error:  # a workbook that opens can still fail part-way through
        raise TableError(
            _("The Excel workbook is damaged and cannot be read (%(error)s). Save it again.")
            % {"error": type(error).__name__}
        ) from None
    finally:
        workbook.close()
    return _table(rows)


def _table(rows: list[list[str]]) -> Table:
    rows = [[" ".join(str(cell).split()) for cell in row] for row in rows]
    # Leading blank lines are skipped; the first line with text is the header.
    start = next((i for i, row in enumerate(rows) if any(row)), None)
    if start is None:
        raise TableError(_("The file is empty."))
    headers = rows[start]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > MAX_COLUMNS:
        raise TableError(_("The file has more than %(count)s columns.") % {"count": MAX_COLUMNS})
    body = rows[start + 1 :]
    if len(body) > MAX_ROWS:
        raise TableError(
            _("The file has more than %(count)s rows: split it into smaller files.")
            % {"count": MAX_ROWS}
        )
    width = len(headers)
    data = [(row + [""] * width)[:width] for row in body]
    # Trailing blank lines are not rows.
    while data and not any(data[-1]):
        data.pop()
    return Table(headers=headers, rows=data, first_row_number=start + 2)


# Mapping headers to fields ------------------------------------------------------------------


NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def normalise_header(text: str) -> str:
    """ "E-mail Address " and "email_address" are the same header: no accents, case or marks."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def guess_mapping(headers: Sequence[str], fields: Iterable[ImportField]) -> dict[int, str]:
    """Column index → field name, from each field's name, label and synonyms. Each field is
    given to one column at most, exact matches first."""
    normalised = [normalise_header(h) for h in headers]
    fields = list(fields)
    mapping: dict[int, str] = {}
    for item in fields:
        names = {normalise_header(n) for n in (item.name, item.label, *item.synonyms)}
        for index, header in enumerate(normalised):
            if index not in mapping and header in names:
                mapping[index] = item.name
                break
    return mapping


def mapping_from_options(
    headers: Sequence[str], options: Mapping[str, str], fields: Iterable[ImportField]
) -> dict[int, str]:
    """The guesses, changed by COLUMN=FIELD choices (the command's --map); FIELD "-" leaves
    the column out."""
    fields = list(fields)
    known = {f.name for f in fields}
    mapping = guess_mapping(headers, fields)
    by_header = {normalise_header(h): i for i, h in enumerate(headers)}
    for column, name in options.items():
        index = by_header.get(normalise_header(column))
        if index is None:
            raise TableError(_("The file has no column “%(column)s”.") % {"column": column})
        if name not in known and name != "-":
            raise TableError(_("There is no field “%(field)s” to import.") % {"field": name})
        for other, value in list(mapping.items()):
            if value == name:
                del mapping[other]
        if name == "-":
            mapping.pop(index, None)
        else:
            mapping[index] = name
    return mapping


def missing_required(mapping: Mapping[int, str], fields: Iterable[ImportField]) -> list[str]:
    chosen = set(mapping.values())
    return [f.label for f in fields if f.required and f.name not in chosen]


def records(table: Table, mapping: Mapping[int, str]) -> list[tuple[int, dict[str, str]]]:
    """(row number, {field: text}) for every row that has any text."""
    out = []
    for index, row in enumerate(table.rows):
        if not any(row):
            continue
        out.append(
            (table.row_number(index), {name: row[column] for column, name in mapping.items()})
        )
    return out


# Values -------------------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "ion", "ionawr"),
            ("feb", "february", "chwe", "chwefror"),
            ("mar", "march", "maw", "mawrth"),
            ("apr", "april", "ebr", "ebrill"),
            ("may", "mai"),
            ("jun", "june", "meh", "mehefin"),
            ("jul", "july", "gor", "gorffennaf"),
            ("aug", "august", "aws", "awst"),
            ("sep", "sept", "september", "med", "medi"),
            ("oct", "october", "hyd", "hydref"),
            ("nov", "november", "tach", "tachwedd"),
            ("dec", "december", "rhag", "rhagfyr"),
        ],
        start=1,
    )
    for name in names
}
NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
WORDED_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{2}|\d{4})$")


class DateError(ValueError):
    pass


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def parse_uk_date(text: str) -> datetime.date:
    """31/01/2025, 31/1/25, 31-01-2025, 2025-01-31 or 31 Jan 2025: day before month, always.
    Never month first, so 01/02/2025 is the 1st of February."""
    value = " ".join(text.split()).casefold()
    try:
        if match := ISO_DATE.match(value):
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        if match := NUMERIC_DATE.match(value):
            return datetime.date(_year(match[3]), int(match[2]), int(match[1]))
        if (match := WORDED_DATE.match(value)) and match[2] in MONTHS:
            return datetime.date(_year(match[3]), MONTHS[match[2]], int(match[1]))
    except ValueError:
        raise DateError(text) from None
    raise DateError(text)


YES = {"yes", "y", "true", "1", "ydy", "ie", "x", "listed", "public"}
NO = {"no", "n", "false", "0", "na", "nac ydy", "", "not listed", "private"}


def parse_yes_no(text: str) -> bool:
    value = " ".join(text.split()).casefold()
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValueError(text)
