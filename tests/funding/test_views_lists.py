"""The case worker's funding lists over HTTP: applications, payment requests (Mittelabrufe), proofs of use.

Each list filters, sorts, pages and exports exactly the filtered rows of the user's own authority, at a constant
number of queries, and shrugs off bad query strings. Rows are written straight to the database (no workflow):
these tests are about the lists, not the steps that fill them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from teilhabe.funding.models import (
    ApplicantKind,
    Application,
    ApplicationStatus,
    Call,
    PaymentRequest,
    PaymentStatus,
    Programme,
    ProofKind,
    ProofOfUse,
)
from tests.factories import UserFactory
from tests.funding.factories import make_call, make_programme

pytestmark = pytest.mark.django_db
S = ApplicationStatus
KOELN, MUENSTER, BONN = "05315000", "05515000", "05314000"
YEAR = 2027


def _programme(key: str = "komm-in") -> tuple[Programme, Call]:
    programme = Programme.objects.filter(key=key).first() or make_programme(key=key, name=key.upper())
    return programme, Call.objects.filter(programme=programme).first() or make_call(programme)


def applications(n: int, *, ags: str = KOELN, status: str = S.SUBMITTED, key: str = "komm-in", **kw: Any) -> list:
    """``n`` submitted applications of the body ``ags``, titled "Projekt 00", "Projekt 01", ... (newest first)."""
    programme, call = _programme(key)
    user = UserFactory()
    start = Application.objects.count()
    now = timezone.now()
    rows = [
        Application(
            reference=f"T-{start + i:05d}",
            call=call,
            programme=programme,
            applicant_kind=ApplicantKind.KREISFREIE_STADT,
            applicant_name=kw.get("applicant_name", f"Antragsteller {ags}"),
            ags=ags,
            title=kw.get("title", f"Projekt {i:02d}"),
            goals="Ziele",
            starts_on=dt.date(kw.get("year", YEAR), 1, 1),
            ends_on=dt.date(kw.get("year", YEAR), 12, 31),
            status=status,
            version=1,
            submitted_at=now - dt.timedelta(days=i),
            created_by=user,
        )
        for i in range(n)
    ]
    return Application.objects.bulk_create(rows)


def payments(n: int, *, ags: str = KOELN, status: str = PaymentStatus.REQUESTED, year: int = YEAR) -> list:
    user = UserFactory()
    return PaymentRequest.objects.bulk_create(
        PaymentRequest(
            application=application,
            year=year,
            amount=Decimal(1000 + i),
            due_payments=Decimal(2000),
            need="Gehälter",
            needed_by=dt.date(year, 2, 1),
            idempotency_key=f"k{i}",
            status=status,
            requested_by=user,
        )
        for i, application in enumerate(applications(n, ags=ags, status=S.RUNNING))
    )


def proofs(n: int, *, ags: str = KOELN, checked: bool = False, kind: str = ProofKind.INTERIM) -> list:
    user = UserFactory()
    return ProofOfUse.objects.bulk_create(
        ProofOfUse(
            application=application,
            kind=kind,
            year=YEAR,
            report="Bericht",
            submitted_by=user,
            checked_at=timezone.now() if checked else None,
        )
        for application in applications(n, ags=ags, status=S.PROOF_SUBMITTED)
    )


def read_csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response: Any) -> list[list[Any]]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def case_worker(client_for: Callable[..., Client]) -> Client:
    """A person of the Bezirksregierung Köln (the applications of Köln and Bonn, never Münster's)."""
    return client_for("bewilligung", ags="053")


LISTS = [
    ("funding:application_list", applications),
    ("funding:payment_list", payments),
    ("funding:proof_list", proofs),
]


@pytest.mark.parametrize(("name", "make"), LISTS)
def test_constant_queries_for_page_and_export(
    case_worker: Client, django_assert_max_num_queries: Any, name: str, make: Callable[..., list]
) -> None:
    url = reverse(name)
    case_worker.get(url)  # warm the session and content types
    make(3)
    counts = []
    for _ in range(2):
        for target in (url, url + "?export=csv", url + "?export=xlsx"):
            with django_assert_max_num_queries(40) as captured:
                assert case_worker.get(target).status_code == 200
            counts.append(len(captured))
        make(27)
    small, large = counts[:3], counts[3:]
    assert small == large, f"{name}: queries for 3 rows {small}, for 30 rows {large}"


@pytest.mark.parametrize(("name", "make"), LISTS)
def test_another_authoritys_rows_never_show(case_worker: Client, name: str, make: Callable[..., list]) -> None:
    make(2, ags=KOELN)
    make(3, ags=MUENSTER)
    url = reverse(name)
    page = case_worker.get(url)
    assert page.context["page"].paginator.count == 2
    exported = read_csv(case_worker.get(url + "?export=csv"))
    assert exported[0][3] == "AGS" and [row[3] for row in exported[1:]] == [KOELN, KOELN]
    assert MUENSTER not in str(read_xlsx(case_worker.get(url + "?export=xlsx")))
    # Filtering for the other Kreis finds nothing rather than the other authority's rows.
    assert case_worker.get(url, {"kreis": "05515"}).context["page"].paginator.count == 0


def test_application_filters_and_export_are_the_same_rows(case_worker: Client) -> None:
    applications(4, ags=KOELN, title="Elternarbeit")
    applications(2, ags=BONN, title="Sprachkurs")
    applications(3, ags=KOELN, status=S.ASSESSMENT, title="Beratung")
    applications(1, ags=KOELN, key="ki-personal", title="Elternarbeit")
    url = reverse("funding:application_list")
    cases = [
        ({"status": S.ASSESSMENT}, 3),
        ({"kreis": "05314"}, 2),
        ({"gemeinde": BONN}, 2),
        ({"q": "eltern"}, 5),
        ({"programme": "ki-personal"}, 1),
        ({"q": "eltern", "programme": "komm-in", "kreis": "05315"}, 4),
        ({"year": YEAR}, 10),
        ({"year": YEAR + 1}, 0),
    ]
    for params, expected in cases:
        page = case_worker.get(url, params)
        assert page.status_code == 200
        assert page.context["page"].paginator.count == expected, params
        shown = [a.reference for a in page.context["page"]]
        rows = read_csv(case_worker.get(url, {**params, "export": "csv"}))
        assert rows[0][0] == "Aktenzeichen"
        assert [r[0] for r in rows[1:]] == shown, params  # same rows, same order
        assert [r[0] for r in read_xlsx(case_worker.get(url, {**params, "export": "xlsx"}))[1:]] == shown


def test_sorting_by_column_with_aria_sort(case_worker: Client) -> None:
    applications(3, ags=KOELN)  # Projekt 00 newest ... Projekt 02 oldest
    url = reverse("funding:application_list")
    default = case_worker.get(url)
    assert [a.title for a in default.context["page"]] == ["Projekt 00", "Projekt 01", "Projekt 02"]
    assert 'aria-sort="descending"' in default.content.decode()
    by_title = case_worker.get(url, {"sortierung": "title"})
    assert [a.title for a in by_title.context["page"]] == ["Projekt 00", "Projekt 01", "Projekt 02"]
    reverse_title = case_worker.get(url, {"sortierung": "-title"})
    assert [a.title for a in reverse_title.context["page"]] == ["Projekt 02", "Projekt 01", "Projekt 00"]
    html = reverse_title.content.decode()
    assert 'aria-sort="descending"' in html and "sortierung=title" in html  # the heading reverses again
    oldest_first = case_worker.get(url, {"sortierung": "submitted"})
    assert oldest_first.context["page"][0].title == "Projekt 02"
    export = read_csv(case_worker.get(url, {"sortierung": "-title", "export": "csv"}))
    assert [r[1] for r in export[1:]] == ["Projekt 02", "Projekt 01", "Projekt 00"]


def test_filter_fields_are_not_each_marked_optional(case_worker: Client) -> None:
    html = case_worker.get(reverse("funding:application_list")).content.decode()
    search = html[html.index('role="search"') : html.index("</form>", html.index('role="search"'))]
    assert "Förderjahr" in search and "optional" not in search  # every filter is optional; saying so is noise


def test_filters_and_sort_survive_paging_and_export_links(case_worker: Client) -> None:
    applications(30, ags=KOELN)
    url = reverse("funding:application_list")
    page = case_worker.get(url, {"kreis": "05315", "sortierung": "title"})
    html = page.content.decode()
    assert len(page.context["page"]) == 25
    assert "?kreis=05315&amp;sortierung=title&amp;seite=2" in html
    assert "?kreis=05315&amp;sortierung=title&amp;export=csv" in html
    assert "?kreis=05315&amp;sortierung=title&amp;export=xlsx" in html
    second = case_worker.get(url, {"kreis": "05315", "sortierung": "title", "seite": "2"})
    assert [a.title for a in second.context["page"]] == [f"Projekt {i:02d}" for i in range(25, 30)]
    # The export holds every filtered row, not only the page.
    assert len(read_csv(case_worker.get(url, {"kreis": "05315", "export": "csv", "seite": "2"}))) == 31


@pytest.mark.parametrize(
    "params",
    [
        {"status": "erfunden"},
        {"year": "zwanzig"},
        {"year": "99999999999999999999"},
        {"seite": "abc"},
        {"seite": "0"},
        {"seite": "-3"},
        {"seite": "99999999999999999999999"},
        {"sortierung": "password"},
        {"sortierung": "--title"},
        {"kreis": "<script>"},
        {"gemeinde": "05515000'"},
        {"programme": "nicht-da"},
        {"export": "pdf"},
    ],
)
@pytest.mark.parametrize("name", [name for name, _make in LISTS])
def test_bad_parameters_are_ignored_with_a_message(case_worker: Client, name: str, params: dict[str, str]) -> None:
    applications(2, ags=KOELN)
    response = case_worker.get(reverse(name), params)
    assert response.status_code == 200
    key = next(iter(params))
    if key in ("status", "year", "kreis", "gemeinde", "programme"):
        assert "wurden nicht angewandt" in response.content.decode()


def test_a_bad_filter_drops_only_itself(case_worker: Client) -> None:
    applications(2, ags=KOELN)
    applications(1, ags=BONN)
    page = case_worker.get(reverse("funding:application_list"), {"status": "erfunden", "kreis": "05314"})
    assert page.context["page"].paginator.count == 1
    assert "Status:" in page.content.decode()


def test_payment_filters_and_amounts(case_worker: Client) -> None:
    payments(2, ags=KOELN, status=PaymentStatus.CHECKED)
    payments(1, ags=BONN, year=YEAR + 1)
    url = reverse("funding:payment_list")
    assert case_worker.get(url, {"status": "checked"}).context["page"].paginator.count == 2
    assert case_worker.get(url, {"year": YEAR + 1}).context["page"].paginator.count == 1
    assert case_worker.get(url, {"gemeinde": BONN}).context["page"].paginator.count == 1
    html = case_worker.get(url, {"sortierung": "amount"}).content.decode()
    assert "1.000,00 €" in html and "1.001,00 €" in html
    rows = read_xlsx(case_worker.get(url, {"status": "checked", "export": "xlsx"}))
    assert rows[0][:6] == ["Aktenzeichen", "Programm", "Zuwendungsempfänger", "AGS", "Haushaltsjahr", "Betrag"]
    assert sorted(r[5] for r in rows[1:]) == [1000, 1001]  # numbers, not text


def test_proof_filters(case_worker: Client) -> None:
    proofs(2, checked=False)
    proofs(1, checked=True, kind=ProofKind.FINAL)
    url = reverse("funding:proof_list")
    assert case_worker.get(url, {"status": "open"}).context["page"].paginator.count == 2
    assert case_worker.get(url, {"status": "checked"}).context["page"].paginator.count == 1
    assert case_worker.get(url, {"kind": "final"}).context["page"].paginator.count == 1
    assert case_worker.get(url, {"year": YEAR}).context["page"].paginator.count == 3
    rows = read_csv(case_worker.get(url, {"status": "open", "export": "csv"}))
    assert len(rows) == 3 and rows[1][4] == "Zwischennachweis"


@pytest.mark.parametrize("role", ["kommune", "organisation", "land"])
@pytest.mark.parametrize(("name", "make"), LISTS)
def test_every_funding_role_exports_only_what_it_sees(
    client_for: Callable[..., Client], role: str, name: str, make: Callable[..., list]
) -> None:
    make(2, ags=KOELN)
    make(1, ags=MUENSTER)
    client = client_for(role, ags="05315") if role == "kommune" else client_for(role)
    url = reverse(name)
    seen = client.get(url).context["page"].paginator.count
    assert seen == {"kommune": 2, "organisation": 0, "land": 3}[role]
    assert len(read_csv(client.get(url, {"export": "csv"}))) == seen + 1
    assert len(read_xlsx(client.get(url, {"export": "xlsx"}))) == seen + 1


@pytest.mark.parametrize("role", ["anonymous", "behoerde"])
@pytest.mark.parametrize(("name", "_make"), LISTS)
def test_no_export_without_the_right(client_for: Callable[..., Client], role: str, name: str, _make: Any) -> None:
    response = client_for(role).get(reverse(name), {"export": "csv"})
    assert response.status_code in (302, 403)
