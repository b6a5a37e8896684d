from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from teilhabe.core.uploads import validate_upload


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF"


@pytest.mark.parametrize(
    "name,content,kind",
    [
        ("a.pdf", PDF, "pdf"),
        ("a.docx", DOCX, "docx"),
        ("a.xlsx", XLSX, "xlsx"),
        ("a.odt", ODT, "odt"),
        ("a.csv", "Name;Ort\nKöln;Ja\n".encode(), "csv"),
    ],
)
def test_accepts_real_files(name: str, content: bytes, kind: str) -> None:
    assert validate_upload(SimpleUploadedFile(name, content), allowed={"pdf", "docx", "xlsx", "odt", "csv"}) == kind


@pytest.mark.parametrize(
    "name,content",
    [
        ("rechnung.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),  # a Windows executable named .pdf
        ("tabelle.xlsx", zip_bytes({"evil.exe": b"MZ"})),  # a plain zip named .xlsx
        ("bild.pdf", b"\x89PNG\r\n\x1a\n\x00\x00"),
    ],
)
def test_refuses_files_whose_content_does_not_match(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError, match="Dateityp"):
        validate_upload(SimpleUploadedFile(name, content), allowed={"pdf", "xlsx"})


def test_refuses_allowed_kind_not_in_allowed_set() -> None:
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("a.docx", DOCX), allowed={"pdf"})


def test_refuses_too_large_and_empty() -> None:
    with pytest.raises(ValidationError, match="zu groß"):
        validate_upload(SimpleUploadedFile("a.pdf", PDF + b"0" * 2000), allowed={"pdf"}, max_bytes=1000)
    with pytest.raises(ValidationError, match="leer"):
        validate_upload(SimpleUploadedFile("a.pdf", b""), allowed={"pdf"})
