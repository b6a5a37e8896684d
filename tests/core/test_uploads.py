from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from teilhabe.core.uploads import validate_upload

ALL = {"pdf", "docx", "xlsx", "odt", "ods", "csv"}


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
ODS = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF"
CSV = "Name;Ort;Plätze\nSprachcafé;Köln;12\nБеседа;Köln;8\n".encode()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "name,content,kind",
    [
        ("a.pdf", PDF, "pdf"),
        ("a.docx", DOCX, "docx"),
        ("a.xlsx", XLSX, "xlsx"),
        ("a.odt", ODT, "odt"),
        ("a.ods", ODS, "ods"),
        ("a.csv", CSV, "csv"),
        ("a.txt", CSV, "csv"),
        ("ohne-endung", PDF, "pdf"),
        ("bom.csv", b"\xef\xbb\xbf" + CSV, "csv"),
    ],
)
def test_accepts_real_files(name: str, content: bytes, kind: str) -> None:
    assert validate_upload(upload(name, content), allowed=ALL) == kind


def test_accepts_real_office_files() -> None:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["Name", "Ort"])
    workbook.save(buffer)
    assert validate_upload(upload("tabelle.xlsx", buffer.getvalue()), allowed={"xlsx"}) == "xlsx"


@pytest.mark.parametrize(
    "name,content",
    [
        ("rechnung.pdf", EXE),  # a Windows executable named .pdf
        ("programm.exe", EXE),
        ("tabelle.xlsx", zip_bytes({"evil.exe": b"MZ"})),  # a plain zip named .xlsx
        ("brief.docx", zip_bytes({"word/document.xml": b"<w/>"})),  # no [Content_Types].xml
        ("brief.odt", zip_bytes({"mimetype": b"application/zip", "x": b""})),
        ("bild.pdf", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("kaputt.docx", b"PK\x03\x04 das ist kein zip"),
        ("liste.csv", b"Name;Ort\nA;B\x00\n"),  # NUL byte: binary, not text
        ("liste.csv", "Name;Ort\nKöln;Düsseldorf\n".encode("latin-1")),  # not UTF-8
    ],
)
def test_refuses_files_whose_content_does_not_match(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError, match="Dateityp") as error:
        validate_upload(upload(name, content), allowed=ALL)
    assert error.value.code == "wrong_kind"


def test_text_is_checked_to_the_end_not_only_the_start() -> None:
    content = CSV * 2000 + b"\x00" + CSV
    assert len(content) > 64 * 1024
    with pytest.raises(ValidationError):
        validate_upload(upload("gross.csv", content), allowed={"csv"})
    assert validate_upload(upload("gross.csv", CSV * 2000), allowed={"csv"}) == "csv"


def test_latin1_csv_gets_a_hint() -> None:
    with pytest.raises(ValidationError, match="UTF-8"):
        validate_upload(upload("liste.csv", "Köln;Düsseldorf\n".encode("latin-1")), allowed={"csv", "xlsx"})


@pytest.mark.parametrize(
    "name,members",
    [
        ("makro.docx", {"[Content_Types].xml": b"<T/>", "word/document.xml": b"<w/>", "word/vbaProject.bin": b"x"}),
        ("makro.xlsx", {"[Content_Types].xml": b"<T/>", "xl/workbook.xml": b"<w/>", "xl/vbaProject.bin": b"x"}),
        (
            "makro.odt",
            {
                "mimetype": b"application/vnd.oasis.opendocument.text",
                "Basic/Standard/Module1.xml": b"<script:module/>",
            },
        ),
        ("skript.ods", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "Scripts/python/x.py": b""}),
    ],
)
def test_refuses_office_files_with_macros(name: str, members: dict[str, bytes]) -> None:
    with pytest.raises(ValidationError, match="Dateityp"):
        validate_upload(upload(name, zip_bytes(members)), allowed=ALL)


def test_accepts_opendocument_with_empty_library_containers() -> None:
    members = {
        "mimetype": b"application/vnd.oasis.opendocument.text",
        "Basic/script-lc.xml": b"<library:libraries/>",
        "content.xml": b"<x/>",
    }
    assert validate_upload(upload("brief.odt", zip_bytes(members)), allowed={"odt"}) == "odt"


def test_refuses_allowed_kind_not_in_allowed_set() -> None:
    with pytest.raises(ValidationError, match="Erlaubt: PDF"):
        validate_upload(upload("a.docx", DOCX), allowed={"pdf"})
    with pytest.raises(ValidationError):
        validate_upload(upload("a.csv", CSV), allowed={"pdf", "docx"})


@pytest.mark.parametrize("name,content", [("rechnung.pdf", DOCX), ("tabelle.xlsx", PDF), ("text.docx", CSV)])
def test_refuses_an_extension_of_another_kind(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError, match="Dateiendung") as error:
        validate_upload(upload(name, content), allowed=ALL)
    assert error.value.code == "wrong_extension"


def test_refuses_too_large_and_empty() -> None:
    with pytest.raises(ValidationError, match="zu groß") as error:
        validate_upload(upload("a.pdf", PDF + b"0" * 2000), allowed={"pdf"}, max_bytes=1000)
    assert error.value.code == "too_large"
    assert validate_upload(upload("a.pdf", PDF), allowed={"pdf"}, max_bytes=len(PDF)) == "pdf"
    with pytest.raises(ValidationError, match="leer"):
        validate_upload(upload("a.pdf", b""), allowed={"pdf"})


def test_default_limit_comes_from_the_settings(settings: object) -> None:
    settings.TEILHABE_MAX_UPLOAD_BYTES = 100  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="zu groß"):
        validate_upload(upload("a.pdf", PDF + b"0" * 200), allowed={"pdf"})
    assert validate_upload(upload("a.pdf", PDF), allowed={"pdf"}) == "pdf"


def test_plain_file_objects_and_position() -> None:
    stream = io.BytesIO(PDF)
    stream.read(3)
    assert validate_upload(stream, allowed={"pdf"}) == "pdf"
    assert stream.tell() == 0


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        validate_upload(upload("a.pdf", PDF), allowed={"pdf", "exe"})
