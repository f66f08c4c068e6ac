"""Checks every upload (award evidence, governing documents) before it is stored: its size,
its type by content (never by the name alone), and a malware scan through the scanner that
settings name.

SANCTUARY_UPLOAD_SCANNER is the dotted path of a callable that takes the uploaded file and
returns None when the file is clean, or the name of what it found. Production names a real
scanner (a ClamAV client, say); the tests name a fake that finds the EICAR test string.
"""

from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.module_loading import import_string
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What we accept, by the type the content shows, with the name people know it by.
ACCEPTED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WebP",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument",
}
ACCEPTED_HELP = gettext_lazy(
    "PDF, Word, Excel, PowerPoint or OpenDocument files, or JPEG, PNG or WebP pictures."
)
# filetype reads this many bytes from the start of a file.
HEAD_BYTES = 8192


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check. Services accept only these."""

    file: UploadedFile
    name: str
    size: int
    content_type: str


def scan_nothing(upload: UploadedFile) -> str | None:
    """The embedded default: no scanner is installed on a laptop demo."""
    return None


def _safe_name(original: str, extension: str) -> str:
    """The person's file name, cleaned, with the extension its content shows."""
    stem = get_valid_filename(PurePath(original).stem)[:150] or "evidence"
    return f"{stem}.{extension}"


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Raise ValidationError with a message for people, or return the checked upload."""
    limit = settings.SANCTUARY_UPLOAD_MAX_BYTES
    size = upload.size or 0  # Django's upload handlers always know it
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; files can be up to %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ACCEPTED_TYPES:
        raise ValidationError(
            _(
                "We could not accept this file: its content is not one of the kinds we "
                "take. %(kinds)s"
            )
            % {"kinds": ACCEPTED_HELP},
            code="type",
        )
    scanner = import_string(settings.SANCTUARY_UPLOAD_SCANNER)
    finding = scanner(upload)
    upload.seek(0)
    if finding:
        raise ValidationError(
            _("The file did not pass the virus check, so it was not stored."), code="malware"
        )
    return CheckedUpload(
        file=upload,
        name=_safe_name(upload.name or "", kind.extension),
        size=size,
        content_type=kind.mime,
    )


def private_storage():
    """Uploaded documents are never served from the media URL, only by views that check who asks."""
    return storages["private"]
