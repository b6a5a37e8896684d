"""Import an Open Referral HSDS dataset (JSON: a list of fully nested services, or the tabular package) into one
Kreis's scope.

Every service is validated against the official schema and mapped before anything is written; then all of it is
written in one transaction. Ids are kept, so importing an export again updates the same offers.

Real data is taken as it comes (docs/decisions/0006-hsds-profile.md):

* a service that breaks the schema, or whose places all lie outside the Kreis, is skipped and reported by record;
  a place outside the Kreis, or with an impossible coordinate, is skipped and reported, the service kept;
  ``all_or_nothing=True`` (``--all-or-nothing``) refuses the whole file on any such problem instead;
* terms of other taxonomies are kept as ``ExternalTaxonomyTerm``; a service without a topic of the registry's
  taxonomy is imported as submitted and listed for the Kommune to classify (``report.unclassified``);
* what HSDS carries without a column of its own is kept in ``hsds_extra`` (service, organisation, place) and
  exported again; schedules become opening hours (iCalendar ``byday`` lists such as "TH,FR" give one row per day),
  a schedule that cannot be read is reported (and kept as given);
* ``assured_date`` is kept as the source gave it: an import is not a verification.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.services import audit_record
from teilhabe.geo.models import Gemeinde, Kreis
from teilhabe.registry import hsds, hsds_tabular
from teilhabe.registry.geocoding import locate
from teilhabe.registry.models import (
    ExternalTaxonomyTerm,
    Language,
    Location,
    Offer,
    OfferTranslation,
    OpeningHours,
    Organisation,
    SearchOutbox,
    Status,
    TargetGroup,
    Topic,
    validate_phone,
)

WEEKDAY = {code: index for index, code in enumerate(hsds.WEEKDAYS)}
#: Properties of a service that have a column of their own (everything else goes to ``Offer.hsds_extra``).
SERVICE_COLUMNS = {
    "id",
    "organization_id",
    "name",
    "description",
    "email",
    "url",
    "fees_description",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "status",
    "last_modified",
    "organization",
    "service_at_locations",
    "attributes",
    "translations",
}
ORGANISATION_COLUMNS = {"id", "name", "description", "email", "website", "attributes"}
LOCATION_COLUMNS = {"id", "name", "latitude", "longitude", "organization_id"}


@dataclass
class HsdsImportReport:
    services: int = 0
    organisations_created: int = 0
    #: Problems, one line per record: what was skipped (or, with all_or_nothing, why nothing was imported).
    errors: list[str] = field(default_factory=list)
    #: Services without a topic of the registry's taxonomy: imported as submitted, for the Kommune to classify.
    unclassified: list[str] = field(default_factory=list)
    #: Notes that changed nothing (a schedule kept as given but not read into opening hours, an unknown language).
    notes: list[str] = field(default_factory=list)
    skipped_services: int = 0
    skipped_locations: int = 0
    external_terms: int = 0


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def load_services(path: Path) -> list[dict[str, Any]]:
    """Services from HSDS JSON (a list, a page envelope ({"contents": [...]}) or a single service) or from an HSDS
    tabular data package (a folder with services.csv … and datapackage.json, or such a .zip)."""
    if hsds_tabular.is_tabular(path):
        try:
            return hsds_tabular.read_services(path)
        except (OSError, ValueError, UnicodeDecodeError, zipfile.BadZipFile, csv.Error) as error:
            raise ValidationError(
                _("Das tabellarische Datenpaket ist nicht lesbar: %(error)s") % {"error": error}
            ) from error
    if path.is_dir():
        path = path / "hsds.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ValidationError(_("Die Datei ist kein lesbares JSON: %(error)s") % {"error": error}) from error
    if isinstance(data, dict) and "contents" in data:
        data = data["contents"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ValidationError(_("Erwartet wird eine Liste von HSDS-Services."))
    return data


def _coordinate(value: Any, limit: float) -> float | None:
    """A coordinate as a number within ±limit, None when absent; ValueError when impossible."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(value)
    if not -limit <= float(value) <= limit:
        raise ValueError(value)
    return float(value)


