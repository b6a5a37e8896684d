"""Repayment as a procedure: hearing, revocation notice with interest, interest waiver (four eyes), repayment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from teilhabe.core.models import AuditEvent
from teilhabe.funding import services
from teilhabe.funding.models import ApplicationStatus, ClaimStatus
from tests.funding.factories import checked_with_claim, next_year

pytestmark = pytest.mark.django_db
D = Decimal
S = ApplicationStatus


@pytest.fixture
def people(make_user):  # type: ignore[no-untyped-def]
    return {
        "kommune": make_user("kommune", ags="05315"),
        "proposer": make_user("bewilligung", ags="053"),
        "decider": make_user("bewilligung", ags="053"),
    }


def day(month: int, d: int) -> dt.date:
    return dt.date(next_year() + 1, month, d)


def _to_notice(people, claim):  # type: ignore[no-untyped-def]
    services.repayment_hearing(
        actor=people["proposer"], claim=claim, deadline=day(3, 31), text="Teilwiderruf über 12.000 €", today=day(3, 3)
    )
    return services.repayment_notice(
        actor=people["proposer"],
        claim=claim,
        legal_basis="49-3-1",
        reasons="Die Ausgaben blieben unter dem Plan; die Zuwendung ermäßigt sich auf 28.000 €.",
        due_on=day(5, 31),
        today=day(4, 20),
    )


def test_claim_found_in_the_check_with_the_tranche_it_takes_back(people) -> None:
    claim = checked_with_claim(people)
    assert claim.amount == D("12000.00") and claim.status == ClaimStatus.OPEN
    assert claim.tranches == [{"paid_on": f"{next_year()}-01-20", "paid": "40000.00", "repaid": "12000.00"}]


def test_full_procedure_with_interest_until_the_day_of_repayment(people) -> None:
    claim = checked_with_claim(people)
    application = claim.application
    claim = _to_notice(people, claim)
    assert claim.status == ClaimStatus.NOTICE and claim.notice_by == people["proposer"]
    days_to_notice = (day(4, 20) - dt.date(next_year(), 1, 20)).days
    assert claim.notice_interest == (D("12000") * D("0.0627") * days_to_notice / 365).quantize(D("0.01"))
    with pytest.raises(ValidationError, match="Erstattungsanspruch"):
        services.application_close(actor=people["decider"], application=application)
    # interest runs from the payout (20 January) until the day the money arrives, not until the check
    received = day(5, 10)
    days = (received - dt.date(next_year(), 1, 20)).days
    interest = (D("12000") * D("0.0627") * days / 365).quantize(D("0.01"))
    with pytest.raises(ValidationError) as error:
        services.repayment_record(
            actor=people["decider"], claim=claim, received_on=received, amount=D("12000"), today=day(5, 12)
        )
    assert str(interest).replace(".", ",") in str(error.value) or str(interest) in str(error.value)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NOTICE
    services.repayment_record(
        actor=people["decider"], claim=claim, received_on=received, amount=D("12000") + interest, today=day(5, 12)
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SETTLED and claim.interest == interest and claim.recorded_by == people["decider"]
    services.application_close(actor=people["decider"], application=application)
    application.refresh_from_db()
    assert application.status == S.CLOSED
    actions = set(AuditEvent.objects.filter(object_id=str(claim.pk)).values_list("action", "actor_id"))
    assert actions == {
        ("funding.claim_found", people["proposer"].pk),
        ("funding.claim_hearing", people["proposer"].pk),
        ("funding.claim_notice", people["proposer"].pk),
        ("funding.claim_settled", people["decider"].pk),
    }


def test_interest_waiver_needs_a_reason_and_a_second_person(people) -> None:
    claim = checked_with_claim(people)
    with pytest.raises(ValidationError):
        services.interest_waiver_propose(actor=people["proposer"], claim=claim, reason=" ")
    services.interest_waiver_propose(
        actor=people["proposer"], claim=claim, reason="Nicht zu vertreten; Erstattung fristgerecht zugesagt."
    )
    with pytest.raises(PermissionDenied, match="Vier-Augen"):
        services.interest_waiver_decide(actor=people["proposer"], claim=claim, approve=True)
    claim.refresh_from_db()
    assert not claim.interest_waived
    services.interest_waiver_decide(actor=people["decider"], claim=claim, approve=True)
    claim = _to_notice(people, claim)
    assert claim.interest_waived and claim.notice_interest == 0
    services.repayment_record(
        actor=people["proposer"], claim=claim, received_on=day(5, 2), amount=D("12000"), today=day(5, 3)
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SETTLED and claim.interest == 0


def test_refused_waiver_needs_a_reason_and_keeps_the_interest(people) -> None:
    claim = checked_with_claim(people)
    services.interest_waiver_propose(actor=people["proposer"], claim=claim, reason="Härtefall")
    with pytest.raises(ValidationError):
        services.interest_waiver_decide(actor=people["decider"], claim=claim, approve=False)
    services.interest_waiver_decide(actor=people["decider"], claim=claim, approve=False, reason="Selbst verschuldet")
    claim.refresh_from_db()
    assert not claim.interest_waived and claim.waiver_proposed_by is None


def test_hearing_and_notice_refusals(people, make_user) -> None:
    claim = checked_with_claim(people)
    # the applicant and another Bezirksregierung may not act
    for outsider in (people["kommune"], make_user("bewilligung", ags="051")):
        with pytest.raises(PermissionDenied):
            services.repayment_hearing(actor=outsider, claim=claim, deadline=day(3, 31), text="x", today=day(3, 3))
    with pytest.raises(PermissionDenied):
        services.repayment_hearing(actor=None, claim=claim, deadline=day(3, 31), text="x", today=day(3, 3))  # type: ignore[arg-type]
    # at least two weeks after the deemed delivery (posted 3 March: delivered 7 March)
    with pytest.raises(ValidationError) as error:
        services.repayment_hearing(
            actor=people["proposer"], claim=claim, deadline=day(3, 20), text="x", today=day(3, 3)
        )
    assert "deadline" in error.value.message_dict
    # no notice before the hearing
    with pytest.raises(ValidationError):
        services.repayment_notice(
            actor=people["proposer"], claim=claim, legal_basis="48", reasons="x", due_on=day(5, 31), today=day(4, 20)
        )
    services.repayment_hearing(
        actor=people["proposer"], claim=claim, deadline=day(3, 31), text="Teilwiderruf", today=day(3, 3)
    )
    claim.refresh_from_db()
    assert claim.hearing_deadline == day(3, 31) or claim.hearing_deadline > day(3, 31)
    # before the hearing deadline only with the recipient's statement
    with pytest.raises(ValidationError) as error:
        services.repayment_notice(
            actor=people["proposer"], claim=claim, legal_basis="48", reasons="x", due_on=day(5, 31), today=day(3, 20)
        )
    assert "statement" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.repayment_notice(
            actor=people["proposer"], claim=claim, legal_basis="?", reasons="", due_on=day(4, 21), today=day(4, 20)
        )
    assert {"legal_basis", "reasons", "due_on"} <= set(error.value.message_dict)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.HEARING
