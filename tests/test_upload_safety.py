"""Uploads in production: ClamAV (a fake clamd at the edge), office files that would expand
into far more than their size, and PDFs with active content."""

import io
import struct
import zipfile
import zlib

import pytest
from clamdpy import ClamdNetworkSocket, ClamdUnixSocket
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from sanctuary.checks import check_scanner_in_production
from sanctuary.scanning import ClamAVScanner, clamd_client
from sanctuary.uploads import check_upload
from tests.fakes import EICAR, FakeClamd


def pdf_bytes(content: bytes = b"BT ET", build=None) -> bytes:
    """A PDF that pypdf (and any reader) opens: one page whose content stream is `content`."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    if build:
        build(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def refusal(content: bytes, name: str, *, match: str) -> ValidationError:
    with pytest.raises(ValidationError, match=match) as caught:
        check_upload(SimpleUploadedFile(name, content))
    return caught.value


# ClamAV ---------------------------------------------------------------------------------------


@pytest.fixture
def clamd(settings):
    with FakeClamd() as fake:
        settings.SANCTUARY_UPLOAD_SCANNER = "sanctuary.scanning.ClamAVScanner"
        settings.SANCTUARY_CLAMAV_URL = fake.url
        yield fake


def test_clamav_refuses_eicar_inside_a_valid_pdf(clamd):
    content = pdf_bytes(b"BT (" + EICAR + b") Tj ET")
    error = refusal(content, "policy.pdf", match=r"did not pass the virus check")
    assert error.code == "malware"
    assert error.messages == ["The file did not pass the virus check, so it was not stored."]
    # The whole file went to clamd, in order.
    assert clamd.streams == [content]


def test_clamav_passes_a_clean_pdf(clamd):
    content = pdf_bytes()
    checked = check_upload(SimpleUploadedFile("policy.pdf", content))
    assert (checked.content_type, checked.name) == ("application/pdf", "policy.pdf")
    assert clamd.streams == [content]
    assert checked.file.read() == content  # left at the start for storing


def test_upload_refused_when_clamd_cannot_be_reached(settings):
    with FakeClamd() as fake:
        url = fake.url
    settings.SANCTUARY_UPLOAD_SCANNER = "sanctuary.scanning.ClamAVScanner"
    settings.SANCTUARY_CLAMAV_URL = url
    error = refusal(pdf_bytes(), "policy.pdf", match=r"could not check the file for viruses")
    assert (error.code, error.messages) == (
        "scan_unavailable",
        [
            "We could not check the file for viruses just now, so it was not stored. "
            "Please try again in a few minutes."
        ],
    )


def test_clamav_scanner_answers_ping(clamd):
    assert ClamAVScanner().ping() is True


def test_clamd_address_forms():
    unix = clamd_client("unix:///run/clamav/clamd.sock", 5)
    assert isinstance(unix, ClamdUnixSocket)
    assert str(unix.socket_path) == "/run/clamav/clamd.sock"
    tcp = clamd_client("tcp://clamav", 5)
    assert isinstance(tcp, ClamdNetworkSocket)
    assert (tcp.host, tcp.port, tcp.timeout) == ("clamav", 3310, 5)


def test_clamav_scanner_over_a_unix_socket(settings, tmp_path):
    """The same conversation over a Unix socket, as when clamd shares a folder with the app."""
    import socket
    import threading

    path = tmp_path / "clamd.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)
    fake = FakeClamd()

    def serve():
        connection, _ = listener.accept()
        fake._handle(connection)

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        finding = ClamAVScanner(url=f"unix://{path}", timeout=5)(
            SimpleUploadedFile("policy.pdf", pdf_bytes(EICAR))
        )
    finally:
        thread.join(5)
        listener.close()
    assert finding == "Eicar-Test-Signature"


def test_deploy_check_warns_when_uploads_are_not_scanned():
    with override_settings(SANCTUARY_UPLOAD_SCANNER="sanctuary.uploads.scan_nothing"):
        assert [warning.id for warning in check_scanner_in_production()] == ["sanctuary.W001"]
    with override_settings(SANCTUARY_UPLOAD_SCANNER="sanctuary.scanning.ClamAVScanner"):
        assert check_scanner_in_production() == []


# Office files ---------------------------------------------------------------------------------


def docx_with(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


BOMB_MESSAGE = (
    "We could not accept this file: opened, it would become far larger than it is, which is "
    "how harmful files are made. Please save it again (or as a PDF) and upload that."
)


def test_zip_bomb_docx_refused():
    # 150 MiB of zeros squeezed into well under a megabyte.
    bomb = docx_with({"word/document.xml": b"\0" * (150 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    error = refusal(bomb, "policy.docx", match=r"far larger than it is")
    assert (error.code, error.messages) == ("archive_bomb", [BOMB_MESSAGE])


def test_docx_with_a_part_squeezed_too_far_refused():
    squeezed = docx_with({"word/document.xml": b"<w:t>a</w:t>" * (2 * 1024 * 1024)})
    assert refusal(squeezed, "policy.docx", match=r"far larger than it is").code == "archive_bomb"


@override_settings(SANCTUARY_ARCHIVE_MAX_ENTRIES=4)
def test_docx_with_too_many_parts_refused():
    many = docx_with(
        {"word/document.xml": b"<w:document/>"} | {f"word/p{n}.xml": b"" for n in range(4)}
    )
    assert refusal(many, "policy.docx", match=r"far larger than it is").code == "archive_bomb"


def test_ordinary_docx_accepted():
    ordinary = docx_with(
        {"word/document.xml": b"<w:document>" + b"<w:p>words</w:p>" * 500 + b"</w:document>"}
    )
    assert check_upload(SimpleUploadedFile("policy.docx", ordinary)).name == "policy.docx"


# PDFs with active content ---------------------------------------------------------------------

ACTIVE_MESSAGE = (
    "We could not accept this PDF: it contains active content (a script, an action that "
    "starts a program, or files inside it). Please save it again without them, for example "
    "with “Print to PDF”, and upload that."
)


def document_script(writer):
    """A document-level script, in the catalogue's /Names tree, as editors write them."""
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )
    names = ArrayObject([TextStringObject("greeting"), writer._add_object(script)])
    tree = DictionaryObject({NameObject("/Names"): names})
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )


