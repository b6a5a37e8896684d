"""The funding screens over HTTP: the whole way of an application, and the refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from teilhabe.funding.models import Application, ApplicationStatus, Budget, PaymentRequest
from tests.conftest import login
from tests.funding.factories import application_in, make_call, next_year
from tests.registry.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def test_kommune_applies_through_the_screens(client, make_user) -> None:
    kommune = make_user("kommune", ags="05315")
    login(client, kommune)
    call = make_call()
    partner = OrganisationFactory(name="Türkischer Elternverein Köln e.V.")
    year = next_year()
    page = client.get(reverse("funding:application_list"))
    assert call.title in page.content.decode()

    response = client.post(
        reverse("funding:application_create", args=[call.pk]),
        {
            "applicant": "05315000",
            "title": "Elternlotsen Köln",
            "goals": "Eltern begleiten",
            "starts_on": f"{year}-01-01",
            "ends_on": f"{year}-12-31",
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{application.pk}/plan/")

    plan = client.get(reverse("funding:application_plan", args=[application.pk]))
    assert "Personalausgaben" in plan.content.decode()
    client.post(
        reverse("funding:application_plan", args=[application.pk]),
        {
            f"cost-personal-{year}": "40000",
            f"cost-sach-{year}": "10000",
            f"fin-own-{year}": "10000",
            f"fin-grant-{year}": "40000",
            "partners": [str(partner.pk)],
        },
    )
    assert application.cost_lines.count() == 2 and application.partners.count() == 1
    response = client.post(reverse("funding:application_action", args=[application.pk, "submit"]), follow=True)
    assert "Antrag eingereicht" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.SUBMITTED and application.version == 1


def test_unbalanced_plan_is_not_submitted_and_says_why(client, make_user) -> None:
    kommune = make_user("kommune", ags="05315")
    login(client, kommune)
    application = application_in(S.DRAFT)
    application.financing_lines.filter(source="own").update(amount=Decimal("1000"))
    page = client.get(reverse("funding:application_detail", args=[application.pk])).content.decode()
    assert "müssen gleich sein" in page
    response = client.post(reverse("funding:application_action", args=[application.pk, "submit"]), follow=True)
    assert "müssen gleich sein" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_four_eyes_on_the_screen(client, make_user) -> None:
    application = application_in(S.ASSESSMENT)
    proposer = make_user("bewilligung", ags="053")
    decider = make_user("bewilligung", ags="053")
    login(client, proposer)
    response = client.post(
        reverse("funding:application_propose", args=[application.pk]),
        {"decision": "approve", "conditions": "Fachtag", "reasons": ""},
    )
    assert response.status_code == 302
    page = client.get(reverse("funding:application_detail", args=[application.pk])).content.decode()
    assert "eine zweite Person entscheidet" in page
    client.post(reverse("funding:application_action", args=[application.pk, "decide"]))
    application.refresh_from_db()
    assert application.status == S.PROPOSED  # refused: same person

    client.logout()
    login(client, decider)
    client.post(reverse("funding:application_action", args=[application.pk, "decide"]))
    application.refresh_from_db()
    assert application.status == S.DECIDED
    assert Budget.objects.get().committed == Decimal("40000")


def test_other_area_sees_nothing(client, make_user) -> None:
    application = application_in(S.SUBMITTED)
    login(client, make_user("kommune", ags="05111"))
    assert client.get(reverse("funding:application_detail", args=[application.pk])).status_code == 404
    assert client.get(reverse("funding:application_detail", args=["kein-uuid"])).status_code == 404
    client.post(reverse("funding:application_action", args=[application.pk, "withdraw"]))
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    client.logout()
    login(client, make_user("bewilligung", ags="051"))
    assert client.get(reverse("funding:application_detail", args=[application.pk])).status_code == 404


def test_payment_request_twice_is_recorded_once(client, make_user) -> None:
    import time_machine

    application = application_in(S.RUNNING)
    data = {
        "year": next_year(),
        "due_payments": "10000",
        "amount": "8000",
        "needed_by": dt.date(next_year(), 2, 1).isoformat(),
        "need": "Gehälter",
        "idempotency_key": "abc123",
    }
    url = reverse("funding:payment_create", args=[application.pk])
    user = make_user("kommune", ags="05315")
    # before the budget year of the grant: refused, nothing stored (§ 45 LHO)
    login(client, user)
    assert client.post(url, data).status_code == 200
    assert not PaymentRequest.objects.exists()
    client.logout()
    with time_machine.travel(dt.datetime(next_year(), 1, 15, 10, tzinfo=dt.UTC), tick=False):
        login(client, user)
        assert client.post(url, data).status_code == 302
        assert client.post(url, data).status_code == 302
    assert PaymentRequest.objects.count() == 1


def test_payment_export_for_accounting(client, make_user) -> None:
    from tests.funding.factories import paid_payment

    paid_payment(application_in(S.RUNNING))
    login(client, make_user("land", ags="05"))
    csv = client.get(reverse("funding:payment_export")).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Aktenzeichen;Programm")
    assert "8000.00" in csv
    xlsx = client.get(reverse("funding:payment_export") + "?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_overview_shows_budget_and_grants_per_kreis(client, make_user) -> None:
    application_in(S.DECIDED)
    login(client, make_user("land", ags="05"))
    page = client.get(reverse("funding:overview")).content.decode()
    assert "KOMM-IN NRW" in page and "40.000,00" in page
    xlsx = client.get(reverse("funding:overview") + "?format=xlsx")
    assert xlsx.status_code == 200
    geojson = client.get(reverse("funding:overview_geojson")).json()
    assert len(geojson["features"]) == 53


def test_ki_occupancy_through_the_screen(client, make_user) -> None:
    from teilhabe.funding import services
    from teilhabe.registry.models import Structure

    centre = Structure.objects.create(
        kind=Structure.Kind.KOMMUNALES_INTEGRATIONSZENTRUM, name="KI Köln", kreis_id="05315"
    )
    services.staff_rate_set(
        actor=make_user("land", ags="05"),
        year=2027,
        specialist_amount=Decimal("57000"),
        admin_amount=Decimal("22500"),
        max_specialist_kreisfreie_stadt=Decimal("5"),
        max_specialist_kreis=Decimal("6"),
        max_admin=Decimal("0.5"),
    )
    login(client, make_user("kommune", ags="05315"))
    url = reverse("funding:centre_detail", args=[centre.pk]) + "?year=2027"
    client.post(url, {"new_position": "1", "kind": "specialist", "title": "Fachstelle Bildung", "fte": "1"})
    position = centre.positions.get()
    client.post(url, {f"m-{position.pk}-{m}": "on" for m in range(1, 7)})
    page = client.get(url).content.decode()
    assert "28.500,00" in page  # six months of one post
    report = client.get(reverse("funding:staff_report", args=[centre.pk]) + "?year=2027").content.decode("utf-8-sig")
    assert "Fachstelle Bildung" in report and "28500.00" in report
    client.logout()
    login(client, make_user("kommune", ags="05111"))
    assert client.get(url).status_code == 404


def rows(prefix: str, filled: list[dict[str, str]], *, extra: int = 2, initial: int = 0, **more: str) -> dict[str, str]:
    """A formset's POST data: the filled rows, ``extra`` empty ones and the management form."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(filled) + extra), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(filled):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    data.update(more)
    return data


