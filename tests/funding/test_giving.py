"""360Giving export: only decided grants, valid against the official 1.4 schemas, no personal data."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from teilhabe.funding import giving, services
from teilhabe.funding.models import Application, ApplicationStatus
from teilhabe.geo.models import Gemeinde
from tests.funding.factories import budget, make_application, make_call, make_programme, next_year, walk
from tests.registry.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus
D = Decimal


def demo_grants(make_user: Any) -> dict[str, Any]:
    """A demo-like set: two programmes, applicants in Köln and Bergheim and one organisation, every kind of state."""
    people = {
        "koeln": make_user("kommune", ags="05315", full_name="Klara Kommunal", email="klara@stadt-koeln.example"),
        "bergheim": make_user("kommune", ags="05362", full_name="Bernd Bergheimer", email="bernd@bergheim.example"),
        "proposer": make_user("bewilligung", ags="053", full_name="Paul Vorschlag", email="paul@bezreg.example"),
        "decider": make_user("bewilligung", ags="053", full_name="Dora Entscheider", email="dora@bezreg.example"),
    }
    year = next_year()
    komm_in = make_programme()
    call = make_call(komm_in)
    budget(komm_in, year, "1000000")
    budget(komm_in, year + 1, "1000000")
    mso = make_programme(
        key="mso-nrw",
        name="Förderung von Migrantenselbstorganisationen",
        applicant_kinds=["organisation"],
        required_partner_kinds=[],
        granting_authority="Bezirksregierung Köln",
    )
    mso_call = make_call(mso)
    budget(mso, year, "500000")

    def to(application: Application, state: str, kommune: Any) -> Application:
        return walk(application, state, kommune=kommune, proposer=people["proposer"], decider=people["decider"])

    koeln, bergheim = people["koeln"], people["bergheim"]
    made: dict[str, Application] = {}
    made["draft"] = make_application(koeln, call, title="Entwurf Nachbarschaft")
    made["submitted"] = to(make_application(koeln, call, title="Eingereicht Sprachkurs"), S.SUBMITTED, koeln)
    made["withdrawn"] = make_application(koeln, call, title="Zurückgezogen Theater")
    services.application_withdraw(actor=koeln, application=made["withdrawn"])
    rejected = to(make_application(koeln, call, title="Abgelehnt Sportfest"), S.ASSESSMENT, koeln)
    services.decision_propose(actor=people["proposer"], application=rejected, decision="reject", reasons="Kein Bedarf.")
    made["rejected"] = services.decision_take(actor=people["decider"], application=rejected)
    made["decided"] = to(make_application(koeln, call, title="Elterncafé Köln-Kalk"), S.DECIDED, koeln)
    made["running"] = to(
        make_application(bergheim, call, title="Integrationslotsen Bedburg", applicant_ags="05362004"),
        S.RUNNING,
        bergheim,
    )
    partial = to(
        make_application(
            koeln,
            call,
            title="Mehrsprachige Beratung",
            ends_on=dt.date(year + 1, 6, 30),
            costs={("personal", year): D("30000"), ("personal", year + 1): D("20000")},
            financing={
                ("own", year): D("6000"),
                ("grant", year): D("24000"),
                ("own", year + 1): D("4000"),
                ("grant", year + 1): D("16000"),
            },
        ),
        S.ASSESSMENT,
        koeln,
    )
    services.decision_propose(
        actor=people["proposer"],
        application=partial,
        decision="partial",
        amounts={year: D("20000"), year + 1: D("10000.50")},
        reasons="Honorare zu hoch.",
    )
    services.decision_take(actor=people["decider"], application=partial)
    services.notice_issue(actor=people["proposer"], application=partial)
    partial.refresh_from_db()
    made["partial"] = partial
    organisation = OrganisationFactory(name="Afrikanischer Kulturverein Köln e. V.")
    member = make_user("organisation", scope_object=organisation, full_name="Olu Vereinsmitglied")
    made["organisation"] = walk(
        make_application(
            member, mso_call, title="Hausaufgabenhilfe", applicant_ags="", organisation=organisation, partners=[]
        ),
        S.FINAL,
        kommune=member,
        proposer=people["proposer"],
        decider=people["decider"],
    )
    return {"people": people, "applications": made, "organisation": organisation, "year": year}


@pytest.fixture
def demo(make_user: Any) -> dict[str, Any]:
    return demo_grants(make_user)


PUBLISHED = {"decided", "running", "partial", "organisation"}


def test_only_decided_grants_are_exported(demo: dict[str, Any]) -> None:
    made = demo["applications"]
    exported = set(giving.decided_applications().values_list("pk", flat=True))
    assert exported == {made[k].pk for k in PUBLISHED}


def test_demo_set_validates_with_no_errors(demo: dict[str, Any]) -> None:
    data = giving.package(giving.decided_applications())
    assert giving.validate(data) == []
    assert len(data["grants"]) == 4 and data["version"] == "1.4"
    titles = {g["title"] for g in data["grants"]}
    assert titles == {
        "Elterncafé Köln-Kalk",
        "Integrationslotsen Bedburg",
        "Mehrsprachige Beratung",
        "Hausaufgabenhilfe",
    }


def test_grant_fields(demo: dict[str, Any]) -> None:
    made = demo["applications"]
    year = demo["year"]
    partial = giving.grant(made["partial"])
    assert partial["id"] == f"360G-teilhabe-nrw-{made['partial'].reference}"
    assert partial["currency"] == "EUR"
    assert partial["amountAwarded"] == 30000.5 and partial["amountAppliedFor"] == 40000
    assert partial["awardDate"].startswith(made["partial"].decided_at.date().isoformat()[:4])
    assert partial["plannedDates"] == [{"startDate": f"{year}-01-01", "endDate": f"{year + 1}-06-30", "duration": 18}]
    assert partial["recipientOrganization"][0]["id"] == "360G-teilhabe-nrw-ags-05315000"
    assert partial["fundingOrganization"] == [
        {"id": "360G-teilhabe-nrw-funder-bezirksregierung-koln", "name": "Bezirksregierung Köln"}
    ]
    assert partial["grantProgramme"] == [{"code": "komm-in", "title": "KOMM-IN NRW"}]
    assert partial["description"].startswith("Eltern mit Einwanderungsgeschichte")
    bedburg = giving.grant(made["running"])
    bedburg_location = {"name": "Bedburg", "geoCode": "05362004", "geoCodeType": "AGS", "countryCode": "DE"}
    assert bedburg["beneficiaryLocation"] == [bedburg_location]
    assert bedburg["recipientOrganization"][0]["location"] == [bedburg_location]
    organisation = giving.grant(made["organisation"])
    recipient = organisation["recipientOrganization"][0]
    assert recipient["id"] == f"360G-teilhabe-nrw-org-{demo['organisation'].pk}"
    assert recipient["name"] == "Afrikanischer Kulturverein Köln e. V."
    assert recipient["addressCountry"] == "DE"
    assert recipient["location"][0]["geoCodeType"] == "AGS"
    assert organisation["grantProgramme"][0]["code"] == "mso-nrw"


def test_no_personal_data_in_the_export(demo: dict[str, Any]) -> None:
    text = json.dumps(giving.package(giving.decided_applications()), ensure_ascii=False)
    assert "@" not in text
    for name in ("Klara", "Kommunal", "Bernd", "Bergheimer", "Paul", "Vorschlag", "Dora", "Entscheider", "Olu"):
        assert name not in text
    for made in demo["applications"].values():
        for user in (made.created_by, made.proposed_by, made.decided_by):
            if user is not None:
                assert user.full_name not in text and user.email not in text
    # nor anything of what was not decided
    assert "Entwurf" not in text and "Abgelehnt" not in text and "Kein Bedarf" not in text


def test_validate_reports_paths() -> None:
    errors = giving.validate({"grants": [{"id": "x", "currency": "XXX", "amountAwarded": "10"}], "version": "one"})
    assert any(e.startswith("grants/0:") for e in errors)
    assert any(e.startswith("version:") for e in errors)
    assert giving.validate({"grants": []}) == ["grants: [] should be non-empty"]


def test_download_is_public_json(client: Client, demo: dict[str, Any]) -> None:
    response = client.get("/opendata/360giving.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert giving.validate(data) == []
    assert len(data["grants"]) == 4
    assert data["grants"][0]["dataSource"] == "http://testserver/opendata/360giving.json"


def test_export_command_writes_a_valid_file(demo: dict[str, Any], tmp_path: Path) -> None:
    out = StringIO()
    target = tmp_path / "out" / "360giving.json"
    call_command("export_360giving", str(target), stdout=out)
    assert "4 Zuwendungen" in out.getvalue()
    data = json.loads(target.read_text(encoding="utf-8"))
    assert giving.validate(data) == [] and len(data["grants"]) == 4


def test_recipients_carry_postal_code_and_registered_identifier(demo: dict[str, Any]) -> None:
    made = demo["applications"]
    data = giving.package(giving.decided_applications())
    assert giving.validate(data) == []
    by_title = {g["title"]: g for g in data["grants"]}
    bedburg = by_title["Integrationslotsen Bedburg"]["recipientOrganization"][0]
    assert bedburg["postalCode"] == Gemeinde.objects.get(ags="05362004").postal_code != ""
    organisation = demo["organisation"]
    organisation.postal_code, organisation.register = "50667", "VR"
    organisation.register_court, organisation.register_number = "Amtsgericht Köln", "12345"
    organisation.save()
    recipient = giving.grant(Application.objects.get(pk=made["organisation"].pk))["recipientOrganization"][0]
    assert recipient["id"] == "DE-CR-RA000280-VR12345"  # org-id.guide: the court's GLEIF code, register, number
    assert recipient["postalCode"] == "50667"
    organisation.register = "HRB"
    organisation.save()
    recipient = giving.grant(Application.objects.get(pk=made["organisation"].pk))["recipientOrganization"][0]
    assert recipient["id"] == "DE-CR-RA000280-HRB12345"


def test_downloads_answer_head(client: Client, demo: dict[str, Any]) -> None:
    for url in ("/opendata/360giving.json", "/opendata/hsds.json", "/opendata/hsds-tabular.zip"):
        response = client.head(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        assert body == b""
        assert client.post(url).status_code in (403, 405)
