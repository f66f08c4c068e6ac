"""Bringing in the existing movement: local groups, organisations with their contacts, and
signatures of the charter and the Birmingham Declaration (awards: awards/services/estate.py).

One run is one transaction over one file: every row is checked first, and a file with any
refused row stores nothing. A dry run does the same work and rolls it back, so its preview is
exactly what the run would do. Rows are matched to what exists by natural keys (official
numbers where the model has them, web addresses, e-mail addresses), so running a file again
changes nothing. Writes are set-based (bulk inserts and updates, bulk log entries), so tens
of thousands of rows take seconds.
"""

import datetime
import hashlib
from collections.abc import Callable
from typing import Any, Protocol

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator, validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from members.enums import Action
from members.models import (
    EstateImport,
    User,
)
from members.tabular import (
    DateError,
    ImportField,
    ImportReport,
    Table,
    TableError,
    guess_mapping,
    missing_required,
    normalise_header,
    parse_uk_date,
    read_table,
    records,
)
from sanctuary.activity import log_action
from sanctuary.enums import Nation
from sanctuary.models import RESERVED_SLUGS

BATCH = 2000
MAX_FILE_BYTES = 10 * 1024 * 1024

Row = tuple[int, dict[str, str]]


class Importer(Protocol):
    kind: str
    label: Any

    def fields(self) -> list[ImportField]: ...

    def apply(
        self, rows: list[Row], report: ImportReport, *, actor: User | None, options: dict[str, str]
    ) -> None: ...


_importers: dict[str, Importer] = {}


def register_importer(importer: Importer) -> None:
    """Apps above members add their kinds here (awards: in AwardsConfig.ready)."""
    _importers[importer.kind] = importer


