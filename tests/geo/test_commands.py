from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from teilhabe.geo.models import Gemeinde
from tests.geo.test_gv100ad import DATA, _gemeinde_line

pytestmark = pytest.mark.django_db


def test_load_master_data_command() -> None:
    out = StringIO()
    call_command("load_master_data", stdout=out)
    assert "396 Gemeinden" in out.getvalue()
    assert "(0 geändert)" in out.getvalue()


def test_import_command_reports_success() -> None:
    out = StringIO()
    call_command("import_gemeindeverzeichnis", str(DATA), stdout=out)
    assert "454 unverändert" in out.getvalue()


def test_import_command_fails_with_line_numbers(tmp_path: Path) -> None:
    file = tmp_path / "bad.txt"
    file.write_text(_gemeinde_line(p140="0000X000000") + "\n" + _gemeinde_line(p151="ABC"), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="2 Fehler"):
        call_command("import_gemeindeverzeichnis", str(file), stderr=err)
    assert "Zeile 1:" in err.getvalue() and "Zeile 2:" in err.getvalue()
    assert Gemeinde.objects.get(ags="05315000").population == 1_024_621


def test_import_command_missing_file() -> None:
    with pytest.raises(CommandError, match="nicht gefunden"):
        call_command("import_gemeindeverzeichnis", "/nonexistent/file.txt")
