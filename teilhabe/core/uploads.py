"""Checks for uploaded files: size, and the kind judged by the content, never by name or browser claim.

Use it in a form's ``clean_<field>``::

    kind = validate_upload(self.cleaned_data["document"], allowed={"pdf", "docx", "odt"})

and store the file under a name of your own with ``EXTENSIONS[kind]`` (never the uploaded name as a path).
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

KIND_LABELS = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "xlsx": "Excel (XLSX)",
    "odt": "OpenDocument-Text (ODT)",
    "ods": "OpenDocument-Tabelle (ODS)",
    "csv": "CSV",
}
#: File name extension of each kind.
EXTENSIONS = {kind: f".{kind}" for kind in KIND_LABELS}
#: Extensions a file of the kind may carry when uploaded (a CSV export is often called .txt).
_ACCEPTED_EXTENSIONS = {**{kind: {ext} for kind, ext in EXTENSIONS.items()}, "csv": {".csv", ".txt"}}
_KNOWN_EXTENSIONS = {ext for exts in _ACCEPTED_EXTENSIONS.values() for ext in exts}

_ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
#: Library containers an OpenDocument file may hold without any macro in them.
_ODF_EMPTY_LIBRARY_FILES = ("script-lc.xml", "script-lb.xml", "dialog-lc.xml", "dialog-lb.xml")
_CHUNK = 64 * 1024


def _zip_kind(file: IO[bytes]) -> str | None:
    """docx, xlsx, odt or ods from the members of a ZIP archive; None for any other archive or a macro file."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            infos = {info.filename: info for info in archive.infolist()}
            if any(_is_macro(name.lower()) for name in infos):
                return None
            mimetype = infos.get("mimetype")
            if mimetype is not None:
                if mimetype.file_size > 100:  # the ODF mimetype member is one short line
                    return None
                return _ODF_MIMETYPES.get(archive.read(mimetype).decode("ascii", "replace").strip())
            if "[Content_Types].xml" in infos:
                if any(name.startswith("word/") for name in infos):
                    return "docx"
                if any(name.startswith("xl/") for name in infos):
                    return "xlsx"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError, NotImplementedError):
        return None
    return None


def _is_macro(name: str) -> bool:
    """A VBA project (docm, xlsm) or an OpenDocument Basic module or script: refused, they run code."""
    if name.endswith("vbaproject.bin") or name.startswith("scripts/"):
        return True
    return name.startswith("basic/") and not name.endswith(_ODF_EMPTY_LIBRARY_FILES)


def _is_utf8_text(file: IO[bytes]) -> bool:
    """The whole file decodes as UTF-8 (a BOM is fine) and holds no NUL byte."""
    file.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := file.read(_CHUNK):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_kind(head: bytes, file: IO[bytes]) -> str | None:
    """The file's real kind from its bytes: pdf, docx, xlsx, odt, ods, csv, or None.

    ``head`` is the start of the file; ``file`` is read further where the kind needs it (ZIP members, text).
    """
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    if _is_utf8_text(file):
        return "csv"
    return None


def _size_of(file: Any) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    return int(size)


def validate_upload(file: Any, *, allowed: set[str], max_bytes: int | None = None) -> str:
    """Raise ValidationError unless ``file`` is one of ``allowed`` kinds and not larger than ``max_bytes``.

    Kinds: pdf (starts with %PDF-), docx and xlsx (ZIP with [Content_Types].xml and word/ or xl/), odt and ods
    (ZIP whose mimetype member names the kind), csv (UTF-8 text without NUL bytes). Office files with macros are
    refused, and so is a name whose extension belongs to another kind ("rechnung.pdf" holding a Word file).
    ``max_bytes`` defaults to settings.TEILHABE_MAX_UPLOAD_BYTES. Returns the detected kind; the file position
    is back at the start.
    """
    unknown = set(allowed) - set(KIND_LABELS)
    if unknown:
        raise ValueError(f"unknown upload kinds: {sorted(unknown)}")
    limit = settings.TEILHABE_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    size = _size_of(file)
    if size > limit:
        raise ValidationError(
            _("Die Datei ist zu groß (%(size)s). Erlaubt sind höchstens %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    file.seek(0)
    head = file.read(8)
    kind = detect_kind(head, file)
    file.seek(0)
    if kind not in allowed:
        message = _("Dieser Dateityp ist hier nicht erlaubt. Erlaubt: %(kinds)s.") % {
            "kinds": ", ".join(KIND_LABELS[k] for k in sorted(allowed))
        }
        if "csv" in allowed and kind is None and not head.startswith((b"PK", b"%PDF")):
            message += " " + _("CSV-Dateien speichern Sie bitte mit der Zeichenkodierung UTF-8.")
        raise ValidationError(message, code="wrong_kind")
    extension = PurePath(getattr(file, "name", "") or "").suffix.lower()
    if extension in _KNOWN_EXTENSIONS and extension not in _ACCEPTED_EXTENSIONS[kind]:
        raise ValidationError(
            _("Die Dateiendung %(extension)s passt nicht zum Inhalt (%(kind)s).")
            % {"extension": extension, "kind": KIND_LABELS[kind]},
            code="wrong_extension",
        )
    return kind
