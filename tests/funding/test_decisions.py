"""Decisions and amendments (services/decisions.py): four eyes without exceptions, the programme's rules for every
amount the authority grants (full and partial approvals, Änderungsbescheide), budgets moved only at the decision,
and the actions each person is offered (available_actions) following the same checks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from teilhabe.funding import selectors, services
from teilhabe.funding.models import Amendment, Application, ApplicationStatus, Budget, FinancingType
from tests.funding.factories import budget, make_application, make_call, make_programme, next_year, walk

pytestmark = pytest.mark.django_db
S = ApplicationStatus
D = Decimal


@pytest.fixture
def people(make_user):  # type: ignore[no-untyped-def]
    return {
        "kommune": make_user("kommune", ags="05315"),
        "proposer": make_user("bewilligung", ags="053"),
        "decider": make_user("bewilligung", ags="053"),
        "other_authority": make_user("bewilligung", ags="051"),
        "land": make_user("land", ags="05"),
    }


def small(people: dict[str, Any], state: str = S.RUNNING, **programme: Any) -> Application:
    """Costs 12,500 €, own funds 2,500 €, grant applied for and granted 10,000 € (80 %)."""
    year = next_year()
    call = make_call(make_programme(**programme))
    budget(call.programme, year, "100000")
    application = make_application(
        people["kommune"],
        call,
        costs={("personal", year): D("10000"), ("sach", year): D("2500")},
        financing={("own", year): D("2500"), ("grant", year): D("10000")},
    )
    return walk(application, state, kommune=people["kommune"], proposer=people["proposer"], decider=people["decider"])


def committed() -> Decimal:
    return Budget.objects.get().committed


def granted(application: Application) -> Decimal:
    return application.grant_years.get().granted


# --- the finding: one person raised 10,000 to 17,000 ------------------------------------------------------------


def test_the_exact_case_10000_to_17000_is_refused_with_every_broken_rule(people: dict[str, Any]) -> None:
    application = small(people)
    year = next_year()
    with pytest.raises(ValidationError) as error:
        services.amendment_propose(
            actor=people["proposer"], application=application, amounts={year: D("17000")}, reason="Mehrbedarf"
        )
    text = " ".join(error.value.messages)
    assert "10000" in text.replace(".", "") and "beantragt" in text  # more than applied for
    assert "136" in text and "80" in text  # share of the eligible costs above the maximum share
    assert "Eigenanteil" in text  # nothing left of the own share
    assert committed() == D("10000") and granted(application) == D("10000")
    assert not Amendment.objects.exists()


def test_the_proposer_alone_never_decides_his_amendment(people: dict[str, Any]) -> None:
    application = small(people)
    year = next_year()
    amendment = services.amendment_propose(
        actor=people["proposer"], application=application, amounts={year: D("8000")}, reason="Stelle später besetzt"
    )
    assert amendment.status == Amendment.Status.PROPOSED and amendment.number is None
    # nothing moves at the proposal
    assert committed() == D("10000") and granted(application) == D("10000")
    with pytest.raises(PermissionDenied, match="Vier-Augen"):
        services.amendment_decide(actor=people["proposer"], application=application)
    assert committed() == D("10000") and granted(application) == D("10000")
    with pytest.raises(PermissionDenied):  # another Bezirksregierung
        services.amendment_decide(actor=people["other_authority"], application=application)
    with pytest.raises(PermissionDenied):  # the applicant
        services.amendment_decide(actor=people["kommune"], application=application)
    services.amendment_decide(actor=people["decider"], application=application)
    amendment.refresh_from_db()
    application.refresh_from_db()
    assert amendment.status == Amendment.Status.DECIDED and amendment.number == 1
    assert amendment.decided_by == people["decider"] and amendment.proposed_by == people["proposer"]
    assert amendment.before == {str(year): "10000.00"} and amendment.after == {str(year): "8000.00"}
    assert committed() == D("8000") and granted(application) == D("8000") and application.amendment == 1


def test_the_database_refuses_an_amendment_decided_by_its_proposer(people: dict[str, Any]) -> None:
    application = small(people)
    with pytest.raises(IntegrityError), transaction.atomic():
        Amendment.objects.create(
            application=application,
            number=1,
            reason="x",
            before={},
            after={},
            status=Amendment.Status.DECIDED,
            proposed_by=people["proposer"],
            decided_by=people["proposer"],
        )


def test_the_database_refuses_a_decided_amendment_without_a_proposer(people: dict[str, Any]) -> None:
    application = small(people)
    with pytest.raises(IntegrityError), transaction.atomic():
        Amendment.objects.create(
            application=application,
            number=1,
            reason="x",
            before={},
            after={},
            status=Amendment.Status.DECIDED,
            decided_by=people["decider"],
        )


def test_one_open_proposal_at_a_time_and_a_reason_each(people: dict[str, Any]) -> None:
    application = small(people)
    year = next_year()
    with pytest.raises(ValidationError) as error:
        services.amendment_propose(
            actor=people["proposer"], application=application, amounts={year: D("9000")}, reason=" "
        )
    assert "reason" in error.value.message_dict
    services.amendment_propose(actor=people["proposer"], application=application, amounts={year: D("9000")}, reason="a")
    with pytest.raises(ValidationError, match="offen"):
        services.amendment_propose(
            actor=people["decider"], application=application, amounts={year: D("8000")}, reason="b"
        )
    with pytest.raises(PermissionDenied, match="Vier-Augen"):
        services.amendment_send_back(actor=people["proposer"], application=application, reason="doch nicht")
    with pytest.raises(ValidationError):
        services.amendment_send_back(actor=people["decider"], application=application, reason="")
    services.amendment_send_back(actor=people["decider"], application=application, reason="Unterlagen fehlen")
    assert Amendment.objects.get().status == Amendment.Status.SENT_BACK
    assert committed() == D("10000")
    with pytest.raises(ValidationError):  # nothing open to decide any more
        services.amendment_decide(actor=people["decider"], application=application)
    # a new proposal after the send-back is possible
    services.amendment_propose(actor=people["decider"], application=application, amounts={year: D("9000")}, reason="c")


def test_amendments_only_after_the_notice_became_final(people: dict[str, Any]) -> None:
    application = small(people, S.NOTICE_ISSUED)
    with pytest.raises(ValidationError):
        services.amendment_propose(
            actor=people["proposer"], application=application, amounts={next_year(): D("9000")}, reason="a"
        )


def test_the_budget_is_checked_under_lock_at_the_decision_not_at_the_proposal(people: dict[str, Any]) -> None:
    application = small(people)
    year = next_year()
    services.change_request_submit(
        actor=people["kommune"],
        application=application,
        plan={year: {"costs": D("20000"), "own": D("4000"), "third_party": D("0"), "grant": D("16000")}},
        reason="Zweite Honorarkraft",
    )
    services.amendment_propose(
        actor=people["proposer"], application=application, amounts={year: D("16000")}, reason="Mehrbedarf"
    )
    services.budget_set(actor=people["land"], programme=application.programme, year=year, total=D("12000"))
    with pytest.raises(ValidationError, match="verfügbar"):
        services.amendment_decide(actor=people["decider"], application=application)
    assert committed() == D("10000") and granted(application) == D("10000")
    assert Amendment.objects.get().status == Amendment.Status.PROPOSED


# --- more than applied for only when the applicant asked for it ----------------------------------------------------


def test_more_than_applied_for_after_the_applicants_change_request(people: dict[str, Any]) -> None:
    application = small(people)
    year = next_year()
    with pytest.raises(ValidationError, match="beantragt"):
        services.amendment_propose(
            actor=people["proposer"], application=application, amounts={year: D("12000")}, reason="Mehrbedarf"
        )
    with pytest.raises(PermissionDenied):  # the authority does not ask for the applicant
        services.change_request_submit(
            actor=people["proposer"],
            application=application,
            plan={year: {"costs": D("15000"), "own": D("3000"), "third_party": D("0"), "grant": D("12000")}},
            reason="x",
        )
    with pytest.raises(ValidationError, match="gleich"):  # the plan must balance
        services.change_request_submit(
            actor=people["kommune"],
            application=application,
            plan={year: {"costs": D("15000"), "own": D("2000"), "third_party": D("0"), "grant": D("12000")}},
            reason="x",
        )
    services.change_request_submit(
        actor=people["kommune"],
        application=application,
        plan={year: {"costs": D("15000"), "own": D("3000"), "third_party": D("0"), "grant": D("12000")}},
        reason="Die Mieten sind gestiegen.",
    )
    services.amendment_propose(
        actor=people["proposer"], application=application, amounts={year: D("12000")}, reason="Mehrbedarf"
    )
    services.amendment_decide(actor=people["decider"], application=application)
    assert committed() == D("12000") and granted(application) == D("12000")


CHANGE = {"costs": D("12500"), "own": D("500"), "third_party": D("0"), "grant": D("12000")}


@pytest.mark.parametrize(
    ("programme", "change", "amount", "fragment"),
    [
        ({"max_share": D("100"), "min_own_share": D("0")}, None, "11000", "beantragt"),
        ({"max_share": D("80"), "min_own_share": D("0")}, CHANGE, "12000", "höchstens 80"),
        (
            {"financing_type": FinancingType.FEHLBEDARF, "max_share": None, "min_own_share": D("20")},
            CHANGE,
            "12000",
            "Eigenanteil",
        ),
        (
            {"financing_type": FinancingType.FEHLBEDARF, "max_share": None, "min_own_share": D("0")},
            {"costs": D("12500"), "own": D("2500"), "third_party": D("3000"), "grant": D("7000")},
            "9000",
            "Fehlbedarf",
        ),
        ({"min_grant": D("5000")}, None, "4000", "Mindestzuwendung"),
        ({"max_grant": D("11000"), "max_share": D("100"), "min_own_share": D("0")}, CHANGE, "12000", "Höchstzuwendung"),
    ],
    ids=["applied-for", "max-share", "min-own-share", "fehlbedarf", "min-grant", "max-grant"],
)
def test_each_rule_of_the_programme_holds_for_amendments(
    people: dict[str, Any], programme: dict[str, Any], change: dict[str, Decimal] | None, amount: str, fragment: str
) -> None:
    application = small(people, **programme)
    year = next_year()
    if change is not None:
        services.change_request_submit(
            actor=people["kommune"], application=application, plan={year: change}, reason="geänderter Plan"
        )
    with pytest.raises(ValidationError, match=fragment):
        services.amendment_propose(
            actor=people["proposer"], application=application, amounts={year: D(amount)}, reason="Änderung"
        )
    assert not Amendment.objects.exists() and committed() == D("10000")


def test_an_amendment_changes_an_amount(people: dict[str, Any]) -> None:
    application = small(people)
    with pytest.raises(ValidationError, match="keinen Betrag"):
        services.amendment_propose(
            actor=people["proposer"], application=application, amounts={next_year(): D("10000")}, reason="a"
        )
    with pytest.raises(ValidationError, match="keinen Betrag"):
        services.amendment_propose(actor=people["proposer"], application=application, amounts={}, reason="a")


def test_never_below_what_is_paid_nor_outside_the_period(people: dict[str, Any]) -> None:
    application = small(people)
    year = next_year()
    application.grant_years.update(paid=D("6000"))
    with pytest.raises(ValidationError, match="ausgezahlt"):
        services.amendment_propose(
            actor=people["proposer"], application=application, amounts={year: D("5500")}, reason="a"
        )
    with pytest.raises(ValidationError, match="Projektzeitraum"):
        services.amendment_propose(
            actor=people["proposer"], application=application, amounts={year + 3: D("500")}, reason="a"
        )


# --- partial approvals are held to the same rules ---------------------------------------------------------------


def test_a_partial_approval_below_the_minimum_grant_is_refused(people: dict[str, Any]) -> None:
    application = small(people, S.ASSESSMENT, min_grant=D("5000"))
    with pytest.raises(ValidationError, match="Mindestzuwendung"):
        services.decision_propose(
            actor=people["proposer"],
            application=application,
            decision="partial",
            amounts={next_year(): D("4000")},
            reasons="Teilweise",
        )


def test_a_decision_follows_the_programme_rules_as_they_are_at_the_proposal(people: dict[str, Any]) -> None:
    """The applicant's plan asked for 80 %; the ministry lowered the maximum share to 50 % meanwhile."""
    application = small(people, S.ASSESSMENT)
    application.programme.max_share = D("50")
    application.programme.save()
    with pytest.raises(ValidationError, match="höchstens 50"):
        services.decision_propose(actor=people["proposer"], application=application, decision="approve")
    services.decision_propose(
        actor=people["proposer"],
        application=application,
        decision="partial",
        amounts={next_year(): D("6250")},
        reasons="Höchstens 50 %",
    )


