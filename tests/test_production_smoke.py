"""The production layout end to end (deploy/smoke.py): the Dockerfile's non-root user,
compose's volumes in a temporary root, production settings, gunicorn and a Celery worker as
that user; an upload stored, a certificate rendered by the worker and downloaded, `make backup`
holding both, and sanctuary.E001 when the private folder is not the user's to write.

It creates the user and switches to it, so it needs root (CI runs as root), and PostgreSQL,
Redis and clamd (CI has them). Without them it skips outside CI and fails in CI. Its database
is DATABASE_URL's name with `_smoke` added (dropped and made again), its Redis database 12.
"""

import os
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.services, pytest.mark.xdist_group("production-smoke")]
TIMEOUT = 420  # seconds; it takes about two minutes on this machine's two cores


def smoke_env() -> dict[str, str]:
    url = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
    if url.scheme not in {"postgres", "postgresql"}:
        skip_or_fail("the smoke needs PostgreSQL: set DATABASE_URL")
    env = dict(os.environ)
    env.setdefault("SANCTUARY_SMOKE_POSTGRES", f"postgres://{url.netloc}")
    env.setdefault("SANCTUARY_SMOKE_DATABASE", f"{url.path.strip('/') or 'sanctuary'}_smoke")
    return env


def test_production_layout_serves_stores_renders_backs_up_and_refuses_an_unwritable_volume():
    if os.geteuid() != 0:
        skip_or_fail("the smoke creates the `sanctuary` user and switches to it: run as root")
    for tool in ("clamd", "make", "pg_dump", "useradd", "ps"):
        if not (shutil.which(tool) or Path("/usr/sbin", tool).exists()):
            skip_or_fail(f"the smoke needs {tool}")
    env = smoke_env()
    try:
        ran = subprocess.run(
            [sys.executable, str(ROOT / "deploy" / "smoke.py")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"the smoke took longer than {TIMEOUT} s: {error.stdout!r}")
    print(ran.stdout)
    assert ran.returncode == 0, ran.stdout[-4000:] + ran.stderr[-4000:]
    steps = [line for line in ran.stdout.splitlines() if line.startswith("--> ")]
    assert len(steps) == 8, steps
    for said in (
        "the app's user runs",
        "the evidence: evidence/",
        "the certificate: certificates/",
        "smoke: passed in",
    ):
        assert said in ran.stdout, said
