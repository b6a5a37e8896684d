"""Demo data of the funding app: KOMM-IN NRW with an open call and a realistic round, a programme for migrant
organisations, and the staff funding of every Kommunales Integrationszentrum.

For scale: the KOMM-IN round of 2008 funded 57 projects in 57 cities and Kreise with about €2.45 m; the demo
round has 57 applications of kreisfreie Städte and Kreise across NRW in every state of the workflow. The Köln
applications are processed by the demo accounts, so each demo login finds something to do; the others by demo
people who cannot log in (an applicant and two case workers statewide): every step is taken by a person with the
right for it, never without an actor. Projects that are already running or final run in the current year, so
their payment requests obey § 45 LHO (money of the current budget year, due within two months). The staff funding
of every KI and the programme for the pools of lay interpreters (Laiensprachmittlerpools) of the KI guideline.
Idempotent: a second run finds the programmes and adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any, TextIO

from django.utils import timezone

from teilhabe.core import services as core_services
from teilhabe.core.models import Membership, User
from teilhabe.core.roles import Role
from teilhabe.core.system import system_actor
from teilhabe.funding import services
from teilhabe.funding.calculations import add_months
from teilhabe.funding.models import (
    ApplicantKind,
    ApplicationStatus,
    Budget,
    Call,
    FinancingSource,
    FinancingType,
    Module,
    Occupancy,
    Position,
    Programme,
    StaffRate,
)
from teilhabe.geo.models import Gemeinde, Kreis
from teilhabe.registry.models import Organisation, Status, Structure, TargetGroup

S = ApplicationStatus
D = Decimal
KOMM_IN_CATEGORIES = [
    {"key": "personal", "label": "Personalausgaben"},
    {"key": "honorare", "label": "Honorare und Werkverträge"},
    {"key": "sach", "label": "Sachausgaben"},
    {"key": "oeffentlichkeit", "label": "Öffentlichkeitsarbeit"},
]
PROJECTS = [
    (
        "Integrationskonzept {place} fortschreiben",
        "Beteiligungsverfahren mit Migrantenorganisationen, Wohlfahrtsverbänden und Fachämtern; Bestandsaufnahme, "
        "Handlungsfelder und Maßnahmenplan für die nächsten fünf Jahre.",
    ),
    (
        "Interkulturelle Öffnung der Verwaltung {place}",
        "Qualifizierung von Beschäftigten der Bürgerdienste, mehrsprachige Informationen und Lotsendienste im Rathaus.",
    ),
    (
        "Netzwerk Migrantenorganisationen {place}",
        "Koordinierungsstelle für die Zusammenarbeit der Migrantenorganisationen mit Stadtteilbüros, Schulen "
        "und Vereinen.",
    ),
    (
        "Elternbegleitung im Übergang Kita–Schule in {place}",
        "Mehrsprachige Elternbegleiterinnen und Elternbegleiter aus Migrantenorganisationen beraten Familien.",
    ),
    (
        "Demokratie stärken – gegen Rassismus in {place}",
        "Workshops, Beratung für Betroffene und ein Aktionsbündnis gegen Rechtsextremismus mit "
        "Migrantenorganisationen.",
    ),
]
# How many of the 57 round applications end up in which state (the rest are submitted or in checks).
ROUND_STATES = (
    [S.RUNNING] * 38
    + [S.FINAL] * 5
    + [S.NOTICE_ISSUED] * 4
    + [S.DECIDED] * 3
    + [S.PROPOSED] * 2
    + [S.ASSESSMENT] * 2
    + [S.FORMAL_CHECK, S.SUBMITTED, S.REJECTED]
)


def seed(*, stdout: TextIO, users: dict[str, User], **_: Any) -> None:
    if not Programme.objects.filter(key=POOLS_KEY).exists():
        _interpreter_pools(users)
    if Programme.objects.filter(key="komm-in").exists():
        stdout.write("Förderung: vorhanden, nichts geändert\n")
        return
    now = timezone.now()
    year = timezone.localdate().year + 1
    komm_in = Programme.objects.create(
        key="komm-in",
        name="KOMM-IN NRW",
        description="Förderung kommunaler Integrationskonzepte und -maßnahmen, entwickelt gemeinsam mit "
        "Migrantenorganisationen, Fachämtern und der Freien Wohlfahrtspflege.",
        legal_basis="Richtlinie über die Gewährung von Zuwendungen zur Förderung von Innovationen in der "
        "kommunalen Integrationsarbeit (KOMM-IN NRW), RdErl. des Ministeriums für Kinder, Jugend, Familie, "
        "Gleichstellung, Flucht und Integration",
        granting_authority="Bezirksregierung Köln",
        granting_authority_address="Bezirksregierung Köln\nDezernat 36 – Integration\nZeughausstraße 2–10\n50667 Köln",
        applicant_kinds=[ApplicantKind.KREIS, ApplicantKind.KREISFREIE_STADT, ApplicantKind.GEMEINDE],
        required_partner_kinds=[Organisation.Kind.MIGRANTENORGANISATION],
        cost_categories=KOMM_IN_CATEGORIES,
        criteria=[
            {"key": "konzept", "label": "Schlüssigkeit des Konzepts", "max": 10},
            {"key": "beteiligung", "label": "Beteiligung von Migrantenorganisationen", "max": 10},
            {"key": "nachhaltigkeit", "label": "Nachhaltigkeit und Übertragbarkeit", "max": 5},
        ],
        financing_type=FinancingType.ANTEIL,
        max_share=D("80"),
        min_own_share=D("20"),
        min_grant=D("10000"),
        max_grant=D("80000"),
    )
    for key, name in (
        ("1", "Integrationskonzepte entwickeln und fortschreiben"),
        ("2", "Interkulturelle Öffnung der Verwaltung"),
        ("3", "Zusammenarbeit mit Migrantenorganisationen"),
    ):
        Module.objects.create(programme=komm_in, key=key, name=name)
    mso = Programme.objects.create(
        key="mso",
        name="Förderung von Migrantenorganisationen",
        description="Projekte von Migrantenorganisationen für Teilhabe, Beratung und Engagement.",
        legal_basis="Förderrichtlinie Migrantenselbstorganisationen NRW",
        granting_authority="Bezirksregierung Köln",
        granting_authority_address="Bezirksregierung Köln\nDezernat 36 – Integration\nZeughausstraße 2–10\n50667 Köln",
        applicant_kinds=[ApplicantKind.ORGANISATION],
        organisation_kinds=[Organisation.Kind.MIGRANTENORGANISATION],
        cost_categories=KOMM_IN_CATEGORIES,
        criteria=[{"key": "bedarf", "label": "Bedarf und Zielgruppe", "max": 10}],
        financing_type=FinancingType.FEHLBEDARF,
        min_own_share=D("10"),
        min_grant=D("2000"),
        max_grant=D("25000"),
    )
    for programme, total in ((komm_in, "3000000"), (mso, "400000")):
        Budget.objects.create(programme=programme, year=year, total=D(total))
        Budget.objects.create(programme=programme, year=year - 1, total=D(total))
    opens = now - dt.timedelta(days=40)
    closes = now + dt.timedelta(days=35)
    call = Call.objects.create(
        programme=komm_in,
        title=f"Förderaufruf KOMM-IN NRW {year}",
        opens_at=opens,
        closes_at=closes,
        description="Anträge für Projekte im Haushaltsjahr " + str(year) + ".",
    )
    mso_call = Call.objects.create(
        programme=mso, title=f"Projektförderung Migrantenorganisationen {year}", opens_at=opens, closes_at=closes
    )
    count = _round(call, users, year)
    _organisation_draft(mso_call, users, year)
    centres = _staff(users)
    stdout.write(f"Förderung: 2 Programme, {count} KOMM-IN-Anträge, {centres} KI mit Stellen\n")


def _plan(rng: random.Random, year: int) -> tuple[dict[tuple[str, int], D], dict[tuple[str, int], D]]:
    grant = D(rng.randrange(35, 64) * 1000)  # about €2.45 m for the 50 funded projects of the round
    costs_total = (grant / D("0.8")).quantize(D("1"))
    personal = (costs_total * D("0.6")).quantize(D("1"))
    honorare = (costs_total * D("0.2")).quantize(D("1"))
    oeffentlichkeit = (costs_total * D("0.05")).quantize(D("1"))
    sach = costs_total - personal - honorare - oeffentlichkeit
    costs = {
        ("personal", year): personal,
        ("honorare", year): honorare,
        ("sach", year): sach,
        ("oeffentlichkeit", year): oeffentlichkeit,
    }
    financing: dict[tuple[str, int], D] = {
        (FinancingSource.OWN.value, year): costs_total - grant,
        (FinancingSource.GRANT.value, year): grant,
    }
    return costs, financing


def _round(call: Call, users: dict[str, User], year: int) -> int:
    rng = random.Random(2008)  # noqa: S311 - reproducible demo data, no secret
    kommune = users.get("kommune")
    proposer = users.get("bewilligung")
    decider = users.get("bewilligung2")
    applicant_nrw, proposer_nrw, decider_nrw = _demo_people()
    target_groups = list(TargetGroup.objects.all()[:3])
    kreise = list(Kreis.objects.order_by("key"))
    bodies: list[tuple[str, str]] = []
    for kreis in kreise:
        if kreis.kind == Kreis.Kind.KREISFREIE_STADT:
            city = Gemeinde.objects.filter(kreis=kreis, kind=Gemeinde.Kind.KREISFREIE_STADT).first()
            if city:
                bodies.append((city.ags, kreis.name_short))
        else:
            bodies.append((f"{kreis.key}000", kreis.name_short))
    # 53 Kreise and kreisfreie Städte, and four large kreisangehörige Städte: 57 applicants
    large_towns = Gemeinde.objects.filter(kind=Gemeinde.Kind.STADT).order_by("-population")[:4]
    bodies += [(gemeinde.ags, gemeinde.name_short) for gemeinde in large_towns]
    states = ROUND_STATES[:]
    rng.shuffle(states)
    count = 0
    for index, (ags, place) in enumerate(bodies[:57]):
        migrant_organisations = Organisation.objects.filter(
            status=Status.PUBLISHED, kind=Organisation.Kind.MIGRANTENORGANISATION
        ).order_by("name")
        # a partner from the Kreis, else from the Regierungsbezirk
        partner = (
            migrant_organisations.filter(gemeinde__ags__startswith=ags[:5]).first()
            or migrant_organisations.filter(gemeinde__ags__startswith=ags[:3]).first()
        )
        if partner is None:
            continue
        title, goals = PROJECTS[index % len(PROJECTS)]
        is_koeln = ags.startswith("05315")
        state = S.DRAFT if is_koeln else states.pop() if states else S.SUBMITTED
        # granted projects that already run use the money of the current budget year
        project_year = year - 1 if state in (S.FINAL, S.RUNNING) else year
        costs, financing = _plan(rng, project_year)
        data = services.ApplicationInput(
            title=title.format(place=place),
            goals=goals,
            starts_on=dt.date(project_year, 1, 1),
            ends_on=dt.date(project_year, 12, 31),
            early_start_requested=project_year < year,
            module=call.programme.modules.order_by("key")[index % 3],
            applicant_ags=ags,
            applicant_address=_address(ags),
            target_groups=target_groups,
            costs=costs,
            financing=financing,
            partners=[(partner, "Kooperationspartner")],
        )
        applicant = kommune if is_koeln and kommune else applicant_nrw
        application = services.application_create(actor=applicant, call=call, data=data, created_by=applicant)
        _advance(
            application,
            state,
            applicant=applicant,
            proposer=proposer if is_koeln and proposer else proposer_nrw,
            decider=decider if is_koeln and decider else decider_nrw,
            rng=rng,
        )
        count += 1
    if kommune is not None and proposer is not None and decider is not None:
        count += _koeln_examples(call=call, kommune=kommune, proposer=proposer, decider=decider, year=year, rng=rng)
    return count


def _advance(  # noqa: PLR0912 - one branch per workflow step reads best here
    application: Any, state: str, *, applicant: User, proposer: User, decider: User, rng: random.Random
) -> None:
    """Walk an application to ``state``, each step as the person whose step it is."""
    order: list[str] = [
        S.SUBMITTED,
        S.FORMAL_CHECK,
        S.ASSESSMENT,
        S.PROPOSED,
        S.DECIDED,
        S.NOTICE_ISSUED,
        S.FINAL,
        S.RUNNING,
    ]
    target = S.PROPOSED if state == S.REJECTED else state
    if target == S.DRAFT:
        return
    for step in order[: order.index(target) + 1]:
        if step == S.SUBMITTED:
            services.application_submit(actor=applicant, application=application)
        elif step == S.FORMAL_CHECK:
            services.formal_check_start(actor=proposer, application=application)
        elif step == S.ASSESSMENT:
            services.formal_check_pass(actor=proposer, application=application)
            services.score_set(
                actor=proposer,
                application=application,
                scores={
                    c["key"]: (rng.randint(int(c["max"]) // 2, int(c["max"])), "")
                    for c in application.programme.criteria
                },
            )
        elif step == S.PROPOSED:
            if state == S.REJECTED:
                services.decision_propose(
                    actor=proposer,
                    application=application,
                    decision="reject",
                    reasons="Die Beteiligung von Migrantenorganisationen ist nicht dargelegt.",
                )
            else:
                services.decision_propose(
                    actor=proposer,
                    application=application,
                    decision="approve",
                    conditions="Die Ergebnisse sind in einem Fachtag vorzustellen.",
                    early_start_allowed=application.early_start_requested,
                )
        elif step == S.DECIDED:
            services.decision_take(actor=decider, application=application)
        elif step == S.NOTICE_ISSUED:
            services.notice_issue(actor=proposer, application=application)
        elif step == S.FINAL:
            services.notice_final(actor=applicant, application=application, waived=True)
        elif step == S.RUNNING:
            services.project_start(actor=applicant, application=application)
            _first_payment(application, applicant=applicant, checker=proposer, orderer=decider)
        application.refresh_from_db()
    if state == S.REJECTED:
        services.decision_take(actor=decider, application=application)


def _first_payment(application: Any, *, applicant: User, checker: User, orderer: User) -> None:
    """A quarter of this year's grant, requested for payments due within the next six weeks (never more than two
    months ahead, § 45 LHO), checked by one person and ordered by another. Only money of the current budget year."""
    today = timezone.localdate()
    grant = application.grant_years.filter(year=today.year).first()
    if grant is None or not grant.granted:
        return
    amount = (grant.granted * D("0.25")).quantize(D("0.01"))
    payment = services.payment_request(
        actor=applicant,
        application=application,
        year=today.year,
        amount=amount,
        due_payments=(amount / D("0.8")).quantize(D("0.01")),
        need="Personal- und Honorarausgaben der nächsten Wochen",
        needed_by=min(today + dt.timedelta(days=42), add_months(today, 2)),
        idempotency_key=f"demo-{application.pk}",
        requested_by=applicant,
    )
    services.payment_check(actor=checker, request=payment)
    services.payment_order(actor=orderer, request=payment)


def _demo_people() -> tuple[User, User, User]:
    """People who act for the applicants and the authority outside Köln in the demo round. They cannot log in
    (no usable password); their rights come from ordinary memberships, so every step is checked like anyone's."""
    people = []
    for key, name, role in (
        ("antrag-nrw", "Demo-Antragstellung (Kommunen in NRW)", Role.KOMMUNE),
        ("sachbearbeitung-nrw-1", "Demo-Sachbearbeitung 1 (Bewilligung NRW)", Role.BEWILLIGUNG),
        ("sachbearbeitung-nrw-2", "Demo-Sachbearbeitung 2 (Bewilligung NRW)", Role.BEWILLIGUNG),
    ):
        user, created = User.objects.get_or_create(email=f"{key}@demo.teilhabe.nrw", defaults={"full_name": name})
        if created:
            user.set_unusable_password()
            user.save()
        if not Membership.objects.filter(user=user, role=role, ags="05", scope_id=None).exists():
            # Through the service: as the system actor, a privileged role is approved at once (four eyes).
            core_services.membership_grant(user=user, role=role, ags="05", actor=system_actor())
        people.append(user)
    return people[0], people[1], people[2]


