"""A KOMM-IN-like programme with an open call and a budget, and applications walked to any state."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from teilhabe.core.models import User
from teilhabe.funding import services
from teilhabe.funding.models import (
    ApplicantKind,
    Application,
    ApplicationStatus,
    Budget,
    Call,
    FinancingSource,
    FinancingType,
    Programme,
)
from tests.registry.factories import OrganisationFactory

D = Decimal
CATEGORIES = [
    {"key": "personal", "label": "Personalausgaben"},
    {"key": "sach", "label": "Sachausgaben"},
    {"key": "honorare", "label": "Honorare"},
]


def make_programme(**overrides: Any) -> Programme:
    values: dict[str, Any] = {
        "key": "komm-in",
        "name": "KOMM-IN NRW",
        "legal_basis": "Richtlinie KOMM-IN NRW",
        "granting_authority": "Bezirksregierung Köln",
        "applicant_kinds": [ApplicantKind.KREIS, ApplicantKind.KREISFREIE_STADT, ApplicantKind.GEMEINDE],
        "required_partner_kinds": ["migrantenorganisation"],
        "cost_categories": CATEGORIES,
        "criteria": [{"key": "konzept", "label": "Qualität des Konzepts", "max": 10}],
        "financing_type": FinancingType.ANTEIL,
        "max_share": D("80"),
        "min_own_share": D("20"),
        "min_grant": D("5000"),
        "max_grant": D("100000"),
    }
    values.update(overrides)
    return Programme.objects.create(**values)


def make_call(programme: Programme | None = None, **overrides: Any) -> Call:
    now = timezone.now()
    return Call.objects.create(
        programme=programme or make_programme(),
        title=overrides.pop("title", "Förderaufruf 2027"),
        opens_at=overrides.pop("opens_at", now - dt.timedelta(days=10)),
        closes_at=overrides.pop("closes_at", now + dt.timedelta(days=30)),
    )


def budget(programme: Programme, year: int, total: str = "1000000") -> Budget:
    return Budget.objects.create(programme=programme, year=year, total=D(total))


def next_year() -> int:
    return timezone.localdate().year + 1


def plan_input(**overrides: Any) -> services.ApplicationInput:
    """A balanced one-year plan: 50,000 costs = 10,000 own + 40,000 grant (80 %), with a migrant organisation."""
    year = overrides.pop("year", next_year())
    partner = overrides.pop("partner", None) or OrganisationFactory()
    values: dict[str, Any] = {
        "title": "Interkulturelle Elternarbeit",
        "goals": "Eltern mit Einwanderungsgeschichte für Schule und Kita gewinnen.",
        "starts_on": dt.date(year, 1, 1),
        "ends_on": dt.date(year, 12, 31),
        "applicant_ags": "05315000",
        "costs": {("personal", year): D("40000"), ("sach", year): D("10000")},
        "financing": {(FinancingSource.OWN, year): D("10000"), (FinancingSource.GRANT, year): D("40000")},
        "partners": [(partner, "Elternarbeit")],
    }
    values.update(overrides)
    return services.ApplicationInput(**values)


def make_application(kommune: User, call: Call | None = None, **overrides: Any) -> Application:
    call = call or make_call()
    return services.application_create(actor=kommune, call=call, data=plan_input(**overrides), created_by=kommune)


def walk(
    application: Application,
    to: str,
    *,
    kommune: User,
    proposer: User,
    decider: User,
) -> Application:
    """Move an application through the steps up to the state ``to``."""
    S = ApplicationStatus
    order = [S.SUBMITTED, S.FORMAL_CHECK, S.ASSESSMENT, S.PROPOSED, S.DECIDED, S.NOTICE_ISSUED, S.FINAL, S.RUNNING]
    steps = {
        S.SUBMITTED: lambda a: services.application_submit(actor=kommune, application=a),
        S.FORMAL_CHECK: lambda a: services.formal_check_start(actor=proposer, application=a),
        S.ASSESSMENT: lambda a: services.formal_check_pass(actor=proposer, application=a),
        S.PROPOSED: lambda a: services.decision_propose(actor=proposer, application=a, decision="approve"),
        S.DECIDED: lambda a: services.decision_take(actor=decider, application=a),
        S.NOTICE_ISSUED: lambda a: services.notice_issue(actor=proposer, application=a),
        S.FINAL: lambda a: services.notice_final(actor=kommune, application=a, waived=True),
        S.RUNNING: lambda a: services.project_start(actor=kommune, application=a),
    }
    for state in order[: order.index(to) + 1]:
        steps[state](application)
        application.refresh_from_db()
    return application


def authority_people(ags: str = "05315000") -> dict[str, User]:
    """An applicant of ``ags`` (Köln) and two people of its Bezirksregierung (proposer and decider)."""
    from tests.factories import MembershipFactory, UserFactory

    people = {}
    for key, role, area in (
        ("kommune", "kommune", ags[:5]),
        ("proposer", "bewilligung", ags[:3]),
        ("decider", "bewilligung", ags[:3]),
    ):
        user = UserFactory()
        MembershipFactory(user=user, role=role, ags=area)
        people[key] = user
    return people


def application_in(state: str, ags: str = "05315000") -> Application:
    """An application of the Stadt Köln (or the Gemeinde ``ags``) in ``state`` (a budget for its year included)."""
    people = authority_people(ags)
    programme = Programme.objects.filter(key="komm-in").first() or make_programme()
    call = make_call(programme)
    Budget.objects.get_or_create(programme=programme, year=next_year(), defaults={"total": Decimal("1000000")})
    partner = OrganisationFactory(gemeinde_id=ags)
    application = make_application(people["kommune"], call, applicant_ags=ags, partner=partner)
    if state != ApplicationStatus.DRAFT:
        walk(application, state, **people)
    application.refresh_from_db()
    return application


def in_budget_year(day: int = 15) -> dt.date:
    """A day in January of the year of the factories' projects: payments may be requested then (§ 45 LHO)."""
    return dt.date(next_year(), 1, day)


