from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from teilhabe.core.system import system_actor
from teilhabe.registry import hsds, services
from teilhabe.registry.hsds_import import import_hsds
from teilhabe.registry.models import Location, Offer, OpeningHours, Organisation, SearchOutbox
from tests.registry.factories import OrganisationFactory, make_offer

pytestmark = pytest.mark.django_db

VOLATILE = {"last_modified", "assured_date"}


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in VOLATILE}


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    organisation = OrganisationFactory(
        name="AWO Köln",
        kind="wohlfahrtspflege",
        description="Verband",
        email="info@awo.example",
        phone="0221 204070",
        website="https://awo.example",
    )
    make_offer(
        organisation,
        status="published",
        title="Migrationsberatung",
        languages=["de", "ar", "fa"],
        target_groups=["gefluechtete"],
        topics=["beratung", "recht-aufenthalt"],
        phone="0221 1234",
        opening_hours=[
            services.HoursInput(0, dt.time(9), dt.time(12)),
            services.HoursInput(3, dt.time(14), dt.time(17)),
        ],
        translations={"ar": ("استشارة الهجرة", "وصف")},
        accessibility="barrierefrei",
        locations=[services.LocationInput(postal_code="50667", street="Domkloster 4", name="Beratungsstelle")],
    )
    make_offer(status="published", title="Sprachcafé", locations=[services.LocationInput(postal_code="51143")])
    path = tmp_path / "hsds.json"
    path.write_text(json.dumps(list(hsds.iter_services()), ensure_ascii=False), encoding="utf-8")
    return path


def test_round_trip_export_import_elsewhere_gives_the_same_content(exported: Path) -> None:
    before = sorted((comparable(s) for s in hsds.iter_services()), key=lambda s: s["id"])
    # "Elsewhere": an empty registry.
    OpeningHours.objects.all().delete()
    Location.objects.all().delete()
    Offer.objects.all().delete()
    Organisation.objects.all().delete()
    report = import_hsds(path=exported, kreis_key="05315", actor=system_actor())
    assert (report.services, report.organisations_created) == (2, 2)
    after = sorted((comparable(s) for s in hsds.iter_services()), key=lambda s: s["id"])
    assert after == before
    assert SearchOutbox.objects.count() >= 2


def test_importing_twice_updates_instead_of_duplicating(exported: Path) -> None:
    import_hsds(path=exported, kreis_key="05315", actor=system_actor())
    import_hsds(path=exported, kreis_key="05315", actor=system_actor())
    assert Offer.objects.count() == 2
    assert Organisation.objects.count() == 2


def test_wrong_kreis_or_broken_service_imports_nothing(exported: Path, tmp_path: Path) -> None:
    Offer.objects.all().delete()
    with pytest.raises(ValidationError) as error:  # Düsseldorf: the places are in Köln
        import_hsds(path=exported, kreis_key="05111", actor=system_actor(), all_or_nothing=True)
    assert any("liegt nicht in Düsseldorf" in m for m in error.value.messages)
    # Without the strict mode the services outside the Kreis are skipped and reported, one line each.
    report = import_hsds(path=exported, kreis_key="05111", actor=system_actor())
    assert (report.services, report.skipped_services) == (0, 2)
    assert Offer.objects.count() == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    del data[1]["name"]
    data[0]["attributes"][0]["taxonomy_term"]["code"] = "gibt-es-nicht"
    data[0]["attributes"][0]["taxonomy_term_id"] = "00000000-0000-4000-8000-000000000000"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        import_hsds(path=broken, kreis_key="05315", actor=system_actor(), all_or_nothing=True)
    assert any("'name' is a required property" in m for m in error.value.messages)
    assert Offer.objects.count() == 0
    # Skipping: the broken service is reported, the other imported; its unknown term is kept as a foreign term
    # and, without a topic of the registry, it waits for its Kommune.
    report = import_hsds(path=broken, kreis_key="05315", actor=system_actor())
    assert (report.services, report.skipped_services) == (1, 1)
    assert any("'name' is a required property" in m for m in report.errors)
    assert Offer.objects.count() == 1


def test_command(exported: Path, tmp_path: Path) -> None:
    out = StringIO()
    call_command("import_hsds", str(exported), "--kreis", "05315", stdout=out)
    assert "2 Angebote importiert" in out.getvalue()
    bad = tmp_path / "bad.json"
    bad.write_text("{kein json", encoding="utf-8")
    with pytest.raises(CommandError, match="nichts wurde importiert"):
        call_command("import_hsds", str(bad), "--kreis", "05315", stderr=StringIO())


TABULAR_VOLATILE = VOLATILE  # translations travel in the profile's translations.csv


def test_tabular_package_round_trip_folder_and_zip(exported: Path, tmp_path: Path) -> None:
    from teilhabe.registry import hsds_tabular

    def content() -> list[dict[str, Any]]:
        items = ({k: v for k, v in s.items() if k not in TABULAR_VOLATILE} for s in hsds.iter_services())
        return sorted(items, key=lambda s: s["id"])

    before = content()
    folder = tmp_path / "paket"
    hsds_tabular.write_folder(folder, hsds.iter_services())
    archive = tmp_path / "paket.zip"
    archive.write_bytes(hsds_tabular.zip_bytes(hsds.iter_services()))
    for source in (folder, archive):
        OpeningHours.objects.all().delete()
        Location.objects.all().delete()
        Offer.objects.all().delete()
        Organisation.objects.all().delete()
        report = import_hsds(path=source, kreis_key="05315", actor=system_actor())
        assert (report.services, report.organisations_created) == (2, 2)
        assert content() == before


def test_broken_tabular_package_imports_nothing(exported: Path, tmp_path: Path) -> None:
    from teilhabe.registry import hsds_tabular

    folder = tmp_path / "paket"
    hsds_tabular.write_folder(folder, hsds.iter_services())
    locations = (folder / "locations.csv").read_text(encoding="utf-8")
    header, *rows = locations.splitlines()
    latitude = header.split(",").index("latitude")
    cells = rows[0].split(",")
    cells[latitude] = "nördlich"
    (folder / "locations.csv").write_text("\n".join([header, ",".join(cells), *rows[1:]]) + "\n", encoding="utf-8")
    Offer.objects.all().delete()
    with pytest.raises(ValidationError):
        import_hsds(path=folder, kreis_key="05315", actor=system_actor(), all_or_nothing=True)
    assert Offer.objects.count() == 0
    report = import_hsds(path=folder, kreis_key="05315", actor=system_actor())  # the bad record skipped
    assert report.skipped_services == 1 and any("latitude" in e for e in report.errors)
    (folder / "services.csv").unlink()
    (tmp_path / "kaputt.zip").write_bytes(b"PK not a zip")
    with pytest.raises(ValidationError, match="nicht lesbar"):
        import_hsds(path=tmp_path / "kaputt.zip", kreis_key="05315", actor=system_actor())