# --- available actions: one source for buttons and services ----------------------------------------------------


def test_the_proposer_is_never_offered_to_decide(people: dict[str, Any]) -> None:
    application = small(people, S.PROPOSED)
    proposer_actions = services.available_actions(application, people["proposer"])
    decider_actions = services.available_actions(application, people["decider"])
    assert "decide" not in proposer_actions and "send_back" not in proposer_actions
    assert {"decide", "send_back"} <= set(decider_actions)
    assert not set(services.available_actions(application, people["kommune"])) & {"decide", "send_back", "issue"}
    assert services.available_actions(application, people["other_authority"]) == {}
    assert str(decider_actions["decide"])  # a label for the button


def test_amendment_actions_follow_four_eyes(people: dict[str, Any]) -> None:
    application = small(people)
    assert "amend" in services.available_actions(application, people["proposer"])
    services.amendment_propose(
        actor=people["proposer"], application=application, amounts={next_year(): D("9000")}, reason="a"
    )
    application.refresh_from_db()
    proposer = services.available_actions(application, people["proposer"])
    decider = services.available_actions(application, people["decider"])
    assert "amendment_decide" not in proposer and "amend" not in proposer
    assert selectors.authority_tasks(people["proposer"])["amendments_to_decide"] == 0
    assert selectors.authority_tasks(people["decider"])["amendments_to_decide"] == 1
    assert {"amendment_decide", "amendment_send_back"} <= set(decider)
    assert "change_request" in services.available_actions(application, people["kommune"])


def test_actions_by_state(people: dict[str, Any]) -> None:
    application = small(people, S.SUBMITTED)
    assert set(services.available_actions(application, people["proposer"])) == {"check"}
    assert "withdraw" in services.available_actions(application, people["kommune"])
    assert "submit" not in services.available_actions(application, people["kommune"])
    services.formal_check_start(actor=people["proposer"], application=application)
    application.refresh_from_db()
    assert {"pass", "return"} == set(services.available_actions(application, people["decider"]))
    assert services.available_actions(application, people["land"]) == {}
