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
from tests.registry.factories import OrganisationFactory, kommune_for, member_of

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
    report = import_offers(
        actor=kommune_for("05315"), file=csv_file(GOOD, GOOD.replace("Elterncafé", "Elternfrühstück"))
    )
    assert report.imported == 2 and report.invalid == 0
    offer = Offer.objects.get(title="Elterncafé")
    assert offer.status == "draft"
    assert sorted(offer.topics.values_list("key", flat=True)) == ["bildung", "kinder-familie"]
    assert sorted(offer.languages.values_list("code", flat=True)) == ["de", "tr"]
    assert AuditEvent.objects.filter(action="offers.imported").exists()


def test_bad_rows_block_the_whole_file_with_a_report(organisation: object) -> None:
    report = import_offers(actor=kommune_for("05315"), file=csv_file(GOOD, BAD_TOPIC, BAD_PLZ, BAD_ORG))
    assert report.imported == 0
    assert Offer.objects.count() == 0
    errors = {row.line: row.errors for row in report.rows}
    assert errors[2] == []
    assert any("gibtsnicht" in e for e in errors[3])
    assert any("10115" in e for e in errors[4])
    assert any("Unbekannter Verein" in e for e in errors[5]) and any("ja oder nein" in e for e in errors[5])


def test_only_valid_rows_when_asked(organisation: object) -> None:
    report = import_offers(actor=kommune_for("05315"), file=csv_file(GOOD, BAD_TOPIC), only_valid=True)
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
    assert import_offers(actor=kommune_for("05315"), file=upload).imported == 1


def test_unreadable_and_incomplete_files_are_refused(organisation: object) -> None:
    with pytest.raises(ValidationError, match="Dateityp"):
        import_offers(actor=kommune_for("05315"), file=SimpleUploadedFile("x.csv", b"MZ\x00\x00binary"))
    with pytest.raises(ValidationError, match="Es fehlen Spalten"):
        import_offers(actor=kommune_for("05315"), file=SimpleUploadedFile("x.csv", b"titel;plz\nKurs;50667\n"))


def test_member_of_another_organisation_cannot_import_for_it(
    make_user: Callable[..., User], organisation: object
) -> None:
    stranger = member_of(make_user(), OrganisationFactory(name="Anderer Verein"))
    report = import_offers(actor=stranger, file=csv_file(GOOD))
    assert report.imported == 0
    # Another body's organisation is not even confirmed to exist.
    assert any("nicht in Ihrem Bereich" in e for e in report.rows[0].errors)
    assert Offer.objects.count() == 0


def test_import_over_http_runs_in_the_background_with_a_progress_page(
    make_user: Callable[..., User], organisation: object
) -> None:
    client = login(Client(), make_user("kommune", ags="05315"))
    response = client.post("/register/angebote/import/", {"file": csv_file(GOOD, BAD_TOPIC)})
    assert response.status_code == 302  # to the progress page; the task ran at once in tests
    page = client.get(response["Location"])
    assert "gibtsnicht" in page.content.decode()
    assert "nicht importiert" in page.content.decode()
    assert Offer.objects.count() == 0
    response = client.post("/register/angebote/import/", {"file": csv_file(GOOD, BAD_TOPIC), "only_valid": "on"})
    page = client.get(response["Location"])
    assert "1 Angebot als Entwurf importiert" in page.content.decode()
    assert Offer.objects.count() == 1
    assert Offer.objects.get().staged_by is None
    listing = client.get("/register/angebote/import/").content.decode()
    assert listing.count("angebote.csv") == 2  # the user finds the imports again


def xlsx_file(*rows: list[str]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("angebote.xlsx", buffer.getvalue())


def test_bad_xlsx_imports_nothing_unless_only_valid_is_asked(organisation: object) -> None:
    rows = [GOOD.split(";"), BAD_PLZ.split(";")]
    report = import_offers(actor=kommune_for("05315"), file=xlsx_file(*rows))
    assert (report.valid, report.invalid, report.imported) == (1, 1, 0)
    assert Offer.objects.count() == 0
    report = import_offers(actor=kommune_for("05315"), file=xlsx_file(*rows), only_valid=True)
    assert report.imported == 1
    assert list(Offer.objects.values_list("title", flat=True)) == ["Elterncafé"]
    event = AuditEvent.objects.get(action="offers.imported")
    assert event.data == {"imported": 1, "skipped": 1}


def test_contact_fields_are_checked_row_by_row(organisation: object) -> None:
    header = HEADER + ";email;telefon;website"
    rows = [GOOD + ";info@example.nrw;0221 1234567;https://example.nrw", GOOD + ";keine-mail;123;kein link"]
    upload = SimpleUploadedFile("a.csv", "\n".join([header, *rows]).encode(), content_type="text/csv")
    report = import_offers(actor=kommune_for("05315"), file=upload)
    assert report.rows[0].ok
    errors = " ".join(report.rows[1].errors)
    assert "email:" in errors and "telefon:" in errors and "website:" in errors
    assert Offer.objects.count() == 0


def test_organisation_by_id_and_within_the_kommune_scope(make_user: Callable[..., User], organisation: object) -> None:
    ratingen = OrganisationFactory(name="Verein Ratingen", gemeinde_id="05158028")
    by_id = GOOD.replace("Elternverein Köln", str(ratingen.pk)).replace("50667;Köln", "40878;Ratingen")
    kommune_koeln = make_user("kommune", ags="05315")
    report = import_offers(actor=kommune_koeln, file=csv_file(GOOD, by_id))
    assert report.rows[0].ok
    assert any("nicht in Ihrem Bereich" in e for e in report.rows[1].errors)
    report = import_offers(actor=make_user("kommune", ags="05158"), file=csv_file(by_id))
    assert report.imported == 1
    assert Offer.objects.get().organisation == ratingen


def test_land_cannot_import(make_user: Callable[..., User], organisation: object) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_offers(actor=make_user("land", ags="05"), file=csv_file(GOOD))


def test_a_zip_bomb_is_refused_before_it_is_unpacked(organisation: object) -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(xlsx_file(GOOD.split(";")).file) as source, zipfile.ZipFile(buffer, "w") as bomb:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":  # 150 MB of whitespace: a few hundred KB packed
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * 150_000_000, 1)
            bomb.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    upload = SimpleUploadedFile("angebote.xlsx", buffer.getvalue())
    assert len(buffer.getvalue()) < 2_000_000
    with pytest.raises(ValidationError, match="entpackt zu groß"):
        import_offers(actor=kommune_for("05315"), file=upload)
    assert Offer.objects.count() == 0


def test_too_many_rows_are_refused_while_reading(organisation: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from teilhabe.registry import imports

    monkeypatch.setattr(imports, "MAX_ROWS", 20)
    read: list[int] = []
    values = imports._xlsx_values

    def counting(file: object) -> object:
        for row in values(file):  # type: ignore[arg-type]
            read.append(1)
            yield row

    monkeypatch.setattr(imports, "_xlsx_values", counting)
    with pytest.raises(ValidationError, match="Höchstens 20 Zeilen"):
        import_offers(actor=kommune_for("05315"), file=xlsx_file(*[GOOD.split(";")] * 500))
    assert len(read) <= 22  # the header, 20 rows and the one too many: the rest is never read
