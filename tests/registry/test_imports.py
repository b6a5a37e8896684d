from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from teilhabe.core.models import AuditEvent, User
from teilhabe.registry.imports import import_offers
from teilhabe.registry.models import Offer
from tests.conftest import login
from tests.registry.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db

HEADER = "titel;beschreibung;organisation;themen;zielgruppen;sprachen;strasse;plz;ort;kostenlos"


def csv_file(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("angebote.csv", "\n".join([HEADER, *rows]).encode("utf-8"), content_type="text/csv")


@pytest.fixture
def organisation() -> object:
    return OrganisationFactory(name="Elternverein Köln")


GOOD = (
    "Elterncafé;Austausch für Eltern;Elternverein Köln;kinder-familie,Bildung und Schule;eltern;de,Türkisch;"
    "Ring 1;50667;Köln;ja"
)
BAD_TOPIC = "Kurs;Beschreibung;Elternverein Köln;gibtsnicht;;de;;50667;Köln;ja"
BAD_PLZ = "Kurs 2;Beschreibung;Elternverein Köln;sprache;;de;;10115;Berlin;ja"
BAD_ORG = "Kurs 3;Beschreibung;Unbekannter Verein;sprache;;;;50667;Köln;vielleicht"


def test_clean_file_imports_every_row(organisation: object) -> None:
    report = import_offers(actor=None, file=csv_file(GOOD, GOOD.replace("Elterncafé", "Elternfrühstück")))
    assert report.imported == 2 and report.invalid == 0
    offer = Offer.objects.get(title="Elterncafé")
    assert offer.status == "draft"
    assert sorted(offer.topics.values_list("key", flat=True)) == ["bildung", "kinder-familie"]
    assert sorted(offer.languages.values_list("code", flat=True)) == ["de", "tr"]
    assert AuditEvent.objects.filter(action="offers.imported").exists()


def test_bad_rows_block_the_whole_file_with_a_report(organisation: object) -> None:
    report = import_offers(actor=None, file=csv_file(GOOD, BAD_TOPIC, BAD_PLZ, BAD_ORG))
    assert report.imported == 0
    assert Offer.objects.count() == 0
    errors = {row.line: row.errors for row in report.rows}
    assert errors[2] == []
    assert any("gibtsnicht" in e for e in errors[3])
    assert any("10115" in e for e in errors[4])
    assert any("Unbekannter Verein" in e for e in errors[5]) and any("ja oder nein" in e for e in errors[5])


def test_only_valid_rows_when_asked(organisation: object) -> None:
    report = import_offers(actor=None, file=csv_file(GOOD, BAD_TOPIC), only_valid=True)
    assert report.imported == 1
    assert list(Offer.objects.values_list("title", flat=True)) == ["Elterncafé"]


def test_xlsx_import(organisation: object) -> None:
    workbook = Workbook()
    sheet = workbook.active
    for row in (HEADER.split(";"), GOOD.split(";")):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("angebote.xlsx", buffer.getvalue())
    assert import_offers(actor=None, file=upload).imported == 1


def test_unreadable_and_incomplete_files_are_refused(organisation: object) -> None:
    with pytest.raises(ValidationError, match="Dateityp"):
        import_offers(actor=None, file=SimpleUploadedFile("x.csv", b"MZ\x00\x00binary"))
    with pytest.raises(ValidationError, match="Es fehlen Spalten"):
        import_offers(actor=None, file=SimpleUploadedFile("x.csv", b"titel;plz\nKurs;50667\n"))


def test_member_of_another_organisation_cannot_import_for_it(
    make_user: Callable[..., User], organisation: object
) -> None:
    stranger = member_of(make_user(), OrganisationFactory(name="Anderer Verein"))
    report = import_offers(actor=stranger, file=csv_file(GOOD))
    assert report.imported == 0
    assert any("dürfen Sie keine" in e for e in report.rows[0].errors)


def test_import_over_http(make_user: Callable[..., User], organisation: object) -> None:
    client = login(Client(), make_user("kommune", ags="05315"))
    response = client.post("/register/angebote/import/", {"file": csv_file(GOOD, BAD_TOPIC)})
    assert response.status_code == 200
    assert "gibtsnicht" in response.content.decode()
    assert Offer.objects.count() == 0
    client.post("/register/angebote/import/", {"file": csv_file(GOOD, BAD_TOPIC), "only_valid": "on"})
    assert Offer.objects.count() == 1
