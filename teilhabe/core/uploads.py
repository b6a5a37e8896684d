"""Checks for uploaded files: size, and the kind judged by the content, never by name or browser claim."""

from __future__ import annotations

import zipfile
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


def detect_kind(head: bytes, file: IO[bytes]) -> str | None:
    """The file's real kind from its bytes: pdf, docx, xlsx, odt, ods, csv, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                    return {
                        "application/vnd.oasis.opendocument.text": "odt",
                        "application/vnd.oasis.opendocument.spreadsheet": "ods",
                    }.get(mimetype)
                if "[Content_Types].xml" in names:
                    if any(n.startswith("word/") for n in names):
                        return "docx"
                    if any(n.startswith("xl/") for n in names):
                        return "xlsx"
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
        return None
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the sample is fine.
            if error.start < len(head) - 4:
                return None
        return "csv"
    return None


def validate_upload(file: Any, *, allowed: set[str], max_bytes: int | None = None) -> str:
    """Raise ValidationError unless ``file`` is one of ``allowed`` kinds and not larger than ``max_bytes``.

    Returns the detected kind. The file position is reset to the start.
    """
    limit = max_bytes or settings.TEILHABE_MAX_UPLOAD_BYTES
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size > limit:
        raise ValidationError(
            _("Die Datei ist zu groß (%(size)s). Erlaubt sind höchstens %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    file.seek(0)
    head = file.read(8192)
    kind = detect_kind(head, file)
    file.seek(0)
    if kind not in allowed:
        raise ValidationError(
            _("Dieser Dateityp ist hier nicht erlaubt. Erlaubt: %(kinds)s.")
            % {"kinds": ", ".join(KIND_LABELS.get(k, k) for k in sorted(allowed))},
            code="wrong_kind",
        )
    return kind