def _koeln_examples(*, call: Call, kommune: User, proposer: User, decider: User, year: int, rng: random.Random) -> int:
    """Köln applications for the demo logins: one to check, one proposed for the second person, one running."""
    partner = (
        Organisation.objects.filter(
            status=Status.PUBLISHED, kind=Organisation.Kind.MIGRANTENORGANISATION, gemeinde__ags__startswith="05315"
        )
        .order_by("name")
        .first()
    )
    if partner is None:
        return 0
    made = 0
    for title, state in (
        ("Mehrsprachige Lotsen in den Kölner Bürgerämtern", S.SUBMITTED),
        ("Kölner Aktionswochen gegen Rassismus", S.PROPOSED),
        ("Veedel-Netzwerk Migrantenorganisationen Köln", S.RUNNING),
    ):
        project_year = year - 1 if state == S.RUNNING else year
        costs, financing = _plan(rng, project_year)
        data = services.ApplicationInput(
            title=title,
            goals="Gemeinsam mit Migrantenorganisationen im Veedel entwickelt.",
            starts_on=dt.date(project_year, 1, 1),
            ends_on=dt.date(project_year, 12, 31),
            early_start_requested=project_year < year,
            applicant_ags="05315000",
            applicant_address="Die Oberbürgermeisterin\nKommunales Integrationszentrum\n50667 Köln",
            costs=costs,
            financing=financing,
            partners=[(partner, "Kooperationspartner")],
        )
        application = services.application_create(actor=kommune, call=call, data=data, created_by=kommune)
        _advance(application, state, applicant=kommune, proposer=proposer, decider=decider, rng=rng)
        made += 1
    return made


