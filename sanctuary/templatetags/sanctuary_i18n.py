"""Marking text with the language it is really in (sanctuary.i18n).

    <h3{{ criterion.display_title|lang_attrs }}>{{ criterion.display_title }}</h3>
    <div class="prose"{{ application.language|lang_attrs:"auto" }}>...</div>
    {{ scheme.display_name|in_lang }}

`lang_attrs` takes an InLanguage text or a language code and gives ` lang="en" dir="ltr"` when
that language is not the page's, and nothing when it is. With "auto", the direction is left to
the browser (dir="auto", always written), for text people typed, which may not be in the
language it claims. `in_lang` wraps an inline text in a span with those attributes when needed.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from sanctuary.i18n import InLanguage, active_language, is_bidi
from sanctuary.i18n import language_name as name_of_language

register = template.Library()


def _language_of(value) -> str:
    if isinstance(value, InLanguage):
        return value.language
    return str(value or "")


@register.filter
def lang_attrs(value, direction: str = "") -> SafeString:
    language = _language_of(value)
    differs = bool(language) and language != active_language()
    if direction == "auto":
        if differs:
            return format_html(' lang="{}" dir="auto"', language)
        return mark_safe(' dir="auto"')
    if not differs:
        return mark_safe("")
    return format_html(' lang="{}" dir="{}"', language, "rtl" if is_bidi(language) else "ltr")


@register.filter
def in_lang(value) -> SafeString:
    attributes = lang_attrs(value) if isinstance(value, InLanguage) else ""
    if not attributes:
        return format_html("{}", value)
    return format_html("<span{}>{}</span>", attributes, value)


@register.filter
def language_name(code: str) -> str:
    """A language's name in the page's language: "Welsh", "Cymraeg" on a Welsh page."""
    return name_of_language(str(code or ""))
