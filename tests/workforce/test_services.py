"""Services of the staff survey: codes, the anonymous answer, campaigns, hiring figures, publication."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from teilhabe.core.models import AuditEvent
from teilhabe.workforce import services
from teilhabe.workforce.models import (
    AgeBand,
    Campaign,
    CareerGroup,
    CodeBatch,
    HiringFigure,
    OrgUnit,
    ParticipationCode,
    Response,
    StaffKind,
)
from tests.workforce.factories import (
    NO,
    YES,
    fill,
    make_authority,
    make_campaign,
    make_codes,
    make_land,
    make_officer,
    make_unit,
)

pytestmark = pytest.mark.django_db


# --- codes -------------------------------------------------------------------------------------------------------


def test_officer_issues_unique_single_use_codes_for_a_unit_of_its_authority() -> None:
    authority = make_authority()
    officer = make_officer(authority)
    unit = make_unit(authority)
    campaign = make_campaign()
    batch = services.codes_issue(actor=officer, campaign=campaign, unit=unit, count=40)
    codes = list(batch.codes.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 40
    assert all(len(c) == 10 and set(c) <= set(services.CODE_ALPHABET) for c in codes)
    assert not batch.codes.filter(used=True).exists()
    event = AuditEvent.objects.get(action="workforce.codes_issued")
    assert event.data["count"] == 40
    assert not any(code in str(event.data) for code in codes), "the audit log never holds codes"


def test_another_authoritys_officer_and_land_cannot_issue_codes() -> None:
    authority, other = make_authority(), make_authority()
    unit = make_unit(authority)
    campaign = make_campaign()
    for actor in (make_officer(other), make_land()):
        with pytest.raises(PermissionDenied):
            services.codes_issue(actor=actor, campaign=campaign, unit=unit, count=3)
    assert not CodeBatch.objects.exists()


def test_no_codes_for_a_closed_campaign_or_an_absurd_count() -> None:
    authority = make_authority()
    officer = make_officer(authority)
    unit = make_unit(authority)
    with pytest.raises(ValidationError):
        services.codes_issue(actor=officer, campaign=make_campaign(status=Campaign.Status.CLOSED), unit=unit, count=3)
    with pytest.raises(ValidationError):
        services.codes_issue(actor=officer, campaign=make_campaign(2025), unit=unit, count=0)
    assert not ParticipationCode.objects.exists()


# --- the anonymous answer ----------------------------------------------------------------------------------------


def test_a_code_answers_once_and_a_used_or_unknown_code_stores_nothing() -> None:
    campaign = make_campaign()
    unit = make_unit(make_authority())
    code, *_ = make_codes(campaign, unit, 3)
    services.response_submit(code=services.format_code(code).lower(), answers=YES)
    assert Response.objects.count() == 1
    assert ParticipationCode.objects.get(code=code).used
    with pytest.raises(ValidationError, match="bereits geantwortet"):
        services.response_submit(code=code, answers=NO)
    with pytest.raises(ValidationError, match="kennen wir nicht"):
        services.response_submit(code="ZZZZZ-ZZZZZ", answers=NO)
    with pytest.raises(ValidationError, match="kennen wir nicht"):
        services.response_submit(code="", answers=NO)
    assert Response.objects.count() == 1
    assert ParticipationCode.objects.filter(used=True).count() == 1


def test_no_answer_outside_an_open_campaign() -> None:
    unit = make_unit(make_authority())
    for status in (Campaign.Status.DRAFT, Campaign.Status.CLOSED):
        campaign = make_campaign(2000 + len(status), status=status)
        (code,) = make_codes(campaign, unit, 1)
        with pytest.raises(ValidationError, match="keine Antworten"):
            services.response_submit(code=code, answers=YES)
        assert not ParticipationCode.objects.get(code=code).used
    assert not Response.objects.exists()


def test_invalid_answers_are_refused_and_the_code_stays_unused() -> None:
    campaign = make_campaign()
    (code,) = make_codes(campaign, make_unit(make_authority()), 1)
    with pytest.raises(ValidationError):
        services.response_submit(code=code, answers=services.SurveyAnswers(career_group="general"))
    assert not ParticipationCode.objects.get(code=code).used
    assert not Response.objects.exists()


def test_the_answer_stores_the_derived_categories() -> None:
    campaign = make_campaign()
    (code,) = make_codes(campaign, make_unit(make_authority()), 1)
    services.response_submit(code=code, answers=YES)
    response = Response.objects.get()
    assert (response.eg_tintg, response.eg_destatis, response.mh_mikrozensus) == ("ja", "ja", "ja")
    assert response.career_group == "lg2_1"


def _all_values(model: type) -> set[str]:
    values: set[str] = set()
    for row in model._default_manager.all().values_list():
        values.update(str(v) for v in row if v not in (None, "", True, False))
    return values


def test_after_an_answer_nothing_in_the_database_connects_it_to_its_code() -> None:
    """Every table of every app is searched for the answer's key and for the code and the code's key."""
    authority = make_authority()
    campaign = make_campaign()
    unit = make_unit(authority)
    codes = make_codes(campaign, unit, 4)
    before = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    services.response_submit(code=codes[1], answers=YES)
    response = Response.objects.get()
    code = ParticipationCode.objects.get(code=codes[1])
    after = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    grown = {label for label in after if after[label] != before[label]}
    assert grown == {"workforce.Response"}, f"an answer writes one row and nothing else: {grown}"

    response_fields = {f.name for f in Response._meta.get_fields()}
    assert not response_fields & {"code", "user", "ip", "created_at", "updated_at", "submitted_at", "batch"}
    assert {f.name for f in ParticipationCode._meta.get_fields()} == {"id", "batch", "code", "used"}
    for model in apps.get_models():
        values = _all_values(model)
        if model is not Response:
            assert str(response.pk) not in values, f"{model._meta.label} names the answer"
        if model is not ParticipationCode:
            assert code.code not in values and str(code.pk) not in values, f"{model._meta.label} names the code"
    # Every code of the unit was written by the same statement (PostgreSQL: one transaction id for all of them).
    assert ParticipationCode.objects.filter(batch__unit=unit).count() == 4


@pytest.mark.postgres
def test_on_postgresql_the_transaction_id_does_not_single_out_the_code() -> None:
    campaign = make_campaign()
    unit = make_unit(make_authority())
    codes = make_codes(campaign, unit, 4)
    services.response_submit(code=codes[2], answers=YES)
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT xmin::text FROM workforce_participationcode")
        code_xmins = {r[0] for r in cursor.fetchall()}
    assert len(code_xmins) == 1, "every code of the unit carries the same transaction id"


def _answer_in_order(campaign: Campaign, count: int) -> list[tuple[str, str, str]]:
    """``count`` answers through their codes, each distinguishable by career group, staff kind and age band; the
    list is the order of arrival."""
    unit = make_unit(make_authority())
    codes = make_codes(campaign, unit, count)
    combos = [(c, k, a) for c in CareerGroup.values for k in StaffKind.values for a in AgeBand.values][:count]
    for code, (career, kind, age) in zip(codes, combos, strict=True):
        services.response_submit(
            code=code, answers=services.SurveyAnswers(career_group=career, staff_kind=kind, age_band=age)
        )
    return combos


def test_closing_keeps_every_answer_and_deletes_nothing() -> None:
    land = make_land()
    campaign = make_campaign()
    fill(campaign, make_unit(make_authority()), yes=30, no=30)
    before = sorted(Response.objects.values_list(*(f.attname for f in Response._meta.concrete_fields)))
    with CaptureQueriesContext(connection) as queries:
        services.campaign_close(actor=land, campaign=campaign)
    assert not [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("DELETE")]
    after = sorted(Response.objects.values_list(*(f.attname for f in Response._meta.concrete_fields)))
    assert after == before, "the same answers with the same keys"


def test_on_sqlite_the_answers_have_no_rowid_and_lie_in_the_order_of_their_random_keys() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only (PostgreSQL: the next test)")
    arrival = _answer_in_order(make_campaign(), 30)
    with connection.cursor() as cursor:
        with pytest.raises(OperationalError, match="rowid"):
            cursor.execute("SELECT rowid FROM workforce_response")
        cursor.execute("SELECT id, career_group, staff_kind, age_band FROM workforce_response")
        stored = cursor.fetchall()
    keys = [row[0] for row in stored]
    assert keys == sorted(keys), "the table is the B-tree of the random key: its order is the key's order"
    assert [tuple(row[1:]) for row in stored] != arrival, "and not the order of arrival"
    assert sorted(tuple(row[1:]) for row in stored) == sorted(arrival)


@pytest.mark.postgres
def test_on_postgresql_closing_rewrites_the_answers_in_random_order_under_one_transaction_id() -> None:
    campaign = make_campaign()
    arrival = _answer_in_order(campaign, 30)
    query = "SELECT career_group, staff_kind, age_band FROM workforce_response ORDER BY ctid"
    with connection.cursor() as cursor:
        cursor.execute(query)
        assert [tuple(r) for r in cursor.fetchall()] == arrival, "before the close the heap keeps the arrival"
        cursor.execute("SELECT COUNT(DISTINCT xmin::text) FROM workforce_response")
        assert cursor.fetchone()[0] == 30, "and every answer its own transaction id"
    ids = set(Response.objects.values_list("id", flat=True))
    services.campaign_close(actor=make_land(), campaign=campaign)
    with connection.cursor() as cursor:
        cursor.execute(query)
        stored = [tuple(r) for r in cursor.fetchall()]
        cursor.execute("SELECT COUNT(DISTINCT xmin::text) FROM workforce_response")
        xmins = cursor.fetchone()[0]
    assert stored != arrival and sorted(stored) == sorted(arrival)
    assert xmins == 1, "every answer now carries the close's transaction id"
    assert set(Response.objects.values_list("id", flat=True)) == ids


# --- campaigns and publication -----------------------------------------------------------------------------------


def test_land_opens_closes_and_publishes_once() -> None:
    land = make_land()
    campaign = services.campaign_create(actor=land, data=services.CampaignInput(year=2024, title="Befragung 2024"))
    assert campaign.threshold == 5 and campaign.reference_source
    services.campaign_open(actor=land, campaign=campaign)
    with pytest.raises(ValidationError):
        services.campaign_publish(actor=land, campaign=campaign)  # still open
    authority = make_authority()
    for i, (yes, no) in enumerate([(40, 160), (2, 9), (0, 12), (12, 0)]):
        fill(campaign, make_unit(authority, staff=250), yes=yes, no=no, seed=i)
    services.campaign_close(actor=land, campaign=campaign)
    publication = services.campaign_publish(actor=land, campaign=campaign)
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.PUBLISHED
    assert (
        publication.audit["cells_checked"]
        == publication.audit["suppressed_primary"] + publication.audit["suppressed_secondary"]
    )
    for table in publication.tables:
        for cell in table["cells"]:
            assert (cell["count"] is None) == cell["suppressed"]
            assert cell["count"] is None or cell["count"] == 0 or cell["count"] >= 5
    with pytest.raises(ValidationError):
        services.campaign_publish(actor=land, campaign=campaign)


def test_only_land_runs_campaigns_and_a_year_has_one() -> None:
    authority = make_authority()
    with pytest.raises(PermissionDenied):
        services.campaign_create(actor=make_officer(authority), data=services.CampaignInput(year=2024, title="x"))
    land = make_land()
    services.campaign_create(actor=land, data=services.CampaignInput(year=2024, title="x"))
    with pytest.raises(ValidationError):
        services.campaign_create(actor=land, data=services.CampaignInput(year=2024, title="y"))
    with pytest.raises(ValidationError):
        services.campaign_create(actor=land, data=services.CampaignInput(year=2025, title="y", threshold=1))
    assert Campaign.objects.count() == 1


# --- units and hiring figures ------------------------------------------------------------------------------------


def test_units_are_kept_by_their_authority_only() -> None:
    authority = make_authority()
    officer = make_officer(authority)
    unit = services.unit_create(actor=officer, authority=authority, name="Referat 1", staff_count=30)
    with pytest.raises(ValidationError):
        services.unit_create(actor=officer, authority=authority, name="Referat 1", staff_count=3)
    with pytest.raises(PermissionDenied):
        services.unit_update(actor=make_officer(make_authority()), unit=unit, name="X", staff_count=1)
    services.unit_update(actor=officer, unit=unit, name="Referat 1a", staff_count=31, is_active=False)
    assert OrgUnit.objects.get().name == "Referat 1a"


COUNTS = {
    "applications": 300,
    "applications_mh": 60,
    "invitations": 40,
    "invitations_mh": 9,
    "hires": 10,
    "hires_mh": 2,
    "trainees": 5,
    "trainees_mh": 1,
}


def test_hiring_figures_follow_the_funnel() -> None:
    authority = make_authority()
    officer = make_officer(authority)
    services.hiring_save(actor=officer, authority=authority, year=2024, counts=COUNTS)
    services.hiring_save(actor=officer, authority=authority, year=2024, counts={**COUNTS, "hires": 11})
    assert HiringFigure.objects.get().hires == 11
    for wrong in ({"invitations": 301}, {"hires": 41}, {"hires_mh": 11}, {"trainees": -1}):
        with pytest.raises(ValidationError):
            services.hiring_save(actor=officer, authority=authority, year=2023, counts={**COUNTS, **wrong})
    with pytest.raises(PermissionDenied):
        services.hiring_save(actor=make_land(), authority=authority, year=2023, counts=COUNTS)
    assert HiringFigure.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_concurrent_answers_of_one_unit_neither_deadlock_nor_reuse_a_code() -> None:
    """Eight answers of one unit at once, two of them with the same code: six distinct codes answer once each."""
    import threading

    from django.db import connections

    campaign = make_campaign()
    unit = make_unit(make_authority())
    codes = make_codes(campaign, unit, 7)
    chosen = [codes[0], *codes[:7]]  # codes[0] twice
    barrier = threading.Barrier(len(chosen))
    outcomes: list[str] = []

    def answer(code: str) -> None:
        try:
            barrier.wait()
            services.response_submit(code=code, answers=YES)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(c,)) for c in chosen]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok"] * 7 + ["refused"]
    assert Response.objects.count() == 7
    assert ParticipationCode.objects.filter(used=True).count() == 7


# --- the deletion concept: codes are destroyed when the campaign closes ----------------------------------------------


def test_codes_of_a_closed_campaign_are_destroyed_and_the_used_count_stays() -> None:
    from teilhabe.core.system import system_actor

    land = make_land()
    campaign = make_campaign()
    unit = make_unit(make_authority())
    codes = make_codes(campaign, unit, count=6)
    services.response_submit(code=codes[0], answers=YES)
    services.response_submit(code=codes[1], answers=NO)
    with pytest.raises(ValidationError):  # the campaign still runs: its codes are still needed
        services.codes_destroy(actor=system_actor(), campaign=campaign)
    services.campaign_close(actor=land, campaign=campaign)
    assert services.codes_destroy(actor=system_actor(), campaign=campaign, dry_run=True) == 6
    assert ParticipationCode.objects.count() == 6  # a dry run changes nothing
    assert services.codes_destroy(actor=system_actor(), campaign=campaign) == 6
    assert not ParticipationCode.objects.exists()
    batch = CodeBatch.objects.get()
    assert batch.used_count == 2 and batch.codes_destroyed_at is not None
    assert Response.objects.filter(campaign=campaign).count() == 2  # the answers are untouched
    assert services.codes_destroy(actor=system_actor(), campaign=campaign) == 0  # a second run finds nothing
    event = AuditEvent.objects.get(action="workforce.codes_destroyed")
    assert event.data == {"codes": 6}
    from teilhabe.workforce import selectors

    assert selectors.batches_of(authority=unit.authority)[0]["used"] == 2


def test_only_the_purge_and_the_ministry_destroy_codes() -> None:
    authority = make_authority()
    campaign = make_campaign(status=Campaign.Status.CLOSED)
    make_codes(campaign, make_unit(authority), count=2)
    with pytest.raises(PermissionDenied):
        services.codes_destroy(actor=make_officer(authority), campaign=campaign)
    assert ParticipationCode.objects.count() == 2
