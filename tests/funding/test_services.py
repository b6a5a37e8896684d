"""The funding workflow through its services: rights, scope, plan rules, four eyes, budgets, payments, proof."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from teilhabe.core.models import AuditEvent
from teilhabe.funding import services
from teilhabe.funding.models import (
    Application,
    ApplicationStatus,
    ApplicationVersion,
    Budget,
    FinancingSource,
    FinancingType,
    GrantYear,
    PaymentRequest,
    PaymentStatus,
    ProofKind,
)
from tests.funding.factories import (
    budget,
    confirmed_base_rates,
    in_budget_year,
    make_application,
    make_call,
    make_programme,
    next_year,
    plan_input,
    walk,
)
from tests.registry.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus
D = Decimal


@pytest.fixture
def people(make_user):  # type: ignore[no-untyped-def]
    return {
        "kommune": make_user("kommune", ags="05315"),
        "other_kommune": make_user("kommune", ags="05111"),
        "proposer": make_user("bewilligung", ags="053"),
        "decider": make_user("bewilligung", ags="053"),
        "other_authority": make_user("bewilligung", ags="051"),
        "land": make_user("land", ags="05"),
    }


@pytest.fixture
def call():  # type: ignore[no-untyped-def]
    call = make_call()
    budget(call.programme, next_year(), "100000")
    return call


def running(people, call, **overrides):  # type: ignore[no-untyped-def]
    application = make_application(people["kommune"], call, **overrides)
    return walk(
        application, S.RUNNING, kommune=people["kommune"], proposer=people["proposer"], decider=people["decider"]
    )


# --- application ------------------------------------------------------------------------------------------------


def test_kommune_creates_a_draft_for_its_own_body(people, call) -> None:
    application = make_application(people["kommune"], call)
    assert application.status == S.DRAFT
    assert application.applicant_kind == "kreisfreie_stadt"
    assert application.applicant_name.startswith("Köln")
    assert application.anbest == "ANBest-G"
    assert AuditEvent.objects.filter(action="funding.application_created", object_id=str(application.pk)).exists()


def test_kommune_cannot_apply_for_another_body(people, call) -> None:
    with pytest.raises(PermissionDenied):
        make_application(people["other_kommune"], call)
    assert not Application.objects.exists()


def test_organisation_applies_only_where_the_programme_allows(make_user, people) -> None:
    organisation = OrganisationFactory()
    member = make_user("organisation", scope_object=organisation)
    closed = make_call()
    with pytest.raises(ValidationError) as error:
        make_application(member, closed, applicant_ags="", organisation=organisation)
    assert "organisation" in error.value.message_dict
    open_programme = make_programme(key="mso", applicant_kinds=["organisation"], required_partner_kinds=[])
    application = make_application(member, make_call(open_programme), applicant_ags="", organisation=organisation)
    assert application.anbest == "ANBest-P"
    stranger = make_user("organisation", scope_object=OrganisationFactory())
    with pytest.raises(PermissionDenied):
        make_application(stranger, make_call(open_programme), applicant_ags="", organisation=organisation)


def test_submit_freezes_a_version_and_the_plan_must_balance(people, call) -> None:
    year = next_year()
    unbalanced = plan_input(
        financing={(FinancingSource.OWN, year): D("10000"), (FinancingSource.GRANT, year): D("30000")}
    )
    application = services.application_create(
        actor=people["kommune"], call=call, data=unbalanced, created_by=people["kommune"]
    )
    with pytest.raises(ValidationError) as error:
        services.application_submit(actor=people["kommune"], application=application)
    assert "financing" in error.value.message_dict
    application.refresh_from_db()
    assert application.status == S.DRAFT and not ApplicationVersion.objects.exists()

    services.application_update(actor=people["kommune"], application=application, data=plan_input())
    version = services.application_submit(actor=people["kommune"], application=application)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED and version.number == 1
    assert version.data["total"]["grant"] == "40000.00"
    with pytest.raises(ValidationError):  # frozen
        services.application_update(actor=people["kommune"], application=application, data=plan_input())


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"max_share": D("50")}, "grant"),  # 80 % asked, 50 % allowed
        ({"min_own_share": D("30")}, "own"),  # 20 % own funds, 30 % required
        ({"max_grant": D("20000")}, "grant"),
        ({"min_grant": D("50000")}, "grant"),
        ({"financing_type": FinancingType.VOLL}, "financing"),  # own funds in a full financing
    ],
)
def test_financing_rules_are_shown_at_their_field(people, overrides, field) -> None:
    call = make_call(make_programme(**overrides))
    application = make_application(people["kommune"], call)
    assert field in services.plan_problems(application)
    with pytest.raises(ValidationError) as error:
        services.application_submit(actor=people["kommune"], application=application)
    assert field in error.value.message_dict


def test_partner_from_the_registry_is_required(people, call) -> None:
    application = make_application(
        people["kommune"], call, partner=OrganisationFactory(kind="wohlfahrtspflege", spitzenverband="awo")
    )
    assert "partners" in services.plan_problems(application)


def test_no_start_before_the_decision_unless_early_start(people, call) -> None:
    today = timezone.localdate()
    year = today.year
    data = plan_input(
        year=year,
        starts_on=today,
        ends_on=dt.date(year, 12, 31),
    )
    budget(call.programme, year, "100000")
    application = services.application_create(
        actor=people["kommune"], call=call, data=data, created_by=people["kommune"]
    )
    assert "starts_on" in services.plan_problems(application)
    data.early_start_requested = True
    application = services.application_update(actor=people["kommune"], application=application, data=data)
    assert "starts_on" not in services.plan_problems(application)


def test_submission_only_inside_the_call_window(people) -> None:
    now = timezone.now()
    call = make_call(opens_at=now - dt.timedelta(days=60), closes_at=now - dt.timedelta(days=1))
    application = make_application(people["kommune"], call)
    with pytest.raises(ValidationError, match="nur vom"):
        services.application_submit(actor=people["kommune"], application=application)


def test_attachments_are_checked_by_content(people, call) -> None:
    application = make_application(people["kommune"], call)
    fake = SimpleUploadedFile("konzept.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.attachment_add(
            actor=people["kommune"], application=application, file=fake, uploaded_by=people["kommune"]
        )
    pdf = SimpleUploadedFile("konzept.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    attachment = services.attachment_add(
        actor=people["kommune"], application=application, file=pdf, uploaded_by=people["kommune"]
    )
    assert attachment.kind == "pdf" and application.attachments.count() == 1


# --- processing -------------------------------------------------------------------------------------------------


def test_return_for_completion_and_resubmit_makes_version_two(people, call) -> None:
    application = walk(
        make_application(people["kommune"], call),
        S.FORMAL_CHECK,
        kommune=people["kommune"],
        proposer=people["proposer"],
        decider=people["decider"],
    )
    with pytest.raises(ValidationError):
        services.application_return(actor=people["proposer"], application=application, reason=" ")
    services.application_return(actor=people["proposer"], application=application, reason="Kostenplan erläutern")
    application.refresh_from_db()
    assert application.status == S.RETURNED
    services.application_submit(actor=people["kommune"], application=application)
    application.refresh_from_db()
    assert application.version == 2 and application.status == S.SUBMITTED


def test_authority_outside_its_area_cannot_process(people, call) -> None:
    application = walk(
        make_application(people["kommune"], call),
        S.SUBMITTED,
        kommune=people["kommune"],
        proposer=people["proposer"],
        decider=people["decider"],
    )
    with pytest.raises(PermissionDenied):
        services.formal_check_start(actor=people["other_authority"], application=application)
    with pytest.raises(PermissionDenied):  # the applicant does not process its own application
        services.formal_check_start(actor=people["kommune"], application=application)


def test_four_eyes_the_proposer_never_decides(people, call) -> None:
    application = walk(
        make_application(people["kommune"], call),
        S.PROPOSED,
        kommune=people["kommune"],
        proposer=people["proposer"],
        decider=people["decider"],
    )
    with pytest.raises(PermissionDenied, match="Vier-Augen"):
        services.decision_take(actor=people["proposer"], application=application)
    assert Budget.objects.get().committed == 0
    services.decision_take(actor=people["decider"], application=application)
    application.refresh_from_db()
    assert application.status == S.DECIDED
    assert Budget.objects.get().committed == D("40000")
    assert GrantYear.objects.get().granted == D("40000")


def test_database_refuses_decider_equal_to_proposer(people, call) -> None:
    application = make_application(people["kommune"], call)
    application.proposed_by = application.decided_by = people["proposer"]
    with pytest.raises(IntegrityError), transaction.atomic():
        application.save()


def test_budget_is_never_over_committed(people) -> None:
    call = make_call()
    budget(call.programme, next_year(), "60000")
    first = walk(
        make_application(people["kommune"], call),
        S.PROPOSED,
        kommune=people["kommune"],
        proposer=people["proposer"],
        decider=people["decider"],
    )
    second = walk(
        make_application(people["kommune"], call),
        S.PROPOSED,
        kommune=people["kommune"],
        proposer=people["proposer"],
        decider=people["decider"],
    )
    services.decision_take(actor=people["decider"], application=first)
    with pytest.raises(ValidationError, match="verfügbar"):
        services.decision_take(actor=people["decider"], application=second)
    second.refresh_from_db()
    assert second.status == S.PROPOSED
    assert Budget.objects.get().committed == D("40000")
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.update(committed=D("70000"))


def test_partial_approval_and_rejection_need_reasons(people, call) -> None:
    application = walk(
        make_application(people["kommune"], call),
        S.ASSESSMENT,
        kommune=people["kommune"],
        proposer=people["proposer"],
        decider=people["decider"],
    )
    year = next_year()
    with pytest.raises(ValidationError) as error:
        services.decision_propose(
            actor=people["proposer"], application=application, decision="partial", amounts={year: D("30000")}
        )
    assert "reasons" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.decision_propose(
            actor=people["proposer"],
            application=application,
            decision="partial",
            amounts={year: D("45000")},
            reasons="x",
        )
    assert "amounts" in error.value.message_dict
    services.decision_propose(
        actor=people["proposer"], application=application, decision="reject", reasons="Kein Konzept"
    )
    services.decision_take(actor=people["decider"], application=application)
    application.refresh_from_db()
    assert application.status == S.REJECTED
    assert Budget.objects.get().committed == 0


def test_scores_respect_the_criteria(people, call) -> None:
    application = walk(
        make_application(people["kommune"], call),
        S.ASSESSMENT,
        kommune=people["kommune"],
        proposer=people["proposer"],
        decider=people["decider"],
    )
    with pytest.raises(ValidationError):
        services.score_set(actor=people["proposer"], application=application, scores={"konzept": (11, "")})
    services.score_set(actor=people["proposer"], application=application, scores={"konzept": (8, "schlüssig")})
    assert application.scores.get().points == 8


def test_withdrawal_only_until_decided(people, call) -> None:
    application = walk(
        make_application(people["kommune"], call),
        S.DECIDED,
        kommune=people["kommune"],
        proposer=people["proposer"],
        decider=people["decider"],
    )
    with pytest.raises(ValidationError):
        services.application_withdraw(actor=people["kommune"], application=application)
    other = make_application(people["kommune"], call)
    services.application_withdraw(actor=people["kommune"], application=other, reason="anders finanziert")
    other.refresh_from_db()
    assert other.status == S.WITHDRAWN


def test_notice_final_after_the_appeal_period(people, call) -> None:
    application = walk(
        make_application(people["kommune"], call),
        S.NOTICE_ISSUED,
        kommune=people["kommune"],
        proposer=people["proposer"],
        decider=people["decider"],
    )
    issued = application.notice_issued_on
    with pytest.raises(ValidationError, match="Klagefrist"):
        services.notice_final(actor=people["proposer"], application=application, today=issued + dt.timedelta(days=20))
    ends = services.appeal_period_ends(application)
    with pytest.raises(ValidationError, match="Klagefrist"):
        services.notice_final(actor=people["proposer"], application=application, today=ends)
    services.notice_final(actor=people["proposer"], application=application, today=ends + dt.timedelta(days=1))
    application.refresh_from_db()
    assert application.status == S.FINAL and not application.appeal_waived


def test_amendment_moves_the_commitment(people, call) -> None:
    application = running(people, call)
    year = next_year()
    services.amendment_issue(
        actor=people["proposer"], application=application, amounts={year: D("35000")}, reason="geringere Honorare"
    )
    assert Budget.objects.get().committed == D("35000")
    assert application.amendments.get().before == {str(year): "40000.00"}
    with pytest.raises(ValidationError):
        services.amendment_issue(
            actor=people["proposer"], application=application, amounts={year: D("200000")}, reason="mehr"
        )


# --- payments ---------------------------------------------------------------------------------------------------


def _request(people, application, key="abruf-1", amount="8000", due="10000", **kw):  # type: ignore[no-untyped-def]
    kw = {"year": next_year(), "needed_by": dt.date(next_year(), 2, 10), "today": in_budget_year(), **kw}
    return services.payment_request(
        actor=people["kommune"],
        application=application,
        amount=D(amount),
        due_payments=D(due),
        need="Gehälter Januar und Februar",
        idempotency_key=key,
        requested_by=people["kommune"],
        **kw,
    )


def test_payment_is_recorded_once_per_key_and_needs_two_people(people, call) -> None:
    application = running(people, call)
    first = _request(people, application)
    again = _request(people, application)
    assert first.pk == again.pk and PaymentRequest.objects.count() == 1
    services.payment_check(actor=people["proposer"], request=first)
    with pytest.raises(PermissionDenied, match="Vier-Augen"):
        services.payment_order(actor=people["proposer"], request=first, paid_on=in_budget_year(16))
    services.payment_order(actor=people["decider"], request=first, paid_on=in_budget_year(16))
    first.refresh_from_db()
    assert first.status == PaymentStatus.PAID
    assert GrantYear.objects.get().paid == D("8000") and Budget.objects.get().paid == D("8000")


def test_payment_limits(people, call) -> None:
    application = running(people, call)
    # share financing: 80 % of the due payments at most
    with pytest.raises(ValidationError) as error:
        _request(people, application, amount="9000", due="10000")
    assert "amount" in error.value.message_dict
    # never more than granted
    with pytest.raises(ValidationError):
        _request(people, application, key="gross", amount="41000", due="60000")
    # only what is due within two months (15 January: up to 15 March)
    with pytest.raises(ValidationError) as error:
        _request(people, application, key="spaet", amount="100", due="200", needed_by=dt.date(next_year(), 3, 16))
    assert "needed_by" in error.value.message_dict
    _request(people, application, key="grenze", amount="100", due="200", needed_by=dt.date(next_year(), 3, 15))
    # not for payments already due in the past
    with pytest.raises(ValidationError) as error:
        _request(people, application, key="alt", amount="100", due="200", needed_by=dt.date(next_year(), 1, 14))
    assert "needed_by" in error.value.message_dict
    assert PaymentRequest.objects.count() == 1


def test_payment_only_from_the_current_budget_year(people, call) -> None:
    """§ 45 LHO: not the next year's grant before that year, not last year's money after it."""
    application = running(people, call)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:  # the project's year has not begun
        _request(people, application, key="frueh", today=today, needed_by=today + dt.timedelta(days=10))
    assert "year" in error.value.message_dict and str(next_year()) in str(error.value)
    with pytest.raises(ValidationError) as error:  # the project's year is over
        after = dt.date(next_year() + 1, 1, 10)
        _request(people, application, key="spaet", today=after, needed_by=after + dt.timedelta(days=10))
    assert "year" in error.value.message_dict
    assert not PaymentRequest.objects.exists()
    # a request of December cannot be ordered in January
    request = _request(
        people, application, key="dez", today=dt.date(next_year(), 12, 20), needed_by=dt.date(next_year(), 12, 30)
    )
    services.payment_check(actor=people["proposer"], request=request)
    with pytest.raises(ValidationError, match="§ 45 LHO"):
        services.payment_order(actor=people["decider"], request=request, paid_on=dt.date(next_year() + 1, 1, 3))
    request.refresh_from_db()
    assert request.status == PaymentStatus.CHECKED


# --- proof of use -----------------------------------------------------------------------------------------------


def _after_project(month: int = 2, day: int = 10) -> dt.date:
    return dt.date(next_year() + 1, month, day)


def test_final_proof_recomputes_the_grant_with_repayment_and_interest(people, call) -> None:
    confirmed_base_rates(_after_project(12, 31))
    application = running(people, call)
    for key, amount, due, paid_on in (
        ("a", "30000", "37500", dt.date(next_year(), 1, 20)),
        ("b", "10000", "12500", dt.date(next_year(), 6, 15)),
    ):
        paid = _request(
            people,
            application,
            key=key,
            amount=amount,
            due=due,
            today=paid_on - dt.timedelta(days=3),
            needed_by=paid_on + dt.timedelta(days=10),
        )
        services.payment_check(actor=people["proposer"], request=paid)
        services.payment_order(actor=people["decider"], request=paid, paid_on=paid_on)
    submit = {
        "actor": people["kommune"],
        "application": application,
        "kind": ProofKind.FINAL,
        "report": "Alles umgesetzt.",
        "actual": {"personal": D("36000"), "sach": D("9000")},
        "other_income": D("10000"),
        "submitted_by": people["kommune"],
    }
    # not before the project period has ended (it ends on 31 December)
    with pytest.raises(ValidationError, match="Ende des Projektzeitraums"):
        services.proof_submit(**submit, today=dt.date(next_year(), 12, 31))
    proof = services.proof_submit(**submit, today=_after_project())
    application.refresh_from_db()
    assert application.status == S.PROOF_SUBMITTED
    services.proof_check(actor=people["proposer"], proof=proof, today=_after_project(3, 2))
    proof.refresh_from_db()
    # Anteilfinanzierung 80 % of 45,000 eligible = 36,000; paid 40,000 -> 4,000 back, taken from the last payout
    assert proof.result["final_grant"] == "36000.00"
    assert proof.result["repayment"] == "4000.00"
    days = (_after_project(3, 2) - dt.date(next_year(), 6, 15)).days
    expected = (D("4000") * D("0.0627") * days / 365).quantize(D("0.01"))
    assert D(proof.result["repayment_interest"]) == expected
    assert proof.result["interest_from"] == f"{next_year()}-06-15"
    claim = application.repayment_claims.get()
    assert claim.amount == D("4000") and claim.status == "open" and claim.created_by == people["proposer"]
    assert claim.tranches == [{"paid_on": f"{next_year()}-06-15", "paid": "10000.00", "repaid": "4000.00"}]
    # the exact date five years after submission (submitted today, in the real clock)
    submitted = timezone.localdate()
    assert proof.retention_until == services.add_years(submitted, 5)
    # an open claim keeps the application open
    with pytest.raises(ValidationError, match="Erstattungsanspruch"):
        services.application_close(actor=people["decider"], application=application)
    application.refresh_from_db()
    assert application.status == S.PROOF_CHECKED


def test_retention_is_the_exact_date_and_29_february_only_where_needed() -> None:
    assert services.add_years(dt.date(2026, 12, 30), 5) == dt.date(2031, 12, 30)
    assert services.add_years(dt.date(2027, 1, 31), 5) == dt.date(2032, 1, 31)
    assert services.add_years(dt.date(2028, 2, 29), 5) == dt.date(2033, 2, 28)
    assert services.add_years(dt.date(2028, 2, 29), 4) == dt.date(2032, 2, 29)


def test_proof_check_refuses_without_a_confirmed_base_rate(people, call) -> None:
    from teilhabe.funding.models import BaseRate

    confirmed_base_rates(_after_project(12, 31))
    BaseRate.objects.filter(valid_from=dt.date(next_year() + 1, 1, 1)).update(confirmed=False)
    application = running(people, call)
    paid = _request(people, application, amount="40000", due="50000")
    services.payment_check(actor=people["proposer"], request=paid)
    services.payment_order(actor=people["decider"], request=paid, paid_on=in_budget_year(20))
    proof = services.proof_submit(
        actor=people["kommune"],
        application=application,
        kind=ProofKind.FINAL,
        report="Weniger ausgegeben.",
        actual={"personal": D("30000"), "sach": D("5000")},
        other_income=D("10000"),
        submitted_by=people["kommune"],
        today=_after_project(),
    )
    with pytest.raises(ValidationError, match="Basiszinssatz") as error:
        services.proof_check(actor=people["proposer"], proof=proof, today=_after_project(3, 2))
    assert f"01.01.{next_year() + 1}" in str(error.value)
    proof.refresh_from_db()
    assert proof.checked_at is None and not application.repayment_claims.exists()


def test_late_use_interest_runs_over_the_actual_period(people, call) -> None:
    """10,000 € paid out on 20 January and used 90 days later, on 20 April: interest for 21.01.–20.04. only,
    at 6.27 % (base rate 1.27 %): 10,000 × 6.27 % × 90 / 365 = 154.60 €, whenever the proof is checked."""
    confirmed_base_rates(_after_project(12, 31))
    application = running(people, call)
    proof = services.proof_submit(
        actor=people["kommune"],
        application=application,
        kind=ProofKind.INTERIM,
        year=next_year(),
        report="Zwischenbericht",
        actual={"personal": D("20000")},
        other_income=D("0"),
        submitted_by=people["kommune"],
        late_use_amount=D("10000"),
        late_use_days=90,
        late_use_from=dt.date(next_year(), 1, 20),
        today=_after_project(),
    )
    services.proof_check(actor=people["proposer"], proof=proof, today=_after_project(6, 1))
    proof.refresh_from_db()
    assert proof.result["late_use_interest"] == "154.60"
    assert proof.result["late_use_period"] == [f"{next_year()}-01-20", f"{next_year()}-04-20"]
    # the period must be stated and may not reach into the future
    with pytest.raises(ValidationError) as error:
        services.proof_submit(
            actor=people["kommune"],
            application=application,
            kind=ProofKind.INTERIM,
            year=next_year(),
            report="x",
            actual={},
            other_income=D("0"),
            submitted_by=people["kommune"],
            late_use_amount=D("100"),
            late_use_days=10,
            today=_after_project(),
        )
    assert "late_use_from" in error.value.message_dict


def test_closing_releases_unused_commitment(people, call) -> None:
    application = running(people, call)
    proof = services.proof_submit(
        actor=people["kommune"],
        application=application,
        kind=ProofKind.FINAL,
        report="Kleiner als geplant.",
        actual={"personal": D("20000"), "sach": D("5000")},
        other_income=D("5000"),
        submitted_by=people["kommune"],
        today=_after_project(),
    )
    services.proof_check(actor=people["proposer"], proof=proof, today=_after_project())
    services.application_close(actor=people["decider"], application=application)
    assert Budget.objects.get().committed == D("20000")


def test_proof_by_another_body_is_refused(people, call) -> None:
    application = running(people, call)
    with pytest.raises(PermissionDenied):
        services.proof_submit(
            actor=people["other_kommune"],
            application=application,
            kind=ProofKind.FINAL,
            report="x",
            actual={},
            other_income=D("0"),
            submitted_by=people["other_kommune"],
        )


def test_deadlines_interim_by_april_and_final_after_six_months(people, call) -> None:
    year = next_year()
    application = make_application(
        people["kommune"],
        call,
        starts_on=dt.date(year, 1, 1),
        ends_on=dt.date(year + 1, 6, 30),
        costs={("personal", year): D("40000"), ("personal", year + 1): D("10000")},
        financing={
            (FinancingSource.OWN, year): D("8000"),
            (FinancingSource.GRANT, year): D("32000"),
            (FinancingSource.OWN, year + 1): D("2000"),
            (FinancingSource.GRANT, year + 1): D("8000"),
        },
    )
    deadlines = [d for _label, d in services.proof_deadlines(application)]
    assert deadlines == [dt.date(year + 1, 4, 30), dt.date(year + 1, 12, 30)]


# --- KI staff funding -------------------------------------------------------------------------------------------


def test_staff_grant_follows_filled_months_within_caps(make_user) -> None:
    from teilhabe.registry.models import Structure

    centre = Structure.objects.create(
        kind=Structure.Kind.KOMMUNALES_INTEGRATIONSZENTRUM, name="KI Köln", kreis_id="05315", gemeinde_id="05315000"
    )
    kommune = make_user("kommune", ags="05315")
    services.staff_rate_set(
        actor=make_user("land", ags="05"),
        year=2027,
        specialist_amount=D("57000"),
        admin_amount=D("22500"),
        max_specialist_kreisfreie_stadt=D("5"),
        max_specialist_kreis=D("6"),
        max_admin=D("0.5"),
    )
    posts = [
        services.position_create(actor=kommune, centre=centre, kind="specialist", title=f"Fachstelle {i}", fte=D("1"))
        for i in range(6)
    ]
    admin_post = services.position_create(actor=kommune, centre=centre, kind="admin", title="Verwaltung", fte=D("0.5"))
    services.position_create(actor=kommune, centre=centre, kind="teacher", title="Lehrkraft", fte=D("1"))
    for post in posts:
        services.occupancy_set(actor=kommune, position=post, year=2027, filled_months=range(1, 13))
    services.occupancy_set(actor=kommune, position=admin_post, year=2027, filled_months=range(1, 7))
    grant = services.centre_grant(centre, 2027)
    # a kreisfreie Stadt: 5 of the 6 filled specialist posts count; the half admin post for six months is half
    # of the fixed 22,500 € for that post
    assert grant["specialist"] == D("285000.00")
    assert grant["admin"] == D("11250.00")
    other = make_user("kommune", ags="05111")
    with pytest.raises(PermissionDenied):
        services.occupancy_set(actor=other, position=admin_post, year=2027, filled_months=[1])


def test_programme_rules_are_checked(people) -> None:
    data = services.ProgrammeInput(
        key="neu",
        name="Neu",
        legal_basis="RL",
        granting_authority="BR Köln",
        financing_type=FinancingType.ANTEIL,
        applicant_kinds=[],
        cost_categories=[{"key": "a", "label": "A"}, {"key": "a", "label": "B"}],
    )
    with pytest.raises(ValidationError) as error:
        services.programme_save(actor=people["land"], data=data)
    assert {"applicant_kinds", "cost_categories", "max_share"} <= set(error.value.message_dict)
    with pytest.raises(PermissionDenied):
        services.programme_save(actor=people["proposer"], data=data)


def test_cost_categories_in_use_cannot_be_dropped(people, call) -> None:
    make_application(people["kommune"], call)
    programme = call.programme
    data = services.ProgrammeInput(
        key=programme.key,
        name=programme.name,
        legal_basis=programme.legal_basis,
        granting_authority=programme.granting_authority,
        financing_type=programme.financing_type,
        max_share=programme.max_share,
        applicant_kinds=programme.applicant_kinds,
        cost_categories=[{"key": "personal", "label": "Personal"}],
    )
    with pytest.raises(ValidationError, match="sach"):
        services.programme_save(actor=people["land"], data=data, programme=programme)


def test_share_limits_are_exact_not_rounded(people) -> None:
    year = next_year()
    call = make_call(make_programme(max_share=D("80"), min_own_share=D("20")))
    # 40,001 of 50,000 is 80.002 %: shown as 80.00 %, still over the limit
    application = make_application(
        people["kommune"],
        call,
        financing={(FinancingSource.OWN, year): D("9999"), (FinancingSource.GRANT, year): D("40001")},
    )
    problems = services.plan_problems(application)
    assert "grant" in problems and "own" in problems
