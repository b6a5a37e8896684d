"""The granting authority is a property of the programme (authorities.py): one central authority for all of NRW
(KOMM-AN NRW, granted by the Bezirksregierung Arnsberg) or the Bezirksregierung of the applicant's area. It scopes
the case workers (rules, selectors) and names the authority in letters, 360Giving and /api/v1/grants."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from teilhabe.funding import documents, giving, selectors, services
from teilhabe.funding.authorities import authority_of
from teilhabe.funding.models import Application, ApplicationStatus, AuthorityMode
from tests.conftest import login
from tests.funding.factories import budget, make_application, make_call, make_programme, next_year, walk
from tests.funding.test_documents import pdf_text

pytestmark = pytest.mark.django_db
S = ApplicationStatus
D = Decimal

ARNSBERG = {
    "authority_mode": AuthorityMode.CENTRAL,
    "authority_district": "059",
    "granting_authority": "Bezirksregierung Arnsberg",
    "granting_authority_address": "Kompetenzzentrum für Integration\nSeibertzstraße 1\n59821 Arnsberg",
}


@pytest.fixture
def people(make_user):  # type: ignore[no-untyped-def]
    return {
        "koeln": make_user("kommune", ags="05315"),
        "muenster": make_user("kommune", ags="05515"),
        "dortmund": make_user("kommune", ags="05913"),
        "br_koeln": make_user("bewilligung", ags="053"),
        "br_koeln2": make_user("bewilligung", ags="053"),
        "br_muenster": make_user("bewilligung", ags="055"),
        "br_muenster2": make_user("bewilligung", ags="055"),
        "arnsberg": make_user("bewilligung", ags="059"),
        "arnsberg2": make_user("bewilligung", ags="059"),
        "land": make_user("land", ags="05"),
    }


def _central_call() -> Any:
    programme = make_programme(key="komm-an", name="KOMM-AN NRW", **ARNSBERG)
    budget(programme, next_year())
    return make_call(programme)


def _area_call() -> Any:
    programme = make_programme()
    budget(programme, next_year())
    return make_call(programme)


def test_central_programme_is_processed_statewide_by_its_authority_only(people: dict[str, Any]) -> None:
    application = make_application(people["koeln"], _central_call())
    services.application_submit(actor=people["koeln"], application=application)
    with pytest.raises(PermissionDenied):  # Köln's Bezirksregierung does not grant KOMM-AN, even for Köln
        services.formal_check_start(actor=people["br_koeln"], application=application)
    assert not selectors.applications_visible_to(people["br_koeln"]).filter(pk=application.pk).exists()
    assert selectors.applications_visible_to(people["arnsberg"]).filter(pk=application.pk).exists()
    services.formal_check_start(actor=people["arnsberg"], application=application)
    services.formal_check_pass(actor=people["arnsberg"], application=application)
    services.decision_propose(actor=people["arnsberg"], application=application, decision="approve")
    services.decision_take(actor=people["arnsberg2"], application=application)
    application.refresh_from_db()
    assert application.authority_name == "Bezirksregierung Arnsberg" and application.authority_district == "059"
    assert application.status == S.DECIDED
    assert selectors.authority_tasks(people["arnsberg"])["to_issue"] == 1
    assert selectors.authority_tasks(people["br_koeln"])["to_issue"] == 0


def test_area_programme_stays_with_the_bezirksregierung_of_the_applicant(people: dict[str, Any]) -> None:
    call = _area_call()
    koeln = make_application(people["koeln"], call)
    dortmund = make_application(people["dortmund"], call, applicant_ags="05913000")
    for application, kommune in ((koeln, people["koeln"]), (dortmund, people["dortmund"])):
        services.application_submit(actor=kommune, application=application)
    with pytest.raises(PermissionDenied):  # the central authority works on its own programmes statewide only
        services.formal_check_start(actor=people["arnsberg"], application=koeln)
    services.formal_check_start(actor=people["arnsberg"], application=dortmund)  # its own area
    services.formal_check_start(actor=people["br_koeln"], application=koeln)
    visible = set(selectors.applications_visible_to(people["arnsberg"]).values_list("pk", flat=True))
    assert dortmund.pk in visible and koeln.pk not in visible


def test_the_authority_of_an_application(people: dict[str, Any]) -> None:
    area = make_application(people["muenster"], _area_call(), applicant_ags="05515000")
    authority = authority_of(area)
    assert authority.name == "Bezirksregierung Münster" and authority.district == "055"
    assert "Domplatz 1–3" in authority.lines and "48143 Münster" in authority.lines
    central = make_application(people["muenster"], _central_call(), applicant_ags="05515000")
    authority = authority_of(central)
    assert authority.name == "Bezirksregierung Arnsberg" and authority.district == "059"
    assert authority.lines[0] == "Kompetenzzentrum für Integration"


def _muenster_grant(people: dict[str, Any]) -> Application:
    application = make_application(people["muenster"], _area_call(), applicant_ags="05515000")
    return walk(
        application,
        S.NOTICE_ISSUED,
        kommune=people["muenster"],
        proposer=people["br_muenster"],
        decider=people["br_muenster2"],
    )


def test_muensters_grants_name_muenster_everywhere(people: dict[str, Any], tmp_path: Path) -> None:
    application = _muenster_grant(people)
    data = giving.grant(application)
    assert data["fundingOrganization"][0]["name"] == "Bezirksregierung Münster"
    assert data["fundingOrganization"][0]["id"].endswith("bezirksregierung-munster")
    body = Client().get("/api/v1/grants").json()
    assert [g["fundingOrganization"][0]["name"] for g in body["results"]] == ["Bezirksregierung Münster"]
    text = pdf_text(documents.notice_pdf(application), tmp_path)
    assert "Bezirksregierung Münster" in text and "Domplatz 1–3" in text
    assert "Köln" not in text.replace(application.applicant_name, "")


def test_the_authority_that_decided_stays_on_the_grant(people: dict[str, Any]) -> None:
    application = _muenster_grant(people)
    programme = application.programme
    for name, value in ARNSBERG.items():
        setattr(programme, name, value)
    programme.save()
    application.refresh_from_db()
    assert authority_of(application).name == "Bezirksregierung Münster"
    assert giving.grant(application)["fundingOrganization"][0]["name"] == "Bezirksregierung Münster"


def test_a_central_programme_needs_its_authority(people: dict[str, Any]) -> None:
    data = services.ProgrammeInput(
        key="komm-an",
        name="KOMM-AN NRW",
        legal_basis="Richtlinie",
        granting_authority="",
        financing_type="festbetrag",
        applicant_kinds=["kreis"],
        cost_categories=[{"key": "personal", "label": "Personal"}],
        authority_mode=AuthorityMode.CENTRAL,
    )
    with pytest.raises(ValidationError) as error:
        services.programme_save(actor=people["land"], data=data)
    assert {"authority_district", "granting_authority"} <= set(error.value.message_dict)
    data.authority_district = "059"
    data.granting_authority = "Bezirksregierung Arnsberg"
    programme = services.programme_save(actor=people["land"], data=data)
    assert programme.authority_mode == AuthorityMode.CENTRAL


def test_the_detail_page_shows_the_authority(people: dict[str, Any]) -> None:
    application = make_application(people["koeln"], _central_call())
    services.application_submit(actor=people["koeln"], application=application)
    response = login(Client(), people["arnsberg"]).get(f"/foerderung/antraege/{application.pk}/")
    assert response.status_code == 200
    assert "Bezirksregierung Arnsberg" in response.content.decode()
    assert login(Client(), people["br_koeln"]).get(f"/foerderung/antraege/{application.pk}/").status_code == 404


def test_the_ki_staff_funding_is_kept_by_arnsberg_for_all_of_nrw(people: dict[str, Any]) -> None:
    from teilhabe.registry.models import Structure

    centre = Structure.objects.create(
        kind=Structure.Kind.KOMMUNALES_INTEGRATIONSZENTRUM, name="KI Köln", kreis_id="05315", gemeinde_id="05315000"
    )
    assert people["arnsberg"].has_perm("funding.view_centre", centre)
    assert selectors.centre_for(user=people["arnsberg"], pk=centre.pk) == centre
    assert not people["br_koeln"].has_perm("funding.view_centre", centre)
    assert selectors.centre_for(user=people["br_koeln"], pk=centre.pk) is None
    assert people["koeln"].has_perm("funding.view_centre", centre)  # the KI's own Kommune
    assert selectors.centre_for(user=people["muenster"], pk=centre.pk) is None


def test_the_data_migration_names_the_bezirksregierung_of_each_decided_grant(people: dict[str, Any]) -> None:
    from importlib import import_module

    from django.apps import apps

    from teilhabe.funding.models import Amendment

    migration = import_module("teilhabe.funding.migrations.0004_amendment_two_steps_granting_authority")
    application = _muenster_grant(people)
    draft = make_application(people["koeln"], application.call)
    Application.objects.update(authority_name="", authority_address="", authority_district="")  # as before 0003
    Amendment.objects.create(
        application=application, number=1, reason="alt", before={}, after={}, proposed_by=people["br_muenster"]
    )
    migration.forwards(apps, None)
    application.refresh_from_db()
    draft.refresh_from_db()
    assert application.authority_name == "Bezirksregierung Münster" and application.authority_district == "055"
    assert "Domplatz 1–3" in application.authority_address
    assert draft.authority_name == ""  # not decided: the programme's rule applies when it is
    amendment = Amendment.objects.get()
    assert amendment.status == Amendment.Status.DECIDED and amendment.legacy