def test_land_sets_up_a_programme_with_budget_and_call(client, make_user) -> None:
    from teilhabe.funding.models import Call, Programme

    login(client, make_user("land", ags="05"))
    form = {
        "key": "mso-2028",
        "name": "Migrantenorganisationen 2028",
        "legal_basis": "Förderrichtlinie MSO",
        "granting_authority": "Bezirksregierung Köln",
        "applicant_kinds": ["organisation"],
        "organisation_kinds": ["migrantenorganisation"],
        **rows("cost", [{"key": "honorare", "label": "Honorare"}, {"key": "sach", "label": "Sachausgaben"}]),
        **rows("criteria", [{"key": "bedarf", "label": "Bedarf", "max": "10"}]),
        "financing_type": "fehlbedarf",
        "min_own_share": "10",
        "min_grant": "2000",
        "max_grant": "25000",
        "proof_months": "6",
        "active": "on",
    }
    bad = client.post(reverse("funding:programme_create"), {**form, "cost-0-label": ""})
    assert "Dieses Feld ist zwingend erforderlich." in bad.content.decode()
    assert not Programme.objects.filter(key="mso-2028").exists()
    response = client.post(reverse("funding:programme_create"), form)
    assert response.status_code == 302
    programme = Programme.objects.get(key="mso-2028")
    assert programme.cost_categories[1] == {"key": "sach", "label": "Sachausgaben"}
    assert programme.criteria == [{"key": "bedarf", "label": "Bedarf", "max": 10}]
    detail = reverse("funding:programme_detail", args=[programme.key])
    client.post(detail, {"form": "budget", "year": "2028", "total": "400000"})
    client.post(
        detail,
        {"form": "call", "title": "Aufruf 2028", "opens_at": "2027-09-01T00:00", "closes_at": "2027-11-30T23:59"},
    )
    assert programme.budgets.get().total == Decimal("400000")
    assert Call.objects.get(programme=programme).title == "Aufruf 2028"


def test_bewilligung_reads_programmes_but_does_not_change_them(client, make_user) -> None:
    from tests.funding.factories import make_programme

    programme = make_programme()
    login(client, make_user("bewilligung", ags="053"))
    detail = reverse("funding:programme_detail", args=[programme.key])
    assert client.get(detail).status_code == 200
    assert client.post(detail, {"form": "budget", "year": "2028", "total": "1"}).status_code == 403
    assert not programme.budgets.exists()
    assert client.get(reverse("funding:programme_edit", args=[programme.key])).status_code == 403