def _places(
    service: dict[str, Any], label: str, kreis: Kreis, report: HsdsImportReport
) -> tuple[list[tuple[dict[str, Any], dict[str, Any], dict[str, Any], Any]], bool]:
    """The service's places in the Kreis, each (service_at_location, location, address, place); and whether it
    had places that all lie elsewhere (then the service is outside the Kreis)."""
    places = []
    elsewhere = 0
    for sal in service.get("service_at_locations") or []:
        location = sal.get("location") or {}
        address = next(
            (a for a in location.get("addresses") or [] if a.get("address_type") == "physical"),
            (location.get("addresses") or [{}])[0],
        )
        name = location.get("name") or location.get("id") or "?"
        try:
            lat, lon = _coordinate(location.get("latitude"), 90), _coordinate(location.get("longitude"), 180)
        except ValueError:
            report.errors.append(
                f"{label}: "
                + _("Ort „%(name)s“ übersprungen: unmögliche Koordinate (%(lat)s, %(lon)s)")
                % {"name": name, "lat": location.get("latitude"), "lon": location.get("longitude")}
            )
            report.skipped_locations += 1
            continue
        try:
            place = locate(postal_code=str(address.get("postal_code", "")), lat=lat, lon=lon)
        except ValidationError as error:
            report.errors.append(
                f"{label}: "
                + _("Ort „%(name)s“ übersprungen: %(reason)s") % {"name": name, "reason": "; ".join(error.messages)}
            )
            report.skipped_locations += 1
            elsewhere += 1
            continue
        if place.gemeinde.kreis_id != kreis.key:
            report.errors.append(
                f"{label}: "
                + _("Ort %(plz)s liegt nicht in %(kreis)s")
                % {"plz": address.get("postal_code"), "kreis": kreis.name_short}
            )
            report.skipped_locations += 1
            elsewhere += 1
            continue
        places.append((sal, location, address, place))
    return places, bool(elsewhere) and not places


def _terms(
    attributes: list[dict[str, Any]],
) -> tuple[list[Topic], list[TargetGroup], list[dict[str, Any]]]:
    """Topics and target groups of the registry's taxonomy; the other attributes with a term (foreign taxonomies)."""
    topics: list[Topic] = []
    groups: list[TargetGroup] = []
    foreign: list[dict[str, Any]] = []
    for attribute in attributes:
        term = attribute.get("taxonomy_term") or {}
        if not (attribute.get("taxonomy_term_id") or term):
            continue
        term_id = _uuid_or_none(attribute.get("taxonomy_term_id") or term.get("id"))
        code = str(term.get("code") or "")
        own_taxonomy = term.get("taxonomy_id") in (hsds.TOPIC_TAXONOMY_ID, hsds.TARGET_GROUP_TAXONOMY_ID) or (
            not term.get("taxonomy") and not term.get("taxonomy_detail")
        )
        topic = Topic.objects.filter(pk=term_id).first() if term_id else None
        if topic is None and own_taxonomy and code:
            topic = Topic.objects.filter(key=code).first()
        if topic is not None:
            topics.append(topic)
            continue
        group = TargetGroup.objects.filter(pk=term_id).first() if term_id else None
        if group is None and own_taxonomy and code:
            group = TargetGroup.objects.filter(key=code).first()
        if group is not None:
            groups.append(group)
            continue
        foreign.append(attribute)
    return topics, groups, foreign


