"""System checks for the things a production stack gets wrong: folders the app cannot write,
and (with --deploy) a malware scanner that scans nothing.

`manage.py check` runs them; the web (sanctuary/wsgi.py) and the Celery worker
(sanctuary/celery.py) run the storage check at start-up too, so a container whose volume is
missing or owned by root stops at once instead of failing on the first upload.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, storages

STORAGE_TAG = "sanctuary_storage"
NO_SCANNER = "sanctuary.uploads.scan_nothing"


def _unwritable_reason(folder: Path) -> str | None:
    """None when files can be created in the folder (made if missing), or why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-check-"):
            pass
    except OSError as error:
        return f"{error.strerror or error} (running as uid {os.getuid()})"
    return None


def _local_folders() -> list[tuple[str, Path]]:
    """The folders on this machine that must be writable: private files and media, unless a
    setting moved them to another kind of storage (an object store, say)."""
    folders = []
    for alias, label in [("private", "private files"), ("default", "media")]:
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            folders.append((label, Path(storage.location)))
    return folders


@checks.register(STORAGE_TAG)
def check_storage_writable(app_configs=None, **kwargs):
    errors = []
    for label, folder in _local_folders():
        reason = _unwritable_reason(folder)
        if reason:
            errors.append(
                checks.Error(
                    f"The folder for {label}, {folder}, is not writable: {reason}.",
                    hint=(
                        "Mount a volume there that the app's user owns (docker-compose.yml "
                        "does), or point PRIVATE_MEDIA_ROOT / MEDIA_ROOT at a writable folder."
                    ),
                    id="sanctuary.E001",
                )
            )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_scanner_in_production(app_configs=None, **kwargs):
    if settings.SANCTUARY_UPLOAD_SCANNER != NO_SCANNER:
        return []
    return [
        checks.Warning(
            "Uploads are not scanned for malware: SANCTUARY_UPLOAD_SCANNER names the scanner "
            "that scans nothing.",
            hint=(
                "Run clamd (docker-compose.yml does) and set SANCTUARY_UPLOAD_SCANNER="
                "sanctuary.scanning.ClamAVScanner and SANCTUARY_CLAMAV_URL."
            ),
            id="sanctuary.W001",
        )
    ]


def require_writable_storage() -> None:
    """Stop a process at start-up when its folders are not writable."""
    errors = check_storage_writable()
    if errors:
        raise ImproperlyConfigured("\n".join(error.msg for error in errors))
