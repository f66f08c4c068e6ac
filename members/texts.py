"""Document text: Markdown rendered to safe HTML, and plain text turned into Markdown.

Documents are written by staff or imported from files, and shown on public pages, so the
HTML that Markdown produces is cleaned with nh3 against a short list of tags before it is
marked safe. Headings start at level 2: the page's own title is its only h1.
"""

import html
import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions.toc import TocExtension, slugify_unicode

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    **{f"h{level}": {"id"} for level in range(2, 7)},
    "ol": {"start"},
    "th": {"scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}
SECTION_ID_PREFIX = "section-"


def _section_id(value: str, separator: str) -> str:
    # A prefix keeps headings' ids apart from the page's own (#main, #page-title).
    return SECTION_ID_PREFIX + slugify_unicode(value, separator)


def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            TocExtension(baselevel=2, slugify=_section_id, toc_depth="2-3"),
            "sane_lists",
            "tables",
        ],
        output_format="html",
    )


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML that is safe to put in a page."""
    cleaned = nh3.clean(
        _converter().convert(text or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    # Safe because nh3 kept only the tags and attributes listed above.
    return mark_safe(cleaned)


def section_titles(text: str) -> list[dict[str, str]]:
    """The document's top-level sections, as [{"id": ..., "title": ...}], for a contents list."""
    converter = _converter()
    converter.convert(text or "")
    return [
        {"id": token["id"], "title": html.unescape(nh3.clean(token["name"], tags=set()))}
        for token in converter.toc_tokens
    ]


BULLET = re.compile(r"^\s*[-*•·–]\s+")
NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+")
SENTENCE_END = (".", ",", ";", ":")


def _looks_like_heading(line: str) -> bool:
    return (
        len(line) <= 80
        and len(line.split()) <= 10
        and not line.endswith(SENTENCE_END)
        and not BULLET.match(line)
        and not NUMBERED.match(line)
        and (line[0].isupper() or line[0].isdigit())
    )


def _list_line(line: str) -> str | None:
    if BULLET.match(line):
        return BULLET.sub("- ", line, count=1)
    if NUMBERED.match(line):
        return line.strip()
    return None


def plain_text_to_markdown(text: str, *, title: str = "") -> str:
    """Turn a plain text document (as exported from a word processor) into Markdown.

    A paragraph of one short line without a closing full stop is a heading; a heading that
    repeats an earlier one (a page header, or the title itself) is dropped, so its text
    continues the section above. Bullets become Markdown lists, numbered lines stay numbered.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    seen_headings = {" ".join(title.split()).casefold()} if title else set()
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [" ".join(line.split()) for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and _looks_like_heading(lines[0]):
            key = lines[0].casefold()
            if key not in seen_headings:
                seen_headings.add(key)
                blocks.append(f"# {lines[0]}")
            continue
        out: list[str] = []
        list_kind = None  # "-" for bullets, "1" for numbers
        for line in lines:
            item = _list_line(line)
            if item is None:
                # Inside a list, a plain line carries on the item above.
                out.append("  " + line if list_kind else line)
                continue
            kind = "-" if item.startswith("-") else "1"
            if kind != list_kind and out:
                out.append("")  # Markdown starts a new list after a blank line
            list_kind = kind
            out.append(item)
        blocks.append("\n".join(out))
    return "\n\n".join(blocks) + "\n"