def _check(service: dict[str, Any], number: int, kreis: Kreis, report: HsdsImportReport) -> dict[str, Any] | None:
    label = _("Service %(n)d (%(name)s)") % {"n": number, "name": service.get("name", "?")}
    errors = [f"{label}: {e}" for e in hsds.validation_errors("service", service)]
    org = service.get("organization") or {}
    if not org.get("id") or not org.get("name"):
        errors.append(f"{label}: " + _("verschachtelte organization fehlt"))
    if errors:
        report.errors.extend(errors)
        report.errors.append(f"{label}: " + _("Service übersprungen"))
        report.skipped_services += 1
        return None
    places, outside = _places(service, label, kreis, report)
    if outside:
        report.errors.append(
            f"{label}: " + _("Service übersprungen: kein Ort im Kreis %(kreis)s") % {"kreis": kreis.name_short}
        )
        report.skipped_services += 1
        return None
    topics, groups, foreign = _terms(service.get("attributes") or [])
    if not topics:
        report.unclassified.append(f"{service.get('name')} ({service.get('id')})")
    languages = []
    for language in service.get("languages") or []:
        found_language = Language.objects.filter(code=language.get("code")).first()
        if found_language is None:
            report.notes.append(
                f"{label}: "
                + _("Sprache %(code)s ist im Register unbekannt; wie geliefert behalten")
                % {"code": language.get("code") or language.get("name")}
            )
        else:
            languages.append(found_language)
    return {
        "service": service,
        "org": org,
        "places": places,
        "topics": topics,
        "groups": groups,
        "foreign": foreign,
        "languages": languages,
        "label": label,
    }


def import_hsds(*, path: Path, kreis_key: str, actor: User, all_or_nothing: bool = False) -> HsdsImportReport:
    """Import ``path`` into the Kreis ``kreis_key`` as ``actor`` (the system actor for commands and tasks). Skips
    and reports broken records (see the module docstring); ``all_or_nothing`` refuses the file on any problem."""
    if actor is None or not actor.has_perm("registry.import_hsds"):
        raise PermissionDenied(_("Sie dürfen keine HSDS-Daten importieren."))
    kreis = Kreis.objects.filter(key=kreis_key).first()
    if kreis is None:
        raise ValidationError(_("Unbekannter Kreis %(key)s.") % {"key": kreis_key})
    services_data = load_services(path)
    report = HsdsImportReport()
    checked = [_check(s, n, kreis, report) for n, s in enumerate(services_data, start=1)]
    if all_or_nothing and report.errors:
        raise ValidationError(report.errors)
    fallback = Gemeinde.objects.filter(kreis=kreis).order_by("-population").first()
    assert fallback is not None
    with transaction.atomic():
        for item in checked:
            if item is not None:
                _write(item, fallback, report)
        audit_record(
            action="registry.hsds_imported",
            actor=actor,
            data={
                "kreis": kreis.key,
                "services": report.services,
                "skipped_services": report.skipped_services,
                "skipped_locations": report.skipped_locations,
                "unclassified": len(report.unclassified),
                "file": path.name,
            },
        )
    return report


def _extra(data: dict[str, Any], columns: set[str]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in columns}


def _first_phone(data: dict[str, Any]) -> str:
    phones = data.get("phones") or [{}]
    number = str(phones[0].get("number") or "")
    try:
        validate_phone(number)
    except ValidationError:
        return ""
    return number


def _organisation(org_data: dict[str, Any], place_gemeinde: Gemeinde, report: HsdsImportReport) -> Organisation:
    org_id = _uuid_or_none(org_data["id"]) or uuid.uuid5(hsds.NAMESPACE, f"organization:{org_data['id']}")
    organisation = Organisation.objects.filter(pk=org_id).first()
    kind = next(
        (a.get("value") for a in org_data.get("attributes") or [] if a.get("link_type") == "organization_kind"),
        Organisation.Kind.SONSTIGE,
    )
    if organisation is None:
        organisation = Organisation(pk=org_id, status=Status.PUBLISHED, published_at=timezone.now())
        report.organisations_created += 1
    organisation.name = org_data["name"][:200]
    organisation.description = (
        "" if org_data.get("description") == org_data["name"] else org_data.get("description", "")
    )
    organisation.kind = kind if kind in Organisation.Kind.values else Organisation.Kind.SONSTIGE
    organisation.email = _valid_email(org_data.get("email"))
    organisation.website = _valid_url(org_data.get("website"))
    organisation.phone = _first_phone(org_data)
    extra = _extra(org_data, ORGANISATION_COLUMNS)
    other_attributes = [a for a in org_data.get("attributes") or [] if a.get("link_type") != "organization_kind"]
    if other_attributes:
        extra["attributes"] = other_attributes
    organisation.hsds_extra = extra
    if not organisation.gemeinde_id:
        organisation.gemeinde = place_gemeinde
    organisation.full_clean(exclude=["gemeinden", "languages"])
    organisation.save()
    return organisation


