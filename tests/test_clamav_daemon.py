"""The production scanner against a real clamd (Debian's clamav-daemon), not the fake.

There is no network for freshclam here or in CI, but clamd loads any signature file in its
database folder. So the test writes the project's own one-line signature for the EICAR test
string (built from parts, so no file in the repository is itself "infected"), starts clamd on
a Unix socket in a temporary folder with a minimal configuration, and sends uploads through
`check_upload` with `sanctuary.scanning.ClamAVScanner`, as production does. With so small a
database clamd is ready in well under a second (it prints the time it took, for the record).
"""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sanctuary.scanning import ClamAVScanner
from sanctuary.uploads import check_upload
from tests.conftest import skip_or_fail
from tests.test_upload_safety import pdf_bytes

CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
SIGNATURE_NAME = "Sanctuary.Test.EICAR"
# The EICAR test file (eicar.org), in two halves so that this file is not one.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-" + rb"STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
STARTUP_LIMIT_SECONDS = 30


def _answers(path: Path) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(1)
            connection.connect(str(path))
            connection.sendall(b"zPING\0")
            return connection.recv(16).startswith(b"PONG")
    except OSError:
        return False


@pytest.fixture(scope="module")
def clamd_url(tmp_path_factory):
    if not Path(CLAMD).exists():
        skip_or_fail(f"clamd is not installed at {CLAMD} (apt-get install clamav-daemon)")
    folder = tmp_path_factory.mktemp("clamd")
    database = folder / "db"
    database.mkdir()
    # An extended signature (.ndb): name, any file type (0), anywhere (*), the bytes in hex.
    (database / "sanctuary.ndb").write_text(f"{SIGNATURE_NAME}:0:*:{EICAR.hex()}\n")
    sock = folder / "clamd.sock"
    config = folder / "clamd.conf"
    config.write_text(
        "\n".join(
            [
                f"DatabaseDirectory {database}",
                f"LocalSocket {sock}",
                f"LogFile {folder / 'clamd.log'}",
                f"PidFile {folder / 'clamd.pid'}",
                f"TemporaryDirectory {folder}",
                "Foreground yes",
                "SelfCheck 0",
                "",
            ]
        )
    )
    output = folder / "clamd.out"
    started = time.monotonic()
    with output.open("wb") as written:
        process = subprocess.Popen(
            [CLAMD, "--config-file", str(config)], stdout=written, stderr=subprocess.STDOUT
        )
    try:
        while not _answers(sock):
            if process.poll() is not None:
                pytest.fail(f"clamd stopped: {output.read_text()[-2000:]}")
            if time.monotonic() - started > STARTUP_LIMIT_SECONDS:
                pytest.fail(f"clamd did not answer within {STARTUP_LIMIT_SECONDS} s")
            time.sleep(0.05)
        print(f"clamd answered {time.monotonic() - started:.2f} s after it was started")
        yield f"unix://{sock}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def production_scanner(settings, clamd_url):
    settings.SANCTUARY_UPLOAD_SCANNER = "sanctuary.scanning.ClamAVScanner"
    settings.SANCTUARY_CLAMAV_URL = clamd_url
    return clamd_url


def test_real_clamd_refuses_eicar_inside_a_valid_pdf(production_scanner):
    content = pdf_bytes(b"BT (" + EICAR + b") Tj ET")
    with pytest.raises(ValidationError, match="did not pass the virus check") as caught:
        check_upload(SimpleUploadedFile("policy.pdf", content))
    assert caught.value.code == "malware"
    assert caught.value.messages == ["The file did not pass the virus check, so it was not stored."]
    # What clamd itself said: our signature, by name.
    finding = ClamAVScanner(url=production_scanner, timeout=10)(
        SimpleUploadedFile("policy.pdf", content)
    )
    assert finding == f"{SIGNATURE_NAME}.UNOFFICIAL"


def test_real_clamd_accepts_a_clean_pdf(production_scanner):
    content = pdf_bytes(b"BT (Our welcome policy) Tj ET")
    checked = check_upload(SimpleUploadedFile("policy.pdf", content))
    assert (checked.content_type, checked.name, checked.size) == (
        "application/pdf",
        "policy.pdf",
        len(content),
    )
    assert checked.file.read() == content


def test_real_clamd_answers_the_readiness_ping(production_scanner):
    assert ClamAVScanner(url=production_scanner, timeout=5).ping() is True
