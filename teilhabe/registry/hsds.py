"""Open Referral HSDS 3.1 for the registry: offers as services, organisations, locations, taxonomy terms.

Mapping: Offer = service, Organisation = organization, Location = location with one service_at_location per
(offer, place), topics and target groups = taxonomy terms linked through attributes, opening hours = schedules
in iCalendar terms (FREQ=WEEKLY, BYDAY). Ids are the registry's UUIDs; objects without their own row (addresses,
phones, schedules' ids for languages …) get stable name-based UUIDs (uuid5), so two exports agree.

Beyond HSDS (the Teilhabe profile, docs/hsds-profile.md): ``translations`` on services, a list of
``{"language", "name", "description"}``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from teilhabe.registry.models import (
    ORG_ID_LISTS,
    Language,
    Location,
    Offer,
    OfferTranslation,
    Organisation,
    Register,
    Status,
    TargetGroup,
    Topic,
)

SCHEMA_DIR = Path(__file__).resolve().parent / "hsds_schema"
HSDS_VERSION = "3.1"
PROFILE_URL = "https://teilhabe.nrw/hsds-profile"
NAMESPACE = uuid.UUID("6f1b5c1e-6a43-4d7c-9c5e-7e1d2b3a4c5d")
TOPIC_TAXONOMY_ID = str(uuid.uuid5(NAMESPACE, "taxonomy:topics"))
TARGET_GROUP_TAXONOMY_ID = str(uuid.uuid5(NAMESPACE, "taxonomy:target_groups"))
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def stable_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def taxonomies() -> list[dict[str, Any]]:
    return [
        {
            "id": TOPIC_TAXONOMY_ID,
            "name": "Teilhabe-Themen",
            "description": "Themen der Angebote im Teilhabe-Register NRW",
            "version": "1",
        },
        {
            "id": TARGET_GROUP_TAXONOMY_ID,
            "name": "Teilhabe-Zielgruppen",
            "description": "Zielgruppen der Angebote im Teilhabe-Register NRW",
            "version": "1",
        },
    ]


def taxonomy_term(term: Topic | TargetGroup) -> dict[str, Any]:
    taxonomy_id = TOPIC_TAXONOMY_ID if isinstance(term, Topic) else TARGET_GROUP_TAXONOMY_ID
    return {
        "id": str(term.pk),
        "code": term.key,
        "name": term.name,
        "description": getattr(term, "description", "") or term.name,
        "taxonomy_id": taxonomy_id,
        "taxonomy": "Teilhabe-Themen" if isinstance(term, Topic) else "Teilhabe-Zielgruppen",
        "language": "de",
    }


def organization(org: Organisation, *, nested: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"id": str(org.pk), "name": org.name, "description": org.description or org.name}
    if org.email:
        data["email"] = org.email
    if org.website:
        data["website"] = org.website
    data["phones"] = (
        [{"id": stable_id("phone", org.pk), "organization_id": str(org.pk), "number": org.phone}] if org.phone else []
    )
    data["attributes"] = [
        {
            "id": stable_id("attr", org.pk, "kind"),
            "link_id": str(org.pk),
            "link_type": "organization_kind",
            "link_entity": "organization",
            "value": org.kind,
            "label": org.get_kind_display(),
        },
    ]
    if org.org_id:  # a registered organisation: its register entry, under the org-id.guide list
        data["organization_identifiers"] = [
            {
                "id": stable_id("identifier", org.pk, org.register),
                "organization_id": str(org.pk),
                "identifier_scheme": ORG_ID_LISTS[org.register],
                "identifier_type": str(Register(org.register).label),
                "identifier": org.register_identifier,
            }
        ]
    if not nested:
        data["locations"] = []
    return _with_extra(data, org.hsds_extra, phone=org.phone)


def _with_extra(data: dict[str, Any], extra: dict[str, Any] | None, *, phone: str = "") -> dict[str, Any]:
    """``data`` with what an HSDS import kept (``hsds_extra``) added back: properties without a column as given;
    phones as given while the first number is still the one in the registry; other attributes appended."""
    if not extra:
        return data
    for key, value in extra.items():
        if key == "phones":
            first = str((value or [{}])[0].get("number") or "")
            if value and (first == phone or not phone):
                data["phones"] = value
        elif key == "attributes":
            data["attributes"] = [*data.get("attributes", []), *value]
        elif key not in ("foreign_attributes", "schedules", "languages", "service_at_location"):
            data.setdefault(key, value)
    return data


def location(loc: Location) -> dict[str, Any]:
    data = _location(loc)
    extra = dict(loc.hsds_extra or {})
    addresses = extra.pop("addresses", None)
    if addresses and any(str(a.get("postal_code", ""))[:5] == loc.postal_code for a in addresses):
        data["addresses"] = addresses
    if extra.get("external_identifier"):  # the source's identifier (a UPRN …) as given
        data["external_identifier"] = extra.pop("external_identifier")
        data["external_identifier_type"] = extra.pop("external_identifier_type", "")
    return _with_extra(data, extra)


def _location(loc: Location) -> dict[str, Any]:
    return {
        "id": str(loc.pk),
        "location_type": "physical",
        "name": loc.name or loc.city,
        "latitude": loc.lat,
        "longitude": loc.lon,
        "external_identifier": loc.gemeinde_id,
        "external_identifier_type": "AGS",
        "addresses": [
            {
                "id": stable_id("address", loc.pk),
                "location_id": str(loc.pk),
                "address_1": loc.street or loc.city,
                "city": loc.city,
                "state_province": "Nordrhein-Westfalen",
                "postal_code": loc.postal_code,
                "country": "DE",
                "address_type": "physical",
            }
        ],
    }


def schedules(offer: Offer) -> list[dict[str, Any]]:
    """The opening hours as weekly schedules; the schedules of an HSDS import as given while the opening hours are
    still the ones read from them."""
    given = (offer.hsds_extra or {}).get("schedules")
    if given:
        from teilhabe.registry.hsds_import import opening_hours_of

        read = {(w, o.replace(second=0), c.replace(second=0)) for w, o, c in opening_hours_of(given)[0]}
        current = {(h.weekday, h.opens, h.closes) for h in offer.opening_hours.all()}
        if read == current:
            return list(given)
    items = []
    for hours in offer.opening_hours.all():
        item: dict[str, Any] = {
            "id": str(hours.pk),
            "service_id": str(offer.pk),
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": WEEKDAYS[hours.weekday],
            "opens_at": hours.opens.strftime("%H:%M"),
            "closes_at": hours.closes.strftime("%H:%M"),
            "description": f"{hours.get_weekday_display()} {hours.opens:%H:%M}–{hours.closes:%H:%M}",
        }
        if offer.valid_from:
            item["valid_from"] = offer.valid_from.isoformat()
        if offer.valid_until:
            item["valid_to"] = offer.valid_until.isoformat()
        if offer.schedule_note:
            item["notes"] = offer.schedule_note
        items.append(item)
    return items


def service(offer: Offer) -> dict[str, Any]:
    """One offer as a fully nested HSDS service."""
    data: dict[str, Any] = {
        "id": str(offer.pk),
        "organization_id": str(offer.organisation_id),
        "name": offer.title,
        "description": offer.description,
        "status": "active" if offer.status == Status.PUBLISHED else "inactive",
        "last_modified": offer.updated_at.isoformat(),
    }
    if offer.email:
        data["email"] = offer.email
    if offer.website:
        data["url"] = offer.website
    data["fees_description"] = "kostenlos" if offer.is_free else (offer.cost_description or "kostenpflichtig")
    if offer.assured_date:  # as the source of an import gave it
        data["assured_date"] = offer.assured_date.isoformat()
    elif offer.verified_at:
        data["assured_date"] = offer.verified_at.date().isoformat()
    if offer.eligibility_description:
        data["eligibility_description"] = offer.eligibility_description
    if offer.minimum_age is not None:
        data["minimum_age"] = offer.minimum_age
    if offer.maximum_age is not None:
        data["maximum_age"] = offer.maximum_age
    data["phones"] = (
        [{"id": stable_id("phone", offer.pk), "service_id": str(offer.pk), "number": offer.phone}]
        if offer.phone
        else []
    )
    data["schedules"] = schedules(offer)
    given_languages = {str(item.get("code")): item for item in (offer.hsds_extra or {}).get("languages") or []}
    data["languages"] = [
        given_languages.pop(
            lang.code,
            {
                "id": stable_id("language", offer.pk, lang.code),
                "service_id": str(offer.pk),
                "name": lang.name,
                "code": lang.code,
            },
        )
        for lang in offer.languages.all()
    ]
    # Languages the registry does not know (HSDS allows any), kept as the import gave them.
    known = set(Language.objects.filter(code__in=list(given_languages)).values_list("code", flat=True))
    data["languages"] += [item for code, item in given_languages.items() if code not in known]
    data["service_at_locations"] = [
        {
            "id": stable_id("sal", offer.pk, loc.pk),
            **(loc.hsds_extra or {}).get("service_at_location", {}),
            "service_id": str(offer.pk),
            "location_id": str(loc.pk),
            "location": location(loc),
        }
        for loc in offer.locations.all()
    ]
    data["organization"] = organization(offer.organisation, nested=True)
    data["attributes"] = [
        {
            "id": stable_id("attr", offer.pk, term.pk),
            "link_id": str(offer.pk),
            "link_type": link_type,
            "link_entity": "service",
            "taxonomy_term_id": str(term.pk),
            "taxonomy_term": taxonomy_term(term),
            "label": term.name,
        }
        for link_type, terms in (("topic", offer.topics.all()), ("target_group", offer.target_groups.all()))
        for term in terms
    ]
    if offer.accessibility:
        data["attributes"].append(
            {
                "id": stable_id("attr", offer.pk, "accessibility"),
                "link_id": str(offer.pk),
                "link_type": "accessibility",
                "link_entity": "service",
                "value": offer.accessibility,
            }
        )
    linked = {str(term.pk) for term in offer.external_terms.all()}
    data["attributes"] += [
        attribute
        for attribute in (offer.hsds_extra or {}).get("foreign_attributes") or []
        if str(attribute.get("taxonomy_term_id") or (attribute.get("taxonomy_term") or {}).get("id")) in linked
    ]
    data["translations"] = [translation(t, current=offer.source_hash()) for t in offer.translations.all()]
    return _with_extra(data, offer.hsds_extra, phone=offer.phone)


def translation(t: OfferTranslation, *, current: str) -> dict[str, Any]:
    """One translation of the profile: every translated field that has a text, and whether it is current."""
    data: dict[str, Any] = {"language": t.language_id, "name": t.title, "description": t.description}
    for name in ("schedule_note", "place_note", "accessibility", "cost_description"):
        if getattr(t, name):
            data[name] = getattr(t, name)
    data["current"] = t.source_hash == current
    return data


def service_queryset() -> QuerySet[Offer]:
    return (
        Offer.objects.filter(status=Status.PUBLISHED)
        .select_related("organisation")
        .prefetch_related(
            "topics",
            "target_groups",
            "languages",
            "translations",
            "opening_hours",
            "external_terms",
            Prefetch("locations", queryset=Location.objects.order_by("id")),
        )
        .order_by("id")
    )


def iter_services(queryset: QuerySet[Offer] | None = None) -> Iterator[dict[str, Any]]:
    for offer in (queryset if queryset is not None else service_queryset()).iterator(chunk_size=1000):
        yield service(offer)


def written_as_json_array(items: Iterator[dict[str, Any]], handle: IO[str]) -> Iterator[dict[str, Any]]:
    """The items passed on, each also written to ``handle``: together one JSON array, item by item, so a large
    registry never sits in memory whole, and whoever takes the items (the tabular package) reads it in the same
    pass."""
    handle.write("[")
    for number, item in enumerate(items):
        handle.write(("" if number == 0 else ",\n") + json.dumps(item, ensure_ascii=False))
        yield item
    handle.write("]\n")


@cache
def _registry() -> Registry:
    resources = [
        (
            path.name,
            Resource.from_contents(json.loads(path.read_text(encoding="utf-8")), default_specification=_draft()),
        )
        for path in SCHEMA_DIR.glob("*.json")
    ]
    return Registry().with_resources(resources)


def _draft() -> Any:
    from referencing.jsonschema import DRAFT202012

    return DRAFT202012


@cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=_registry())


def validation_errors(name: str, document: dict[str, Any]) -> list[str]:
    """Messages for every place where ``document`` breaks the official HSDS schema of ``name``."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or name}: {error.message}"
        for error in validator(name).iter_errors(document)
    ]
