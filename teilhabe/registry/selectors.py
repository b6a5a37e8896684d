"""Read queries of the registry. Everything a kommune user sees goes through their AGS scope here.

Every list selector returns a queryset with its relations loaded (select_related/prefetch_related), so a page
costs the same number of queries whatever its length. Single-object selectors return None for objects outside
the user's scope; views answer that with 404, never 403.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from teilhabe.core.memo import MasterData
from teilhabe.core.roles import Role
from teilhabe.core.scope import UserScope, scope_of
from teilhabe.registry.models import (
    TRANSLATED_FIELDS,
    Contact,
    Language,
    Localised,
    Location,
    Offer,
    OfferImport,
    OfferTranslation,
    OpeningHours,
    Organisation,
    Status,
    Structure,
    TargetGroup,
    Topic,
)


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _sees_all(scope: UserScope) -> bool:
    """Land and admin read the whole registry (read-only for land: the rules refuse every change)."""
    return scope.has_role(Role.LAND) or scope.has_role(Role.ADMIN)


def _organisation_ids(user: Any) -> list[uuid.UUID]:
    return scope_of(user).object_ids(Role.ORGANISATION, Organisation)


# --- the taxonomy of offers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Taxonomy:
    """Topics, target groups and languages, each by its key in the order of its model (inactive ones too: an
    offer may still carry them). Every form and save of an offer needs them: six queries per save before."""

    topics: dict[str, Topic]
    target_groups: dict[str, TargetGroup]
    languages: dict[str, Language]

    def topic_choices(self) -> list[tuple[str, str]]:
        return [(key, topic.name) for key, topic in self.topics.items() if topic.is_active]

    def target_group_choices(self) -> list[tuple[str, str]]:
        return [(key, group.name) for key, group in self.target_groups.items() if group.is_active]

    def language_choices(self) -> list[tuple[str, str]]:
        return [(code, language.name) for code, language in self.languages.items()]


def _load_taxonomy() -> Taxonomy:
    return Taxonomy(
        topics={topic.key: topic for topic in Topic.objects.all()},
        target_groups={group.key: group for group in TargetGroup.objects.all()},
        languages={language.code: language for language in Language.objects.all()},
    )


taxonomy = MasterData(_load_taxonomy, models=[Topic, TargetGroup, Language])


# --- public (used by the finder) ---------------------------------------------------------------


#: The GeoJSON boundaries of a seat's Gemeinde and Kreis: some hundred kilobytes each, parsed for nothing on
#: every page that shows a place (16 % of the offer edit form at 1,000,000 offers).
BOUNDARIES_OF_SEAT = ("gemeinde__boundary", "gemeinde__kreis__boundary")


def _locations_with_gemeinde() -> QuerySet[Location]:
    return Location.objects.select_related("gemeinde").defer("gemeinde__boundary")


def _offer_related(qs: QuerySet[Offer]) -> QuerySet[Offer]:
    return qs.select_related("organisation", "contact").prefetch_related(
        "topics",
        "target_groups",
        "languages",
        "translations",
        "opening_hours",
        Prefetch("locations", queryset=_locations_with_gemeinde().order_by("name", "id")),
    )


def published_offer(*, pk: Any) -> Offer | None:
    offer_id = _uuid(pk)
    if offer_id is None:
        return None
    return _offer_related(Offer.objects.filter(pk=offer_id, status=Status.PUBLISHED)).first()


@dataclass(frozen=True)
class CardOrganisation:
    id: uuid.UUID
    name: str
    kind: str


@dataclass(frozen=True)
class CardTerm:
    """A topic or target group (``key``, ``name``) or a language (``key`` = ``code``, ``native_name``)."""

    key: str
    name: str
    native_name: str = ""

    @property
    def code(self) -> str:
        return self.key


@dataclass(frozen=True)
class CardPlace:
    name: str
    street: str
    postal_code: str
    city: str
    gemeinde_id: str
    lat: float
    lon: float


@dataclass
class OfferCard:
    """A published offer as a result list shows it (finder, API, PDF list): plain values, no model instances.

    Twenty offers with their relations as model instances and prefetching cost about 100 ms of Python per page
    (some 300 instances, a queryset cloned per instance and relation); ``offer_cards`` reads the same values with
    six queries and builds these in about a millisecond. ``text_in`` answers as ``Offer.text_in``."""

    pk: uuid.UUID
    title: str
    description: str
    is_free: bool
    phone: str
    organisation: CardOrganisation
    topics: list[CardTerm] = field(default_factory=list)
    target_groups: list[CardTerm] = field(default_factory=list)
    languages: list[CardTerm] = field(default_factory=list)
    locations: list[CardPlace] = field(default_factory=list)
    #: language -> the translated fields (``TRANSLATED_FIELDS``) of its translation
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # the German ``TRANSLATED_FIELDS``

    @property
    def id(self) -> uuid.UUID:
        return self.pk

    @property
    def organisation_id(self) -> uuid.UUID:
        return self.organisation.id

    def text_in(self, language: str) -> dict[str, Localised]:
        translation = self.translations.get(language)
        localised = {}
        for name in TRANSLATED_FIELDS:
            german = self.texts.get(name, "")
            translated = translation.get(name, "") if translation is not None and german else ""
            localised[name] = Localised(translated, language) if translated else Localised(german, "de")
        return localised


def _card_statements() -> dict[str, str]:
    """The SQL of ``offer_cards``, one statement per table, with ``{ids}`` for the page's placeholders, and of
    ``offer_page`` ("details", "hours"), for one offer. Built from the models' metadata (quoted names only; values
    are parameters) and the same on SQLite and PostgreSQL."""
    quote = connection.ops.quote_name

    def table(model: Any) -> str:
        return quote(model._meta.db_table)

    def col(model: Any, name: str, alias: str) -> str:
        return f"{alias}.{quote(model._meta.get_field(name).column)}"

    def ordered(model: Any, alias: str) -> str:
        return ", ".join(
            col(model, name.lstrip("-"), alias) + (" DESC" if name.startswith("-") else "")
            for name in model._meta.ordering
        )

    offer = ", ".join(
        [col(Offer, f, "o") for f in ("id", "status", "is_free", "phone", *TRANSLATED_FIELDS)]
        + [col(Organisation, f, "g") for f in ("id", "name", "kind")]
    )
    statements = {
        # The status is compared in Python, not in SQL (see ``offer_cards``).
        "published": f"SELECT {col(Offer, 'id', 'o')}, {col(Offer, 'status', 'o')} "  # noqa: S608
        f"FROM {table(Offer)} o WHERE {col(Offer, 'id', 'o')} IN ({{ids}})",
        "offers": f"SELECT {offer} FROM {table(Offer)} o JOIN {table(Organisation)} g "  # noqa: S608
        f"ON g.{quote(str(Organisation._meta.pk.column))} = {col(Offer, 'organisation', 'o')} "
        f"WHERE {col(Offer, 'id', 'o')} IN ({{ids}})",
    }
    for name, through, target, model, fields in (
        ("topics", Offer.topics.through, "topic", Topic, ("key", "name")),
        ("target_groups", Offer.target_groups.through, "targetgroup", TargetGroup, ("key", "name")),
        ("languages", Offer.languages.through, "language", Language, ("code", "name", "native_name")),
    ):
        # In the order the model lists its rows (``Meta.ordering``), as a prefetch gives them.
        statements[name] = (
            f"SELECT {col(through, 'offer', 'r')}, {', '.join(col(model, f, 't') for f in fields)} "  # noqa: S608
            f"FROM {table(through)} r JOIN {table(model)} t "
            f"ON t.{quote(str(model._meta.pk.column))} = {col(through, target, 'r')} "
            f"WHERE {col(through, 'offer', 'r')} IN ({{ids}}) "
            f"ORDER BY {ordered(model, 't')}, t.{quote(str(model._meta.pk.column))}"
        )
    places = ("name", "street", "postal_code", "city", "gemeinde", "lat", "lon")
    statements["locations"] = (
        f"SELECT {col(Location, 'offer', 'r')}, {', '.join(col(Location, f, 'r') for f in places)} "  # noqa: S608
        f"FROM {table(Location)} r WHERE {col(Location, 'offer', 'r')} IN ({{ids}}) ORDER BY {col(Location, 'id', 'r')}"
    )
    translated = ", ".join(col(OfferTranslation, f, "r") for f in ("language", *TRANSLATED_FIELDS))
    statements["translations"] = (
        f"SELECT {col(OfferTranslation, 'offer', 'r')}, {translated} FROM {table(OfferTranslation)} r "  # noqa: S608
        f"WHERE {col(OfferTranslation, 'offer', 'r')} IN ({{ids}})"
    )
    # What the offer's public page shows beyond its card (``offer_page``), for one offer.
    contact = ", ".join(col(Contact, f, "c") for f in ("name", "function", "consent_public", "consent_at", "erased_at"))
    statements["details"] = (
        f"SELECT {col(Offer, 'email', 'o')}, {col(Offer, 'website', 'o')}, {col(Offer, 'valid_until', 'o')}, "  # noqa: S608
        f"{contact} FROM {table(Offer)} o LEFT JOIN {table(Contact)} c "
        f"ON c.{quote(str(Contact._meta.pk.column))} = {col(Offer, 'contact', 'o')} WHERE {col(Offer, 'id', 'o')} = %s"
    )
    statements["hours"] = (
        f"SELECT {col(OpeningHours, 'weekday', 'h')}, {col(OpeningHours, 'opens', 'h')}, "  # noqa: S608
        f"{col(OpeningHours, 'closes', 'h')} FROM {table(OpeningHours)} h WHERE {col(OpeningHours, 'offer', 'h')} = %s "
        f"ORDER BY {col(OpeningHours, 'weekday', 'h')}, {col(OpeningHours, 'opens', 'h')}"
    )
    return statements


_CARD_SQL: dict[str, dict[str, str]] = {}


def _as_uuid(value: Any) -> uuid.UUID:
    """A UUID as the database returns it (SQLite: 32 hex digits; PostgreSQL: uuid.UUID)."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _card_sql() -> dict[str, str]:
    statements = _CARD_SQL.get(connection.vendor)
    if statements is None:
        statements = _CARD_SQL[connection.vendor] = _card_statements()
    return statements


