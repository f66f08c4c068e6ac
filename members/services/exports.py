"""The public list of a document's signatories as a CSV file that a worker makes, for staff.

At the movement's size the list has 200,000 rows (about 12 MB): written inside a web request
it held one of the server's threads for twelve seconds. Staff ask for it
(`request_signatory_export`), a worker writes it to private storage
(`members.tasks.task_make_signatory_export` → `make_signatory_export`) and staff download the
stored file. The list holds the same columns and rows the old download did: only people who
agreed to be listed, never an address.

On PostgreSQL the database writes the CSV itself (`COPY (SELECT ...) TO STDOUT`), several times
faster than Python formatting each row; elsewhere (the embedded demo's SQLite) Python does.
Both guard every cell as `sanctuary.tables.csv_cell` does, so no cell runs as a formula.
"""

import csv
import datetime
import io
import logging
import tempfile
from functools import partial
from typing import IO

from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from members.enums import (
    EXPORT_TRANSITIONS,
    SIGNABLE_DOCUMENTS,
    Action,
    ExportState,
    PartyKind,
)
from members.models import SignatoryExport, User
from members.models.exports import signatory_export_path
from members.queries.signatures import public_signatories
from sanctuary.activity import log_action
from sanctuary.refusals import Refused
from sanctuary.tables import CSV_FORMULA_STARTS, csv_cell

logger = logging.getLogger(__name__)

COLUMNS = [
    "name",
    "signed_as",
    "role",
    "local_group",
    "version",
    "version_title",
    "signed_an_earlier_version",
    "confirmed_on",
]

# A list still "being made" this long after it was asked for lost its worker (a crash past the
# task's hard time limit, members.tasks): the next request marks it failed and starts afresh.
GIVE_UP_AFTER = datetime.timedelta(minutes=30)


class ExportError(Refused):
    pass


def request_signatory_export(document: str, *, actor: User) -> tuple[SignatoryExport, bool]:
    """Staff ask for a fresh public list of the document's signatories. A worker makes it after
    commit. While one is being made, asking again returns that one and starts nothing:
    (the export, whether this request started it)."""
    with transaction.atomic():
        export, started = _ask(document, actor=actor)
        if started:
            from members.tasks import task_make_signatory_export  # tasks import this module

            transaction.on_commit(partial(task_make_signatory_export.delay, export_id=export.pk))
    return export, started


def make_signatory_export_now(document: str, *, actor: User | None = None) -> SignatoryExport:
    """Ask for the list and make it at once, in this process rather than a worker: for a
    command or seeded data (`manage.py make_signatory_exports`). While a worker is making one,
    that one is made here too; whichever finishes second changes nothing."""
    export, _started = _ask(document, actor=actor)
    made = make_signatory_export(export.pk)
    if made is None:  # a worker finished it meanwhile
        export.refresh_from_db()
        return export
    return made


def _ask(document: str, *, actor: User | None) -> tuple[SignatoryExport, bool]:
    if document not in SIGNABLE_DOCUMENTS:
        raise ExportError(_("Choose the charter or the declaration."), field="document")
    now = timezone.now()
    with transaction.atomic():
        for lost in SignatoryExport.objects.filter(
            document=document, state=ExportState.ASKED, requested_at__lt=now - GIVE_UP_AFTER
        ):
            _finish(lost, ExportState.FAILED, data={"reason": "no worker finished it"})
        being_made = SignatoryExport.objects.filter(
            document=document, state=ExportState.ASKED
        ).first()
        if being_made is not None:
            return being_made, False
        try:
            with transaction.atomic():  # a savepoint: another request may have won the race
                export = SignatoryExport.objects.create(
                    document=document, requested_by=actor, requested_at=now
                )
        except IntegrityError:
            return SignatoryExport.objects.get(document=document, state=ExportState.ASKED), False
        log_action(export, Action.SIGNATORY_EXPORT_ASKED, actor=actor, data={"document": document})
    return export, True


def make_signatory_export(export_id: int) -> SignatoryExport | None:
    """Write the list that was asked for, store it privately and mark it ready; the document's
    earlier ready list is replaced and its file deleted. Safe to run twice (a task handed out
    again): a list no longer being made is left as it is. Any error marks it failed, for staff
    to see and ask again; the error itself goes to the log, not to the page."""
    export = SignatoryExport.objects.filter(pk=export_id, state=ExportState.ASKED).first()
    if export is None:
        return None
    stored = ""
    try:
        # The slow part runs outside any transaction: the database's COPY is one statement,
        # and so one consistent snapshot, by itself.
        with tempfile.TemporaryFile() as spool:
            rows = write_signatories_csv(export.document, spool)
            size = spool.tell()
            spool.seek(0)
            stored = export.file.storage.save(signatory_export_path(export, ""), File(spool))
        with transaction.atomic():
            locked = SignatoryExport.objects.select_for_update().get(pk=export.pk)
            if locked.state != ExportState.ASKED:
                transaction.on_commit(partial(locked.file.storage.delete, stored))
                return locked
            locked.file.name = stored
            locked.size = size
            locked.rows = rows
            earlier_ready = list(
                SignatoryExport.objects.select_for_update()
                .filter(document=export.document, state=ExportState.READY)
                .exclude(pk=locked.pk)
            )
            _finish(
                locked,
                ExportState.READY,
                data={"rows": rows, "size": size, "replaced": [e.pk for e in earlier_ready]},
            )
            for earlier in earlier_ready:
                old_name = earlier.file.name
                earlier.file.name = ""
                _move(earlier, ExportState.REPLACED)
                earlier.save(update_fields=["state", "file"])
                if old_name:
                    transaction.on_commit(partial(earlier.file.storage.delete, old_name))
        return locked
    except Exception as error:  # the soft time limit too: staff see "failed" and ask again
        logger.exception("The public list of signatories %s could not be made.", export_id)
        with transaction.atomic():
            locked = SignatoryExport.objects.select_for_update().get(pk=export.pk)
            if locked.state == ExportState.ASKED:
                _finish(locked, ExportState.FAILED, data={"reason": type(error).__name__})
        if stored and locked.file.name != stored:  # (an error after commit keeps the list)
            export.file.storage.delete(stored)
        return locked


