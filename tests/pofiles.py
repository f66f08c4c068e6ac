"""A small reader for gettext PO files, enough for the catalogue checks (no Django, no packages).

It reads what makemessages, msgmerge and Poedit write: comments, flags, msgctxt, msgid,
msgid_plural, msgstr and msgstr[n], and obsolete (#~) entries, which it keeps apart.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")
# Placeholders the platform's strings use: %(name)s, %s / %d, and {name} / {0} of str.format.
_PLACEHOLDER = re.compile(r"%\([^)]+\)[#0 +\-]*\d*(?:\.\d+)?[sdifrxXeEgGc]|%[sdifr]|\{[\w.]*\}")


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), body)


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())

    def label(self) -> str:
        return f"{self.msgctxt}|{self.msgid}" if self.msgctxt else self.msgid


def placeholders(text: str) -> set[str]:
    """The placeholders in a string; a literal "%%" is no placeholder."""
    return set(_PLACEHOLDER.findall(text.replace("%%", "")))


def read_po(path: Path) -> tuple[dict[str, str], list[Entry]]:
    """The header's fields, and every entry (obsolete ones flagged), in file order."""
    entries: list[Entry] = []
    entry = Entry()
    last: tuple[str, int | None] | None = None
    seen_keyword = False

    def finish() -> None:
        nonlocal entry, last, seen_keyword
        if seen_keyword:
            entries.append(entry)
        entry, last, seen_keyword = Entry(), None, False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):  # an obsolete entry's previous msgid
                continue
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if seen_keyword and last is not None and last[0] == "msgstr":
                finish()
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            elif line.startswith("#:"):
                entry.references.extend(line[2:].split())
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, value = match.groups()
            if keyword in ("msgctxt", "msgid") and last is not None and last[0] == "msgstr":
                finish()  # an entry that follows the previous one without a blank line
            seen_keyword = True
            entry.obsolete = entry.obsolete or obsolete
            text = _unquote(value)
            if keyword.startswith("msgstr"):
                number = int(index) if index is not None else 0
                entry.msgstr[number] = text
                last = ("msgstr", number)
            else:
                setattr(entry, keyword, text)
                last = (keyword, None)
            continue
        if line.startswith('"') and last is not None:
            text = _unquote(line)
            kind, number = last
            if kind == "msgstr":
                entry.msgstr[number] += text
            else:
                setattr(entry, kind, (getattr(entry, kind) or "") + text)
            continue
        raise ValueError(f"{path}: cannot read the line {raw!r}")
    finish()

    header: dict[str, str] = {}
    if entries and entries[0].msgid == "" and entries[0].msgctxt is None:
        for part in entries.pop(0).msgstr.get(0, "").splitlines():
            name, _, value = part.partition(":")
            if name:
                header[name.strip()] = value.strip()
    return header, entries


def live_entries(path: Path) -> list[Entry]:
    """The entries a compiled catalogue can contain: every entry not marked obsolete."""
    return [entry for entry in read_po(path)[1] if not entry.obsolete]
