"""Text that people write, and the language it is in.

Content that a network or staff write (criteria, the charter, scheme names, network profiles)
keeps its other languages beside the original, as {"cy": {"title": "...", ...}}. The pages show
each field in the reader's language when it is translated, else the original; either way the
text carries the language it is really in (an `InLanguage`), so a template can mark it with its
own `lang` when that is not the page's (sanctuary/templatetags/sanctuary_i18n.py). A page never
declares a language its text is not in (WCAG 3.1.2).
"""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.utils import translation


class InLanguage(str):
    """A text and the language it is written in ("" when nobody knows)."""

    language: str

    def __new__(cls, text: str, language: str) -> "InLanguage":
        value = super().__new__(cls, text)
        value.language = language
        return value


def active_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def best_translation(
    original: Mapping[str, str],
    translations: Mapping[str, Mapping[str, str]] | None,
    *,
    original_language: str = "",
    language: str | None = None,
    whole: Iterable[str] = (),
) -> dict[str, InLanguage]:
    """Each field of `original` in `language` (the active one) where translated, else the
    original, each marked with the language it is in.

    Fields named in `whole` travel together: unless all of them are translated, every field
    falls back (a charter whose body is not translated keeps its original title too).
    """
    wanted = language or active_language()
    source = original_language or settings.LANGUAGE_CODE
    translated = (translations or {}).get(wanted, {}) if wanted != source else {}
    if any(not translated.get(field) for field in whole):
        translated = {}
    return {
        field: InLanguage(translated[field], wanted)
        if translated.get(field)
        else InLanguage(text or "", source)
        for field, text in original.items()
    }


def language_name(code: str) -> str:
    """The language's name in the active language (Welsh, Arabic), for "Written in ..."."""
    offered = dict(settings.LANGUAGES)
    if code in offered:
        return str(offered[code])
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code


def is_bidi(code: str) -> bool:
    return code.split("-")[0] in settings.LANGUAGES_BIDI


def with_translation(
    translations: Mapping[str, Mapping[str, str]] | None, language: str, fields: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """The translations with `language` set to `fields` (stripped), or removed if all are empty."""
    updated = {code: dict(text) for code, text in (translations or {}).items()}
    cleaned = {name: (value or "").strip() for name, value in fields.items()}
    if any(cleaned.values()):
        updated[language] = cleaned
    else:
        updated.pop(language, None)
    return updated
