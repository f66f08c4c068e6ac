"""The language each piece of a page's text is declared in: the nearest `lang` above it."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class _LangParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        lang = dict(attrs).get("lang")
        self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if data.strip():
            lang = next((lang for _tag, lang in reversed(self.stack) if lang is not None), None)
            self.texts.append((" ".join(data.split()), lang))


def languages_of(html: str, text: str) -> set[str | None]:
    """The declared languages of every text node of the page that reads `text` exactly."""
    parser = _LangParser()
    parser.feed(html)
    return {lang for data, lang in parser.texts if data == text}