def _organisation_draft(call: Call, users: dict[str, User], year: int) -> None:
    member = users.get("organisation")
    if member is None:
        return
    from teilhabe.core.roles import Role
    from teilhabe.core.scope import scope_of

    ids = scope_of(member).object_ids(Role.ORGANISATION, Organisation)
    organisation = Organisation.objects.filter(pk__in=ids).first()
    if organisation is None or organisation.kind != Organisation.Kind.MIGRANTENORGANISATION:
        return
    services.application_create(
        actor=member,
        call=call,
        created_by=member,
        data=services.ApplicationInput(
            title="Beratungscafé für geflüchtete Frauen aus der Ukraine",
            goals="Wöchentliche Beratung zu Sprache, Arbeit und Kita in Ukrainisch und Russisch.",
            starts_on=dt.date(year, 3, 1),
            ends_on=dt.date(year, 12, 31),
            organisation=organisation,
            costs={("honorare", year): D("9000"), ("sach", year): D("3000")},
            financing={(FinancingSource.OWN, year): D("1500"), (FinancingSource.GRANT, year): D("10500")},
        ),
    )


def _address(ags: str) -> str:
    """The postal address below the applicant's name: the head of administration, the KI, the seat."""
    gemeinde = Gemeinde.objects.filter(ags=ags).first()
    if gemeinde is not None:
        head = "Der Oberbürgermeister" if gemeinde.kind == Gemeinde.Kind.KREISFREIE_STADT else "Der Bürgermeister"
        return f"{head}\nKommunales Integrationszentrum\n{gemeinde.postal_code} {gemeinde.name_short}"
    kreis = Kreis.objects.get(key=ags[:5])
    seat = Gemeinde.objects.filter(kreis=kreis, name_short=kreis.seat).first()
    return f"Der Landrat\nKommunales Integrationszentrum\n{seat.postal_code if seat else ''} {kreis.seat}".strip()