def test_budget_cannot_fall_below_commitments(client, make_user) -> None:
    application = application_in(S.DECIDED)
    login(client, make_user("land", ags="05"))
    detail = reverse("funding:programme_detail", args=[application.programme.key])
    page = client.post(detail, {"form": "budget", "year": str(next_year()), "total": "1000"})
    assert "gebunden" in page.content.decode()
    assert Budget.objects.get().total == Decimal("1000000")


def test_land_sets_staff_rates(client, make_user) -> None:
    from teilhabe.funding.models import StaffRate

    login(client, make_user("land", ags="05"))
    assert "Fördersätze eines Jahres" in client.get(reverse("funding:staff_overview")).content.decode()
    client.post(
        reverse("funding:staff_rates"),
        {
            "year": "2028",
            "specialist_amount": "58000",
            "admin_amount": "23000",
            "max_specialist_kreisfreie_stadt": "5",
            "max_specialist_kreis": "6",
            "max_admin": "0.5",
        },
    )
    assert StaffRate.objects.get(year=2028).specialist_amount == Decimal("58000")
    client.logout()
    login(client, make_user("kommune", ags="05315"))
    assert client.post(reverse("funding:staff_rates"), {"year": "2029"}).status_code == 403


def test_list_needs_the_same_queries_for_many_applications(client, make_user, django_assert_max_num_queries) -> None:
    from tests.funding.factories import make_application

    kommune = make_user("kommune", ags="05315")
    call = make_call()
    make_application(kommune, call)
    login(client, kommune)
    url = reverse("funding:application_list")
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(8):
        make_application(kommune, call)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_authority_sees_its_tasks(client, make_user) -> None:
    application_in(S.SUBMITTED)
    proposed = application_in(S.PROPOSED)
    login(client, make_user("bewilligung", ags="053"))
    page = client.get(reverse("funding:application_list")).content.decode()
    assert "1 eingereichter Antrag zur formalen Prüfung" in page
    assert "1 Vorschlag wartet auf Ihre Entscheidung" in page
    client.logout()
    login(client, proposed.proposed_by)
    assert "0 Vorschläge warten" in client.get(reverse("funding:application_list")).content.decode()


# --- four eyes in the screens: the buttons follow services.available_actions ------------------------------------


def _people(make_user):  # type: ignore[no-untyped-def]
    return {
        "kommune": make_user("kommune", ags="05315"),
        "proposer": make_user("bewilligung", ags="053"),
        "decider": make_user("bewilligung", ags="053"),
    }


def test_the_proposer_sees_no_decide_button(make_user) -> None:
    from django.test import Client

    from tests.funding.factories import make_application, walk

    people = _people(make_user)
    call = make_call()
    Budget.objects.create(programme=call.programme, year=next_year(), total=Decimal("100000"))
    application = walk(make_application(people["kommune"], call), S.PROPOSED, **people)
    decide_url = reverse("funding:application_action", args=[application.pk, "decide"])
    proposer_page = login(Client(), people["proposer"]).get(
        reverse("funding:application_detail", args=[application.pk])
    )
    assert decide_url not in proposer_page.content.decode()
    assert "Vier-Augen-Prinzip" in proposer_page.content.decode()
    decider_page = login(Client(), people["decider"]).get(reverse("funding:application_detail", args=[application.pk]))
    assert decide_url in decider_page.content.decode()