def _move(export: SignatoryExport, state: ExportState) -> None:
    if state not in EXPORT_TRANSITIONS[export.state]:
        raise ValueError(f"An export cannot move from {export.state} to {state}")
    export.state = state


def _finish(export: SignatoryExport, state: ExportState, *, data: dict[str, object]) -> None:
    """Ready or failed: saved with the time and its log entry (by nobody: the worker did it)."""
    _move(export, state)
    export.finished_at = timezone.now()
    export.save(update_fields=["state", "finished_at", "file", "size", "rows"])
    action = (
        Action.SIGNATORY_EXPORT_READY
        if state == ExportState.READY
        else Action.SIGNATORY_EXPORT_FAILED
    )
    log_action(export, action, data={"document": export.document, **data})


# Writing the CSV ----------------------------------------------------------------------------


def write_signatories_csv(document: str, out: IO[bytes]) -> int:
    """The document's public list as CSV (UTF-8, a header row) into `out`; returns the number
    of signatories written."""
    if connection.vendor == "postgresql":
        return copy_signatories_csv(document, out)
    return format_signatories_csv(document, out)


def format_signatories_csv(document: str, out: IO[bytes]) -> int:
    """Python's way, for any database: plain tuples read in chunks, never model instances."""
    signatures = public_signatories(document).values_list(
        "party_kind",
        "name",
        "party_name",
        "role_title",
        "network__name",
        "version__number",
        "version__title",
        "version__is_current",
        "confirmed_at",
    )
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    rows = 0
    for (
        kind,
        name,
        party_name,
        role,
        group,
        number,
        title,
        current,
        confirmed,
    ) in signatures.iterator(chunk_size=2000):
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    name if kind == PartyKind.INDIVIDUAL else party_name,  # display_name
                    kind,
                    role,
                    group or "",
                    number,
                    title,
                    "no" if current else "yes",
                    confirmed.date().isoformat() if confirmed else "",
                )
            ]
        )
        rows += 1
    text.flush()
    text.detach()  # leave `out` open for the caller
    return rows


def _guarded(column: str) -> str:
    """SQL for csv_cell(): a cell that starts like a formula gets a leading apostrophe; an
    empty one is written as nothing, as Python's csv writes it (COPY would write "")."""
    starts = ", ".join(f"chr({ord(start)})" for start in sorted(CSV_FORMULA_STARTS))
    return (
        f"CASE WHEN left({column}, 1) IN ({starts}) THEN '''' || {column} "
        f"ELSE NULLIF({column}, '') END"
    )


def copy_signatories_csv(document: str, out: IO[bytes]) -> int:
    """PostgreSQL writes the CSV itself: the same query as public_signatories(), the same
    cells as format_signatories_csv(), and no Python per row."""
    inner = (
        public_signatories(document)
        .order_by()
        .values(
            s_kind=F("party_kind"),
            s_person=F("name"),
            s_party=F("party_name"),
            s_role=F("role_title"),
            s_group=F("network__name"),
            s_number=F("version__number"),
            s_title=F("version__title"),
            s_current=F("version__is_current"),
            s_confirmed=F("confirmed_at"),
            s_pk=F("pk"),
        )
    )
    sql, params = inner.query.sql_with_params()
    # Signature.display_name; the kind is one of our own constants, written into the SQL.
    name = f"CASE WHEN s.s_kind = '{PartyKind.INDIVIDUAL.value}' THEN s.s_person ELSE s.s_party END"
    statement = f"""
        COPY (
            SELECT {_guarded(name)} AS name,
                   {_guarded("s.s_kind")} AS signed_as,
                   {_guarded("s.s_role")} AS role,
                   {_guarded("s.s_group")} AS local_group,
                   s.s_number AS version,
                   {_guarded("s.s_title")} AS version_title,
                   CASE WHEN s.s_current THEN 'no' ELSE 'yes' END AS signed_an_earlier_version,
                   to_char(s.s_confirmed AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS confirmed_on
            FROM ({sql}) AS s
            ORDER BY s.s_confirmed DESC, s.s_pk DESC
        ) TO STDOUT WITH (FORMAT csv, HEADER true)
    """
    with connection.cursor() as cursor:
        with cursor.cursor.copy(statement, params) as copy:
            for block in copy:
                out.write(block)
        rows: int = cursor.cursor.rowcount  # from COPY's "COPY <n>"
    return max(rows, 0)
