"""Backing up and restoring a whole platform: the database (pg_dump's custom format, or a copy
of the SQLite file in the embedded demo) and the files (private files and media, one tarball),
into one folder with a manifest of checksums. `make backup` and `make restore` call these
through `manage.py backup` and `manage.py restore`.

A backup folder holds personal data: keep it where only operators can read it.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections

MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
FILES = "files.tar.gz"
# The tarball's top folders, and the storages they come from.
FILE_STORAGES = {"private": "private", "media": "default"}


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _database() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def _engine() -> str:
    engine = _database()["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Backups know PostgreSQL and SQLite, not {engine}.")


def _postgres_env() -> dict:
    """libpq's variables, so that the password never appears in a process list."""
    database = _database()
    values = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGDATABASE": database["NAME"],
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def _run(command: list[str]) -> None:
    result = subprocess.run(
        command, env=_postgres_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _folders() -> dict[str, Path]:
    folders = {}
    for top, alias in FILE_STORAGES.items():
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            folders[top] = Path(storage.location)
    return folders


def back_up(folder: Path) -> dict:
    """Write a backup into `folder` (made if missing, and it must be empty); return the
    manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: a backup goes into a folder of its own.")
    engine = _engine()
    if engine == "postgresql":
        database_file = POSTGRES_DUMP
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={folder / POSTGRES_DUMP}",
            ]
        )
    else:
        database_file = SQLITE_COPY
        source = connections["default"]
        source.ensure_connection()
        with sqlite3.connect(folder / SQLITE_COPY) as target:
            source.connection.backup(target)
        target.close()
    folders = _folders()
    with tarfile.open(folder / FILES, "w:gz") as archive:
        for top, location in folders.items():
            location.mkdir(parents=True, exist_ok=True)
            archive.add(location, arcname=top)
    manifest = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "folders": sorted(folders),
        "sha256": {name: _sha256(folder / name) for name in [database_file, FILES]},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} holds no readable {MANIFEST}: {error}") from error
    for name, expected in manifest["sha256"].items():
        path = folder / name
        if not path.exists() or _sha256(path) != expected:
            raise BackupError(f"{path} is missing or damaged (its checksum does not match).")
    if manifest["engine"] != _engine():
        raise BackupError(
            f"The backup is of a {manifest['engine']} database; this platform uses {_engine()}."
        )
    return manifest


def restore(folder: Path) -> dict:
    """Replace the database and the files with the backup in `folder`; return its manifest.
    Everything written since the backup is lost."""
    manifest = _read_manifest(folder)
    if manifest["engine"] == "postgresql":
        connections.close_all()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={_database()['NAME']}",
                str(folder / POSTGRES_DUMP),
            ]
        )
    else:
        target = connections["default"]
        target.ensure_connection()
        with sqlite3.connect(folder / SQLITE_COPY) as source:
            source.backup(target.connection)
        source.close()
    folders = _folders()
    with tarfile.open(folder / FILES, "r:gz") as archive:
        for top, location in folders.items():
            if location.exists():
                shutil.rmtree(location)
            location.mkdir(parents=True)
            members = [
                member.replace(name=member.name[len(top) + 1 :])
                for member in archive.getmembers()
                if member.name.startswith(f"{top}/")
            ]
            # The "data" filter refuses absolute paths, links out of the folder and devices.
            archive.extractall(location, members=members, filter="data")
    return manifest
