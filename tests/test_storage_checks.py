"""Private files and media must be writable by the app's user, or nothing starts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.test import override_settings

from sanctuary.checks import check_storage_writable

ROOT = Path(__file__).resolve().parent.parent


def storages_at(private: Path, media: Path) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": private, "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def check_with(private: Path, media: Path) -> list:
    with override_settings(STORAGES=storages_at(private, media)):
        storages._storages = {}
        try:
            return check_storage_writable()
        finally:
            storages._storages = {}


def test_storage_check_writable_folders_pass(tmp_path):
    assert check_with(tmp_path / "private", tmp_path / "media") == []
    assert (tmp_path / "private").is_dir()


def test_storage_check_private_folder_unwritable_is_an_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    errors = check_with(blocker / "private", tmp_path / "media")
    assert [error.id for error in errors] == ["sanctuary.E001"]
    assert errors[0].level == 40  # ERROR: `manage.py check` fails.
    assert f"The folder for private files, {blocker / 'private'}, is not writable" in errors[0].msg


def run_with_private_folder(args: list[str], private: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sanctuary.settings",
        "SANCTUARY_EMBEDDED": "1",
        "PRIVATE_MEDIA_ROOT": str(private),
        "MEDIA_ROOT": str(private.parent.parent / "media"),
        "DATABASE_URL": f"sqlite:///{private.parent.parent / 'check.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )


@pytest.fixture
def unwritable_private(tmp_path) -> Path:
    """A private folder that cannot be created. (Tests may run as root, who writes through any
    permission bits, so a file stands where the folder's parent should be.)"""
    blocker = tmp_path / "var"
    blocker.write_text("not a folder")
    return blocker / "private"


def test_manage_check_fails_when_private_folder_not_writable(unwritable_private):
    result = run_with_private_folder(["manage.py", "check"], unwritable_private)
    assert result.returncode == 1
    assert "sanctuary.E001" in result.stderr
    assert "The folder for private files" in result.stderr


def test_web_process_refuses_to_start_when_private_folder_not_writable(unwritable_private):
    result = run_with_private_folder(["-c", "import sanctuary.wsgi"], unwritable_private)
    assert result.returncode == 1
    assert "ImproperlyConfigured: The folder for private files" in result.stderr


def test_web_process_starts_with_writable_folders(tmp_path):
    result = run_with_private_folder(["-c", "import sanctuary.wsgi"], tmp_path / "var" / "private")
    assert (result.returncode, result.stderr) == (0, "")


def test_web_process_keeps_what_loading_made_out_of_full_collections(tmp_path):
    """sanctuary/wsgi.py freezes the objects made while loading (gc.freeze()), so that the
    collector's full passes in the middle of requests do not walk them."""
    script = "import gc, sanctuary.wsgi; print(gc.get_freeze_count())"
    result = run_with_private_folder(["-c", script], tmp_path / "var" / "private")
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 10_000
