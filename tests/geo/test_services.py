from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from teilhabe.core.models import AuditEvent
from teilhabe.geo.models import Gemeinde, Kreis, Postleitzahl, Regierungsbezirk
from teilhabe.geo.services import import_gemeindeverzeichnis, load_master_data
from tests.geo.test_gv100ad import DATA, _gemeinde_line, real_lines

pytestmark = pytest.mark.django_db


def test_master_data_is_complete() -> None:
    assert Regierungsbezirk.objects.count() == 5
    assert Kreis.objects.count() == 53
    assert Kreis.objects.filter(kind=Kreis.Kind.KREISFREIE_STADT).count() == 22
    assert Gemeinde.objects.count() == 396
    assert Postleitzahl.objects.count() == 2744
    koeln = Gemeinde.objects.get(ags="05315000")
    assert koeln.population == 1_024_621
    assert koeln.boundary["type"] in {"Polygon", "MultiPolygon"}
    assert str(koeln.population_date) == "2024-12-31"


def test_second_load_changes_nothing() -> None:
    summary = load_master_data()
    assert summary.changed == 0
    assert summary.gemeinden == 396


def test_load_repairs_a_changed_row() -> None:
    Gemeinde.objects.filter(ags="05315000").update(population=1)
    assert load_master_data().changed == 1
    assert Gemeinde.objects.get(ags="05315000").population == 1_024_621


def test_import_of_the_real_file_upserts(tmp_path: Path) -> None:
    Gemeinde.objects.filter(ags="05315000").update(population=5)
    summary = import_gemeindeverzeichnis(path=DATA)
    assert summary.created == 0
    assert summary.updated == 1
    assert Gemeinde.objects.get(ags="05315000").population == 1_024_621
    assert Gemeinde.objects.get(ags="05315000").history.count() >= 1
    assert AuditEvent.objects.filter(action="geo.gemeindeverzeichnis_imported").exists()


def test_import_creates_new_gemeinde(tmp_path: Path) -> None:
    lines = real_lines()
    new = _gemeinde_line(p20="999", p23="Neustadt am Rhein".ljust(50))
    file = tmp_path / "gv.txt"
    file.write_text("\n".join([*lines, new]), encoding="utf-8")
    summary = import_gemeindeverzeichnis(path=file)
    assert summary.created == 1
    assert Gemeinde.objects.get(ags="05315999").name == "Neustadt am Rhein"


def test_bad_file_changes_nothing(tmp_path: Path) -> None:
    lines = real_lines()
    changed = _gemeinde_line(p140="00000000007")  # would change Köln's population
    broken = _gemeinde_line(p20="998", p140="0000X000000")
    file = tmp_path / "gv.txt"
    file.write_text("\n".join([*lines[:-1], changed, broken]), encoding="utf-8")
    before = Gemeinde.objects.count()
    with pytest.raises(ValidationError) as error:
        import_gemeindeverzeichnis(path=file)
    assert any(f"Zeile {len(lines) + 1}:" in m for m in error.value.messages)
    assert Gemeinde.objects.count() == before
    assert Gemeinde.objects.get(ags="05315000").population == 1_024_621


def test_gemeinde_without_kreis_in_file_or_db_is_refused(tmp_path: Path) -> None:
    orphan = _gemeinde_line(p11="05999", p23="Nirgendwo".ljust(50))
    file = tmp_path / "gv.txt"
    file.write_text(orphan, encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        import_gemeindeverzeichnis(path=file)
    assert "Kreis 05999 fehlt" in error.value.messages[0]
    assert not Gemeinde.objects.filter(ags__startswith="05999").exists()


def test_file_without_nrw_gemeinden_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "gv.txt"
    file.write_text(_gemeinde_line(p11="06"), encoding="utf-8")
    with pytest.raises(ValidationError, match="keine Gemeinde"):
        import_gemeindeverzeichnis(path=file)
