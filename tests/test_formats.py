"""Dates and numbers formatted for each language: day first everywhere, Tigrinya month and
weekday names from the platform's own catalogue of Django strings (locale_django/), and
Django's form errors in Tigrinya."""

import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import formats, translation

DAY = datetime.date(2026, 3, 5)


def render(language: str, source: str, **context) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


def test_tigrinya_date_has_a_tigrinya_month_name_day_first():
    assert render("ti", '{{ day|date:"DATE_FORMAT" }}', day=DAY) == "5 መጋቢት 2026"
    assert render("ti", '{{ day|date:"SHORT_DATE_FORMAT" }}', day=DAY) == "05/03/2026"
    assert render("ti", '{{ day|date:"l j F Y" }}', day=DAY) == "ሓሙስ 5 መጋቢት 2026"
    assert render("ti", '{{ day|date:"j M Y" }}', day=DAY) == "5 መጋ 2026"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "5 Mar 2026"),
        ("cy", "5 Mawrth 2026"),
        ("uk", "05 березня 2026 р."),
        ("ti", "5 መጋቢት 2026"),
    ],
)
def test_long_dates_read_day_month_year(language, expected):
    assert render(language, '{{ day|date:"DATE_FORMAT" }}', day=DAY) == expected


def test_tigrinya_numbers_group_thousands():
    with translation.override("ti"):
        assert formats.number_format(1234567, force_grouping=True) == "1,234,567"


class ContactForm(forms.Form):
    name = forms.CharField()
    email = forms.EmailField()
    starts = forms.DateField()


def test_form_errors_are_in_tigrinya():
    with translation.override("ti"):
        form = ContactForm(data={"name": "", "email": "not-an-email", "starts": "5 March"})
        assert form.errors == {
            "name": ["እዚ ቦታ ክምላእ ኣለዎ።"],
            "email": ["ቅኑዕ ኣድራሻ ኢመይል ኣእትዉ።"],
            "starts": ["ቅኑዕ ዕለት ኣእትዉ።"],
        }


def test_tigrinya_date_inputs_accept_day_first_and_iso():
    with translation.override("ti"):
        for typed in ["05/03/2026", "2026-03-05"]:
            form = ContactForm(data={"name": "Ruth", "email": "r@example.org", "starts": typed})
            assert form.is_valid(), form.errors
            assert form.cleaned_data["starts"] == DAY


def test_welsh_gets_the_django_strings_its_catalogue_lacks():
    with translation.override("cy"):
        assert translation.gettext("Null characters are not allowed.") == "Ni chaniateir nodau nwl."


MOMENT = datetime.datetime(2026, 3, 5, 16, 11)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "5 Mar 2026, 16:11"),
        ("ar", "5 مارس 2026، 16:11"),
        ("fa", "5 مارس 2026، ساعت 16:11"),
        ("ti", "5 መጋቢት 2026, 16:11"),
    ],
)
def test_a_moment_is_written_the_languages_own_way(language, expected):
    """Pages write a moment with DATETIME_FORMAT, never a format spelt in the template: each
    language its own order, comma and clock (Arabic had none and got Django's American one)."""
    assert render(language, '{{ moment|date:"DATETIME_FORMAT" }}', moment=MOMENT) == expected


def test_templates_spell_no_moment_format_of_their_own():
    from django.conf import settings

    spelt = [
        str(path)
        for path in (settings.BASE_DIR / "templates").rglob("*.*")
        if any(
            f'|date:"{fmt}"' in path.read_text(encoding="utf-8")
            for fmt in ("j M Y, H:i", "j M Y H:i", "j F Y H:i", "j F Y, H:i")
        )
    ]
    assert spelt == []
