"""Deterministic, realistic registry data for the demo and for benchmarks (`teilhabe generate_registry`).

Bulk inserts without per-row history: generated data is not edited by a person, so there is nothing to trace.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from teilhabe.geo.models import Gemeinde, Postleitzahl
from teilhabe.registry.models import (
    Language,
    Location,
    Offer,
    OpeningHours,
    Organisation,
    Status,
    TargetGroup,
    Topic,
)

ORG_PATTERNS: list[tuple[str, str, str]] = [
    ("Caritasverband für {place} e.V.", Organisation.Kind.WOHLFAHRTSPFLEGE, Organisation.Spitzenverband.CARITAS),
    ("AWO Kreisverband {place} e.V.", Organisation.Kind.WOHLFAHRTSPFLEGE, Organisation.Spitzenverband.AWO),
    ("Diakonisches Werk {place}", Organisation.Kind.WOHLFAHRTSPFLEGE, Organisation.Spitzenverband.DIAKONIE),
    ("DRK-Kreisverband {place} e.V.", Organisation.Kind.WOHLFAHRTSPFLEGE, Organisation.Spitzenverband.DRK),
    ("Der Paritätische {place}", Organisation.Kind.WOHLFAHRTSPFLEGE, Organisation.Spitzenverband.PARITAETISCHER),
    ("Jüdische Gemeinde {place}", Organisation.Kind.WOHLFAHRTSPFLEGE, Organisation.Spitzenverband.ZWST),
    ("Türkisch-Deutscher Elternverein {place} e.V.", Organisation.Kind.MIGRANTENORGANISATION, ""),
    ("Ukrainischer Verein {place} e.V.", Organisation.Kind.MIGRANTENORGANISATION, ""),
    ("Syrisch-Deutscher Kulturverein {place}", Organisation.Kind.MIGRANTENORGANISATION, ""),
    ("Afrikanisches Netzwerk {place} e.V.", Organisation.Kind.MIGRANTENORGANISATION, ""),
    ("Polnischer Sozialrat {place}", Organisation.Kind.MIGRANTENORGANISATION, ""),
    ("Griechische Gemeinde {place} e.V.", Organisation.Kind.MIGRANTENORGANISATION, ""),
    ("Volkshochschule {place}", Organisation.Kind.BILDUNGSTRAEGER, ""),
    ("Bildungswerk {place} gGmbH", Organisation.Kind.BILDUNGSTRAEGER, ""),
    ("Kommunales Integrationszentrum {place}", Organisation.Kind.KOMMUNALES_INTEGRATIONSZENTRUM, ""),
    ("Amt für Integration und Vielfalt {place}", Organisation.Kind.KOMMUNALES_AMT, ""),
    ("Initiative Willkommen in {place}", Organisation.Kind.VEREIN, ""),
    ("Sportverein Eintracht {place} e.V.", Organisation.Kind.VEREIN, ""),
    ("DITIB-Gemeinde {place}", Organisation.Kind.RELIGIONSGEMEINSCHAFT, ""),
    ("Evangelische Kirchengemeinde {place}", Organisation.Kind.RELIGIONSGEMEINSCHAFT, ""),
]

#: (title, description, topic keys, target group keys)
OFFER_PATTERNS: list[tuple[str, str, list[str], list[str]]] = [
    (
        "Deutschkurs für Anfängerinnen und Anfänger",
        "Deutsch lernen von Anfang an in kleinen Gruppen, mit Kinderbetreuung. Beratung zu weiteren Sprachkursen.",
        ["sprache"],
        ["neuzugewanderte", "alle"],
    ),
    (
        "Integrationskurs mit Alphabetisierung",
        "Integrationskurs nach dem Aufenthaltsgesetz mit Alphabetisierung, Orientierungskurs und Abschlussprüfung.",
        ["sprache", "bildung"],
        ["neuzugewanderte"],
    ),
    (
        "Sprachcafé",
        "Offener Treffpunkt zum Deutschsprechen bei Kaffee und Tee. Ehrenamtliche begleiten die Gespräche.",
        ["sprache", "teilhabe"],
        ["alle", "ehrenamtliche"],
    ),
    (
        "Migrationsberatung für Erwachsene (MBE)",
        "Beratung für Zugewanderte ab 27 Jahren zu Aufenthalt, Arbeit, Wohnen, Gesundheit und Sprache.",
        ["beratung", "recht-aufenthalt"],
        ["neuzugewanderte"],
    ),
    (
        "Jugendmigrationsdienst",
        "Beratung und Begleitung für junge Menschen mit Migrationsgeschichte zwischen 12 und 27 Jahren: Schule, Ausbildung, Beruf.",
        ["beratung", "bildung", "arbeit"],
        ["jugendliche"],
    ),
    (
        "Elterncafé",
        "Austausch für Eltern zu Kita, Schule und Erziehung, mit Dolmetscherinnen und Kinderbetreuung.",
        ["kinder-familie", "bildung"],
        ["eltern"],
    ),
    (
        "Hausaufgabenhilfe",
        "Ehrenamtliche helfen Kindern bei den Hausaufgaben und beim Lesen, zweimal pro Woche.",
        ["bildung", "kinder-familie"],
        ["kinder"],
    ),
    (
        "Beratung gegen Rechtsextremismus",
        "Mobile Beratung für Betroffene, Angehörige, Schulen und Vereine bei rechtsextremen und rassistischen Vorfällen.",
        ["rechtsextremismus", "beratung"],
        ["alle"],
    ),
    (
        "Antidiskriminierungsberatung",
        "Unabhängige Beratung bei Diskriminierung am Arbeitsplatz, auf dem Wohnungsmarkt und bei Behörden.",
        ["antidiskriminierung", "beratung"],
        ["alle"],
    ),
    (
        "Bewerbungstraining",
        "Lebenslauf, Anschreiben und Vorstellungsgespräch üben; Anerkennung ausländischer Abschlüsse klären.",
        ["arbeit"],
        ["fachkraefte", "neuzugewanderte"],
    ),
    (
        "Anerkennungsberatung für ausländische Berufsabschlüsse",
        "Beratung zur Anerkennung von Berufs- und Studienabschlüssen aus dem Ausland, Vermittlung in Anpassungsqualifizierungen.",
        ["arbeit", "beratung"],
        ["fachkraefte"],
    ),
    (
        "Frauentreff international",
        "Treffpunkt für Frauen aller Herkunftsländer mit Ausflügen, Kursen und Beratung.",
        ["teilhabe", "beratung"],
        ["frauen"],
    ),
    (
        "Gesundheitslotsinnen",
        "Geschulte Lotsinnen begleiten zu Ärztinnen und Ärzten und erklären das Gesundheitssystem in vielen Sprachen.",
        ["gesundheit"],
        ["neuzugewanderte", "frauen"],
    ),
    (
        "Wohnungssuche leicht gemacht",
        "Hilfe bei der Wohnungssuche, Mietverträgen und dem Umgang mit Vermietern.",
        ["wohnen", "beratung"],
        ["gefluechtete"],
    ),
    (
        "Fußball für alle",
        "Offenes Fußballtraining für Kinder und Jugendliche, unabhängig von Herkunft und Vereinsmitgliedschaft.",
        ["sport-kultur", "teilhabe"],
        ["kinder", "jugendliche"],
    ),
    (
        "Interkulturelles Theaterprojekt",
        "Jugendliche entwickeln gemeinsam ein Theaterstück über Heimat und Ankommen.",
        ["sport-kultur", "teilhabe"],
        ["jugendliche"],
    ),
    (
        "Asylverfahrensberatung",
        "Unabhängige Beratung zum Asylverfahren, zu Anhörung, Bescheid und Rechtsmitteln.",
        ["recht-aufenthalt", "beratung"],
        ["gefluechtete"],
    ),
    (
        "Patenschaftsprogramm Ankommen",
        "Ehrenamtliche Patinnen und Paten begleiten Neuzugewanderte in den ersten Monaten.",
        ["teilhabe"],
        ["neuzugewanderte", "ehrenamtliche"],
    ),
    (
        "Seniorentreff international",
        "Begegnung, Beratung zu Pflege und Rente für ältere Menschen mit Migrationsgeschichte.",
        ["teilhabe", "gesundheit"],
        ["senioren"],
    ),
    (
        "Queere Beratung für Geflüchtete",
        "Vertrauliche Beratung und Gruppentreffen für LSBTIQ* Geflüchtete.",
        ["beratung", "antidiskriminierung"],
        ["lsbtiq", "gefluechtete"],
    ),
    (
        "Workshop Demokratie leben",
        "Workshops an Schulen zu Demokratie, Vielfalt und Zivilcourage gegen Rassismus.",
        ["rechtsextremismus", "bildung"],
        ["jugendliche"],
    ),
    (
        "Übersetzungs- und Dolmetscherdienst",
        "Ehrenamtliche Dolmetscherinnen und Dolmetscher begleiten zu Behörden, Schulen und Arztpraxen.",
        ["beratung", "teilhabe"],
        ["alle"],
    ),
    (
        "Mütter lernen Deutsch",
        "Deutschkurs für Mütter am Vormittag, parallel Betreuung für Kinder unter drei Jahren.",
        ["sprache", "kinder-familie"],
        ["frauen", "eltern"],
    ),
    (
        "Berufssprachkurs B2",
        "Deutsch für den Beruf auf Niveau B2 mit Fachsprache für Pflege, Handwerk und Büro.",
        ["sprache", "arbeit"],
        ["fachkraefte"],
    ),
]
LANGUAGE_SETS = [
    ["de"],
    ["de", "ar"],
    ["de", "tr"],
    ["de", "uk", "ru"],
    ["de", "en"],
    ["de", "fa"],
    ["de", "ar", "fa"],
    ["de", "en", "fr"],
    ["de", "tr", "ku"],
    ["de", "pl"],
    ["de", "ro", "bg"],
    ["de", "ti", "am"],
]
STREETS = [
    "Hauptstraße",
    "Bahnhofstraße",
    "Kirchstraße",
    "Schulstraße",
    "Marktplatz",
    "Gartenstraße",
    "Lindenallee",
    "Am Rathaus",
    "Friedrichstraße",
    "Bergstraße",
    "Ringstraße",
    "Mühlenweg",
    "Jahnstraße",
    "Goethestraße",
]
SUFFIXES = ["", " am Abend", " am Wochenende", " für Frauen", " online und vor Ort", " im Stadtteil", " – Neustart"]


@dataclass
class Geo:
    gemeinden: list[Gemeinde]
    weights: list[int]
    postcodes: dict[str, list[tuple[str, float, float]]]


def load_geo() -> Geo:
    gemeinden = list(Gemeinde.objects.only("ags", "name_short", "population", "kreis_id").order_by("ags"))
    postcodes: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for p in Postleitzahl.objects.filter(entry_type=Postleitzahl.EntryType.STANDARD, gemeinde__isnull=False).order_by(
        "postal_code", "place"
    ):
        postcodes[str(p.gemeinde_id)].append((p.postal_code, p.lat, p.lon))
    # Larger places have more offers (square root: Köln should not swallow half of them).
    weights = [max(1, int(g.population**0.5)) for g in gemeinden]
    return Geo(gemeinden, weights, postcodes)


def _place(rng: random.Random, geo: Geo, gemeinde: Gemeinde) -> tuple[str, float, float]:
    options = geo.postcodes.get(gemeinde.ags) or [(gemeinde.postal_code or "50667", 51.0, 7.0)]
    plz, lat, lon = rng.choice(options)
    # Spread around the postcode's point by up to ~1.5 km, so markers do not sit on top of each other.
    return plz, round(lat + rng.uniform(-0.012, 0.012), 5), round(lon + rng.uniform(-0.018, 0.018), 5)


@transaction.atomic
def generate(
    *, offers: int, seed: int = 1, organisations: int | None = None, published_share: float = 0.97
) -> dict[str, int]:
    """Create ``offers`` offers (and organisations for them) with a deterministic random generator."""
    rng = random.Random(seed)
    geo = load_geo()
    topics = {t.key: t for t in Topic.objects.all()}
    groups = {g.key: g for g in TargetGroup.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    now = timezone.now()
    org_count = organisations or max(20, offers // 12)

    orgs: list[Organisation] = []
    org_gemeinden: list[Gemeinde] = []
    for i in range(org_count):
        gemeinde = rng.choices(geo.gemeinden, weights=geo.weights)[0]
        pattern, kind, verband = (
            ORG_PATTERNS[i % len(ORG_PATTERNS)] if i < len(ORG_PATTERNS) * 3 else rng.choice(ORG_PATTERNS)
        )
        plz, _lat, _lon = _place(rng, geo, gemeinde)
        name = pattern.format(place=gemeinde.name_short)
        if i >= len(ORG_PATTERNS) * len(geo.gemeinden):
            name = f"{name} ({i})"
        orgs.append(
            Organisation(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                name=name,
                kind=kind,
                spitzenverband=verband,
                description=f"{name} engagiert sich für Integration und Teilhabe in {gemeinde.name_short}.",
                gemeinde_id=gemeinde.ags,
                street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                postal_code=plz,
                city=gemeinde.name_short,
                email=f"kontakt{i}@beispiel-verein.de",
                phone=f"0{rng.randint(200, 999)} {rng.randint(100000, 999999)}",
                status=Status.PUBLISHED,
                verified_at=now,
            )
        )
        org_gemeinden.append(gemeinde)
    Organisation.objects.bulk_create(orgs, batch_size=2000)
    Organisation.gemeinden.through.objects.bulk_create(
        [
            Organisation.gemeinden.through(organisation_id=o.pk, gemeinde_id=g.ags)
            for o, g in zip(orgs, org_gemeinden, strict=True)
        ],
        batch_size=5000,
    )

    created = 0
    for batch in _offer_batches(rng, geo, orgs, org_gemeinden, offers, published_share, now):
        offer_rows, location_rows, hours_rows, topic_rows, group_rows, lang_rows = batch
        Offer.objects.bulk_create(offer_rows, batch_size=2000)
        Location.objects.bulk_create(location_rows, batch_size=2000)
        OpeningHours.objects.bulk_create(hours_rows, batch_size=5000)
        Offer.topics.through.objects.bulk_create(
            [Offer.topics.through(offer_id=o, topic_id=topics[k].pk) for o, k in topic_rows], batch_size=5000
        )
        Offer.target_groups.through.objects.bulk_create(
            [Offer.target_groups.through(offer_id=o, targetgroup_id=groups[k].pk) for o, k in group_rows],
            batch_size=5000,
        )
        Offer.languages.through.objects.bulk_create(
            [Offer.languages.through(offer_id=o, language_id=languages[k].pk) for o, k in lang_rows], batch_size=5000
        )
        created += len(offer_rows)
    return {"organisations": len(orgs), "offers": created}


def _offer_batches(
    rng: random.Random,
    geo: Geo,
    orgs: list[Organisation],
    org_gemeinden: list[Gemeinde],
    total: int,
    published_share: float,
    now: dt.datetime,
    size: int = 10_000,
) -> Iterator[tuple[list[Any], ...]]:
    times = [
        (dt.time(9), dt.time(12)),
        (dt.time(14), dt.time(17)),
        (dt.time(17, 30), dt.time(19, 30)),
        (dt.time(10), dt.time(13)),
    ]
    made = 0
    while made < total:
        offers: list[Offer] = []
        locations: list[Location] = []
        hours: list[OpeningHours] = []
        topic_rows: list[tuple[uuid.UUID, str]] = []
        group_rows: list[tuple[uuid.UUID, str]] = []
        lang_rows: list[tuple[uuid.UUID, str]] = []
        for _ in range(min(size, total - made)):
            index = rng.randrange(len(orgs))
            org, gemeinde = orgs[index], org_gemeinden[index]
            title, description, topic_keys, group_keys = rng.choice(OFFER_PATTERNS)
            suffix = rng.choice(SUFFIXES)
            plz, lat, lon = _place(rng, geo, gemeinde)
            offer_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            status = (
                Status.PUBLISHED if rng.random() < published_share else rng.choice([Status.DRAFT, Status.SUBMITTED])
            )
            offers.append(
                Offer(
                    id=offer_id,
                    title=f"{title}{suffix} in {gemeinde.name_short}",
                    description=description,
                    organisation_id=org.pk,
                    ags=gemeinde.ags,
                    status=status,
                    is_free=rng.random() < 0.8,
                    cost_description="" if rng.random() < 0.8 else "Kostenbeitrag 10 € im Monat, ermäßigt frei",
                    schedule_note=rng.choice(["", "nicht in den Schulferien", "Anmeldung erbeten"]),
                    accessibility=rng.choice(["", "Barrierefreier Zugang mit Aufzug", "Ebenerdiger Eingang"]),
                    email=org.email,
                    phone=org.phone,
                    verified_at=now if status == Status.PUBLISHED else None,
                    published_at=now if status == Status.PUBLISHED else None,
                    submitted_at=now if status != Status.DRAFT else None,
                )
            )
            locations.append(
                Location(
                    id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    offer_id=offer_id,
                    name=org.name,
                    street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                    postal_code=plz,
                    city=gemeinde.name_short,
                    gemeinde_id=gemeinde.ags,
                    lat=lat,
                    lon=lon,
                    geocoded=True,
                )
            )
            opens, closes = rng.choice(times)
            for weekday in rng.sample(range(5), rng.randint(1, 2)):
                hours.append(
                    OpeningHours(
                        id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        offer_id=offer_id,
                        weekday=weekday,
                        opens=opens,
                        closes=closes,
                    )
                )
            topic_rows.extend((offer_id, k) for k in topic_keys)
            group_rows.extend((offer_id, k) for k in group_keys)
            lang_rows.extend((offer_id, k) for k in rng.choice(LANGUAGE_SETS))
            made += 1
        yield offers, locations, hours, topic_rows, group_rows, lang_rows