def test_an_amendment_through_the_screens_needs_two_people(make_user) -> None:
    from django.test import Client

    from teilhabe.funding.models import Amendment
    from tests.funding.factories import make_application, walk

    people = _people(make_user)
    call = make_call()
    Budget.objects.create(programme=call.programme, year=next_year(), total=Decimal("100000"))
    application = walk(make_application(people["kommune"], call), S.RUNNING, **people)
    proposer = login(Client(), people["proposer"])
    year = next_year()
    amend = reverse("funding:application_amend", args=[application.pk])
    refused = proposer.post(amend, {f"amount-{year}": "47000", "reasons": "Mehrbedarf"})
    assert refused.status_code == 200 and "beantragten" in refused.content.decode()
    proposer.post(amend, {f"amount-{year}": "30000", "reasons": "Stelle später besetzt"})
    assert Amendment.objects.get().status == Amendment.Status.PROPOSED
    decide = reverse("funding:application_action", args=[application.pk, "amendment_decide"])
    page = proposer.get(reverse("funding:application_detail", args=[application.pk])).content.decode()
    assert decide not in page and amend not in page
    response = proposer.post(decide, follow=True)
    assert "Vier-Augen-Prinzip" in response.content.decode()
    assert Budget.objects.get().committed == Decimal("40000")
    assert proposer.get(amend).status_code == 403  # no second proposal while one is open
    decider = login(Client(), people["decider"])
    assert decide in decider.get(reverse("funding:application_detail", args=[application.pk])).content.decode()
    decider.post(decide)
    assert Amendment.objects.get().number == 1
    assert Budget.objects.get().committed == Decimal("30000")
    pdf = decider.get(reverse("funding:notice_pdf", args=[application.pk]) + "?aenderung=1")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_applicant_asks_for_a_change_through_the_screens(make_user) -> None:
    from django.test import Client

    from tests.funding.factories import make_application, walk

    people = _people(make_user)
    call = make_call()
    Budget.objects.create(programme=call.programme, year=next_year(), total=Decimal("100000"))
    application = walk(make_application(people["kommune"], call), S.RUNNING, **people)
    year = next_year()
    url = reverse("funding:change_request", args=[application.pk])
    assert login(Client(), people["proposer"]).get(url).status_code == 403
    kommune = login(Client(), people["kommune"])
    assert kommune.get(url).status_code == 200
    data = {"reason": "Zweite Stelle", f"costs-{year}": "60000", f"own-{year}": "12000", f"grant-{year}": "48000"}
    assert kommune.post(url, data).status_code == 302
    assert application.change_requests.get().plan[str(year)]["grant"] == "48000.00"
    unbalanced = kommune.post(url, {**data, f"own-{year}": "1000"})
    assert unbalanced.status_code == 200 and application.change_requests.count() == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("kommune", 200), ("bewilligung", 403), ("land", 403), ("admin", 403), ("organisation", 404)],
)
def test_change_request_posted_as_every_role(client_for, role, status) -> None:  # type: ignore[no-untyped-def]
    application = application_in(S.RUNNING)
    response = client_for(role).post(reverse("funding:change_request", args=[application.pk]), {})
    assert response.status_code == status
    assert not application.change_requests.exists()


def test_antrag_stellen_only_for_those_who_can_apply_and_the_others_learn_why(client, make_user) -> None:
    """No dead end: the organisation of a municipal programme gets no button that ends in 403, but the reason."""
    call = make_call()  # a programme for Kommunen
    list_url = reverse("funding:application_list")
    create_url = reverse("funding:application_create", args=[call.pk])
    organisation = OrganisationFactory()
    login(client, make_user("organisation", scope_object=organisation))
    page = client.get(list_url).content.decode()
    assert create_url not in page
    assert "Dieses Programm richtet sich an" in page
    client.logout()
    login(client, make_user("kommune", ags="05315"))
    page = client.get(list_url).content.decode()
    assert create_url in page
    assert "Dieses Programm richtet sich an" not in page


def test_programme_rows_are_added_and_removed(client, make_user) -> None:
    """Cost categories and criteria are rows of their own: added in empty rows, removed with "Zeile entfernen"."""
    from tests.funding.factories import make_programme

    programme = make_programme(key="rows", cost_categories=[{"key": "sach", "label": "Sachausgaben"}])
    login(client, make_user("land", ags="05"))
    url = reverse("funding:programme_edit", args=[programme.key])
    page = client.get(url).content.decode()
    assert 'name="cost-0-key"' in page and 'value="sach"' in page and 'name="cost-2-key"' in page  # 1 row + 2 empty
    assert "__prefix__" in page  # the template row the script copies
    assert "cost_categories" not in page and "|" not in page.split("<form", 1)[1].split("</form>")[0].replace("||", "")
    from teilhabe.funding.forms import ProgrammeForm

    data = {k: v for k, v in ProgrammeForm.initial_for(programme).items() if v not in (None, False)}
    data = {k: v for k, v in data.items() if not isinstance(v, list)} | {
        "applicant_kinds": programme.applicant_kinds,
        "required_partner_kinds": programme.required_partner_kinds,
        "active": "on",
    }
    data |= rows(
        "criteria",
        [
            {"key": "konzept", "label": "Qualität des Konzepts", "max": "10"},
            {"key": "wirkung", "label": "Wirkung", "max": "5"},
        ],
        initial=1,
        **{"criteria-0-DELETE": "on"},
    )
    data |= rows(
        "cost", [{"key": "sach", "label": "Sachausgaben"}, {"key": "honorare", "label": "Honorare"}], initial=1
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    programme.refresh_from_db()
    assert programme.cost_categories == [
        {"key": "sach", "label": "Sachausgaben"},
        {"key": "honorare", "label": "Honorare"},
    ]
    assert programme.criteria == [{"key": "wirkung", "label": "Wirkung", "max": 5}]
    bad = client.post(url, data | {"criteria-1-max": "abc"})
    assert bad.status_code == 200 and 'aria-invalid="true"' in bad.content.decode()
