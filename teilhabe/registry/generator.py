"""Deterministic, realistic registry data for the demo and for benchmarks (`teilhabe generate_registry`).

Bulk inserts in batches, without per-row history or audit events: django-simple-history records nothing for
bulk_create, and generated data was not entered by a person, so there is nothing to trace. The first history row
of a generated entry is written when someone changes it through a service. Same seed, same data (ids included).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from teilhabe.geo.models import Gemeinde, Kreis, Postleitzahl
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

#: {region}: "die Stadt Köln" / "den Kreis Kleve" / "die Region Rhein-Erft-Kreis"; {kreis}: Kreis name; {place}: Gemeinde.
ORG_PATTERNS: list[tuple[str, str, str]] = [
    ("Caritasverband für {region} e.V.", Organisation.Kind.WOHLFAHRTSPFLEGE, Organisation.Spitzenverband.CARITAS),
    ("AWO Kreisverband {kreis} e.V.", Organisation.Kind.WOHLFAHRTSPFLEGE, Organisation.Spitzenverband.AWO),
    ("Diakonisches Werk {kreis}", Organisation.Kind.WOHLFAHRTSPFLEGE, Organisation.Spitzenverband.DIAKONIE),
    ("DRK-Kreisverband {kreis} e.V.", Organisation.Kind.WOHLFAHRTSPFLEGE, Organisation.Spitzenverband.DRK),
    (
        "Der Paritätische – Kreisgruppe {kreis}",
        Organisation.Kind.WOHLFAHRTSPFLEGE,
        Organisation.Spitzenverband.PARITAETISCHER,
    ),
    ("Jüdische Gemeinde {place} K.d.ö.R.", Organisation.Kind.WOHLFAHRTSPFLEGE, Organisation.Spitzenverband.ZWST),
    ("Türkisch-Deutscher Elternverein {place} e.V.", Organisation.Kind.MIGRANTENORGANISATION, ""),
    ("Ukrainischer Verein {place} e.V.", Organisation.Kind.MIGRANTENORGANISATION, ""),
    ("Syrisch-Deutscher Kulturverein {place}", Organisation.Kind.MIGRANTENORGANISATION, ""),
    ("Afrikanisches Netzwerk {place} e.V.", Organisation.Kind.MIGRANTENORGANISATION, ""),
    ("Polnischer Sozialrat {place}", Organisation.Kind.MIGRANTENORGANISATION, ""),
    ("Griechische Gemeinde {place} e.V.", Organisation.Kind.MIGRANTENORGANISATION, ""),
    ("Volkshochschule {place}", Organisation.Kind.BILDUNGSTRAEGER, ""),
    ("Bildungswerk {place} gGmbH", Organisation.Kind.BILDUNGSTRAEGER, ""),
    ("Kommunales Integrationszentrum {kreis}", Organisation.Kind.KOMMUNALES_INTEGRATIONSZENTRUM, ""),
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
#: Real NRW area codes, so that generated numbers pass the phone validation when someone edits the entry.
AREA_CODES = ["0201", "0202", "0203", "0208", "0209", "0211", "0221", "0228", "0231", "0234", "0241", "0251", "0521"]
SUFFIXES = ["", " am Abend", " am Wochenende", " für Frauen", " online und vor Ort", " im Stadtteil", " – Neustart"]


@dataclass
class Geo:
    gemeinden: list[Gemeinde]
    weights: list[int]
    postcodes: dict[str, list[tuple[str, float, float]]]
    #: The most populous Gemeinde of every Kreis, so that the first organisations cover all 53 Kreise.
    seats: list[Gemeinde] = field(default_factory=list)


def load_geo() -> Geo:
    gemeinden = list(
        Gemeinde.objects.select_related("kreis")
        .only("ags", "name_short", "population", "postal_code", "kreis__key", "kreis__name_short", "kreis__kind")
        .order_by("ags")
    )
    seats: dict[str, Gemeinde] = {}
    for g in gemeinden:
        if g.kreis_id not in seats or g.population > seats[g.kreis_id].population:
            seats[g.kreis_id] = g
    postcodes: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for p in Postleitzahl.objects.filter(entry_type=Postleitzahl.EntryType.STANDARD, gemeinde__isnull=False).order_by(
        "postal_code", "place"
    ):
        postcodes[str(p.gemeinde_id)].append((p.postal_code, p.lat, p.lon))
    # Larger places have more offers (square root: Köln should not swallow half of them).
    weights = [max(1, int(g.population**0.5)) for g in gemeinden]
    return Geo(gemeinden, weights, postcodes, [seats[k] for k in sorted(seats)])


def organisation_name(pattern: str, gemeinde: Gemeinde) -> str:
    kreis = gemeinde.kreis
    if kreis.kind == Kreis.Kind.KREISFREIE_STADT:
        region = f"die Stadt {kreis.name_short}"
    elif any(word in kreis.name_short.lower() for word in ("kreis", "region")):
        region = f"die Region {kreis.name_short}"
    else:
        region = f"den Kreis {kreis.name_short}"
    return pattern.format(region=region, kreis=kreis.name_short, place=gemeinde.name_short)


def _place(rng: random.Random, geo: Geo, gemeinde: Gemeinde) -> tuple[str, float, float]:
    options = geo.postcodes.get(gemeinde.ags) or [(gemeinde.postal_code or "50667", 51.0, 7.0)]
    plz, lat, lon = rng.choice(options)
    # Spread around the postcode's point by up to ~1.5 km, so markers do not sit on top of each other.
    return plz, round(lat + rng.uniform(-0.012, 0.012), 5), round(lon + rng.uniform(-0.018, 0.018), 5)


#: Column types the database takes as Python gives them; every other column goes through the field's preparation
#: (UUIDs as hex on SQLite, aware datetimes, times, foreign keys to UUID keys).
_PLAIN_TYPES = {
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "URLField",
    "BooleanField",
    "FloatField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
}


def _converter(field: Any) -> Any:
    """None when the value goes in as it is; else a function that prepares it like the field would."""
    if field.get_internal_type() in _PLAIN_TYPES:
        return None
    target = field.target_field if field.is_relation else field
    if target.get_internal_type() == "UUIDField":
        return None if connection.features.has_native_uuid_field else (lambda v: v.hex if v is not None else None)
    memo: dict[Any, Any] = {}  # datetimes and times repeat (one "now" per run, four opening times)

    def prepare(value: Any) -> Any:
        if value not in memo:
            memo[value] = field.get_db_prep_save(value, connection)
        return memo[value]

    return prepare


class _Inserter:
    """Batched INSERTs of plain tuples, without building model instances: about ten times faster than bulk_create.

    ``given`` names the columns (attnames) each row supplies, in order; every other column takes its field default
    (evaluated once) or NULL. Auto-increment keys are left to the database.
    """

    def __init__(self, model: type[Model], given: list[str], batch_size: int = 5000) -> None:
        fields = {f.attname: f for f in model._meta.concrete_fields if not getattr(f, "db_returning", False)}
        rest = [f for name, f in fields.items() if name not in given]
        # get_default() is what a model instance would hold: the field default, "" for text fields, else None.
        values = [f.get_default() for f in rest]
        missing = [f.name for f, v in zip(rest, values, strict=True) if v is None and not f.null]
        if missing:
            raise ValueError(f"{model.__name__}: no value for {missing}")
        self.defaults: tuple[Any, ...] = tuple(
            f.get_db_prep_save(v, connection) for f, v in zip(rest, values, strict=True)
        )
        columns = [fields[name] for name in given]
        self.prepare = [_converter(f) for f in columns]
        quote = connection.ops.quote_name
        names = ", ".join(quote(str(f.column)) for f in [*columns, *rest])
        placeholders = ", ".join(["%s"] * (len(columns) + len(rest)))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({placeholders})"  # noqa: S608
        self.batch_size = batch_size

    def __call__(self, rows: list[tuple[Any, ...]]) -> None:
        prepare, defaults = self.prepare, self.defaults
        with connection.cursor() as cursor:
            for start in range(0, len(rows), self.batch_size):
                cursor.executemany(
                    self.sql,
                    [
                        tuple(v if p is None else p(v) for p, v in zip(prepare, row, strict=True)) + defaults
                        for row in rows[start : start + self.batch_size]
                    ],
                )


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


@transaction.atomic
def generate(
    *, offers: int, seed: int = 1, organisations: int | None = None, published_share: float = 0.97
) -> dict[str, int]:
    """Create ``offers`` offers (and organisations for them) with a deterministic random generator."""
    with _large_sqlite_cache():
        return _generate(offers=offers, seed=seed, organisations=organisations, published_share=published_share)


@contextmanager
def _large_sqlite_cache(kib: int = 262_144) -> Iterator[None]:
    """Random UUID keys scatter inserts over every index; SQLite's default 2 MB page cache then thrashes.

    Raised for this connection while generating (memory is only taken as pages are used), then restored.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _generate(*, offers: int, seed: int, organisations: int | None, published_share: float) -> dict[str, int]:
    rng = random.Random(seed)
    geo = load_geo()
    topics = {t.key: t.pk for t in Topic.objects.all()}
    groups = {g.key: g.pk for g in TargetGroup.objects.all()}
    languages = {lang.code: lang.pk for lang in Language.objects.all()}
    now = timezone.now()
    org_count = organisations or max(20, offers // 12)

    org_rows: list[tuple[Any, ...]] = []
    orgs: list[tuple[uuid.UUID, str, str, str, Gemeinde]] = []  # id, name, email, phone, seat
    org_languages: list[tuple[uuid.UUID, str]] = []
    names: set[str] = set()
    for i in range(org_count):
        gemeinde = geo.seats[i] if i < len(geo.seats) else rng.choices(geo.gemeinden, weights=geo.weights)[0]
        pattern, kind, verband = (
            ORG_PATTERNS[i % len(ORG_PATTERNS)] if i < len(ORG_PATTERNS) * 3 else rng.choice(ORG_PATTERNS)
        )
        plz, _lat, _lon = _place(rng, geo, gemeinde)
        name = organisation_name(pattern, gemeinde)
        if name in names:
            name = f"{name} – Standort {gemeinde.name_short}"
        if name in names:
            name = f"{name} ({i})"
        names.add(name)
        org_id = _uuid(rng)
        email = f"kontakt{i}@beispiel-verein.de"
        phone = f"{rng.choice(AREA_CODES)} {rng.randint(100000, 999999)}"
        org_rows.append(
            (
                org_id,
                name,
                kind,
                verband,
                f"{name} engagiert sich für Integration und Teilhabe in {gemeinde.name_short}.",
                gemeinde.ags,
                f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                plz,
                gemeinde.name_short,
                email,
                phone,
                Status.PUBLISHED,
                now,
                now,
                now,
                now,
            )
        )
        orgs.append((org_id, name, email, phone, gemeinde))
        org_languages.extend((org_id, languages[code]) for code in rng.choice(LANGUAGE_SETS))
    _Inserter(
        Organisation,
        [
            "id",
            "name",
            "kind",
            "spitzenverband",
            "description",
            "gemeinde_id",
            "street",
            "postal_code",
            "city",
            "email",
            "phone",
            "status",
            "verified_at",
            "published_at",
            "created_at",
            "updated_at",
        ],
    )(org_rows)
    _Inserter(Organisation.gemeinden.through, ["organisation_id", "gemeinde_id"])([(o[0], o[4].ags) for o in orgs])
    _Inserter(Organisation.languages.through, ["organisation_id", "language_id"])(org_languages)

    inserts = {
        "offers": _Inserter(
            Offer,
            [
                "id",
                "title",
                "description",
                "organisation_id",
                "ags",
                "status",
                "is_free",
                "cost_description",
                "schedule_note",
                "accessibility",
                "email",
                "phone",
                "verified_at",
                "published_at",
                "submitted_at",
                "created_at",
                "updated_at",
            ],
        ),
        "locations": _Inserter(
            Location,
            ["id", "offer_id", "name", "street", "postal_code", "city", "gemeinde_id", "lat", "lon", "geocoded"],
        ),
        "hours": _Inserter(OpeningHours, ["id", "offer_id", "weekday", "opens", "closes"]),
        "topics": _Inserter(Offer.topics.through, ["offer_id", "topic_id"]),
        "groups": _Inserter(Offer.target_groups.through, ["offer_id", "targetgroup_id"]),
        "languages": _Inserter(Offer.languages.through, ["offer_id", "language_id"]),
    }
    lookups: dict[str, dict[str, Any]] = {"topics": topics, "groups": groups, "languages": languages}
    created = 0
    for batch in _offer_batches(rng, geo, orgs, offers, published_share, now):
        for key, rows in batch.items():
            table = lookups.get(key)
            inserts[key](rows if table is None else [(offer_id, table[k]) for offer_id, k in rows])
        created += len(batch["offers"])
    return {"organisations": len(orgs), "offers": created}


def _offer_batches(
    rng: random.Random,
    geo: Geo,
    orgs: list[tuple[uuid.UUID, str, str, str, Gemeinde]],
    total: int,
    published_share: float,
    now: dt.datetime,
    size: int = 20_000,
) -> Iterator[dict[str, list[tuple[Any, ...]]]]:
    times = [
        (dt.time(9), dt.time(12)),
        (dt.time(14), dt.time(17)),
        (dt.time(17, 30), dt.time(19, 30)),
        (dt.time(10), dt.time(13)),
    ]
    made = 0
    while made < total:
        batch: dict[str, list[tuple[Any, ...]]] = {
            "offers": [],
            "locations": [],
            "hours": [],
            "topics": [],
            "groups": [],
            "languages": [],
        }
        for _ in range(min(size, total - made)):
            org_id, org_name, org_email, org_phone, gemeinde = orgs[rng.randrange(len(orgs))]
            title, description, topic_keys, group_keys = rng.choice(OFFER_PATTERNS)
            suffix = rng.choice(SUFFIXES)
            plz, lat, lon = _place(rng, geo, gemeinde)
            offer_id = _uuid(rng)
            status = (
                Status.PUBLISHED if rng.random() < published_share else rng.choice([Status.DRAFT, Status.SUBMITTED])
            )
            public = status == Status.PUBLISHED
            batch["offers"].append(
                (
                    offer_id,
                    f"{title}{suffix} in {gemeinde.name_short}",
                    description,
                    org_id,
                    gemeinde.ags,
                    status,
                    rng.random() < 0.8,
                    "" if rng.random() < 0.8 else "Kostenbeitrag 10 € im Monat, ermäßigt frei",
                    rng.choice(["", "nicht in den Schulferien", "Anmeldung erbeten"]),
                    rng.choice(["", "Barrierefreier Zugang mit Aufzug", "Ebenerdiger Eingang"]),
                    org_email,
                    org_phone,
                    now if public else None,
                    now if public else None,
                    now if status != Status.DRAFT else None,
                    now,
                    now,
                )
            )
            batch["locations"].append(
                (
                    _uuid(rng),
                    offer_id,
                    org_name,
                    f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                    plz,
                    gemeinde.name_short,
                    gemeinde.ags,
                    lat,
                    lon,
                    True,
                )
            )
            opens, closes = rng.choice(times)
            for weekday in rng.sample(range(5), rng.randint(1, 2)):
                batch["hours"].append((_uuid(rng), offer_id, weekday, opens, closes))
            batch["topics"].extend((offer_id, k) for k in topic_keys)
            batch["groups"].extend((offer_id, k) for k in group_keys)
            batch["languages"].extend((offer_id, k) for k in rng.choice(LANGUAGE_SETS))
            made += 1
        yield batch