def _staff(users: dict[str, User]) -> int:
    """Posts of every KI and their occupancy this year, with a few vacancies; rates as the ministry set them."""
    this_year = timezone.localdate().year
    # specialist posts: €57,000 per full post and year; the half administrative post: €22,500 a year in all
    for year in (this_year - 1, this_year, this_year + 1):
        StaffRate.objects.get_or_create(
            year=year,
            defaults={
                "specialist_amount": D("57000"),
                "admin_amount": D("22500"),
                "max_specialist_kreisfreie_stadt": D("5"),
                "max_specialist_kreis": D("6"),
                "max_admin": D("0.5"),
            },
        )
    rng = random.Random(54)  # noqa: S311 - reproducible demo data, no secret
    centres = Structure.objects.filter(kind=Structure.Kind.KOMMUNALES_INTEGRATIONSZENTRUM).select_related("kreis")
    made = 0
    rows = []
    for centre in centres:
        is_city = centre.kreis is not None and centre.kreis.kind == Kreis.Kind.KREISFREIE_STADT
        posts = [
            Position(centre=centre, kind=Position.Kind.SPECIALIST, title=f"Fachstelle {i + 1}")
            for i in range(5 if is_city else 6)
        ]
        posts.append(Position(centre=centre, kind=Position.Kind.ADMIN, title="Verwaltung", fte=D("0.5")))
        posts += [
            Position(centre=centre, kind=Position.Kind.TEACHER, title=f"Lehrkraft {i + 1}")
            for i in range(rng.randint(1, 2))
        ]
        Position.objects.bulk_create(posts)
        for post in posts:
            vacant_from = rng.randint(1, 12) if rng.random() < 0.12 else 13
            rows += [
                Occupancy(position=post, year=this_year, month=m, filled=m < vacant_from)
                for m in range(1, timezone.localdate().month + 1)
            ]
        made += 1
    Occupancy.objects.bulk_create(rows)
    return made


