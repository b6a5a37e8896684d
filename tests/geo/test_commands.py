"""The commands `teilhabe load_master_data` and `teilhabe import_gemeindeverzeichnis`."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from teilhabe.geo.models import Gemeinde
from tests.geo.test_gv100ad import DATA, _gemeinde_line

pytestmark = pytest.mark.django_db


def _call(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_load_master_data_skips_unchanged_files() -> None:
    out, _err = _call("load_master_data")
    assert out == (
        "Stammdaten NRW: 5 Regierungsbezirke, 53 Kreise, 396 Gemeinden, 2744 Postleitzahl-Einträge "
        "(Dateien unverändert, nichts zu tun)\n"
    )


def test_load_master_data_force_compares_every_row() -> None:
    Gemeinde.objects.filter(ags="05315000").update(population=1)
    out, _err = _call("load_master_data", "--force")
    assert out.endswith("(1 geändert)\n")
    assert Gemeinde.objects.get(ags="05315000").population == 1_024_621


def test_import_command_reports_success() -> None:
    out, _err = _call("import_gemeindeverzeichnis", str(DATA))
    assert "Gebietsstand 30.11.2025, Einwohner zum 31.12.2024" in out
    assert "0 neu, 0 geändert, 454 unverändert, 0 Sätze anderer Länder übersprungen." in out
    assert "Gemeinden: 0 neu, 0 geändert, 396 unverändert" in out
    assert "Nicht in der Datei" not in out


def test_import_command_fails_with_line_numbers(tmp_path: Path) -> None:
    file = tmp_path / "bad.txt"
    file.write_text(_gemeinde_line(p140="0000X000000") + "\n" + _gemeinde_line(p151="ABC"), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="2 Fehler – nichts wurde importiert, die Datenbank ist unverändert"):
        call_command("import_gemeindeverzeichnis", str(file), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("Zeile 1: Bevölkerung insgesamt")
    assert lines[1].startswith("Zeile 2: Bevölkerung männlich")
    assert Gemeinde.objects.get(ags="05315000").population == 1_024_621


def test_import_command_population_date_and_partial_file(tmp_path: Path) -> None:
    file = tmp_path / "koeln.txt"
    file.write_text(_gemeinde_line(), encoding="utf-8")
    out, _err = _call("import_gemeindeverzeichnis", str(file), "--bevoelkerungsstand", "2025-06-30")
    assert "Einwohner zum 30.06.2025" in out
    assert "Nicht in der Datei und daher unverändert behalten: 395 Gemeinden" in out
    assert Gemeinde.objects.get(ags="05315000").population_date == dt.date(2025, 6, 30)
    with pytest.raises(CommandError, match="Kein Datum"):
        call_command("import_gemeindeverzeichnis", str(file), "--bevoelkerungsstand", "30.06.2025")


def test_import_command_missing_file() -> None:
    with pytest.raises(CommandError, match="Datei nicht gefunden"):
        call_command("import_gemeindeverzeichnis", "/nonexistent/file.txt")
