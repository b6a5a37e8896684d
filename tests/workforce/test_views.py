"""The screens over HTTP: the anonymous survey, scope of the survey officer, Land's steps, published results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from teilhabe.core.models import User
from teilhabe.core.services import membership_grant
from teilhabe.core.system import system_actor
from teilhabe.workforce import services
from teilhabe.workforce.logging import SurveyPathFilter
from teilhabe.workforce.models import Campaign, CodeBatch, HiringFigure, OrgUnit, ParticipationCode, Response
from tests.conftest import login
from tests.workforce.factories import fill, make_authority, make_campaign, make_codes, make_land, make_unit

pytestmark = pytest.mark.django_db


def officer_client(authority: object) -> tuple[Client, User]:
    from tests.factories import UserFactory

    user = UserFactory()
    membership_grant(user=user, role="behoerde", scope_object=authority, actor=system_actor())
    return login(Client(), user), user


ANSWERS = {
    "career_group": "lg2_1",
    "staff_kind": "tarif",
    "self_birthplace": "ausland",
    "self_immigration": "ab1956",
    "self_citizenship_birth": "andere",
    "self_citizenship_now": "de",
}


def test_answering_with_a_code_without_login() -> None:
    campaign = make_campaign()
    unit = make_unit(make_authority("Finanzamt Musterstadt"))
    (code,) = make_codes(campaign, unit, 1)
    client = Client()
    page = client.post(reverse("workforce:survey"), {"code": services.format_code(code)})
    assert page.status_code == 200
    assert "Finanzamt Musterstadt" in page.content.decode()
    assert 'name="self_birthplace"' in page.content.decode()
    assert not ParticipationCode.objects.get(code=code).used  # entering the code stores nothing
    done = client.post(reverse("workforce:survey_submit"), {"code": code, **ANSWERS})
    assert done.status_code == 200
    assert "Vielen Dank" in done.content.decode()
    response = Response.objects.get()
    assert (response.eg_tintg, response.age_band, response.parent1_birthplace) == ("ja", "ka", "ka")
    again = client.post(reverse("workforce:survey_submit"), {"code": code, **ANSWERS})
    assert again.status_code == 400
    assert "bereits geantwortet" in again.content.decode()
    assert Response.objects.count() == 1
    assert "sessionid" not in client.cookies and "teilhabe-session" not in client.cookies


def test_an_unknown_code_is_refused_with_a_clear_message() -> None:
    client = Client()
    page = client.post(reverse("workforce:survey"), {"code": "XXXXX-YYYYY"})
    assert "Diesen Code kennen wir nicht" in page.content.decode()
    bad = client.post(reverse("workforce:survey_submit"), {"code": "XXXXXYYYYY", **ANSWERS})
    assert bad.status_code == 400
    assert "nicht gespeichert" in bad.content.decode()
    assert not Response.objects.exists()


def test_the_survey_paths_stay_out_of_the_access_logs() -> None:
    import logging

    survey_filter = SurveyPathFilter()
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, '%(h)s "%(r)s"', None, None)
    record.args = {"h": "10.0.0.1", "r": "POST /befragung/absenden/ HTTP/1.1", "U": "/befragung/absenden/"}
    assert not survey_filter.filter(record)
    dev = logging.LogRecord(
        "django.server", logging.INFO, "", 0, '"%s" %s %s', ("POST /befragung/ HTTP/1.1", 200, 5), None
    )
    assert not survey_filter.filter(dev)
    other = logging.LogRecord(
        "django.server", logging.INFO, "", 0, '"%s" %s %s', ("GET /angebote/ HTTP/1.1", 200, 5), None
    )
    assert survey_filter.filter(other)
    assert any(isinstance(f, SurveyPathFilter) for f in logging.getLogger("gunicorn.access").filters)
    assert any(isinstance(f, SurveyPathFilter) for f in logging.getLogger("django.server").filters)


def test_the_officer_keeps_its_own_authority_only() -> None:
    own, other = make_authority("Eigene Behörde"), make_authority("Fremde Behörde")
    other_unit = make_unit(other, "Fremde Einheit")
    campaign = make_campaign()
    client, _user = officer_client(own)
    home = client.get(reverse("workforce:home")).content.decode()
    assert "Eigene Behörde" in home and "Fremde Behörde" not in home
    assert client.get(reverse("workforce:authority_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("workforce:unit_edit", args=[other_unit.pk])).status_code == 404
    assert (
        client.post(reverse("workforce:codes_issue", args=[other.pk]), {"unit": other_unit.pk, "count": 3}).status_code
        == 404
    )
    stats = client.get(reverse("workforce:authority_statistics", args=[other.pk, campaign.pk]))
    assert stats.status_code == 404
    assert not CodeBatch.objects.exists()


def test_the_officer_creates_units_issues_codes_prints_letters_and_enters_hiring_figures() -> None:
    authority = make_authority("IT.NRW Test")
    make_campaign()
    client, _user = officer_client(authority)
    response = client.post(
        reverse("workforce:unit_create", args=[authority.pk]),
        {"name": "Referat 7", "staff_count": 12, "is_active": "on"},
    )
    assert response.status_code == 302
    unit = OrgUnit.objects.get()
    response = client.post(reverse("workforce:codes_issue", args=[authority.pk]), {"unit": unit.pk, "count": 12})
    assert response.status_code == 302
    batch = CodeBatch.objects.get()
    letters = client.get(reverse("workforce:batch_letters", args=[batch.pk]))
    assert letters.status_code == 200 and letters["Content-Type"] == "application/pdf"
    assert letters.content.startswith(b"%PDF")
    rows = client.get(reverse("workforce:batch_csv", args=[batch.pk])).content.decode("utf-8-sig").splitlines()
    assert rows[0] == "behoerde;einheit;befragung;code;adresse" and len(rows) == 13
    assert "/befragung/" in rows[1]
    # Once the deletion concept destroyed the codes, letters and CSV say so instead of printing nothing.
    CodeBatch.objects.filter(pk=batch.pk).update(codes_destroyed_at=timezone.now(), used_count=0)
    for name in ("workforce:batch_letters", "workforce:batch_csv"):
        response = client.get(reverse(name, args=[batch.pk]), follow=True)
        assert response.redirect_chain[0][0] == reverse("workforce:authority_detail", args=[authority.pk])
        assert "vernichtet" in response.content.decode()
    counts = {
        "applications": 100,
        "applications_mh": 20,
        "invitations": 30,
        "invitations_mh": 5,
        "hires": 8,
        "hires_mh": 1,
        "trainees": 2,
        "trainees_mh": 0,
    }
    response = client.post(reverse("workforce:hiring_edit", args=[authority.pk, 2024]), counts)
    assert response.status_code == 302
    assert HiringFigure.objects.get().hires == 8
    wrong = client.post(reverse("workforce:hiring_edit", args=[authority.pk, 2023]), {**counts, "hires": 31})
    assert wrong.status_code == 200 and "mehr Einstellungen als Einladungen" in wrong.content.decode()
    assert HiringFigure.objects.count() == 1


def test_the_officer_sees_suppressed_statistics_and_land_the_counts() -> None:
    authority = make_authority("Kleine Behörde")
    campaign = make_campaign(status=Campaign.Status.CLOSED)
    fill(campaign, make_unit(authority, "Große Einheit", staff=300), yes=40, no=200)
    fill(campaign, make_unit(authority, "Winzige Einheit", staff=5), yes=2, no=1)
    client, _user = officer_client(authority)
    page = client.get(reverse("workforce:authority_statistics", args=[authority.pk, campaign.pk])).content.decode()
    assert "Winzige Einheit" in page
    # Two units under a published authority total: withholding the tiny unit's total withholds the other's too.
    assert "Rücklauf nach Organisationseinheit" in page and ">300<" in page and "80,0 %" not in page
    row = page[page.index("Kleine Behörde – Winzige Einheit") :].split("</tr>")[0]
    assert ">2<" not in row and ">1<" not in row and "•" in row
    land = login(Client(), make_land())
    revealed = land.get(reverse("workforce:authority_statistics", args=[authority.pk, campaign.pk])).content.decode()
    assert "2&nbsp;•" in revealed[revealed.index("Kleine Behörde – Winzige Einheit") :].split("</tr>")[0]


def test_the_officer_sees_no_live_results_of_a_running_campaign() -> None:
    authority = make_authority("Laufende Behörde")
    campaign = make_campaign(status=Campaign.Status.OPEN)
    fill(campaign, make_unit(authority, "Einheit", staff=50), yes=10, no=30)
    client, _user = officer_client(authority)
    assert client.get(reverse("workforce:authority_statistics", args=[authority.pk, campaign.pk])).status_code == 404
    land = login(Client(), make_land())
    assert land.get(reverse("workforce:authority_statistics", args=[authority.pk, campaign.pk])).status_code == 200


def test_the_start_page_names_what_the_officer_can_do_today() -> None:
    authority = make_authority("Behörde mit Aufgaben")
    make_unit(authority, "Referat A")
    make_campaign(2026)
    client, _user = officer_client(authority)
    page = client.get(reverse("core:start")).content.decode()
    assert "Heute zu tun" in page
    assert "Teilnahmecodes für 1 Einheiten" in page
    # Each step leads to the page where it is done, and the officer may open it (no step promises a 403).
    codes = reverse("workforce:codes_issue", args=[authority.pk])
    hiring = reverse("workforce:hiring_edit", args=[authority.pk, 2025])
    assert f'href="{codes}"' in page and f'href="{hiring}"' in page
    assert client.get(codes).status_code == 200 and client.get(hiring).status_code == 200


def test_the_officer_start_page_costs_the_same_queries_for_more_authorities(
    django_assert_max_num_queries: Any,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_campaign(2026)
    first = make_authority("Erste Behörde")
    make_unit(first, "Referat A")
    client, user = officer_client(first)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("core:start"))
    for n in range(3):
        other = make_authority(f"Weitere Behörde {n}")
        make_unit(other, "Referat B")
        membership_grant(user=user, role="behoerde", scope_object=other, actor=system_actor())
    with django_assert_max_num_queries(len(queries)):
        page = client.get(reverse("core:start")).content.decode()
    assert "Weitere Behörde 2" in page


def test_land_publishes_and_the_public_sees_tables_csv_pdf_and_api() -> None:
    land_user = make_land()
    land = login(Client(), land_user)
    authority = make_authority("Ministerium A", short_name="MA")
    campaign = make_campaign(2015)
    fill(campaign, make_unit(authority, "Abteilung 1", staff=300), yes=30, no=170, seed=1)
    fill(campaign, make_unit(authority, "Abteilung 2", staff=300), yes=25, no=180, seed=2)
    fill(campaign, make_unit(authority, "Stab", staff=4), yes=1, no=2, seed=3)
    assert land.get(reverse("workforce:campaign_detail", args=[campaign.pk])).status_code == 200
    land.post(reverse("workforce:campaign_action", args=[campaign.pk, "schliessen"]))
    land.post(reverse("workforce:campaign_action", args=[campaign.pk, "veroeffentlichen"]))
    assert Campaign.objects.get().status == Campaign.Status.PUBLISHED
    public = Client()
    page = public.get(reverse("workforce:published"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="wf-authority-chart"' in html and "workforce/charts.js" in html and "<script>" not in html
    data = public.get(reverse("api:workforce_published")).json()
    (published,) = data["campaigns"]
    assert published["year"] == 2015
    ids = {t["id"] for t in published["tables"]}
    assert {
        "eg_tintg_by_authority",
        "eg_destatis_by_unit",
        "mh_mikrozensus_by_career_group",
        "eg_tintg_by_staff_kind",
    } <= ids
    for table in published["tables"]:
        for cell in table["cells"]:
            assert set(table["dimensions"]) <= set(cell)
            assert (cell["count"] is None) == cell["suppressed"]
            assert cell["count"] is None or cell["count"] == 0 or cell["count"] >= 5
    stab = [c for t in published["tables"] if t["id"] == "eg_tintg_by_unit" for c in t["cells"] if c["unit"] == "Stab"]
    assert all(c["suppressed"] for c in stab if c["category"] in ("ja", "nein"))
    csv_rows = public.get(reverse("workforce:published_csv", args=[2015])).content.decode("utf-8-sig").splitlines()
    assert csv_rows[0].startswith("tabelle;behoerde;einheit")
    pdf = public.get(reverse("workforce:published_pdf", args=[2015]))
    assert pdf.content.startswith(b"%PDF")
    assert public.get(reverse("api:workforce_published"), {"year": "x"}).status_code == 400
    assert public.get(reverse("workforce:published_csv", args=[2016])).status_code == 404
    schema = public.get(reverse("api:openapi")).json()
    assert "/api/v1/workforce/published" in schema["paths"]


def test_land_actions_refused_for_others(client_for: Callable[..., Client]) -> None:
    campaign = make_campaign(status=Campaign.Status.DRAFT)
    for role in ("behoerde", "kommune", "admin"):
        response = client_for(role).post(reverse("workforce:campaign_action", args=[campaign.pk, "oeffnen"]))
        assert response.status_code == 403
    assert Campaign.objects.get().status == Campaign.Status.DRAFT
    land = client_for("land")
    assert land.post(reverse("workforce:campaign_action", args=[campaign.pk, "gibtsnicht"])).status_code == 404
    land.post(reverse("workforce:campaign_action", args=[campaign.pk, "oeffnen"]))
    assert Campaign.objects.get().status == Campaign.Status.OPEN


def test_hiring_figures_are_published_with_disclosure_control() -> None:
    from teilhabe.workforce.models import Publication

    land = make_land()
    big, small = make_authority("Großes Amt", short_name="GA"), make_authority("Kleines Amt", short_name="KA")
    campaign = make_campaign(2024, status=Campaign.Status.CLOSED)
    fill(campaign, make_unit(big, "Abteilung", staff=300), yes=40, no=200)
    counts = dict(applications=400, applications_mh=80, invitations=60, invitations_mh=12, hires=20, hires_mh=3)
    HiringFigure.objects.create(authority=big, year=2024, trainees=10, trainees_mh=0, **counts)
    HiringFigure.objects.create(
        authority=small, year=2024, applications=9, applications_mh=9, invitations=4, invitations_mh=2, hires=1,
        hires_mh=1, trainees=0, trainees_mh=0,
    )  # fmt: skip
    services.campaign_publish(actor=land, campaign=campaign)
    table = next(t for t in Publication.objects.get().tables if t["id"] == "hiring_by_authority")
    cells = {(c["authority"], c["measure"], c["category"]): c for c in table["cells"]}
    assert cells[("GA", "applications", "ja")]["count"] == 80
    assert cells[("GA", "hires", "ja")]["suppressed"]  # 3 < 5
    assert cells[("KA", "applications", "ja")]["suppressed"]  # all 9 stated one: the complement is 0
    page = Client().get(reverse("workforce:published")).content.decode()
    assert "Einstellungszahlen 2024" in page
