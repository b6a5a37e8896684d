from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.test import Client
from openpyxl import load_workbook

from teilhabe.core.models import User
from teilhabe.registry import exports, selectors
from tests.registry.factories import OrganisationFactory, StructureFactory, make_offer

pytestmark = pytest.mark.django_db


def read_csv(response: object) -> list[list[str]]:
    text = response.content.decode("utf-8")  # type: ignore[attr-defined]
    assert text.startswith("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def read_xlsx(response: object) -> list[list[object]]:
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)  # type: ignore[attr-defined]
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_offer_export_content(client_for: Callable[..., Client]) -> None:
    organisation = OrganisationFactory(name="AWO Kreisverband Köln e.V.", kind="wohlfahrtspflege", spitzenverband="awo")
    offer = make_offer(organisation, status="published", title="Sprachcafé", topics=["sprache", "teilhabe"])
    make_offer(organisation, title="Entwurf")
    client = client_for("kommune", ags="05315")
    rows = read_csv(client.get("/register/angebote/?status=published&export=csv"))
    assert rows[0] == exports.OFFER_COLUMNS
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["id"] == str(offer.pk)
    assert row["titel"] == "Sprachcafé" and row["organisation"] == "AWO Kreisverband Köln e.V."
    assert row["status"] == "veröffentlicht"
    assert row["themen"] == "Sprache und Deutschkurse, Teilhabe und Engagement"
    assert row["zielgruppen"] == "Frauen" and row["sprachen"] == "ar, de"
    assert (row["plz"], row["ort"], row["ags"], row["kostenlos"]) == ("50667", "Köln", "05315000", "ja")
    assert row["zuletzt_geprueft"]
    sheet = read_xlsx(client.get("/register/angebote/?status=published&export=xlsx"))
    assert sheet[0] == exports.OFFER_COLUMNS
    assert ["" if v is None else str(v) for v in sheet[1]] == rows[1]


def test_export_never_leaves_the_scope(client_for: Callable[..., Client]) -> None:
    make_offer(status="published", title="In Köln")
    client = client_for("kommune", ags="05111")
    assert len(read_csv(client.get("/register/angebote/?export=csv"))) == 1  # the header only


def test_organisation_export(client_for: Callable[..., Client]) -> None:
    org = OrganisationFactory(
        name="Caritasverband für die Stadt Köln e.V.", kind="wohlfahrtspflege", spitzenverband="caritas"
    )
    org.languages.set(["de", "ar"])
    OrganisationFactory(name="Verein in Ratingen", gemeinde_id="05158028")
    client = client_for("land", ags="05")
    rows = read_csv(client.get("/register/organisationen/?kind=wohlfahrtspflege&export=csv"))
    assert rows[0] == exports.ORGANISATION_COLUMNS
    row = dict(zip(rows[0], rows[1], strict=True))
    assert len(rows) == 2
    assert row["spitzenverband"] == "Deutscher Caritasverband" and row["sitz"] == "Köln" and row["sprachen"] == "ar, de"
    assert read_xlsx(client.get("/register/organisationen/?export=xlsx"))[0] == exports.ORGANISATION_COLUMNS


def test_structure_export(client_for: Callable[..., Client]) -> None:
    StructureFactory(name="Kommunales Integrationszentrum Mettmann", kind="ki", gemeinde_id=None, kreis_id="05158")
    StructureFactory(name="Integrationsrat Köln")
    client = client_for("kommune", ags="05158")
    rows = read_csv(client.get("/register/strukturen/?kind=ki&export=csv"))
    assert rows[0] == exports.STRUCTURE_COLUMNS
    assert rows[1][1:7] == [
        "Kommunales Integrationszentrum Mettmann",
        "Kommunales Integrationszentrum",
        "veröffentlicht",
        "Mettmann",
        "",
        "05158000",
    ]
    assert len(read_xlsx(client.get("/register/strukturen/?export=xlsx"))) == 3


def test_spreadsheet_formulas_are_neutralised(make_user: Callable[..., User]) -> None:
    make_offer(title='=HYPERLINK("http://evil")', status="published")
    make_offer(title="+49 Sprachkurs", status="published")
    rows = list(exports.offer_rows(selectors.offer_list(user=make_user("land", ags="05"))))
    response = exports.as_csv(exports.OFFER_COLUMNS, rows, "x")
    titles = [r[1] for r in read_csv(response)[1:]]
    assert titles == ["'+49 Sprachkurs", '\'=HYPERLINK("http://evil")']