POOLS_KEY = "ki-laiensprachmittlung"
POOL_CATEGORIES = [
    {"key": "aufwand", "label": "Aufwandsentschädigungen der Sprachmittelnden"},
    {"key": "qualifizierung", "label": "Qualifizierung und Begleitung"},
    {"key": "sach", "label": "Koordination, Fahrt- und Sachausgaben"},
]


def _interpreter_pools(users: dict[str, User]) -> None:
    """The material costs of the pools of lay interpreters of the KI guideline: up to €50,000 a year per KI,
    applied for per year by the Kreis or kreisfreie Stadt of the KI and proven like every grant."""
    this_year = timezone.localdate().year
    programme = Programme.objects.create(
        key=POOLS_KEY,
        name="KI: Sachausgaben der Laiensprachmittlerpools",
        description="Sachausgaben der Pools von Laiensprachmittlerinnen und -mittlern der Kommunalen "
        "Integrationszentren, höchstens 50.000 € je KI und Jahr; ein Antrag je KI und Haushaltsjahr.",
        legal_basis="Richtlinie über die Gewährung von Zuwendungen zur Förderung der Kommunalen "
        "Integrationszentren (KI-Förderrichtlinie), Sachausgaben für Laiensprachmittlerpools",
        granting_authority="Bezirksregierung Arnsberg",
        granting_authority_address="Bezirksregierung Arnsberg\nKompetenzzentrum für Integration\n"
        "Seibertzstraße 1\n59821 Arnsberg",
        applicant_kinds=[ApplicantKind.KREIS, ApplicantKind.KREISFREIE_STADT],
        cost_categories=POOL_CATEGORIES,
        criteria=[{"key": "bedarf", "label": "Bedarf an Sprachmittlung", "max": 10}],
        financing_type=FinancingType.FEHLBEDARF,
        min_grant=D("1000"),
        max_grant=D("50000"),
    )
    for year in (this_year, this_year + 1):
        Budget.objects.create(programme=programme, year=year, total=D("2650000"))  # 53 KI × 50,000 €
    now = timezone.now()
    call = Call.objects.create(
        programme=programme,
        title=f"Laiensprachmittlerpools {this_year + 1}",
        opens_at=now - dt.timedelta(days=20),
        closes_at=now + dt.timedelta(days=60),
        description="Sachausgaben der Pools im Haushaltsjahr " + str(this_year + 1) + ".",
    )
    kommune = users.get("kommune")
    if kommune is None:
        return
    year = this_year + 1
    services.application_create(
        actor=kommune,
        call=call,
        created_by=kommune,
        data=services.ApplicationInput(
            title="Sprachmittlerpool des KI Köln",
            goals="Ehrenamtliche Sprachmittlerinnen und Sprachmittler für Elterngespräche, Beratung und Ämter.",
            starts_on=dt.date(year, 1, 1),
            ends_on=dt.date(year, 12, 31),
            applicant_ags="05315000",
            applicant_address="Die Oberbürgermeisterin\nKommunales Integrationszentrum\n50667 Köln",
            costs={("aufwand", year): D("38000"), ("qualifizierung", year): D("7000"), ("sach", year): D("5000")},
            financing={(FinancingSource.GRANT, year): D("50000")},
        ),
    )