def importer_for(kind: str) -> Importer:
    try:
        return _importers[kind]
    except KeyError:
        raise TableError(
            _("There is nothing called “%(kind)s” to import. Choose one of: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(sorted(_importers))}
        ) from None


def importers() -> list[Importer]:
    order = ["groups", "organisations", "signatures", "awards"]
    return sorted(_importers.values(), key=lambda i: ([*order, i.kind]).index(i.kind))


def model_has(model: type[models.Model], name: str) -> bool:
    """Whether the model has this field now: the table of fields offers a column only then,
    so a field added to a model later (a postcode, say) becomes importable by itself."""
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def key(text: str) -> str:
    """Names compared without case, accents that people drop, or extra spaces."""
    return normalise_header(text) or " ".join(text.split()).casefold()


# Receiving and running ----------------------------------------------------------------------


def read_estate_file(
    kind: str, *, actor: User | None, name: str, data: bytes
) -> tuple[EstateImport, Table]:
    """The file as a table, with an import record not yet stored: the command's way, which
    keeps the record (and the file) only once a real run stored its rows."""
    importer = importer_for(kind)
    if len(data) > MAX_FILE_BYTES:
        raise TableError(_("The file is larger than 10 MB: split it into smaller files."))
    table = read_table(data, name)
    mapping = guess_mapping(table.headers, importer.fields())
    upload = EstateImport(
        kind=kind,
        original_name=name[:255],
        mapping={str(k): v for k, v in mapping.items()},
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    upload.pending_data = data
    return upload, table


@transaction.atomic
def receive_estate_file(
    kind: str, *, actor: User | None, name: str, data: bytes
) -> tuple[EstateImport, Table]:
    """Keep an uploaded file for the staff page's mapping step, once it reads as a table."""
    upload, table = read_estate_file(kind, actor=actor, name=name, data=data)
    _store(upload, data)
    log_action(
        upload,
        Action.ESTATE_FILE_UPLOADED,
        actor=actor,
        data={"kind": kind, "file": upload.original_name, "rows": len(table.rows)},
    )
    return upload, table


def _store(upload: EstateImport, data: bytes) -> None:
    upload.file.save("upload", ContentFile(data), save=False)
    upload.save()


def table_of(upload: EstateImport) -> Table:
    with upload.file.open("rb") as handle:
        return read_table(handle.read(), upload.original_name)


class _Rollback(Exception):
    pass


def run_estate_import(
    upload: EstateImport,
    mapping: dict[int, str],
    *,
    actor: User | None,
    dry_run: bool,
    options: dict[str, str] | None = None,
    table: Table | None = None,
) -> ImportReport:
    """Import the file with this mapping, or (dry run) say what that would do.

    All or nothing: a file with a refused row, or a dry run, stores nothing at all. A real
    run writes one log entry for the run, with its counts, beside the entries of each object.
    """
    importer = importer_for(upload.kind)
    table = table or table_of(upload)
    report = ImportReport(kind=upload.kind, dry_run=dry_run)
    fields = importer.fields()
    for label in missing_required(mapping, fields):
        report.problems.append(
            _("No column is matched to “%(field)s”, which every row needs.") % {"field": label}
        )
    if report.problems:
        return report
    rows = records(table, mapping)
    if not rows:
        report.problems.append(_("The file has a header row but no rows below it."))
        return report
    try:
        with transaction.atomic(), scopes_disabled():
            importer.apply(rows, report, actor=actor, options=options or {})
            if dry_run or not report.ok:
                raise _Rollback
            now = timezone.now()
            report.stored = True
            upload.mapping = {str(k): v for k, v in mapping.items()}
            upload.imported_at = now
            upload.result = report.as_dict()
            if upload.pk is None:
                _store(upload, upload.pending_data)
            else:
                upload.save(update_fields=["mapping", "imported_at", "result"])
            log_action(
                upload,
                Action.ESTATE_IMPORTED,
                actor=actor,
                data={**report.as_dict(), "file": upload.original_name, "rows": len(rows)},
            )
    except _Rollback:
        report.stored = False
    return report


# Shared checks ------------------------------------------------------------------------------

URL_CHECK = URLValidator(schemes=["http", "https"])


class RowRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def clean_url(text: str) -> str:
    if not text:
        return ""
    url = text if "://" in text else f"https://{text}"
    try:
        URL_CHECK(url)
    except ValidationError:
        raise RowRefused(_("“%(value)s” is not a web address.") % {"value": text}) from None
    return url[:200]


def clean_email(text: str) -> str:
    email = text.strip().lower()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise RowRefused(_("“%(value)s” is not an e-mail address.") % {"value": text}) from None
    return email


NATION_WORDS = {
    "england": Nation.ENGLAND,
    "lloegr": Nation.ENGLAND,
    "scotland": Nation.SCOTLAND,
    "yr alban": Nation.SCOTLAND,
    "wales": Nation.WALES,
    "cymru": Nation.WALES,
    "northern ireland": Nation.NORTHERN_IRELAND,
    "ni": Nation.NORTHERN_IRELAND,
    "gogledd iwerddon": Nation.NORTHERN_IRELAND,
}


def clean_nation(text: str) -> str:
    if not text:
        return ""
    value = key(text).replace("_", " ")
    if value in NATION_WORDS:
        return str(NATION_WORDS[value])
    raise RowRefused(
        _("“%(value)s” is not a nation: write England, Scotland, Wales or Northern Ireland.")
        % {"value": text}
    )


def clean_date(text: str, label: str) -> datetime.date:
    try:
        return parse_uk_date(text)
    except DateError:
        raise RowRefused(
            _(
                "“%(value)s” in “%(field)s” is not a date we can read: write it day first, "
                "such as 31/01/2025, 2025-01-31 or 31 Jan 2025."
            )
            % {"value": text, "field": label}
        ) from None


def unique_slug(base: str, taken: set[str], max_length: int, fallback: str) -> str:
    stem = slugify(base)[: max_length - 8].strip("-") or fallback
    slug, number = stem, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug = f"{stem}-{number}"
        number += 1
    taken.add(slug)
    return slug


def fallback_slug(prefix: str, name: str) -> str:
    # A name in Arabic script has no Latin letters for a slug: a short stable code instead.
    return f"{prefix}-{hashlib.sha256(key(name).encode()).hexdigest()[:8]}"


def apply_rows(
    rows: list[Row], report: ImportReport, check: Callable[[int, dict[str, str]], None]
) -> None:
    for number, values in rows:
        try:
            check(number, values)
        except RowRefused as refusal:
            report.refuse(number, refusal.reason)


def changes_of(obj: models.Model, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Non-blank new values that differ: a blank cell never clears what is stored."""
    changes = {}
    for name, new in values.items():
        if new in ("", None):
            continue
        old = getattr(obj, name)
        if old != new:
            changes[name] = {"old": str(old), "new": str(new)}
    return changes
