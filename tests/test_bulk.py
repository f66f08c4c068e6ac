"""sanctuary.bulk.insert_rows: the sweep's many rows written without a model instance each,
exactly as bulk_create() would have written them, on PostgreSQL (CI) and SQLite alike."""

import datetime
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.forms.models import model_to_dict
from django_scopes import scopes_disabled

from awards.enums import ReminderKind
from awards.models import Reminder
from sanctuary.bulk import insert_rows
from sanctuary.models import ActivityLog, Network
from tests.factories.awards import awarded, coordinator, scheme_with_criteria

DAY = datetime.date(2027, 3, 1)


@pytest.fixture
def held(world):
    chair = coordinator(world.stream)
    application = awarded(scheme_with_criteria(world.stream), chair, "Bulk Primary")
    with scopes_disabled():
        return application.award, chair


def _written(reminder: Reminder) -> dict:
    written = model_to_dict(reminder, exclude=["id", "created_at", "claimed_at"])
    return {**written, "created": reminder.created_at is not None}


def test_rows_are_written_as_bulk_create_writes_them(world, held):
    """Every field a row leaves out takes its default (created_at this moment), and the
    values given arrive as given: an enum's value, a UUID, a date, a moment."""
    award, chair = held
    token, now = uuid.uuid4(), datetime.datetime(2027, 3, 1, 9, 30, tzinfo=datetime.UTC)
    given = {
        "kind": ReminderKind.AWARD_EXPIRY,
        "network_id": award.network_id,
        "award_id": award.pk,
        "cycle": award.cycle,
        "milestone": 90,
        "due_on": DAY,
        "recipient_id": chair.pk,
        "claim_token": token,
        "claimed_at": now,
    }
    with scopes_disabled():
        Reminder.objects.all().delete()
        Reminder.objects.bulk_create([Reminder(**given)])
        expected = _written(Reminder.objects.get())
        Reminder.objects.all().delete()
        insert_rows(Reminder, [given])
        inserted = Reminder.objects.get()
    assert _written(inserted) == expected
    assert (inserted.kind, inserted.claim_token, inserted.claimed_at) == (
        "award_expiry",
        token,
        now,
    )
    assert (inserted.attempts, inserted.language, inserted.skipped, inserted.sent_at) == (
        0,
        "",
        False,
        None,
    )


def test_a_conflicting_row_is_left_out_and_the_others_go_in(world, held):
    award, chair = held
    other = coordinator(world.stream, name="Second Coordinator")

    def row(milestone: int, recipient) -> dict:
        return {
            "kind": ReminderKind.AWARD_EXPIRY_NETWORK,
            "network_id": award.network_id,
            "award_id": award.pk,
            "milestone": milestone,
            "due_on": DAY,
            "recipient_id": recipient.pk,
        }

    with scopes_disabled():
        Reminder.objects.all().delete()
        insert_rows(Reminder, [row(30, chair)], ignore_conflicts=True)
        insert_rows(
            Reminder, [row(30, chair), row(30, other), row(7, chair)], ignore_conflicts=True
        )
        written = sorted(Reminder.objects.values_list("milestone", "recipient_id"))
    assert written == sorted([(30, chair.pk), (30, other.pk), (7, chair.pk)])


def test_json_values_and_rows_that_leave_out_what_others_give(world):
    """A JSON field's dicts arrive as JSON objects; a row without a key another row gives
    takes the field's default for it; a value that reads as SQL is stored as it is."""
    kind = ContentType.objects.get_for_model(Network).pk
    with scopes_disabled():
        before = set(ActivityLog.objects.values_list("pk", flat=True))
        insert_rows(
            ActivityLog,
            [
                {
                    "network_id": world.network_a.pk,
                    "content_type_id": kind,
                    "object_id": "1",
                    "action": "bulk.test",
                    "data": {"state": {"old": "active", "new": "lapsed"}, "note": "été"},
                },
                {
                    "network_id": world.network_b.pk,
                    "content_type_id": kind,
                    "object_id": "2'); DROP TABLE x; --",
                    "action": "bulk.test",
                },
            ],
        )
        new = ActivityLog.objects.exclude(pk__in=before).order_by("object_id")
        rows = [(e.network_id, e.object_id, e.data, e.actor_id) for e in new]
        assert all(e.timestamp is not None for e in new)
    assert rows == [
        (
            world.network_a.pk,
            "1",
            {"state": {"old": "active", "new": "lapsed"}, "note": "été"},
            None,
        ),
        (world.network_b.pk, "2'); DROP TABLE x; --", {}, None),
    ]


def test_unknown_fields_and_missing_required_values_are_refused(world):
    with pytest.raises(ValueError, match="Not fields of Reminder"):
        insert_rows(Reminder, [{"nonsense": 1}])
    with pytest.raises(ValueError, match="no default"):
        # A network is required: leaving it out of every row is a mistake, not a NULL.
        insert_rows(Reminder, [{"kind": ReminderKind.AWARD_EXPIRY, "due_on": DAY}])


def test_a_value_too_long_for_its_column_is_not_cut_short(world):
    """As with bulk_create(): PostgreSQL refuses it whole, SQLite keeps it whole; never a
    shortened value."""
    from django.db import DatabaseError, transaction

    kind = ContentType.objects.get_for_model(Network).pk
    long_id = "9" * 60  # object_id holds 40

    def written(insert) -> str | None:
        try:
            with transaction.atomic():
                insert()
        except DatabaseError:
            return None
        with scopes_disabled():
            found = ActivityLog.objects.filter(action="bulk.long").order_by("-pk").first()
            ActivityLog.objects.filter(action="bulk.long").delete()
        return found.object_id if found else None

    row = {
        "network_id": world.network_a.pk,
        "content_type_id": kind,
        "object_id": long_id,
        "action": "bulk.long",
    }
    by_django = written(lambda: ActivityLog._base_manager.bulk_create([ActivityLog(**row)]))
    assert by_django in (None, long_id)
    assert written(lambda: insert_rows(ActivityLog, [row, {**row, "object_id": "1"}])) == (
        by_django if by_django is None else "1"
    )
