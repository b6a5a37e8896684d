"""Every CSV/XLSX export of the project is formula-safe (one helper, teilhabe/core/exports.py)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from teilhabe.core.exports import restore_cell, safe_cell
from teilhabe.funding.models import PaymentRequest, Position, Programme
from teilhabe.registry.models import Offer, Structure
from tests.conftest import login
from tests.funding.factories import application_in, paid_payment
from tests.registry.factories import make_offer

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://x","y")'
SAFE = "'" + EVIL


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_starts_get_an_apostrophe(start) -> None:
    assert safe_cell(start + "1+1") == "'" + start + "1+1"
    assert restore_cell(safe_cell(start + "1+1")) == start + "1+1"


def test_other_values_stay() -> None:
    assert safe_cell("Köln") == "Köln"
    assert safe_cell(Decimal("-5")) == Decimal("-5")
    assert safe_cell(-5) == -5
    assert safe_cell("") == ""
    assert restore_cell("'Köln") == "'Köln"


def csv_cells(response) -> str:
    return response.content.decode("utf-8-sig")


def xlsx_values(response) -> list:
    book = load_workbook(io.BytesIO(response.content))
    return [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_neutralised_csv(text: str) -> None:
    assert SAFE.replace('"', '""') in text
    assert ";" + EVIL.replace('"', '""') not in text and not text.startswith(EVIL)


def assert_neutralised_xlsx(values: list) -> None:
    assert SAFE in values
    assert EVIL not in values


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_registry_offer_export(fmt, client, make_user) -> None:
    offer = make_offer(status="published")
    Offer.objects.filter(pk=offer.pk).update(title=EVIL)
    login(client, make_user("kommune", ags="05315"))
    response = client.get(f"/register/angebote/?export={fmt}")
    if fmt == "csv":
        assert_neutralised_csv(csv_cells(response))
    else:
        assert_neutralised_xlsx(xlsx_values(response))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_registry_structure_export(fmt, client, make_user) -> None:
    from tests.registry.factories import StructureFactory

    StructureFactory(name=EVIL)
    login(client, make_user("kommune", ags="05315"))
    response = client.get(f"/register/strukturen/?export={fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        assert_neutralised_csv(csv_cells(response))
    else:
        assert_neutralised_xlsx(xlsx_values(response))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_payment_export(fmt, client, make_user) -> None:
    payment = paid_payment(application_in("running"))
    PaymentRequest.objects.filter(pk=payment.pk).update(idempotency_key=EVIL)
    login(client, make_user("land", ags="05"))
    response = client.get(f"/foerderung/zahlungen.csv?format={fmt}")
    if fmt == "csv":
        assert_neutralised_csv(csv_cells(response))
    else:
        values = xlsx_values(response)
        assert_neutralised_xlsx(values)
        assert 8000.0 in values  # amounts stay numbers


def test_ki_staff_report(client, make_user) -> None:
    centre = Structure.objects.create(
        kind=Structure.Kind.KOMMUNALES_INTEGRATIONSZENTRUM, name="KI Köln", kreis_id="05315", gemeinde_id="05315000"
    )
    Position.objects.create(centre=centre, kind=Position.Kind.SPECIALIST, title=EVIL, fte=Decimal("1"))
    login(client, make_user("kommune", ags="05315"))
    assert_neutralised_csv(csv_cells(client.get(f"/foerderung/ki-personal/{centre.pk}/bericht.csv")))


def test_overview_xlsx(client, make_user) -> None:
    application = application_in("decided")
    Programme.objects.filter(pk=application.programme_id).update(name=EVIL)
    login(client, make_user("land", ags="05"))
    assert_neutralised_xlsx(xlsx_values(client.get("/foerderung/uebersicht/?format=xlsx")))


def test_hsds_tabular_package_round_trip(tmp_path) -> None:
    from teilhabe.registry import hsds, hsds_tabular

    offer = make_offer(status="published")
    Offer.objects.filter(pk=offer.pk).update(title=EVIL)
    offer.refresh_from_db()
    files = hsds_tabular.files([hsds.service(offer)])
    assert SAFE.replace('"', '""') in files["services.csv"]
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert hsds_tabular.read_services(tmp_path)[0]["name"] == EVIL


def test_the_row_by_row_writer_is_formula_safe() -> None:
    import io

    from teilhabe.core.exports import SafeCsvWriter

    buffer = io.StringIO()
    SafeCsvWriter(buffer, delimiter=";").writerow(["=1+1", "@SUM(A1)", "-2", "harmlos", 3])
    assert buffer.getvalue().strip() == "'=1+1;'@SUM(A1);'-2;harmlos;3"
