"""Welsh and Arabic catalogues (first drafts in locale/): known strings translate, the home page
reads right to left in Arabic, and every catalogue compiles and matches its committed .mo file."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po"))

GROUPS_SINGULAR = "%(shown)s local group is part of the movement."
GROUPS_PLURAL = "%(shown)s local groups are part of the movement."


@pytest.mark.parametrize(
    ("language", "english", "translated"),
    [
        ("cy", "Skip to main content", "Neidio i'r prif gynnwys"),
        ("cy", "Find a group", "Dod o hyd i grŵp"),
        ("cy", "Sign in", "Mewngofnodi"),
        ("cy", "Sign the charter", "Llofnodi'r siarter"),
        ("cy", "City of Sanctuary", "Dinas Noddfa"),
        ("cy", "Sanctuary Awards", "Gwobrau Noddfa"),
        ("ar", "Skip to main content", "الانتقال إلى المحتوى الرئيسي"),
        ("ar", "Find a group", "البحث عن مجموعة"),
        ("ar", "Sign in", "تسجيل الدخول"),
        ("ar", "Sign the charter", "التوقيع على الميثاق"),
        ("ar", "City of Sanctuary", "مدينة الملاذ (City of Sanctuary)"),
        ("ar", "Sanctuary Awards", "جوائز الملاذ"),
    ],
)
def test_known_strings_translate(language, english, translated):
    with translation.override(language):
        assert _(english) == translated


@pytest.mark.parametrize(
    ("language", "count", "translated"),
    [
        ("cy", 1, "Mae 1 grŵp lleol yn rhan o'r mudiad."),
        ("cy", 2, "Mae 2 grŵp lleol yn rhan o'r mudiad."),
        ("cy", 11, "Mae 11 o grwpiau lleol yn rhan o'r mudiad."),
        ("ar", 1, "مجموعة محلية واحدة جزء من الحركة."),
        ("ar", 2, "مجموعتان محليتان جزء من الحركة."),
        ("ar", 5, "5 مجموعات محلية جزء من الحركة."),
        ("ar", 11, "11 مجموعة محلية جزء من الحركة."),
        ("ar", 100, "100 مجموعة محلية جزء من الحركة."),
    ],
)
def test_plural_forms(language, count, translated):
    with translation.override(language):
        text = ngettext(GROUPS_SINGULAR, GROUPS_PLURAL, count) % {"shown": count}
    assert text == translated


def test_home_page_in_arabic_reads_right_to_left(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "أينما ذهب الباحثون عن الملاذ، ينبغي أن يجدوا الترحيب." in html
    assert "الانتقال إلى المحتوى الرئيسي" in html


def test_home_page_in_welsh_from_the_language_cookie(client, db):
    client.cookies["django_language"] = "cy"
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="cy" dir="ltr">' in html
    assert "Ble bynnag mae pobl sy'n ceisio noddfa yn mynd, dylen nhw gael croeso." in html


def test_there_are_welsh_and_arabic_catalogues():
    assert {path.parent.parent.name for path in CATALOGUES} >= {"cy", "ar"}


def msgfmt() -> str:
    path = shutil.which("msgfmt")
    if path is None:
        skip_or_fail("msgfmt (GNU gettext) is not installed")
    return path


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_compiles(po, tmp_path):
    result = subprocess.run(
        [msgfmt(), "--check", "-o", str(tmp_path / "django.mo"), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_mo_matches_its_po(po, tmp_path):
    """Newcomers without gettext use the committed .mo: `make messages` keeps it in step."""
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt(), "-o", str(fresh), str(po)], check=True)
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed.relative_to(ROOT)} is missing: run make messages"
    with fresh.open("rb") as a, committed.open("rb") as b:
        expected, actual = gettext.GNUTranslations(a)._catalog, gettext.GNUTranslations(b)._catalog
    assert actual == expected, f"{committed.relative_to(ROOT)} is stale: run make messages"