def requested_payment(application: Application, applicant: User, key: str = "matrix") -> Any:
    """A Mittelabruf of 8,000 € of a running application, requested in its budget year by ``applicant``."""
    return services.payment_request(
        actor=applicant,
        application=application,
        year=next_year(),
        amount=Decimal("8000"),
        due_payments=Decimal("10000"),
        need="Gehälter",
        needed_by=in_budget_year(30),
        idempotency_key=key,
        requested_by=applicant,
        today=in_budget_year(),
    )


def paid_payment(application: Application) -> Any:
    """A Mittelabruf of a running application, requested in its budget year by the applicant, checked and
    ordered by two people of the authority."""
    people = authority_people(application.ags)
    payment = requested_payment(application, people["kommune"])
    services.payment_check(actor=people["proposer"], request=payment)
    return services.payment_order(actor=people["decider"], request=payment, paid_on=in_budget_year(20))


def confirmed_base_rates(until: dt.date, rate: str = "1.27") -> None:
    """Confirmed base rates for every half-year up to ``until`` (tests whose clock runs past the table)."""
    from teilhabe.funding.models import BaseRate

    day = dt.date(2023, 1, 1)
    while day <= until:
        BaseRate.objects.update_or_create(valid_from=day, defaults={"rate": Decimal(rate), "confirmed": True})
        day = dt.date(day.year, 7, 1) if day.month == 1 else dt.date(day.year + 1, 1, 1)


def checked_with_claim(people: dict[str, User] | None = None) -> Any:
    """A Köln application whose final proof was checked with a repayment claim of 12,000 € (paid 40,000 € on
    20 January of the project year, eligible 35,000 €, 80 % share: final grant 28,000 €)."""
    from teilhabe.funding.models import ProofKind

    people = people or authority_people()
    project_year = next_year()
    confirmed_base_rates(dt.date(project_year + 1, 12, 31))
    programme = Programme.objects.filter(key="komm-in").first() or make_programme()
    Budget.objects.get_or_create(programme=programme, year=project_year, defaults={"total": Decimal("1000000")})
    application = walk(make_application(people["kommune"], make_call(programme)), ApplicationStatus.RUNNING, **people)
    payment = services.payment_request(
        actor=people["kommune"],
        application=application,
        year=project_year,
        amount=Decimal("40000"),
        due_payments=Decimal("50000"),
        need="Gehälter",
        needed_by=in_budget_year(30),
        idempotency_key="claim",
        requested_by=people["kommune"],
        today=in_budget_year(10),
    )
    services.payment_check(actor=people["proposer"], request=payment)
    services.payment_order(actor=people["decider"], request=payment, paid_on=in_budget_year(20))
    proof = services.proof_submit(
        actor=people["kommune"],
        application=application,
        kind=ProofKind.FINAL,
        report="Weniger ausgegeben als geplant.",
        actual={"personal": Decimal("30000"), "sach": Decimal("5000")},
        other_income=Decimal("10000"),
        submitted_by=people["kommune"],
        today=dt.date(project_year + 1, 2, 10),
    )
    services.proof_check(actor=people["proposer"], proof=proof, today=dt.date(project_year + 1, 3, 2))
    return application.repayment_claims.get()
