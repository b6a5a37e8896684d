"""Import an Open Referral HSDS dataset (JSON: a list of fully nested services) into one Kreis's scope.

Every service is validated against the official schema and mapped before anything is written; then all of it is
written in one transaction, or nothing. Ids are kept, so importing an export again updates the same offers.
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

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.services import audit_record
from teilhabe.geo.models import Gemeinde, Kreis
from teilhabe.registry import hsds, hsds_tabular
from teilhabe.registry.geocoding import locate
from teilhabe.registry.models import (
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
)

WEEKDAY = {code: index for index, code in enumerate(hsds.WEEKDAYS)}


@dataclass
class HsdsImportReport:
    services: int = 0
    organisations_created: int = 0
    errors: list[str] = field(default_factory=list)


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


def _check(service: dict[str, Any], number: int, kreis: Kreis, report: HsdsImportReport) -> dict[str, Any] | None:  # noqa: PLR0912
    label = _("Service %(n)d (%(name)s)") % {"n": number, "name": service.get("name", "?")}
    errors = [f"{label}: {e}" for e in hsds.validation_errors("service", service)]
    org = service.get("organization") or {}
    if not org.get("id"):
        errors.append(f"{label}: " + _("verschachtelte organization fehlt"))
    places = []
    for sal in service.get("service_at_locations", []):
        location = sal.get("location") or {}
        address = (location.get("addresses") or [{}])[0]
        if not all(isinstance(location.get(k), int | float | None) for k in ("latitude", "longitude")):
            continue  # the schema check above already names the malformed coordinate
        try:
            place = locate(
                postal_code=str(address.get("postal_code", "")),
                lat=location.get("latitude"),
                lon=location.get("longitude"),
            )
        except ValidationError as error:
            errors.append(f"{label}: " + "; ".join(error.messages))
            continue
        if place.gemeinde.kreis_id != kreis.key:
            errors.append(
                f"{label}: "
                + _("Ort %(plz)s liegt nicht in %(kreis)s")
                % {"plz": address.get("postal_code"), "kreis": kreis.name_short}
            )
        places.append((location, address, place))
    topics, groups = [], []
    for attribute in service.get("attributes", []):
        term = attribute.get("taxonomy_term") or {}
        if not (attribute.get("taxonomy_term_id") or term):
            continue
        term_id = _uuid_or_none(attribute.get("taxonomy_term_id") or term.get("id"))
        code = str(term.get("code") or "")
        found = (Topic.objects.filter(pk=term_id).first() if term_id else None) or Topic.objects.filter(
            key=code
        ).first()
        if found is not None:
            topics.append(found)
            continue
        group = (TargetGroup.objects.filter(pk=term_id).first() if term_id else None) or TargetGroup.objects.filter(
            key=code
        ).first()
        if group is None:
            errors.append(f"{label}: " + _("unbekannter Taxonomie-Begriff %(code)s") % {"code": code or term_id})
        else:
            groups.append(group)
    if not topics:
        errors.append(f"{label}: " + _("mindestens ein Thema (Taxonomie-Begriff) nötig"))
    languages = []
    for language in service.get("languages", []):
        found_language = Language.objects.filter(code=language.get("code")).first()
        if found_language is None:
            errors.append(f"{label}: " + _("unbekannte Sprache %(code)s") % {"code": language.get("code")})
        else:
            languages.append(found_language)
    if errors:
        report.errors.extend(errors)
        return None
    return {
        "service": service,
        "org": org,
        "places": places,
        "topics": topics,
        "groups": groups,
        "languages": languages,
    }


def import_hsds(*, path: Path, kreis_key: str, actor: User | None = None) -> HsdsImportReport:
    kreis = Kreis.objects.filter(key=kreis_key).first()
    if kreis is None:
        raise ValidationError(_("Unbekannter Kreis %(key)s.") % {"key": kreis_key})
    services_data = load_services(path)
    report = HsdsImportReport()
    checked = [_check(s, n, kreis, report) for n, s in enumerate(services_data, start=1)]
    if report.errors:
        raise ValidationError(report.errors)
    fallback = Gemeinde.objects.filter(kreis=kreis).order_by("-population").first()
    with transaction.atomic():
        for item in checked:
            assert item is not None and fallback is not None
            _write(item, fallback, report)
        audit_record(
            action="registry.hsds_imported",
            actor=actor,
            data={"kreis": kreis.key, "services": report.services, "file": path.name},
        )
    return report


def _write(item: dict[str, Any], fallback: Gemeinde, report: HsdsImportReport) -> None:  # noqa: PLR0915
    service, org_data, places = item["service"], item["org"], item["places"]
    org_id = uuid.UUID(org_data["id"])
    organisation = Organisation.objects.filter(pk=org_id).first()
    phones = org_data.get("phones") or [{}]
    kind = next(
        (a.get("value") for a in org_data.get("attributes", []) if a.get("link_type") == "organization_kind"),
        Organisation.Kind.SONSTIGE,
    )
    if organisation is None:
        organisation = Organisation(pk=org_id, status=Status.PUBLISHED, verified_at=timezone.now())
        report.organisations_created += 1
    organisation.name = org_data["name"]
    organisation.description = (
        "" if org_data.get("description") == org_data["name"] else org_data.get("description", "")
    )
    organisation.kind = kind if kind in Organisation.Kind.values else Organisation.Kind.SONSTIGE
    organisation.email = org_data.get("email", "")
    organisation.website = org_data.get("website", "")
    organisation.phone = phones[0].get("number", "")
    if not organisation.gemeinde_id:
        organisation.gemeinde = places[0][2].gemeinde if places else fallback
    organisation.full_clean(exclude=["gemeinden", "languages"])
    organisation.save()

    offer_id = uuid.UUID(service["id"])
    offer = Offer.objects.filter(pk=offer_id).first() or Offer(pk=offer_id)
    offer.organisation = organisation
    offer.title = service["name"]
    offer.description = service.get("description", "")
    offer.email = service.get("email", "")
    offer.website = service.get("url", "")
    offer.phone = (service.get("phones") or [{}])[0].get("number", "")
    fees = service.get("fees_description", "")
    offer.is_free = fees in ("", "kostenlos")
    offer.cost_description = "" if offer.is_free or fees == "kostenpflichtig" else fees
    offer.accessibility = next(
        (a.get("value", "") for a in service.get("attributes", []) if a.get("link_type") == "accessibility"), ""
    )
    schedules = service.get("schedules", [])
    offer.schedule_note = next((s.get("notes", "") for s in schedules if s.get("notes")), "")
    valid_from = next((s.get("valid_from") for s in schedules if s.get("valid_from")), None)
    valid_to = next((s.get("valid_to") for s in schedules if s.get("valid_to")), None)
    offer.valid_from = dt.date.fromisoformat(valid_from) if valid_from else None
    offer.valid_until = dt.date.fromisoformat(valid_to) if valid_to else None
    offer.ags = places[0][2].gemeinde.ags if places else organisation.gemeinde_id
    offer.status = Status.PUBLISHED
    offer.verified_at = offer.published_at = timezone.now()
    offer.full_clean(exclude=["topics", "target_groups", "languages", "verified_by", "contact"])
    offer.save()
    offer.topics.set(item["topics"])
    offer.target_groups.set(item["groups"])
    offer.languages.set(item["languages"])
    offer.locations.all().delete()
    for location, address, place in places:
        Location.objects.create(
            pk=uuid.UUID(location["id"]),
            offer=offer,
            name=location.get("name", ""),
            street="" if address.get("address_1") == address.get("city") else address.get("address_1", ""),
            postal_code=str(address.get("postal_code", "")),
            city=address.get("city", ""),
            gemeinde=place.gemeinde,
            lat=place.lat,
            lon=place.lon,
            geocoded=place.geocoded,
        )
    offer.opening_hours.all().delete()
    for schedule in schedules:
        if schedule.get("byday") in WEEKDAY and schedule.get("opens_at") and schedule.get("closes_at"):
            OpeningHours.objects.create(
                pk=uuid.UUID(schedule["id"]),
                offer=offer,
                weekday=WEEKDAY[schedule["byday"]],
                opens=dt.time.fromisoformat(schedule["opens_at"]),
                closes=dt.time.fromisoformat(schedule["closes_at"]),
            )
    offer.translations.all().delete()
    for translation in service.get("translations", []):
        if Language.objects.filter(code=translation.get("language")).exists() and translation.get("name"):
            OfferTranslation.objects.create(
                offer=offer,
                language_id=translation["language"],
                title=translation["name"],
                description=translation.get("description", ""),
            )
    SearchOutbox.objects.create(offer_id=offer.pk)
    report.services += 1