def _valid_email(value: Any) -> str:
    from django.core.validators import validate_email

    try:
        validate_email(str(value or ""))
    except ValidationError:
        return ""
    return str(value)


def _valid_url(value: Any) -> str:
    from django.core.validators import URLValidator

    try:
        URLValidator()(str(value or ""))
    except ValidationError:
        return ""
    return str(value)[:200]


def _age(value: Any) -> int | None:
    """An age in years (the tabular package types it as a number: 12.0 is 12)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 150:
        return None
    return int(value) if float(value).is_integer() else None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _time(value: Any) -> dt.time | None:
    try:
        return dt.time.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def opening_hours_of(schedules: list[dict[str, Any]]) -> tuple[list[tuple[int, dt.time, dt.time]], list[str]]:
    """Weekly opening hours (weekday, opens, closes) of HSDS schedules, and the schedules that say something else
    (another frequency, no times, an unknown day): their descriptions, to report."""
    hours: list[tuple[int, dt.time, dt.time]] = []
    unread: list[str] = []
    for schedule in schedules:
        days = [d.strip().upper() for d in str(schedule.get("byday") or "").split(",") if d.strip()]
        opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
        weekly = str(schedule.get("freq") or "WEEKLY").upper() == "WEEKLY" and int(schedule.get("interval") or 1) == 1
        days_known = days and all(d in WEEKDAY for d in days)
        if weekly and days_known and opens and closes and closes > opens:
            hours.extend((WEEKDAY[d], opens, closes) for d in days)
        else:
            unread.append(str(schedule.get("description") or schedule.get("id") or "?"))
    return hours, unread


def _write(item: dict[str, Any], fallback: Gemeinde, report: HsdsImportReport) -> None:  # noqa: PLR0915
    service, places, label = item["service"], item["places"], item["label"]
    organisation = _organisation(item["org"], places[0][3].gemeinde if places else fallback, report)
    offer_id = _uuid_or_none(service["id"]) or uuid.uuid5(hsds.NAMESPACE, f"service:{service['id']}")
    offer = Offer.objects.filter(pk=offer_id).first() or Offer(pk=offer_id)
    offer.organisation = organisation
    offer.title = service["name"][:200]
    offer.description = service.get("description") or service["name"]
    offer.email = _valid_email(service.get("email"))
    offer.website = _valid_url(service.get("url"))
    offer.phone = _first_phone(service)
    fees = service.get("fees_description") or ""
    offer.is_free = fees in ("", "kostenlos")
    offer.cost_description = "" if offer.is_free or fees == "kostenpflichtig" else fees[:300]
    offer.accessibility = next(
        (a.get("value", "") for a in service.get("attributes") or [] if a.get("link_type") == "accessibility"), ""
    )
    offer.eligibility_description = service.get("eligibility_description") or ""
    offer.minimum_age = _age(service.get("minimum_age"))
    offer.maximum_age = _age(service.get("maximum_age"))
    offer.assured_date = _date(service.get("assured_date"))
    schedules = service.get("schedules") or []
    offer.schedule_note = next((s.get("notes", "") for s in schedules if s.get("notes")), "")[:300]
    offer.valid_from = next((d for s in schedules if (d := _date(s.get("valid_from")))), None)
    offer.valid_until = next((d for s in schedules if (d := _date(s.get("valid_to")))), None)
    if offer.valid_from and offer.valid_until and offer.valid_until < offer.valid_from:
        offer.valid_until = None
    offer.ags = places[0][3].gemeinde.ags if places else organisation.gemeinde_id
    extra = _extra(service, SERVICE_COLUMNS)
    kept_attributes = [
        a
        for a in service.get("attributes") or []
        if not (a.get("taxonomy_term_id") or a.get("taxonomy_term")) and a.get("link_type") != "accessibility"
    ]
    if kept_attributes:
        extra["attributes"] = kept_attributes
    if item["foreign"]:
        extra["foreign_attributes"] = item["foreign"]
    offer.hsds_extra = extra
    # Classified offers are published (the Kommune imports into its own Kreis); the others wait for it.
    if item["topics"]:
        offer.status = Status.PUBLISHED
        offer.published_at = offer.published_at or timezone.now()
    else:
        offer.status = Status.SUBMITTED
        offer.submitted_at = timezone.now()
    offer.full_clean(exclude=["topics", "target_groups", "languages", "verified_by", "contact", "external_terms"])
    offer.save()
    offer.topics.set(item["topics"])
    offer.target_groups.set(item["groups"])
    offer.languages.set(item["languages"])
    offer.external_terms.set([_external_term(a, report) for a in item["foreign"]])
    offer.locations.all().delete()
    for sal, location, address, place in places:
        location_extra = _extra(location, LOCATION_COLUMNS)
        location_extra["service_at_location"] = {k: v for k, v in sal.items() if k not in ("location", "service_id")}
        Location.objects.create(
            pk=_uuid_or_none(location["id"]) or uuid.uuid5(hsds.NAMESPACE, f"location:{location['id']}"),
            offer=offer,
            name=(location.get("name") or "")[:200],
            street="" if address.get("address_1") == address.get("city") else (address.get("address_1") or "")[:200],
            postal_code=str(address.get("postal_code", ""))[:5] if place else "",
            city=(address.get("city") or place.gemeinde.name_short)[:100],
            gemeinde=place.gemeinde,
            lat=place.lat,
            lon=place.lon,
            geocoded=place.geocoded,
            hsds_extra=location_extra,
        )
    offer.opening_hours.all().delete()
    hours, unread = opening_hours_of(schedules)
    for weekday, opens, closes in dict.fromkeys(hours):
        OpeningHours.objects.create(offer=offer, weekday=weekday, opens=opens, closes=closes)
    for description in unread:
        report.notes.append(
            f"{label}: "
            + _("Zeitplan nicht als Öffnungszeiten lesbar, wie geliefert behalten: %(schedule)s")
            % {"schedule": description}
        )
    _translations(offer, service.get("translations") or [])
    SearchOutbox.objects.create(offer_id=offer.pk)
    report.services += 1


def _external_term(attribute: dict[str, Any], report: HsdsImportReport) -> ExternalTaxonomyTerm:
    term = attribute.get("taxonomy_term") or {}
    term_id = _uuid_or_none(attribute.get("taxonomy_term_id") or term.get("id")) or uuid.uuid5(
        hsds.NAMESPACE, f"term:{term.get('taxonomy')}:{term.get('code') or term.get('name')}"
    )
    found, created = ExternalTaxonomyTerm.objects.update_or_create(
        pk=term_id,
        defaults={
            "taxonomy": str(term.get("taxonomy") or "")[:200],
            "taxonomy_detail": term.get("taxonomy_detail") or {},
            "code": str(term.get("code") or "")[:200],
            "name": str(term.get("name") or attribute.get("label") or term_id)[:300],
            "description": str(term.get("description") or ""),
            "parent_id": str(term.get("parent_id") or "")[:100],
            "language": str(term.get("language") or "")[:20],
            "term_uri": str(term.get("term_uri") or "")[:500],
        },
    )
    report.external_terms += int(created)
    return found


def _translations(offer: Offer, translations: list[dict[str, Any]]) -> None:
    """The profile's translations, with every translated field; stamped as made from the imported German text."""
    offer.translations.all().delete()
    source = offer.source_hash()
    for translation in translations:
        if Language.objects.filter(code=translation.get("language")).exists() and translation.get("name"):
            OfferTranslation.objects.create(
                offer=offer,
                language_id=translation["language"],
                title=translation["name"][:200],
                description=translation.get("description", ""),
                schedule_note=translation.get("schedule_note", "")[:300],
                place_note=translation.get("place_note", "")[:300],
                accessibility=translation.get("accessibility", ""),
                cost_description=translation.get("cost_description", "")[:300],
                source_hash=source if translation.get("current", True) else translation.get("source_hash", ""),
                translated_at=timezone.now(),
            )
