"""Templates of members, streams and the core name workflow states through model properties
or enum members, never by comparing raw choice strings that the tools cannot check."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
RAW_COMPARISON = re.compile(r"""[!=]=\s*["']""")


@pytest.mark.parametrize("folder", ["members", "streams", "sanctuary"])
def test_no_template_compares_a_raw_string(folder):
    offending = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted((TEMPLATES / folder).rglob("*"))
        if path.is_file()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if RAW_COMPARISON.search(line)
    ]
    assert offending == []
