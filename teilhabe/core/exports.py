"""The one way to write spreadsheets (CSV and XLSX): every cell a person typed is made formula-safe.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula by Excel and
LibreOffice (CSV/formula injection, e.g. ``=HYPERLINK(...)`` in a title). Such text gets a leading apostrophe, so
the spreadsheet shows it as text. Numbers, dates and Decimals stay values. Every CSV/XLSX export of the project
goes through ``safe_cell`` (``csv_response``/``xlsx_response`` apply it).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

#: The first characters that make a spreadsheet evaluate a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet shows it as text: text starting like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """The reverse of ``safe_cell`` for reading a file the project wrote (the HSDS tabular package)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


class SafeCsvWriter:
    """csv.writer for code that writes row by row: every cell formula-safe."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))


def csv_text(rows: Iterable[Iterable[Any]], *, delimiter: str = ";") -> str:
    """Rows as CSV text, every cell formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(safe_row(row))
    return buffer.getvalue()


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> HttpResponse:
    """A download of ``rows`` as CSV (semicolons, UTF-8 with BOM: what German Excel opens directly)."""
    response = HttpResponse("\ufeff" + csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(sheets: Sequence[tuple[str, Iterable[Iterable[Any]]]], filename: str) -> HttpResponse:
    """A download of one or more sheets ``(title, rows)`` as XLSX; Decimals become numbers, text stays text."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title[:31])
        for row in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
