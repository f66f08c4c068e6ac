"""`make backup` and `make restore` on PostgreSQL: back up, wipe the database and the files,
restore, and the certificate still verifies and its PDF still downloads. Runs in CI; without
PostgreSQL and pg_dump it skips locally."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django_scopes import scopes_disabled

from awards.models import Award
from tests.conftest import skip_or_fail
from tests.factories.certificates import held_award

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def make(target: str, **variables) -> subprocess.CompletedProcess:
    """Run a make target with this test's database and folders, as an operator would."""
    database = settings.DATABASES["default"]
    url = (
        f"postgres://{database['USER']}:{database.get('PASSWORD') or ''}@"
        f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sanctuary.settings",
        "DATABASE_URL": url,
        "PRIVATE_MEDIA_ROOT": str(settings.STORAGES["private"]["OPTIONS"]["location"]),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    arguments = [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(
        ["make", "--no-print-directory", target, *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        skip_or_fail("DATABASE_URL should point at PostgreSQL")
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        skip_or_fail("pg_dump and pg_restore (postgresql-client) should be installed")


def test_backup_wipe_restore_keeps_certificate_verifiable_and_downloadable(
    postgres, world, client, tmp_path
):
    award = held_award(world)
    number = award.certificate_number
    with scopes_disabled():
        pdf_name = Award.objects.get(pk=award.pk).certificate_file.name
    private = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert (private / pdf_name).is_file()
    folder = tmp_path / "backup-1"

    made = make("backup", BACKUP_DIR=folder)
    assert made.returncode == 0, made.stderr
    assert sorted(path.name for path in folder.iterdir()) == [
        "database.dump",
        "files.tar.gz",
        "manifest.json",
    ]

    # Wipe: every table gone, every private file gone.
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
        cursor.execute("SELECT to_regclass('public.awards_award')")
        assert cursor.fetchone() == (None,)
    shutil.rmtree(private)

    refused = make("restore", FROM=folder)
    assert refused.returncode != 0
    assert "add CONFIRM=yes" in refused.stdout
    restored = make("restore", FROM=folder, CONFIRM="yes")
    assert restored.returncode == 0, restored.stderr
    assert "Restored the postgresql database and files" in restored.stdout

    verified = client.get(reverse("awards:verify", args=[number]))
    assert verified.status_code == 200
    assert world.organisation_a.name in verified.content.decode()
    client.force_login(world.contact_a)
    download = client.get(reverse("awards:certificate_download", args=[award.pk]))
    assert download.status_code == 200
    pdf = b"".join(download.streaming_content) if download.streaming else download.content
    assert pdf.startswith(b"%PDF-")
    assert pdf == (private / pdf_name).read_bytes()


def test_restore_refuses_a_damaged_backup(postgres, world, tmp_path):
    folder = tmp_path / "backup-2"
    assert make("backup", BACKUP_DIR=folder).returncode == 0
    with (folder / "files.tar.gz").open("ab") as archive:
        archive.write(b"tampered")
    result = make("restore", FROM=folder, CONFIRM="yes")
    assert result.returncode != 0
    assert "files.tar.gz is missing or damaged" in result.stderr
