"""Writes of the geo app: the master data loader and the GV100AD import (the test database holds the data)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pytest_django import DjangoAssertNumQueries

from teilhabe.core.models import AuditEvent, User
from teilhabe.geo.models import Gemeinde, Kreis, MasterDataState, Postleitzahl, Regierungsbezirk
from teilhabe.geo.services import (
    DATA_DIR,
    import_gemeindeverzeichnis,
    load_master_data,
    master_data_digest,
)
from tests.geo.test_gv100ad import DATA, _gemeinde_line, _record, real_lines

pytestmark = pytest.mark.django_db


def _history_rows() -> int:
    return sum(m.history.count() for m in (Regierungsbezirk, Kreis, Gemeinde))  # type: ignore[attr-defined]


def _write(tmp_path: Path, lines: list[str], name: str = "gv.txt") -> Path:
    file = tmp_path / name
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return file


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped data folder that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


# --- load_master_data -----------------------------------------------------------------------------


def test_master_data_is_complete() -> None:
    assert Regierungsbezirk.objects.count() == 5
    assert Kreis.objects.count() == 53
    assert Kreis.objects.filter(kind=Kreis.Kind.KREISFREIE_STADT).count() == 22
    assert Gemeinde.objects.count() == 396
    assert Postleitzahl.objects.count() == 2744
    assert Postleitzahl.objects.filter(entry_type=Postleitzahl.EntryType.STANDARD).count() == 895
    assert not Postleitzahl.objects.filter(gemeinde__isnull=True).exists()
    koeln = Gemeinde.objects.get(ags="05315000")
    assert (koeln.name, koeln.name_short, koeln.kind) == ("Köln, Stadt", "Köln", Gemeinde.Kind.KREISFREIE_STADT)
    assert koeln.population == 1_024_621
    assert koeln.population_date == dt.date(2024, 12, 31)
    assert koeln.area_km2 == Decimal("405.02")
    assert koeln.boundary is not None and koeln.boundary["type"] in {"Polygon", "MultiPolygon"}
    assert (koeln.lat, koeln.lon) == (50.94558, 6.97381)  # centroid
    assert koeln.label_lat is not None and koeln.label_lon is not None
    kreis = Kreis.objects.get(key="05334")
    assert (kreis.name, kreis.kind, kreis.seat, kreis.regierungsbezirk_id) == (
        "Städteregion Aachen",
        Kreis.Kind.KREIS,
        "Aachen",
        "053",
    )
    assert kreis.title == "Städteregion Aachen"
    assert Kreis.objects.get(key="05154").title == "Kreis Kleve"
    rb = Regierungsbezirk.objects.get(key="053")
    assert (rb.name, rb.population, rb.area_km2) == ("Reg.-Bez. Köln", 4_486_282, Decimal("7364.04"))
    assert rb.boundary is not None
    assert Gemeinde.objects.get(ags="05315000").density_per_km2 == 2530


def test_second_load_is_skipped_and_fast(django_assert_max_num_queries: DjangoAssertNumQueries) -> None:
    history = _history_rows()
    with django_assert_max_num_queries(7):
        summary = load_master_data()
    assert summary.skipped
    assert (summary.changed, summary.gemeinden, summary.postleitzahlen) == (0, 396, 2744)
    assert _history_rows() == history


def test_forced_load_compares_every_row_and_changes_nothing() -> None:
    history, audit = _history_rows(), AuditEvent.objects.count()
    summary = load_master_data(force=True)
    assert not summary.skipped
    assert summary.changed == 0
    assert _history_rows() == history
    assert AuditEvent.objects.count() == audit  # nothing changed, nothing to record


def test_forced_load_repairs_changed_rows_with_history() -> None:
    Gemeinde.objects.filter(ags="05315000").update(population=1)
    Postleitzahl.objects.filter(postal_code="50667").delete()
    summary = load_master_data(force=True)
    assert summary.changed == 1 + 2744  # one Gemeinde, and the postcode table replaced
    koeln = Gemeinde.objects.get(ags="05315000")
    assert koeln.population == 1_024_621
    assert koeln.history.first().history_change_reason == "Stammdaten NRW geladen"  # type: ignore[attr-defined]
    assert Postleitzahl.objects.filter(postal_code="50667").exists()
    event = AuditEvent.objects.filter(action="geo.master_data_loaded").order_by("-at").first()
    assert event is not None
    assert event.data["updated"] == 1 and event.data["postcodes_replaced"] == 2744


def test_changed_files_are_loaded_without_force(data_copy: Path) -> None:
    csv_file = data_copy / "gemeinden.csv"
    csv_file.write_text(csv_file.read_text(encoding="utf-8").replace(",1024621,", ",1024700,", 1), encoding="utf-8")
    assert master_data_digest(data_copy) != master_data_digest()
    summary = load_master_data(data_dir=data_copy)
    assert (summary.skipped, summary.changed) == (False, 1)
    assert Gemeinde.objects.get(ags="05315000").population == 1_024_700
    assert MasterDataState.objects.get().digest == master_data_digest(data_copy)
    assert load_master_data(data_dir=data_copy).skipped


def test_incomplete_database_is_loaded_again() -> None:
    Postleitzahl.objects.filter(postal_code="50667").delete()
    summary = load_master_data()
    assert not summary.skipped
    assert summary.postleitzahlen == 2744


def test_bad_master_data_file_names_file_line_and_column(data_copy: Path) -> None:
    csv_file = data_copy / "kreise.csv"
    lines = csv_file.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if ",43," in line)
    lines[index] = lines[index].replace(",43,", ",99,", 1)  # an unknown type code
    csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        load_master_data(data_dir=data_copy)
    assert error.value.messages == [
        f"Stammdatendatei kreise.csv, Zeile {index + 1}, Spalte type_code: ungültiger Wert „99“"
    ]


# --- import_gemeindeverzeichnis -------------------------------------------------------------------


def test_import_of_the_real_file_changes_nothing() -> None:
    history = _history_rows()
    summary = import_gemeindeverzeichnis(path=DATA)
    assert (summary.total.created, summary.total.updated, summary.total.unchanged) == (0, 0, 454)
    assert (summary.regierungsbezirke.unchanged, summary.kreise.unchanged, summary.gemeinden.unchanged) == (5, 53, 396)
    assert summary.territorial_status == dt.date(2025, 11, 30)
    assert summary.population_date == dt.date(2024, 12, 31)
    assert summary.skipped_other_laender == 0
    assert summary.missing_in_file == []
    assert _history_rows() == history
    event = AuditEvent.objects.get(action="geo.gemeindeverzeichnis_imported")
    assert event.data["unchanged"] == 454


def test_import_upserts_by_ags_with_history(tmp_path: Path) -> None:
    Gemeinde.objects.filter(ags="05315000").update(population=5, name="Cologne")
    summary = import_gemeindeverzeichnis(path=DATA)
    assert (summary.gemeinden.created, summary.gemeinden.updated) == (0, 1)
    koeln = Gemeinde.objects.get(ags="05315000")
    assert (koeln.population, koeln.name) == (1_024_621, "Köln, Stadt")
    latest = koeln.history.first()  # type: ignore[attr-defined]
    assert latest.history_type == "~"
    assert latest.history_change_reason == "Gemeindeverzeichnis GV100AD, Gebietsstand 2025-11-30"


def test_import_creates_gemeinde_and_updates_the_sums(tmp_path: Path) -> None:
    new = _gemeinde_line(
        p16="999",
        p19="0999",
        p23="Neustadt am Rhein, Stadt".ljust(50),
        p123="63",
        p140="00000001000",
        p151="00000000490",
    )
    summary = import_gemeindeverzeichnis(path=_write(tmp_path, [*real_lines(), new]))
    assert (summary.gemeinden.created, summary.gemeinden.unchanged) == (1, 396)
    neustadt = Gemeinde.objects.get(ags="05315999")
    assert (neustadt.name, neustadt.name_short, neustadt.ars, neustadt.kind) == (
        "Neustadt am Rhein, Stadt",
        "Neustadt am Rhein",
        "053150999999",
        "63",
    )
    assert neustadt.history.get().history_type == "+"  # type: ignore[attr-defined]
    assert Kreis.objects.get(key="05315").population == 1_024_621 + 1000
    assert Regierungsbezirk.objects.get(key="053").population == 4_486_282 + 1000
    assert neustadt.area_km2 is not None
    assert Kreis.objects.get(key="05315").area_km2 == Decimal("405.02") + neustadt.area_km2


def test_bad_file_reports_every_line_and_changes_nothing(tmp_path: Path) -> None:
    lines = real_lines()
    changed = _gemeinde_line(
        p16="998", p140="00000000007", p151="00000000003"
    )  # a good, new line: must not be written either
    broken_population = _gemeinde_line(p16="997", p140="0000X000000")
    short = _gemeinde_line(p16="996")[:100]
    file = _write(tmp_path, [*lines, changed, broken_population, short])
    before = (Gemeinde.objects.count(), _history_rows(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as error:
        import_gemeindeverzeichnis(path=file)
    assert error.value.messages == [
        f"Zeile {len(lines) + 2}: Bevölkerung insgesamt „0000X000000“ ist keine Zahl (Stellen 140–150)",
        f"Zeile {len(lines) + 3}: Satz hat 100 Zeichen, ein GV100AD-Satz hat genau 220",
    ]
    assert (Gemeinde.objects.count(), _history_rows(), AuditEvent.objects.count()) == before
    assert not Gemeinde.objects.filter(ags="05315998").exists()


def test_gemeinde_without_kreis_in_file_or_db_is_refused(tmp_path: Path) -> None:
    orphan = _gemeinde_line(p11="05999001", p23="Nirgendwo".ljust(50))
    orphan_kreis = _record("40", "05315", p11="05699")
    with pytest.raises(ValidationError) as error:
        import_gemeindeverzeichnis(path=_write(tmp_path, [orphan, orphan_kreis]))
    assert error.value.messages == [
        "Zeile 2: Regierungsbezirk 056 des Kreises 05699 steht weder in der Datei noch in der Datenbank",
        "Zeile 1: Kreis 05999 der Gemeinde 05999001 steht weder in der Datei noch in der Datenbank",
    ]
    assert not Gemeinde.objects.filter(ags="05999001").exists()


def test_file_without_nrw_gemeinden_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="keine Gemeinde in Nordrhein-Westfalen"):
        import_gemeindeverzeichnis(path=_write(tmp_path, [_gemeinde_line(p11="06")]))


def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="kann nicht gelesen werden"):
        import_gemeindeverzeichnis(path=tmp_path / "missing.txt")


def test_partial_file_keeps_the_others_and_names_them(tmp_path: Path) -> None:
    other_land = _gemeinde_line(p11="06411000")
    summary = import_gemeindeverzeichnis(path=_write(tmp_path, [_gemeinde_line(), other_land]))
    assert summary.gemeinden.unchanged == 1
    assert summary.skipped_other_laender == 1
    assert len(summary.missing_in_file) == 395
    assert "05334004" in summary.missing_in_file
    assert Gemeinde.objects.count() == 396


def test_population_date_can_be_given(tmp_path: Path) -> None:
    summary = import_gemeindeverzeichnis(
        path=_write(tmp_path, [_gemeinde_line()]), population_date=dt.date(2025, 6, 30)
    )
    assert summary.gemeinden.updated == 1
    assert Gemeinde.objects.get(ags="05315000").population_date == dt.date(2025, 6, 30)
    assert Kreis.objects.get(key="05315").population_date == dt.date(2025, 6, 30)


def test_latin1_file_is_read(tmp_path: Path) -> None:
    file = tmp_path / "alt.txt"
    file.write_bytes("\n".join(real_lines()).encode("latin-1"))
    assert import_gemeindeverzeichnis(path=file).total.unchanged == 454


def test_only_operators_may_import(make_user: Callable[..., User], tmp_path: Path) -> None:
    file = _write(tmp_path, [_gemeinde_line(p140="00001024622")])
    with pytest.raises(PermissionDenied):
        import_gemeindeverzeichnis(path=file, actor=make_user("land"))
    admin = make_user("admin")
    import_gemeindeverzeichnis(path=file, actor=admin)
    assert Gemeinde.objects.get(ags="05315000").history.first().history_user == admin  # type: ignore[attr-defined]
    assert AuditEvent.objects.get(action="geo.gemeindeverzeichnis_imported").actor == admin


def test_import_is_kept_by_the_next_master_data_load(tmp_path: Path) -> None:
    """make run loads the shipped files on every start: a newer import must survive it."""
    import_gemeindeverzeichnis(path=_write(tmp_path, [_gemeinde_line(p140="00001030000")]))
    assert load_master_data().skipped
    assert Gemeinde.objects.get(ags="05315000").population == 1_030_000
