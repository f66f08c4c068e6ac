"""The language gate: a language is offered only when its catalogues are complete.

For every language in settings.LANGUAGES except English: its catalogue exists; no string is
untranslated or fuzzy; every translation keeps its placeholders; each catalogue compiles
(msgfmt --check) and its committed .mo says the same as its .po; every string in the code and
templates is in the catalogue; and every string the accounts library (django-allauth) shows on
the sign-in, sign-up, e-mail, password and two-step pages is translated, by the platform's
catalogues or by allauth's own. `make messages` updates the catalogues; a translator then
finishes them (README.md, "Translating").
"""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.utils.translation import to_locale

from tests.conftest import skip_or_fail
from tests.pofiles import Entry, live_entries, placeholders, read_po

ROOT = Path(__file__).resolve().parent.parent
OFFERED = [code for code, _name in settings.LANGUAGES if code != "en"]
# What `make messages` leaves out of makemessages (I18N_IGNORE in the Makefile), and more that
# holds no translatable source.
NOT_SCANNED = {".venv", "var", "tests", "bench", "locale", "locale_allauth", "node_modules"}
SCANNED_SUFFIXES = {".py", ".html", ".txt"}
ALLAUTH_POT = ROOT / "locale_allauth" / "allauth.pot"
ALLAUTH_LOCALE = Path(allauth.__file__).resolve().parent / "locale"
SHOWN = 5


def platform_po(language: str) -> Path:
    return ROOT / "locale" / to_locale(language) / "LC_MESSAGES" / "django.po"


def accounts_po(language: str) -> Path:
    return ROOT / "locale_allauth" / to_locale(language) / "LC_MESSAGES" / "django.po"


def catalogues(language: str) -> list[Path]:
    """The project's catalogues for a language: the platform's, and the accounts pages' if any."""
    return [path for path in (platform_po(language), accounts_po(language)) if path.exists()]


def existing_catalogues(language: str) -> list[Path]:
    found = catalogues(language)
    if not platform_po(language).exists():
        pytest.fail(
            f"{language}: no catalogue at {platform_po(language).relative_to(ROOT)}. "
            "Run `make messages`, translate it, and commit the .po and .mo files."
        )
    return found


def first(labels: list[str]) -> str:
    shown = "; ".join(repr(label[:70]) for label in labels[:SHOWN])
    more = f" (and {len(labels) - SHOWN} more)" if len(labels) > SHOWN else ""
    return shown + more


def msgfmt() -> str:
    path = shutil.which("msgfmt")
    if path is None:
        skip_or_fail("msgfmt (GNU gettext) is not installed")
    return path


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("language", OFFERED)
def test_offered_language_has_a_catalogue(language):
    existing_catalogues(language)
    assert platform_po(language).with_suffix(".mo").exists(), (
        f"{language}: {relative(platform_po(language).with_suffix('.mo'))} is missing, so "
        "Django cannot choose the language: run `make messages`"
    )


@pytest.mark.parametrize("language", OFFERED)
def test_every_string_is_translated_and_none_fuzzy(language):
    problems = []
    for po in existing_catalogues(language):
        entries = live_entries(po)
        untranslated = [entry.label() for entry in entries if not entry.translated]
        fuzzy = [entry.label() for entry in entries if entry.fuzzy]
        if untranslated:
            problems.append(
                f"{relative(po)}: {len(untranslated)} untranslated: {first(untranslated)}"
            )
        if fuzzy:
            problems.append(f"{relative(po)}: {len(fuzzy)} fuzzy: {first(fuzzy)}")
    assert not problems, f"{language} is not complete. " + " | ".join(problems)


def placeholder_problem(entry: Entry) -> str | None:
    """A translation must not invent placeholders; without plurals it must keep them all."""
    expected = placeholders(entry.msgid)
    if entry.msgid_plural is None:
        found = placeholders(entry.msgstr.get(0, ""))
        if entry.translated and found != expected:
            return f"{entry.label()!r} has {sorted(found)}, not {sorted(expected)}"
        return None
    # Plural forms may leave the number out ("one file", Arabic's dual) but add nothing.
    allowed = expected | placeholders(entry.msgid_plural)
    for number, text in sorted(entry.msgstr.items()):
        extra = placeholders(text) - allowed
        if text and extra:
            return f"{entry.label()!r} form {number} has {sorted(extra)}, not in the English"
    return None


@pytest.mark.parametrize("language", OFFERED)
def test_translations_keep_their_placeholders(language):
    problems = [
        f"{relative(po)}: {problem}"
        for po in existing_catalogues(language)
        for problem in map(placeholder_problem, live_entries(po))
        if problem
    ]
    assert not problems, f"{language}: placeholders differ: {first(problems)}"


