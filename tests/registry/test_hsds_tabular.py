from __future__ import annotations

import csv
import io
import json
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from teilhabe.registry import hsds, hsds_tabular
from tests.registry.factories import make_offer

pytestmark = pytest.mark.django_db


def read(content: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content)))


def test_package_has_one_csv_per_object_with_official_columns() -> None:
    offer = make_offer(status="published", title="Elterncafé", languages=["de", "tr"], target_groups=["eltern"])
    files = hsds_tabular.files(hsds.iter_services())
    package = json.loads(files["datapackage.json"])
    assert {r["path"] for r in package["resources"]} <= set(files)
    services = read(files["services.csv"])
    assert [s["name"] for s in services] == ["Elterncafé"]
    assert services[0]["organization_id"] == str(offer.organisation_id)
    assert list(read(files["services.csv"])[0]) == [
        f["name"] for f in hsds_tabular.RESOURCES["service"]["schema"]["fields"]
    ]
    assert {row["code"] for row in read(files["languages.csv"])} == {"de", "tr"}
    assert read(files["addresses.csv"])[0]["postal_code"] == "50667"
    sal = read(files["service_at_location.csv"])[0]
    assert sal["service_id"] == str(offer.pk)
    attributes = read(files["attributes.csv"])
    assert any(a["link_type"] == "target_group" for a in attributes)
    assert len(read(files["taxonomy_terms.csv"])) == 24


def test_command_and_download(tmp_path: Path, client: Client) -> None:
    make_offer(status="published")
    call_command("export_hsds", str(tmp_path / "out"), stdout=StringIO())
    assert json.loads((tmp_path / "out" / "hsds.json").read_text(encoding="utf-8"))[0]["status"] == "active"
    assert (tmp_path / "out" / "tabular" / "datapackage.json").exists()
    response = client.get("/opendata/hsds-tabular.zip")
    content = b"".join(response.streaming_content)
    response.close()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "services.csv" in archive.namelist() and "datapackage.json" in archive.namelist()


def test_datapackage_names_the_publishers_licence_and_hsds_3_1() -> None:
    from teilhabe.registry import hsds_tabular

    package = json.loads(hsds_tabular.files([])["datapackage.json"])
    assert package["licenses"] == [
        {
            "name": "dl-de-by-2.0",
            "path": "https://www.govdata.de/dl-de/by-2-0",
            "title": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        }
    ]
    assert "license" not in package  # not the specification's CC BY-SA
    assert package["hsds_version"] == "3.1"
    assert "3.0.0" not in json.dumps({k: v for k, v in package.items() if k != "resources"})


def test_registered_organisation_exports_its_identifier() -> None:
    from teilhabe.registry import hsds
    from tests.registry.factories import OrganisationFactory

    organisation = OrganisationFactory(register="VR", register_court="Amtsgericht Köln", register_number="4711")
    identifiers = hsds.organization(organisation)["organization_identifiers"]
    assert identifiers[0]["identifier_scheme"] == "DE-CR"
    assert identifiers[0]["identifier"] == "RA000280-VR4711"
    assert hsds.validation_errors("organization", hsds.organization(organisation)) == []
    assert "organization_identifiers" not in hsds.organization(OrganisationFactory())
