"""Demo data of the workforce app: NRW authorities with their units, survey campaigns with answers of realistic
magnitude, hiring figures, and the demo survey officer's scope (IT.NRW).

Orientation from the state's own surveys of its ministries: 2011/12 found 12.1 % with a migration history at a
response rate above 67 %, 2015 found 13.4 %. The 2012 and 2015 campaigns are published, 2023 is closed (Land can
publish it in the demo), the current year's campaign is open and IT.NRW has codes to issue. A few small
authorities make disclosure control act. Everything is written with bulk_create (answers carry no history by
design); a second run keeps what exists.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, TextIO

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from teilhabe.core.models import Membership, User
from teilhabe.core.roles import Role
from teilhabe.workforce import categories, services
from teilhabe.workforce.models import (
    AgeBand,
    Authority,
    Campaign,
    CareerGroup,
    CodeBatch,
    HiringFigure,
    OrgUnit,
    ParticipationCode,
    Response,
    StaffKind,
)

AUTHORITIES = [
    (
        "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration NRW",
        "MKJFGFI",
        Authority.Kind.OBERSTE_LANDESBEHOERDE,
        "05111000",
        900,
    ),
    ("Bezirksregierung Köln", "BR Köln", Authority.Kind.BEZIRKSREGIERUNG, "05315000", 2300),
    ("Bezirksregierung Arnsberg", "BR Arnsberg", Authority.Kind.BEZIRKSREGIERUNG, "05958004", 2100),
    ("Landesamt für Zentrale Polizeiliche Dienste NRW", "LZPD", Authority.Kind.LANDESOBERBEHOERDE, "05112000", 1800),
    ("Information und Technik Nordrhein-Westfalen", "IT.NRW", Authority.Kind.LANDESOBERBEHOERDE, "05111000", 1700),
    (
        "Stadt Köln – Personal- und Verwaltungsmanagement",
        "Stadt Köln",
        Authority.Kind.KOMMUNALVERWALTUNG,
        "05315000",
        21000,
    ),
]

M = Authority.Kind.OBERSTE_LANDESBEHOERDE
#: The state ministries (staff of the whole house) that take part in every campaign.
MINISTRIES = [
    ("Staatskanzlei des Landes Nordrhein-Westfalen", "STK", 520),
    ("Ministerium des Innern NRW", "IM", 720),
    ("Ministerium der Finanzen NRW", "FM", 610),
    ("Ministerium der Justiz NRW", "JM", 480),
    ("Ministerium für Schule und Bildung NRW", "MSB", 640),
    ("Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration NRW", "MKJFGFI", 900),
    ("Ministerium für Arbeit, Gesundheit und Soziales NRW", "MAGS", 780),
    ("Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie NRW", "MWIKE", 650),
    ("Ministerium für Umwelt, Naturschutz und Verkehr NRW", "MUNV", 700),
    ("Ministerium für Landwirtschaft und Verbraucherschutz NRW", "MLV", 410),
    ("Ministerium für Heimat, Kommunales, Bau und Digitalisierung NRW", "MHKBD", 560),
    ("Ministerium für Kultur und Wissenschaft NRW", "MKW", 500),
]
#: Small bodies: disclosure control must act on them.
SMALL = [
    (
        "Landeszentrale für politische Bildung NRW",
        "LZpB",
        Authority.Kind.SONSTIGE,
        [("Leitung und Verwaltung", 9), ("Bildungsarbeit", 22), ("Publikationen", 7)],
    ),
    (
        "Geschäftsstelle der Beauftragten für Menschen mit Behinderung NRW",
        "LBB",
        Authority.Kind.SONSTIGE,
        [("Geschäftsstelle", 11)],
    ),
    ("Antidiskriminierungsstelle NRW", "ADS", Authority.Kind.SONSTIGE, [("Beratung", 6), ("Grundsatz", 4)]),
]
MINISTRY_UNITS = [
    ("Abteilung 1 – Zentralabteilung", 0.28),
    ("Abteilung 2", 0.26),
    ("Abteilung 3", 0.24),
    ("Abteilung 4", 0.22),
]
IT_NRW_UNITS = [
    ("Abteilung 1 – Zentrale Dienste", 260),
    ("Abteilung 2 – Statistik Bevölkerung und Gesellschaft", 330),
    ("Abteilung 3 – Statistik Wirtschaft", 300),
    ("Abteilung 4 – IT-Betrieb", 420),
    ("Abteilung 5 – E-Government", 360),
    ("Stabsstelle Informationssicherheit", 30),
]
#: year -> (title, status, share with a migration history, response rate, takes part)
CAMPAIGNS = {
    2012: ("Beschäftigtenbefragung der Ministerien 2011/12", Campaign.Status.PUBLISHED, 0.121, 0.68, "ministries"),
    2015: ("Beschäftigtenbefragung der Ministerien 2015", Campaign.Status.PUBLISHED, 0.134, 0.63, "ministries"),
    2023: ("Beschäftigtenbefragung 2023", Campaign.Status.CLOSED, 0.162, 0.61, "all"),
}

CAREER_WEIGHTS = [
    (CareerGroup.LG1_1, 0.04),
    (CareerGroup.LG1_2, 0.22),
    (CareerGroup.LG2_1, 0.30),
    (CareerGroup.LG2_2, 0.32),
    (CareerGroup.NONE, 0.07),
    (CareerGroup.NO_ANSWER, 0.05),
]
KIND_WEIGHTS = [
    (StaffKind.BEAMTE, 0.58),
    (StaffKind.TARIF, 0.35),
    (StaffKind.AUSBILDUNG, 0.04),
    (StaffKind.NO_ANSWER, 0.03),
]
AGE_WEIGHTS = [
    (AgeBand.UNDER_30, 0.14),
    (AgeBand.FROM_30, 0.36),
    (AgeBand.FROM_45, 0.38),
    (AgeBand.FROM_60, 0.08),
    (AgeBand.NO_ANSWER, 0.04),
]
GERMAN = categories.Person("de", "ka", "de", "de")


def _pick(rnd: random.Random, weights: Sequence[tuple[str, float]]) -> str:
    return rnd.choices([w[0] for w in weights], [w[1] for w in weights])[0]


def _immigrant(rnd: random.Random) -> categories.Person:
    period = rnd.choices(["ab1956", "1950_1955", "vor1950"], [0.93, 0.04, 0.03])[0]
    naturalised = rnd.random() < 0.6
    return categories.Person("ausland", period, "andere", "de" if naturalised else "andere")


def _answers(rnd: random.Random, share: float) -> services.SurveyAnswers:
    """One respondent: with probability ``share`` a person with a migration history (immigrated, or a child of one
    or two immigrated parents), with some questions left open."""
    if rnd.random() < share:
        kind = rnd.random()
        if kind < 0.45:
            person, p1, p2 = _immigrant(rnd), _immigrant(rnd), _immigrant(rnd)
        elif kind < 0.75:
            person, p1, p2 = GERMAN, _immigrant(rnd), _immigrant(rnd)
        else:
            person, p1, p2 = GERMAN, _immigrant(rnd), GERMAN
    else:
        person, p1, p2 = GERMAN, GERMAN, GERMAN
    if rnd.random() < 0.02:  # left every origin question open
        person, p1, p2 = categories.Person(), categories.Person(), categories.Person()
    elif rnd.random() < 0.02:  # does not know about a parent
        p2 = categories.Person()
    return services.SurveyAnswers(
        career_group=_pick(rnd, CAREER_WEIGHTS),
        staff_kind=_pick(rnd, KIND_WEIGHTS),
        age_band=_pick(rnd, AGE_WEIGHTS),
        self_person=person,
        parent1=p1,
        parent2=p2,
    )


def _response(campaign: Campaign, unit: OrgUnit, answers: services.SurveyAnswers) -> Response:
    fields: dict[str, Any] = {}
    for prefix, given in (("self", answers.self_person), ("parent1", answers.parent1), ("parent2", answers.parent2)):
        person = categories.normalise(given)
        for attr in ("birthplace", "immigration", "citizenship_birth", "citizenship_now"):
            fields[f"{prefix}_{attr}"] = getattr(person, attr)
    return Response(
        campaign=campaign,
        unit=unit,
        career_group=answers.career_group,
        staff_kind=answers.staff_kind,
        age_band=answers.age_band,
        **fields,
        **categories.derive(answers.self_person, answers.parent1, answers.parent2),
    )


def _codes(
    batch: CodeBatch, count: int, used: int, taken: set[str], rnd: random.Random | None = None
) -> list[ParticipationCode]:
    """Codes of a demo batch; those of closed demo campaigns from the seeded generator (fast, and never handed to
    anyone), those of the open campaign from ``secrets`` like every real code."""

    def new() -> str:
        if rnd is None:
            return services.new_code()
        return "".join(rnd.choices(services.CODE_ALPHABET, k=services.CODE_LENGTH))

    out = []
    for i in range(count):
        code = new()
        while code in taken:
            code = new()
        taken.add(code)
        out.append(ParticipationCode(batch=batch, code=code, used=i < used))
    return out


def _authorities() -> dict[str, Authority]:
    for name, short, kind, ags, staff in AUTHORITIES:
        Authority.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": kind, "ags": ags, "staff_count": staff}
        )
    for name, short, staff in MINISTRIES:
        authority, _new = Authority.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": M, "ags": "05111000", "staff_count": staff}
        )
        if not authority.units.exists():
            OrgUnit.objects.bulk_create(
                [
                    OrgUnit(authority=authority, name=unit, staff_count=max(8, round(staff * part)))
                    for unit, part in MINISTRY_UNITS
                ]
            )
    for name, short, kind, units in SMALL:
        authority, _new = Authority.objects.get_or_create(
            name=name,
            defaults={"short_name": short, "kind": kind, "ags": "05111000", "staff_count": sum(s for _, s in units)},
        )
        if not authority.units.exists():
            OrgUnit.objects.bulk_create([OrgUnit(authority=authority, name=u, staff_count=s) for u, s in units])
    it_nrw = Authority.objects.get(short_name="IT.NRW")
    if not it_nrw.units.exists():
        OrgUnit.objects.bulk_create([OrgUnit(authority=it_nrw, name=u, staff_count=s) for u, s in IT_NRW_UNITS])
    return {a.short_name: a for a in Authority.objects.all()}


def _campaign(year: int, spec: tuple[Any, ...], officer: User, taken: set[str]) -> Campaign | None:
    title, status, share, response_rate, who = spec
    if Campaign.objects.filter(year=year).exists():
        return None
    campaign = Campaign.objects.create(
        year=year,
        title=title,
        status=Campaign.Status.CLOSED if status == Campaign.Status.PUBLISHED else status,
        threshold=5,
        reference_share=services.Decimal("29.3") if year >= 2018 else services.Decimal("23.6"),
        reference_source=(
            "IT.NRW, Mikrozensus 2018: Bevölkerung in Privathaushalten mit Migrationshintergrund"
            if year >= 2018
            else "IT.NRW, Mikrozensus 2014: Bevölkerung mit Migrationshintergrund"
        ),
        opened_at=timezone.now(),
        closed_at=timezone.now(),
    )
    rnd = random.Random(year)  # noqa: S311  (seeded demo data, not secrets)
    taking_part = OrgUnit.objects.filter(authority__kind=M)
    if who == "all":
        taking_part = OrgUnit.objects.filter(authority__kind__in=[M, Authority.Kind.SONSTIGE]) | OrgUnit.objects.filter(
            authority__short_name="IT.NRW"
        )
    responses: list[Response] = []
    codes: list[ParticipationCode] = []
    units = list(taking_part.select_related("authority"))
    batches = CodeBatch.objects.bulk_create(
        [CodeBatch(campaign=campaign, unit=unit, size=unit.staff_count, issued_by=officer) for unit in units]
    )
    for unit, batch in zip(units, batches, strict=True):
        answered = sum(1 for _ in range(unit.staff_count) if rnd.random() < response_rate)
        if year >= 2020:  # the codes of the old campaigns are long gone; their batches keep the numbers
            codes += _codes(batch, unit.staff_count, answered, taken, rnd)
        responses += [_response(campaign, unit, _answers(rnd, share / 0.96)) for _ in range(answered)]
    rnd.shuffle(responses)
    ParticipationCode.objects.bulk_create(codes, batch_size=2000)
    Response.objects.bulk_create(responses, batch_size=2000)
    return campaign


def _hiring(authorities: dict[str, Authority]) -> None:
    rnd = random.Random(7)  # noqa: S311  (seeded demo data, not secrets)
    this_year = timezone.localdate().year
    rows = []
    existing = set(HiringFigure.objects.values_list("authority_id", "year"))
    for short, authority in authorities.items():
        if authority.kind != M and short not in ("IT.NRW", "LZpB"):
            continue
        years = range(this_year - 4, this_year - 1) if short == "IT.NRW" else range(this_year - 4, this_year)
        for year in years:
            if (authority.pk, year) in existing:
                continue
            size = (authority.staff_count or 100) // 20
            applications = size * rnd.randint(12, 25)
            invitations = applications // rnd.randint(4, 7)
            hires = max(1, invitations // rnd.randint(3, 5))
            trainees = rnd.randint(0, max(1, size // 4))
            share = rnd.uniform(0.14, 0.24)
            rows.append(
                HiringFigure(
                    authority=authority,
                    year=year,
                    applications=applications,
                    applications_mh=round(applications * share),
                    invitations=invitations,
                    invitations_mh=round(invitations * share * 0.85),
                    hires=hires,
                    hires_mh=round(hires * share * 0.8),
                    trainees=trainees,
                    trainees_mh=round(trainees * share),
                )
            )
    HiringFigure.objects.bulk_create(rows)


def seed(*, stdout: TextIO, users: dict[str, User], **_: Any) -> None:
    officer = users.get(Role.BEHOERDE.value)
    land = users.get(Role.LAND.value)
    with transaction.atomic():
        authorities = _authorities()
        it_nrw = authorities["IT.NRW"]
        if officer is not None:
            Membership.objects.get_or_create(
                user=officer,
                role=Role.BEHOERDE,
                scope_type=ContentType.objects.get_for_model(Authority),
                scope_id=it_nrw.pk,
                defaults={"ags": ""},
            )
        _hiring(authorities)
    issuer = officer or land
    created = []
    if issuer is not None:
        taken = set(ParticipationCode.objects.values_list("code", flat=True))
        for year, spec in CAMPAIGNS.items():
            with transaction.atomic():
                campaign = _campaign(year, spec, issuer, taken)
            if campaign is not None:
                created.append(year)
                if spec[1] == Campaign.Status.PUBLISHED and land is not None:
                    services.campaign_publish(actor=land, campaign=campaign)
    current_year = timezone.localdate().year
    if not Campaign.objects.filter(year=current_year).exists() and issuer is not None:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                year=current_year,
                title=f"Beschäftigtenbefragung {current_year}",
                status=Campaign.Status.OPEN,
                reference_share=services.Decimal("29.3"),
                reference_source="IT.NRW, Mikrozensus 2018: Bevölkerung in Privathaushalten mit Migrationshintergrund",
                opened_at=timezone.now(),
            )
            taken = set(ParticipationCode.objects.values_list("code", flat=True))
            for unit in it_nrw.units.order_by("name")[:2]:  # two units have their codes; four are still to do
                batch = CodeBatch.objects.create(campaign=campaign, unit=unit, size=unit.staff_count, issued_by=issuer)
                ParticipationCode.objects.bulk_create(_codes(batch, unit.staff_count, 0, taken))
            created.append(current_year)
    stdout.write(
        f"Behörden: {Authority.objects.count()}, Befragungen: {Campaign.objects.count()} "
        f"(neu: {', '.join(map(str, created)) or '–'}), Antworten: {Response.objects.count()}\n"
    )
