"""Words in context: the same English word translates by its use (pgettext), and every count
people read has a real plural form (ngettext), numbers grouped the language's way."""

import datetime
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from awards.enums import ApplicationState, AwardState, ReminderKind
from members.enums import AffiliationState, Role
from streams.enums import StreamMembershipStatus


@pytest.mark.parametrize(
    ("language", "application", "award"),
    [
        ("cy", "Wedi'i dynnu'n ôl", "Wedi'i thynnu'n ôl"),
        ("ar", "مسحوب", "مسحوبة"),
        ("fa", "پس گرفته‌شده", "لغوشده"),
    ],
)
def test_withdrawn_translates_by_what_was_withdrawn(language, application, award):
    with translation.override(language):
        assert str(ApplicationState.WITHDRAWN.label) == application
        assert str(AwardState.WITHDRAWN.label) == award


def test_lapsed_and_member_differ_by_use_in_welsh():
    with translation.override("cy"):
        assert str(AwardState.LAPSED.label) == "Wedi dod i ben"
        assert str(AffiliationState.LAPSED.label) == "Wedi darfod"
        assert str(Role.MEMBER.label) == "Aelod"
        assert str(StreamMembershipStatus.ACTIVE.label) == "Yn aelod"


def reminder_body(language: str, days: int) -> str:
    award = SimpleNamespace(expires_on=datetime.date(2027, 3, 5))
    reminder = SimpleNamespace(kind=ReminderKind.AWARD_EXPIRY, milestone=days)
    with translation.override(language):
        return render_to_string(
            "awards/emails/reminder.txt",
            {
                "person": SimpleNamespace(get_short_name="Mariam"),
                "reminder": reminder,
                "kinds": ReminderKind,
                "award": award,
                "award_name": "Schools of Sanctuary award",
                "organisation": "Hillside School",
                "link": "https://example.org/a",
            },
        )


@pytest.mark.parametrize(
    ("language", "days", "phrase"),
    [
        ("en", 1, "in 1 day."),
        ("en", 30, "in 30 days."),
        ("uk", 1, "ще 1 день."),
        ("uk", 3, "ще 3 дні."),
        ("uk", 30, "ще 30 днів."),
        ("ar", 1, "أي بعد يوم واحد."),
        ("ar", 2, "أي بعد يومين."),
        ("ar", 7, "أي بعد 7 أيام."),
        ("ar", 30, "أي بعد 30 يومًا."),
        ("cy", 2, "ymhen 2 ddiwrnod."),
        ("ti", 1, "ድሕሪ 1 መዓልቲ።"),
        ("ti", 30, "ድሕሪ 30 መዓልታት።"),
    ],
)
def test_reminder_says_in_n_days_with_the_plural_form(language, days, phrase):
    assert phrase in reminder_body(language, days)


def test_invitation_e_mail_counts_its_days_in_ukrainian():
    invitation = SimpleNamespace(
        invited_by=SimpleNamespace(get_full_name="Olena"),
        organisation=SimpleNamespace(name="Hillside School"),
    )
    with translation.override("uk"):
        body = render_to_string(
            "members/emails/contact_invitation.txt",
            {"invitation": invitation, "link": "https://example.org/i", "expires_in_days": 14},
        )
    assert "діє 14 днів:" in body


@pytest.mark.parametrize(("language", "shown"), [("en", "1,234"), ("cy", "1,234")])
def test_home_groups_count_is_grouped_for_the_language(language, shown):
    with translation.override(language):
        html = render_to_string("sanctuary/home.html", {"groups": 1234})
    assert f"{shown} " in html
