"""Guards SECURITY.md points at: no raw SQL, and the password rules."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

ROOT = Path(__file__).resolve().parent.parent
APPS = ["sanctuary", "members", "streams", "awards"]
RAW_SQL = re.compile(r"\.raw\(|\.extra\(|RawSQL\(|cursor\.execute\(")
# The readiness probe's "SELECT 1" is the one statement written by hand.
ALLOWED = {
    ("sanctuary/views.py", 'cursor.execute("SELECT 1")'),
    # The benchmark dataset gives the planner statistics after its bulk load: no input in it.
    ("awards/management/commands/seed_large.py", 'cursor.execute("ANALYZE")'),
    # The sweep's bulk insert: its table, columns and types come from the model, quoted, and
    # every value is a parameter (tests/test_bulk.py stores a hostile one verbatim).
    ("sanctuary/bulk.py", "cursor.execute(sql, [*(value for _f, value in constants), *arrays])"),
}


def test_no_raw_sql_outside_the_readiness_probe():
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if RAW_SQL.search(line):
                    found.add((str(path.relative_to(ROOT)), line.strip()))
    assert found == ALLOWED


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short1!", "too short"), ("password123", "too common"), ("12345678901", "too common")],
)
def test_weak_passwords_are_refused(password, reason):
    with pytest.raises(ValidationError, match=reason):
        validate_password(password)


def test_a_long_passphrase_of_any_composition_is_accepted():
    validate_password("correct horse battery staple 🐴 " * 2)


def test_stored_file_names_never_come_from_the_person():
    from awards.models import certificate_path, evidence_path
    from members.models.affiliation import governing_document_path

    hostile = "../../etc/passwd; rm -rf.pdf"
    names = [
        evidence_path(None, hostile),
        governing_document_path(None, hostile),
        certificate_path(None, hostile),
    ]
    patterns = [
        r"evidence/[0-9a-f]{32}",
        r"affiliations/[0-9a-f]{32}",
        r"certificates/[0-9a-f]{32}\.pdf",
    ]
    assert [bool(re.fullmatch(p, n)) for p, n in zip(patterns, names, strict=True)] == [True] * 3
