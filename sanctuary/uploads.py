"""Checks every upload (award evidence, governing documents) before it is stored: its size,
its type by content (never by the name alone), what it holds (office files that would expand
into far more than their size, PDFs with scripts, launch actions or embedded files), and a
malware scan through the scanner that settings name.

SANCTUARY_UPLOAD_SCANNER is the dotted path of a callable (or of a class, made once with no
arguments) that takes the uploaded file and returns None when the file is clean, or the name
of what it found; it may raise sanctuary.scanning.ScannerUnavailable. Production names
sanctuary.scanning.ClamAVScanner (docker-compose.yml runs clamd); the embedded demo scans
nothing; the tests name a fake that finds the EICAR test string.
"""

import logging
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.module_loading import import_string
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanctuary.scanning import ScannerUnavailable

logger = logging.getLogger(__name__)

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
# The office formats that are zip archives inside.
ZIP_TYPES = {mime for mime in ACCEPTED_TYPES if "openxmlformats" in mime or "opendocument" in mime}
# Names in a PDF that make it do something when opened, or carry other files within it.
PDF_ACTIVE_NAMES = {
    b"JavaScript",
    b"JS",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"RichMedia",
}
PDF_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/RichMediaExecute"}
PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# More objects than this in one PDF is not a document people write by hand.
PDF_MAX_OBJECTS = 200_000


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


def _scanner(path: str):
    scanner = import_string(path)
    return scanner() if isinstance(scanner, type) else scanner


def _archive_refusal() -> ValidationError:
    return ValidationError(
        _(
            "We could not accept this file: opened, it would become far larger than it is, "
            "which is how harmful files are made. Please save it again (or as a PDF) and "
            "upload that."
        ),
        code="archive_bomb",
    )


def check_archive(upload: UploadedFile) -> None:
    """Refuse an office file (a zip inside) with too many parts, too much inside, or a part
    squeezed far more than documents are. Every part is read, counted as it expands, so a
    part whose header understates its size is caught too."""
    max_entries = settings.SANCTUARY_ARCHIVE_MAX_ENTRIES
    max_total = settings.SANCTUARY_ARCHIVE_MAX_BYTES
    max_ratio = settings.SANCTUARY_ARCHIVE_MAX_RATIO
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > max_entries:
                raise _archive_refusal()
            declared = 0
            for entry in entries:
                declared += entry.file_size
                squeezed = entry.file_size / max(entry.compress_size, 1)
                if declared > max_total or (entry.file_size > 1024 * 1024 and squeezed > max_ratio):
                    raise _archive_refusal()
            expanded = 0
            for entry in entries:
                with archive.open(entry) as part:
                    while chunk := part.read(1024 * 1024):
                        expanded += len(chunk)
                        if expanded > max_total:
                            raise _archive_refusal()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        raise ValidationError(
            _("We could not open this file to check it. Please save it again and upload that."),
            code="unreadable",
        ) from error
    finally:
        upload.seek(0)


def _pdf_names(content: bytes) -> set[bytes]:
    """Every name written in the file's own bytes, with #xx escapes undone."""
    return {
        PDF_NAME_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), name)
        for name in PDF_NAME.findall(content)
    }


def _pdf_has_active_objects(content: bytes) -> bool | None:
    """Walk every object of the PDF, compressed object streams included: True when one is a
    script, a launch action or an embedded file; None when the PDF cannot be parsed."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import DictionaryObject, IndirectObject

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(content), strict=False)
            numbers = {number for table in reader.xref.values() for number in table}
            numbers |= set(reader.xref_objStm)
            if len(numbers) > PDF_MAX_OBJECTS:
                return True
            for number in sorted(numbers):
                try:
                    obj = reader.get_object(IndirectObject(number, 0, reader))
                except (PyPdfError, ValueError, KeyError, OSError):
                    continue
                if isinstance(obj, DictionaryObject) and _is_active(obj):
                    return True
    except (PyPdfError, ValueError, KeyError, OSError, RecursionError):
        return None
    return False


def _is_active(obj) -> bool:
    keys = {str(key) for key in obj}
    if keys & {"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/RichMedia"}:
        return True
    return str(obj.get("/S", "")) in PDF_ACTIVE_ACTIONS or obj.get("/Type") == "/EmbeddedFile"


def check_pdf(upload: UploadedFile) -> None:
    """Refuse a PDF with active content: JavaScript (in an opening action or anywhere else),
    actions that start programs, embedded files, rich media."""
    upload.seek(0)
    content = b"".join(upload.chunks())
    upload.seek(0)
    refusal = ValidationError(
        _(
            "We could not accept this PDF: it contains active content (a script, an action "
            "that starts a program, or files inside it). Please save it again without them, "
            "for example with “Print to PDF”, and upload that."
        ),
        code="pdf_active",
    )
    if _pdf_names(content) & PDF_ACTIVE_NAMES:
        raise refusal
    active = _pdf_has_active_objects(content)
    if active:
        raise refusal
    if active is None and b"/ObjStm" in content:
        # Compressed objects we could not read could hide anything.
        raise ValidationError(
            _("We could not open this PDF to check it. Please save it again and upload that."),
            code="unreadable",
        )


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
    if kind.mime in ZIP_TYPES:
        check_archive(upload)
    elif kind.mime == "application/pdf":
        check_pdf(upload)
    try:
        finding = _scanner(settings.SANCTUARY_UPLOAD_SCANNER)(upload)
    except ScannerUnavailable:
        logger.exception("The malware scanner gave no answer; the upload was refused.")
        raise ValidationError(
            _(
                "We could not check the file for viruses just now, so it was not stored. "
                "Please try again in a few minutes."
            ),
            code="scan_unavailable",
        ) from None
    finally:
        upload.seek(0)
    if finding:
        logger.warning("An upload was refused: the malware scanner found %s.", finding)
        raise ValidationError(
            _("The file did not pass the virus check, so it was not stored."), code="malware"
        )
    return CheckedUpload(
        file=upload,
        name=_safe_name(upload.name or "", kind.extension),
        size=size,
        content_type=kind.mime,
    )


def private_storage() -> Storage:
    """Uploaded documents are never served from the media URL, only by views that check who asks."""
    return storages["private"]
