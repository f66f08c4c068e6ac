"""Per-scheme settings DESIGN.md promises: each scheme's reminder days, grace period before
lapsing and check-in points, shown with their current values and used by the sweep."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from awards import renewals
from awards.enums import AwardState
from awards.models import Award, AwardScheme, Reminder
from awards.services.schemes import create_scheme, update_scheme_settings
from sanctuary.models import ActivityLog
from tests.factories import StreamFactory
from tests.factories.awards import coordinator, scheme_with_criteria, sweep
from tests.factories.certificates import issued_award

AWARDED_ON = datetime.date(2026, 5, 14)
EXPIRES_ON = datetime.date(2029, 5, 14)


@pytest.fixture
def schools(db):
    return scheme_with_criteria(
        StreamFactory(name="Schools of Sanctuary", slug="schools"), name="School of Sanctuary"
    )


@pytest.fixture
def libraries(db):
    """A scheme with its own rules: reminders 60 days before and on the day, 10 days' grace."""
    scheme = scheme_with_criteria(
        StreamFactory(name="Libraries of Sanctuary", slug="libraries"), name="Library of Sanctuary"
    )
    with scopes_disabled():
        AwardScheme.objects.filter(pk=scheme.pk).update(reminder_days=[60, 0], grace_days=10)
        scheme.refresh_from_db()
    return scheme


def state_of(award_row) -> str:
    with scopes_disabled():
        return Award.objects.get(pk=award_row.pk).state


def milestones_sent(award_row) -> list[int]:
    with scopes_disabled():
        return sorted(
            set(
                Reminder.objects.filter(award=award_row, sent_at__isnull=False).values_list(
                    "milestone", flat=True
                )
            )
        )


def test_a_new_scheme_takes_the_movement_defaults(db, settings):
    settings.SANCTUARY_AWARD_GRACE_DAYS = 45
    scheme = create_scheme(StreamFactory(), actor=None, name="Theatre of Sanctuary")
    assert (scheme.reminder_days, scheme.grace_days, scheme.check_in_months) == (
        [90, 30, 7, 0],
        45,
        [12, 24],
    )


def test_the_settings_page_shows_the_current_values(schools, client):
    client.force_login(coordinator(schools.network))
    text = client.get(reverse("awards:scheme_settings", args=["schools"])).content.decode()
    assert 'name="reminder_days" value="90, 30, 7, 0"' in text
    assert 'name="grace_days" value="30"' in text
    assert 'name="check_in_months" value="12, 24"' in text


def test_coordinator_sets_grace_and_check_ins_and_it_is_logged(schools, client):
    client.force_login(coordinator(schools.network))
    response = client.post(
        reverse("awards:scheme_settings", args=["schools"]),
        {
            "name": schools.name,
            "summary": "",
            "min_panel_size": 3,
            "reminder_days": "60, 14, 0",
            "grace_days": "14",
            "check_in_months": "18, 6",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        schools.refresh_from_db()
        entry = ActivityLog.objects.get(action="awards.scheme.settings_changed")
    assert (schools.reminder_days, schools.grace_days, schools.check_in_months) == (
        [60, 14, 0],
        14,
        [6, 18],
    )
    assert entry.data["grace_days"] == {"old": 30, "new": 14}
    assert entry.data["check_in_months"] == {"old": [12, 24], "new": [6, 18]}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("grace_days", "400", "Ensure this value is less than or equal to 365."),
        ("check_in_months", "12, 40", "Give whole numbers of months from 1 to 35."),
        ("check_in_months", "12, 12", "Give each number of months once."),
        ("check_in_months", "a year", "Give whole numbers separated by commas."),
    ],
)
def test_bad_settings_are_refused_next_to_the_field(schools, client, field, value, message):
    client.force_login(coordinator(schools.network))
    data = {"name": schools.name, "summary": "", "min_panel_size": 3, "reminder_days": "90, 0"}
    data[field] = value
    response = client.post(reverse("awards:scheme_settings", args=["schools"]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    with scopes_disabled():
        schools.refresh_from_db()
    assert (schools.grace_days, schools.check_in_months) == (30, [12, 24])


def test_empty_grace_and_check_ins_keep_their_values(schools):
    update_scheme_settings(schools, actor=None, grace_days=20, check_in_months=[6])
    with scopes_disabled():
        schools.refresh_from_db()
    assert (schools.grace_days, schools.check_in_months) == (20, [6])


def test_each_scheme_is_swept_by_its_own_milestones_and_grace(schools, libraries):
    school = issued_award(schools, awarded_on=AWARDED_ON, name="Parkside Primary")
    library = issued_award(libraries, awarded_on=AWARDED_ON, name="Central Library")
    # 90 days before: the school's first reminder; the library's first is at 60.
    sweep(EXPIRES_ON - datetime.timedelta(days=90))
    assert (state_of(school), state_of(library)) == (AwardState.RENEWAL_DUE, AwardState.ACTIVE)
    sweep(EXPIRES_ON - datetime.timedelta(days=60))
    sweep(EXPIRES_ON - datetime.timedelta(days=30))
    sweep(EXPIRES_ON - datetime.timedelta(days=7))
    sweep(EXPIRES_ON)
    assert milestones_sent(school) == [0, 7, 30, 90]
    assert milestones_sent(library) == [0, 60]
    # Eleven days after expiry the library's ten days of grace are over, not the school's 30.
    result = sweep(EXPIRES_ON + datetime.timedelta(days=11))
    assert result.lapsed == 1
    assert (state_of(school), state_of(library)) == (AwardState.RENEWAL_DUE, AwardState.LAPSED)
    assert sweep(EXPIRES_ON + datetime.timedelta(days=30)).lapsed == 0
    assert sweep(EXPIRES_ON + datetime.timedelta(days=31)).lapsed == 1
    assert state_of(school) == AwardState.LAPSED


def test_the_on_the_day_reminder_is_late_only_within_the_schemes_grace(schools, libraries):
    """A sweep that missed the day itself still sends the day's reminder within the grace
    period, each scheme's own."""
    school = issued_award(schools, awarded_on=AWARDED_ON, name="Parkside Primary")
    library = issued_award(libraries, awarded_on=AWARDED_ON, name="Central Library")
    sweep(EXPIRES_ON + datetime.timedelta(days=10))
    assert (milestones_sent(school), milestones_sent(library)) == ([0], [0])
    school2 = issued_award(
        schools, awarded_on=AWARDED_ON - datetime.timedelta(days=5), name="Hillcrest Academy"
    )
    library2 = issued_award(
        libraries, awarded_on=AWARDED_ON - datetime.timedelta(days=5), name="North Library"
    )
    # Fifteen days after their expiry: within the school's grace, past the library's.
    sweep(EXPIRES_ON + datetime.timedelta(days=10))
    assert (milestones_sent(school2), milestones_sent(library2)) == ([0], [])


def test_the_sweep_stays_set_based_whatever_the_number_of_awards(schools, libraries):
    counts = []
    for name in ["First", "Second", "Third"]:
        issued_award(schools, awarded_on=AWARDED_ON, name=f"{name} Primary")
        issued_award(libraries, awarded_on=AWARDED_ON, name=f"{name} Library")
        with scopes_disabled(), CaptureQueriesContext(connection) as queries:
            renewals.claim_reminders(EXPIRES_ON + datetime.timedelta(days=40), token=None)
            renewals.mark_lapsed(EXPIRES_ON - datetime.timedelta(days=400))
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] == counts[2]
