"""Many rows written at once, without a model instance each: for the set-based writes of the
daily sweep (its reminders' claims, its activity-log entries), which insert tens of thousands
of rows on the day an estate is first swept.

`insert_rows(Model, rows)` takes each row as a dict of field attnames ("network_id", not
"network"); a field a row leaves out takes its default (an `auto_now_add` one, this moment).
On PostgreSQL each batch is one INSERT from UNNEST of one array per column that varies, the
values prepared by their fields as Django prepares them; building a model instance per row
and walking every field of each, as bulk_create() does, cost more than the database's own
work. Elsewhere (the embedded SQLite) it is bulk_create(), for a demo's few rows.

No signal is sent and no primary key is read back, as with bulk_create().
"""

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import connection, models
from django.utils import timezone

BATCH = 5000


def insert_rows(
    model: type[models.Model],
    rows: Iterable[dict[str, Any]],
    *,
    ignore_conflicts: bool = False,
    batch_size: int = BATCH,
) -> None:
    """Insert the rows; with `ignore_conflicts`, a row a unique constraint refuses is left
    out and the others go in."""
    rows = list(rows)
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    known = {f.attname for f in fields}
    for row in rows:
        unknown = set(row) - known
        if unknown:
            raise ValueError(f"Not fields of {model.__name__}: {sorted(unknown)}")
    now = timezone.now()
    given = {name for row in rows for name in row}
    for field in fields:
        if field.attname not in given:
            _default(field, now)  # refuses a required field left out of every row
    if connection.vendor != "postgresql":
        model._base_manager.bulk_create(
            [model(**row) for row in rows], ignore_conflicts=ignore_conflicts
        )
        return
    for start in range(0, len(rows), batch_size):
        _insert(model, fields, rows[start : start + batch_size], given, now, ignore_conflicts)


def _insert(
    model: type[models.Model],
    fields: Sequence[models.Field],
    rows: list[dict[str, Any]],
    given: set[str],
    now,
    ignore_conflicts: bool,
) -> None:
    """One batch. `given` names the fields any row gives (their defaults fill the rows that
    leave them out); the others are one constant each."""
    quote = connection.ops.quote_name
    varying: list[models.Field] = []
    arrays: list[list[Any]] = []
    constants: list[tuple[models.Field, Any]] = []
    for field in fields:
        name = field.attname
        if name in given:
            if not all(name in row for row in rows):
                default = _default(field, now)
                rows = [row if name in row else {**row, name: default} for row in rows]
            prepare = field.get_db_prep_save
            varying.append(field)
            arrays.append([prepare(row[name], connection=connection) for row in rows])
        else:
            constants.append((field, field.get_db_prep_save(_default(field, now), connection)))
    # A concrete field always has its column.
    named = [*varying, *(f for f, _v in constants)]
    columns = ", ".join(quote(cast(str, f.column)) for f in named)
    unnest = ", ".join(f"%s::{_db_type(f)}[]" for f in varying)
    fixed = "".join(f", %s::{_db_type(f)}" for f, _v in constants)
    conflicts = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
        f"SELECT u.*{fixed} FROM UNNEST({unnest}) AS u{conflicts}"
    )
    with connection.cursor() as cursor:
        # In the order the statement names them: the constants, then the arrays.
        cursor.execute(sql, [*(value for _f, value in constants), *arrays])


def _default(field: models.Field, now) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default() or field.null or field.empty_strings_allowed:
        return field.get_default()
    raise ValueError(f"{field.model.__name__}.{field.attname} has no default: give it in every row")


def _db_type(field: models.Field) -> str:
    """The column's type without its length or precision: cast to varchar(40), a longer value
    would be cut short without a word, where the INSERT refuses it as too long."""
    found = field.db_type(connection)
    if found is None:
        raise ValueError(f"{field.model.__name__}.{field.attname} has no column type to cast to")
    return found.split("(")[0]
