from django import template
from django.utils.translation import get_language_info

from members.texts import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Markdown written by staff or imported, as cleaned HTML."""
    return render_markdown(text)


@register.filter
def text_direction(language: str) -> str:
    """ "rtl" or "ltr" for a language code, for text shown in a language not the page's."""
    try:
        return "rtl" if get_language_info(language)["bidi"] else "ltr"
    except KeyError:
        return "ltr"