@pytest.mark.parametrize("language", OFFERED)
def test_catalogues_compile_and_their_mo_files_are_current(language, tmp_path):
    for po in existing_catalogues(language):
        fresh = tmp_path / f"{po.parent.parent.parent.name}.mo"
        result = subprocess.run(
            [msgfmt(), "--check", "-o", str(fresh), str(po)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, (
            f"{language}: {relative(po)} does not compile: {result.stderr}"
        )
        committed = po.with_suffix(".mo")
        assert committed.exists(), (
            f"{language}: {relative(committed)} is missing: run make messages"
        )
        # Compare what the files say, not their times, which a git checkout does not keep.
        with fresh.open("rb") as a, committed.open("rb") as b:
            expected = gettext.GNUTranslations(a)._catalog
            actual = gettext.GNUTranslations(b)._catalog
        stale = sorted(str(key)[:70] for key in expected.keys() ^ actual.keys())
        stale += sorted(
            str(key)[:70] for key in expected.keys() & actual.keys() if expected[key] != actual[key]
        )
        assert not stale, (
            f"{language}: {relative(committed)} differs from its .po (run make messages): "
            + first(stale)
        )


@pytest.fixture(scope="module")
def source_strings(tmp_path_factory) -> dict[tuple[str | None, str], Entry]:
    """Every string marked in the code and templates, as `make messages` collects them.

    makemessages runs on a copy of the sources without settings, so it writes only into the copy.
    """
    copy = tmp_path_factory.mktemp("sources")
    for directory, subdirectories, files in os.walk(ROOT):
        subdirectories[:] = [
            name for name in subdirectories if name not in NOT_SCANNED and not name.startswith(".")
        ]
        for name in files:
            source = Path(directory, name)
            if source.suffix in SCANNED_SUFFIXES:
                target = copy / source.relative_to(ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    (copy / "locale").mkdir()
    environment = {
        key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"
    }
    msgfmt()  # makemessages needs GNU gettext too
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return {entry.key: entry for entry in live_entries(copy / "locale/en/LC_MESSAGES/django.po")}


def test_the_source_has_strings(source_strings):
    assert len(source_strings) > 500
    assert (None, "Sanctuary Awards") in source_strings


@pytest.mark.parametrize("language", OFFERED)
def test_every_string_in_the_code_is_in_the_catalogue(language, source_strings):
    existing_catalogues(language)
    known = {entry.key for entry in live_entries(platform_po(language))}
    missing = [entry.label() for key, entry in source_strings.items() if key not in known]
    assert not missing, (
        f"{language}: {len(missing)} strings in the code are not in "
        f"{relative(platform_po(language))} (run make messages, then translate): {first(missing)}"
    )


def allauth_catalogue(language: str) -> Path:
    return ALLAUTH_LOCALE / to_locale(language) / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", OFFERED)
def test_accounts_pages_are_translated(language):
    """Ours first (LOCALE_PATHS), then allauth's own catalogue, as Django looks them up."""
    translated: set[tuple[str | None, str]] = set()
    sources = [*catalogues(language), allauth_catalogue(language)]
    for po in sources:
        if po.exists():
            translated |= {e.key for e in live_entries(po) if e.translated and not e.fuzzy}
    shown = live_entries(ALLAUTH_POT)
    missing = [entry.label() for entry in shown if entry.key not in translated]
    assert not missing, (
        f"{language}: {len(missing)} strings of the accounts pages have no translation in "
        f"{relative(accounts_po(language))} nor in allauth's own catalogue: {first(missing)}"
    )


def test_accounts_strings_are_those_of_the_installed_allauth():
    """allauth.pot must follow an allauth upgrade: `make messages` takes it from allauth again."""
    shown = {entry.key for entry in live_entries(ALLAUTH_POT)}
    installed = {entry.key for entry in live_entries(ALLAUTH_LOCALE / "en/LC_MESSAGES/django.po")}
    gone = sorted(label for _context, label in shown - installed)
    assert len(shown) > 200
    assert not gone, f"allauth no longer has these strings: run make messages: {first(gone)}"


@pytest.mark.parametrize("language", OFFERED)
def test_catalogue_declares_its_language_and_plural_rule(language):
    for po in existing_catalogues(language):
        header, _entries = read_po(po)
        declared = header.get("Language")
        assert declared == to_locale(language), (
            f"{relative(po)}: the Language header says {declared!r}, not {to_locale(language)!r}"
        )
        rule = header.get("Plural-Forms", "")
        assert rule.startswith("nplurals=") and "INTEGER" not in rule, (
            f"{relative(po)}: Plural-Forms is {rule!r}: give the language's plural rule"
        )


@pytest.mark.parametrize(
    ("language", "remember_me", "forgot"),
    [
        ("cy", "Cofio fi", "Wedi anghofio eich cyfrinair?"),  # locale_allauth/cy
        ("ti", "ዘክረኒ", "መሕለፊ ቃልካ ረሲዕካዮ?"),  # locale_allauth/ti
        ("ar", "تذكرني", "هل نسيت كلمة المرور؟"),  # allauth's own Arabic catalogue
    ],
)
def test_the_sign_in_page_speaks_the_language(client, db, language, remember_me, forgot):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/accounts/login/").content.decode()
    assert remember_me in html
    assert forgot in html