def _published_rows(ids: Sequence[uuid.UUID]) -> list[tuple[Any, str]]:
    if not ids:
        return []
    pk_field = Offer._meta.pk
    params = [pk_field.get_db_prep_value(pk, connection) for pk in ids]
    with connection.cursor() as cursor:
        cursor.execute(_card_sql()["published"].format(ids=", ".join(["%s"] * len(params))), params)
        return cursor.fetchall()


def published_among(ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Those of ``ids`` whose offer is published now (one query by primary key)."""
    return {_as_uuid(pk) for pk, status in _published_rows(ids) if status == Status.PUBLISHED}


def all_published(ids: Sequence[uuid.UUID]) -> bool:
    """Whether every offer of ``ids`` (distinct) is published now: ``published_among`` without building UUIDs."""
    return sum(status == Status.PUBLISHED for _pk, status in _published_rows(ids)) == len(ids)


def still_published(cards: Sequence[OfferCard]) -> list[OfferCard]:
    """Those of ``cards`` whose offer is published now (one query by primary key)."""
    published = published_among([card.pk for card in cards])
    return [card for card in cards if card.pk in published]


def offer_cards(ids: Sequence[Any]) -> list[OfferCard]:
    """The published offers among ``ids`` as cards, in the order of ``ids``: six queries whatever their number.

    Plain SQL: the ORM spends about a millisecond of Python compiling each query, more than the database needs
    to answer it. The offers are read by primary key only and their status checked here: with ``status =
    'published'`` in the query, SQLite may walk the status index through every published offer to find a page."""
    keys = list(dict.fromkeys(k for k in (_uuid(i) for i in ids) if k is not None))
    if not keys:
        return []
    statements = _card_sql()
    pk_field = Offer._meta.pk
    params = [pk_field.get_db_prep_value(k, connection) for k in keys]
    key_of = dict(zip(params, keys, strict=True))

    def rows(name: str, wanted: list[Any]) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(statements[name].format(ids=", ".join(["%s"] * len(wanted))), wanted)
            return list(cursor.fetchall())

    # Keyed by the id as the database gives it back: building a uuid.UUID costs more than the row itself.
    cards: dict[Any, OfferCard] = {}
    fields = len(TRANSLATED_FIELDS)
    for pk, status, is_free, phone, *rest in rows("offers", params):
        if status != Status.PUBLISHED:
            continue
        german = {name: str(value or "") for name, value in zip(TRANSLATED_FIELDS, rest[:fields], strict=True)}
        org_id, org_name, org_kind = rest[fields:]
        cards[pk] = OfferCard(
            pk=key_of.get(pk) or _as_uuid(pk),
            title=german["title"],
            description=german["description"],
            is_free=bool(is_free),
            phone=phone,
            organisation=CardOrganisation(_as_uuid(org_id), org_name, org_kind),
            texts=german,
        )
    if not cards:
        return []
    found = list(cards)
    for name in ("topics", "target_groups", "languages"):
        for offer_id, *term in rows(name, found):
            getattr(cards[offer_id], name).append(CardTerm(*term))
    for offer_id, name, street, postal_code, city, gemeinde, lat, lon in rows("locations", found):
        cards[offer_id].locations.append(CardPlace(name, street, postal_code, city, gemeinde, lat, lon))
    for offer_id, language, *texts in rows("translations", found):
        cards[offer_id].translations[language] = dict(zip(TRANSLATED_FIELDS, texts, strict=True))
    by_key = {card.pk: card for card in cards.values()}
    return [by_key[k] for k in keys if k in by_key]


@dataclass(frozen=True)
class PageHours:
    weekday: int
    opens: dt.time
    closes: dt.time

    def get_weekday_display(self) -> str:
        return str(OpeningHours.Weekday(self.weekday).label)


@dataclass
class OfferPage(OfferCard):
    """A published offer as its public page shows it: the card and the offer's contact details and times."""

    email: str = ""
    website: str = ""
    valid_until: dt.date | None = None
    opening_hours: list[PageHours] = field(default_factory=list)
    #: the contact person, only where it may be shown publicly (``Contact.is_public``)
    contact: Contact | None = None


def _date(value: Any) -> Any:
    """A date, time or timestamp as the database gives it (SQLite: ISO text) as Python's."""
    if isinstance(value, str):
        for kind in (dt.date, dt.time, dt.datetime):
            try:
                return kind.fromisoformat(value)
            except ValueError:
                continue
    return value


def offer_page(*, pk: Any) -> OfferPage | None:
    """A published offer for its public page, with eight plain queries (see ``offer_cards``): the ORM's prefetching
    of the same relations cost more than half of the page."""
    cards = offer_cards([pk])
    if not cards:
        return None
    card = cards[0]
    statements = _card_sql()
    key = Offer._meta.pk.get_db_prep_value(card.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(statements["details"], [key])
        details = cursor.fetchone()
        if details is None:  # gone since its card was read a moment ago
            return None
        email, website, valid_until, name, function, consent_public, consent_at, erased_at = details
        cursor.execute(statements["hours"], [key])
        hours = [PageHours(weekday, _date(opens), _date(closes)) for weekday, opens, closes in cursor.fetchall()]
    contact = None
    if name is not None:
        contact = Contact(
            name=name,
            function=function,
            consent_public=bool(consent_public),
            consent_at=_date(consent_at),
            erased_at=_date(erased_at),
        )
    return OfferPage(
        **{f: getattr(card, f) for f in OfferCard.__dataclass_fields__},
        email=email,
        website=website,
        valid_until=_date(valid_until),
        opening_hours=hours,
        contact=contact if contact is not None and contact.is_public else None,
    )


def offer_page_stamp(*, pk: Any) -> tuple[Any, ...] | None:
    """What an offer's public page is made of has last changed at these times (the offer, whose save also writes
    its places, hours and translations; its organisation; its contact); None unless it is published. One query by
    primary key, in plain SQL (see ``offer_cards``): a page kept rendered is given again while its stamp is the
    same."""
    offer_id = _uuid(pk)
    if offer_id is None:
        return None
    offer, organisation, contact = Offer._meta.db_table, Organisation._meta.db_table, Contact._meta.db_table
    # The tables' names from the models, the id a parameter.
    statement = (
        f'SELECT o.status, o.updated_at, g.updated_at, c.updated_at FROM "{offer}" o '  # noqa: S608
        f'JOIN "{organisation}" g ON g.id = o.organisation_id LEFT JOIN "{contact}" c ON c.id = o.contact_id '
        "WHERE o.id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [Offer._meta.pk.get_db_prep_value(offer_id, connection)])
        row = cursor.fetchone()
    if row is None or row[0] != Status.PUBLISHED:
        return None
    return (str(offer_id), *row[1:])


def published_titles(ids: list[str]) -> dict[str, str]:
    valid = [i for i in (_uuid(x) for x in ids) if i is not None]
    rows = Offer.objects.filter(pk__in=valid, status=Status.PUBLISHED).values_list("pk", "title")
    return {str(pk): title for pk, title in rows}


# --- offers ------------------------------------------------------------------------------------


def offers_visible_to(user: Any) -> QuerySet[Offer]:
    """Offers a logged-in user works with: land and admin all, kommune in scope, organisation its own."""
    scope = scope_of(user)
    offers = Offer.objects.filter(staged_by__isnull=True)  # not what a running import has written so far
    if _sees_all(scope):
        return offers
    q = Q(pk__in=[])
    if scope.has_role(Role.KOMMUNE):
        q |= scope.ags_q(Role.KOMMUNE, "ags")
    if scope.has_role(Role.ORGANISATION):
        q |= Q(organisation_id__in=_organisation_ids(user))
    return offers.filter(q)


def offer_import_for(*, user: Any, pk: Any) -> OfferImport | None:
    """An import the user started (others' imports are not found)."""
    try:
        return OfferImport.objects.filter(actor=user, pk=uuid.UUID(str(pk))).first()
    except ValueError:
        return None


def offer_imports_of(user: Any) -> QuerySet[OfferImport]:
    return OfferImport.objects.filter(actor=user).order_by("-created_at")[:10]


def offer_list(
    *,
    user: Any,
    status: str = "",
    topic: str = "",
    kreis: str = "",
    org_kind: str = "",
    text: str = "",
    organisation: str = "",
    target_group: str = "",
    stale: bool = False,
    gemeinde: str = "",
) -> QuerySet[Offer]:
    qs = offers_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if topic:
        qs = qs.filter(pk__in=Offer.topics.through.objects.filter(topic__key=topic).values("offer_id"))
    if target_group:
        qs = qs.filter(
            pk__in=Offer.target_groups.through.objects.filter(targetgroup__key=target_group).values("offer_id")
        )
    if kreis:
        qs = qs.filter(ags__startswith=kreis)
    if gemeinde:
        qs = qs.filter(ags=gemeinde)
    if org_kind:
        qs = qs.filter(organisation__kind=org_kind)
    if organisation and (org_id := _uuid(organisation)):
        qs = qs.filter(organisation_id=org_id)
    if stale:
        qs = qs.filter(stale_since__isnull=False)
    if text.strip():
        qs = qs.filter(Q(title__icontains=text.strip()) | Q(organisation__name__icontains=text.strip()))
    return _offer_related(qs).order_by("title", "pk")


def stale_entries_to_remind() -> tuple[list[Offer], list[Organisation]]:
    """Published entries marked stale whose organisation's members were not yet reminded of them (see
    ``services.stale_reminder_record``), offers with their organisation."""
    pending = Q(status=Status.PUBLISHED, stale_since__isnull=False, stale_reminded_at__isnull=True)
    offers = Offer.objects.filter(pending)
    organisations = Organisation.objects.filter(pending)
    return (
        list(offers.select_related("organisation").order_by("title", "pk")),
        list(organisations.order_by("pk")),
    )


def offer_for(*, user: Any, pk: Any) -> Offer | None:
    offer_id = _uuid(pk)
    if offer_id is None:
        return None
    return _offer_related(offers_visible_to(user).filter(pk=offer_id)).first()


def verification_queue(
    *, user: Any, text: str = "", topic: str = "", kreis: str = "", gemeinde: str = ""
) -> QuerySet[Offer]:
    """Submitted offers the kommune user verifies: those whose place (or organisation seat) lies in scope."""
    scope = scope_of(user)
    qs = Offer.objects.filter(scope.ags_q(Role.KOMMUNE, "ags"), status=Status.SUBMITTED)
    if topic:
        qs = qs.filter(pk__in=Offer.topics.through.objects.filter(topic__key=topic).values("offer_id"))
    if kreis:
        qs = qs.filter(ags__startswith=kreis)
    if gemeinde:
        qs = qs.filter(ags=gemeinde)
    if text.strip():
        qs = qs.filter(Q(title__icontains=text.strip()) | Q(organisation__name__icontains=text.strip()))
    return _offer_related(qs).order_by("submitted_at", "pk")


# --- organisations -----------------------------------------------------------------------------


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    scope = scope_of(user)
    if _sees_all(scope):
        qs = Organisation.objects.all()
    else:
        q = Q(pk__in=_organisation_ids(user))
        if scope.has_role(Role.KOMMUNE):
            q |= scope.ags_q(Role.KOMMUNE, "gemeinde__ags")
        qs = Organisation.objects.filter(q)
    return qs.select_related("gemeinde", "gemeinde__kreis").defer(*BOUNDARIES_OF_SEAT).prefetch_related("languages")


def organisation_list(
    *, user: Any, kind: str = "", kreis: str = "", text: str = "", status: str = "", gemeinde: str = ""
) -> QuerySet[Organisation]:
    qs = organisations_visible_to(user)
    if kind:
        qs = qs.filter(kind=kind)
    if kreis:
        qs = qs.filter(gemeinde__ags__startswith=kreis)
    if gemeinde:
        qs = qs.filter(gemeinde__ags=gemeinde)
    if status:
        qs = qs.filter(status=status)
    if text.strip():
        qs = qs.filter(name__icontains=text.strip())
    return qs.order_by("name", "pk")


def organisation_for(*, user: Any, pk: Any) -> Organisation | None:
    org_id = _uuid(pk)
    if org_id is None:
        return None
    return (
        organisations_visible_to(user)
        .filter(pk=org_id)
        .prefetch_related("gemeinden", Prefetch("contacts", queryset=Contact.objects.order_by("name", "pk")))
        .first()
    )


def organisations_for_new_offer(*, user: Any) -> list[Organisation]:
    """Organisations the user may propose offers for: its own (member) or those seated in its area (kommune)."""
    return [
        o
        for o in organisations_visible_to(user).exclude(status=Status.ARCHIVED).order_by("name", "pk")
        if user.has_perm("registry.keep_organisation", o)
    ]


def organisation_queue(*, user: Any) -> QuerySet[Organisation]:
    """Submitted organisations the kommune user verifies: those seated in scope."""
    scope = scope_of(user)
    return (
        Organisation.objects.filter(scope.ags_q(Role.KOMMUNE, "gemeinde__ags"), status=Status.SUBMITTED)
        .select_related("gemeinde")
        .defer("gemeinde__boundary")
        .order_by("submitted_at", "pk")
    )


# --- structures --------------------------------------------------------------------------------


def _structure_scope_q(scope: UserScope) -> Q:
    """Structures in the kommune user's scope: a Gemeinde's by its AGS, a whole Kreis's by ``<key>000``."""
    q = Q(pk__in=[])
    for prefix in scope.ags.get(Role.KOMMUNE, ()):
        q |= Q(gemeinde__ags__startswith=prefix)
        if len(prefix) <= 5:
            q |= Q(gemeinde__isnull=True, kreis__key__startswith=prefix)
        elif "000".startswith(prefix[5:]):
            q |= Q(gemeinde__isnull=True, kreis__key=prefix[:5])
    return q


def structures_visible_to(user: Any) -> QuerySet[Structure]:
    """Land and admin see all; everyone else with registry access sees published ones and those in scope."""
    scope = scope_of(user)
    if _sees_all(scope):
        qs = Structure.objects.all()
    else:
        qs = Structure.objects.filter(Q(status=Status.PUBLISHED) | _structure_scope_q(scope))
    return qs.select_related("kreis", "gemeinde", "contact").defer("kreis__boundary", "gemeinde__boundary")


def structure_list(
    *, user: Any, kind: str = "", kreis: str = "", text: str = "", status: str = ""
) -> QuerySet[Structure]:
    qs = structures_visible_to(user)
    if kind:
        qs = qs.filter(kind=kind)
    if kreis:
        qs = qs.filter(Q(kreis__key__startswith=kreis) | Q(gemeinde__ags__startswith=kreis))
    if status:
        qs = qs.filter(status=status)
    if text.strip():
        qs = qs.filter(name__icontains=text.strip())
    return qs.order_by("name", "pk")


def structure_for(*, user: Any, pk: Any) -> Structure | None:
    structure_id = _uuid(pk)
    return structures_visible_to(user).filter(pk=structure_id).first() if structure_id else None


# --- contact persons ---------------------------------------------------------------------------


def contacts_visible_to(user: Any) -> QuerySet[Contact]:
    """Contact persons the user keeps: of its own organisation, or of organisations/structures in its area.

    Land does not see personal data of contact persons; operators do (they handle GDPR requests).
    """
    scope = scope_of(user)
    if scope.has_role(Role.ADMIN):
        return Contact.objects.select_related("organisation")
    q = Q(organisation_id__in=_organisation_ids(user))
    if scope.has_role(Role.KOMMUNE):
        q |= scope.ags_q(Role.KOMMUNE, "organisation__gemeinde__ags")
        q |= Q(pk__in=Structure.objects.filter(_structure_scope_q(scope)).values("contact_id"))
    return Contact.objects.filter(q).select_related("organisation")


def contact_for(*, user: Any, pk: Any) -> Contact | None:
    contact_id = _uuid(pk)
    if contact_id is None:
        return None
    return (
        contacts_visible_to(user)
        .filter(pk=contact_id)
        .prefetch_related(
            Prefetch("offers", queryset=Offer.objects.order_by("title", "pk")),
            Prefetch("structures", queryset=Structure.objects.order_by("name", "pk")),
        )
        .first()
    )


def organisation_content_type() -> ContentType:
    return ContentType.objects.get_for_model(Organisation)