def open_action(action: dict):
    def build(writer):
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject(key): value for key, value in action.items()}
        )

    return build


@pytest.mark.parametrize(
    "build",
    [
        document_script,
        open_action({"/S": NameObject("/JavaScript"), "/JS": TextStringObject("app.alert(1)")}),
        open_action({"/S": NameObject("/Launch"), "/F": TextStringObject("calc.exe")}),
        lambda writer: writer.add_attachment("notes.txt", b"inside"),
    ],
    ids=["javascript", "open-action-javascript", "launch", "embedded-file"],
)
def test_pdf_with_active_content_refused(build):
    error = refusal(pdf_bytes(build=build), "policy.pdf", match=r"contains active content")
    assert (error.code, error.messages) == ("pdf_active", [ACTIVE_MESSAGE])


def test_pdf_with_javascript_in_escaped_name_refused():
    content = pdf_bytes(build=document_script)
    disguised = content.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS", b"/J#53")
    assert b"/JavaScript" not in disguised
    assert refusal(disguised, "policy.pdf", match=r"contains active content").code == "pdf_active"


def pdf_with_object_stream(action: bytes) -> bytes:
    """A PDF 1.5 whose objects, the opening action among them, sit in one compressed object
    stream, with a cross-reference stream: the action's words are nowhere in the raw bytes."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        action,
    ]
    bodies, offsets, position = [], [], 0
    for obj in objects:
        offsets.append(position)
        bodies.append(obj + b"\n")
        position += len(obj) + 1
    header = b" ".join(
        b"%d %d" % (number, offset) for number, offset in zip(range(1, 5), offsets, strict=True)
    )
    header += b"\n"
    packed = zlib.compress(header + b"".join(bodies))
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    stream_offset = out.tell()
    out.write(
        b"5 0 obj\n<< /Type /ObjStm /N 4 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(packed))
    )
    out.write(packed + b"\nendstream\nendobj\n")
    xref_offset = out.tell()
    rows = [struct.pack(">BHB", 0, 0, 255)]
    rows += [struct.pack(">BHB", 2, 5, index) for index in range(4)]
    rows += [struct.pack(">BHB", 1, stream_offset, 0), struct.pack(">BHB", 1, xref_offset, 0)]
    table = b"".join(rows)
    out.write(
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 2 1] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
    )
    out.write(table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset)
    return out.getvalue()


def test_pdf_with_javascript_in_a_compressed_object_stream_refused():
    content = pdf_with_object_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>")
    assert b"JavaScript" not in content
    assert refusal(content, "policy.pdf", match=r"contains active content").code == "pdf_active"


def test_pdf_with_harmless_object_stream_accepted():
    content = pdf_with_object_stream(b"<< /S /GoTo /D [3 0 R /Fit] >>")
    assert check_upload(SimpleUploadedFile("policy.pdf", content)).content_type == "application/pdf"


def test_plain_pdf_with_an_opening_view_accepted():
    # An opening action that only shows the first page is not active content.
    content = pdf_bytes(
        build=open_action({"/S": NameObject("/GoTo"), "/D": TextStringObject("p1")})
    )
    assert check_upload(SimpleUploadedFile("policy.pdf", content)).content_type == "application/pdf"
