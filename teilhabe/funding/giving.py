"""360Giving Data Standard 1.4 export of decided grants (schemas in ./schema, see schema/README.md).

What is published: every application that was approved in full or in part (status decided and later), never
drafts, applications still in process, rejections or withdrawn ones. No personal data: no names or e-mail
addresses of staff or contact persons, no postal address of the applicant; the recipients are public bodies
and registered organisations, named as they are in the registry.

Identifiers (360Giving identifier guidance: the publisher's 360Giving prefix, then its own record ids, where no
registered organisation identifier exists):

- grant: ``360G-teilhabe-nrw-<Aktenzeichen>``;
- recipient Kreis, kreisfreie Stadt or Gemeinde: ``360G-teilhabe-nrw-ags-<AGS>`` (the 8-digit Amtlicher
  Gemeindeschlüssel; a Kreis as <Kreisschlüssel>000). org-id.guide lists no register for German local
  authorities, so the AGS is carried under the publisher's prefix;
- recipient organisation with a registered identifier (Vereinsregister, Handelsregister): its org-id.guide
  identifier (``DE-CR-RA000280-VR12345``, ``Organisation.org_id``); otherwise ``360G-teilhabe-nrw-org-<registry UUID>``;
- funder: ``360G-teilhabe-nrw-funder-<slug of the granting authority>``, the authority that decided the grant
  (teilhabe.funding.authorities: the programme's central authority or the applicant's Bezirksregierung).

Recipients carry their postal code (the organisation's, or that of the seat of the Gemeinde or Kreis) and a
location; locations carry the Gemeinde or Kreis name with geoCode = AGS, geoCodeType ``GEO_CODE_TYPE`` ("AGS",
the Amtlicher Gemeindeschlüssel: the 360Giving codelist knows only UK geographies, and the field takes any
string) and countryCode DE. The prefix "360G-teilhabe-nrw" is not yet
registered with 360Giving: that is a step for the operator before the data is published to GrantNav.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from teilhabe.funding.authorities import authority_of
from teilhabe.funding.calculations import ZERO
from teilhabe.funding.models import ApplicantKind, Application, ApplicationStatus, Decision
from teilhabe.geo.models import Gemeinde, Kreis

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
GRANT_SCHEMA = "360-giving-schema.json"
PACKAGE_SCHEMA = "360-giving-package-schema.json"
#: The package schema refers to the grant schema of 1.4.2 by this address; it resolves to the local copy.
GRANT_SCHEMA_REMOTE = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json"
VERSION = "1.4"
PREFIX = "360G-teilhabe-nrw"
DEFAULT_BASE_URL = "https://teilhabe.nrw/"
LICENSE = "https://www.govdata.de/dl-de/by-2-0"
PUBLISHER = "Teilhabe NRW – Integrationsplattform des Landes Nordrhein-Westfalen"
#: geoCodeType of an Amtlicher Gemeindeschlüssel.
GEO_CODE_TYPE = "AGS"

S = ApplicationStatus
DECIDED = [
    S.DECIDED,
    S.NOTICE_ISSUED,
    S.FINAL,
    S.RUNNING,
    S.PROOF_SUBMITTED,
    S.PROOF_CHECKED,
    S.CLOSED,
]


def decided_applications() -> QuerySet[Application]:
    """Grants that have been awarded: decided or later, never a rejection."""
    return (
        Application.objects.filter(status__in=DECIDED)
        .exclude(decision=Decision.REJECT)
        .select_related("programme", "organisation")
        .prefetch_related("grant_years", "cost_lines", "financing_lines")
        .order_by("reference")
    )


# --- places ------------------------------------------------------------------------------------------------------


def area_name(ags: str) -> str:
    """The short name of the Gemeinde, or of the Kreis for a Kreis key (<key>000)."""
    gemeinde = Gemeinde.objects.filter(ags=ags).only("name_short").first()
    if gemeinde is not None:
        return gemeinde.name_short
    kreis = Kreis.objects.filter(key=ags[:5]).only("name_short").first()
    return kreis.name_short if kreis is not None else ags


def _number(value: Decimal) -> int | float:
    """JSON number for an amount in EUR: whole euros as integers, cents as a two-place float."""
    value = value.quantize(Decimal("0.01"))
    return int(value) if value == value.to_integral_value() else float(value)


def _moment(value: datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _months(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def recipient_id(application: Application) -> str:
    if application.applicant_kind == ApplicantKind.ORGANISATION and application.organisation_id:
        organisation = application.organisation
        return (organisation.org_id if organisation else "") or f"{PREFIX}-org-{application.organisation_id}"
    return f"{PREFIX}-ags-{application.ags}"


def funder_id(authority: str) -> str:
    return f"{PREFIX}-funder-{slugify(authority.replace('ß', 'ss'))}"


def grant(
    application: Application,
    *,
    data_source: str = "",
    names: dict[str, str] | None = None,
    postcodes: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One 360Giving grant object for a decided application (no personal data)."""
    programme = application.programme
    grant_years = list(application.grant_years.all())
    awarded = sum((g.granted for g in grant_years), ZERO)
    disbursed = sum((g.paid for g in grant_years), ZERO)
    applied_for = sum((f.amount for f in application.financing_lines.all() if f.source == "grant"), ZERO)
    place = (names or {}).get(application.ags) or area_name(application.ags)
    recipient: dict[str, Any] = {"id": recipient_id(application), "name": application.applicant_name}
    if application.applicant_kind != ApplicantKind.ORGANISATION:
        recipient["addressLocality"] = place
    organisation = application.organisation if application.applicant_kind == ApplicantKind.ORGANISATION else None
    postal_code = (organisation.postal_code if organisation else "") or (postcodes or {}).get(application.ags, "")
    if postal_code:
        recipient["postalCode"] = postal_code
    recipient["addressCountry"] = "DE"
    location = {"name": place, "geoCode": application.ags, "geoCodeType": GEO_CODE_TYPE, "countryCode": "DE"}
    recipient["location"] = [location]
    modified = _moment(application.updated_at)
    funder = authority_of(application).name
    data: dict[str, Any] = {
        "id": f"{PREFIX}-{application.reference}",
        "title": application.title,
        "description": application.goals or application.title,
        "currency": "EUR",
        "amountAwarded": _number(awarded),
        "amountAppliedFor": _number(applied_for),
        "amountDisbursed": _number(disbursed),
        "awardDate": _moment(application.decided_at) if application.decided_at else _moment(application.updated_at),
        "plannedDates": [
            {
                "startDate": application.starts_on.isoformat(),
                "endDate": application.ends_on.isoformat(),
                "duration": _months(application.starts_on, application.ends_on),
            }
        ],
        "recipientOrganization": [recipient],
        "fundingOrganization": [{"id": funder_id(funder), "name": funder}],
        "grantProgramme": [{"code": programme.key, "title": programme.name}],
        "fromOpenCall": "Yes",
        "beneficiaryLocation": [location],
        "classifications": [
            {
                "vocabulary": f"{PREFIX}-finanzierungsart",
                "code": programme.financing_type,
                "title": programme.get_financing_type_display(),
            },
            {
                "vocabulary": f"{PREFIX}-antragsteller",
                "code": application.applicant_kind,
                "title": application.get_applicant_kind_display(),
            },
        ],
        "dateModified": modified,
    }
    if data_source:
        data["dataSource"] = data_source
    return data


def area_names(applications: Iterable[Application]) -> dict[str, str]:
    """Area names of all applicants in two queries."""
    codes = {a.ags for a in applications}
    names = {k.ags: k.name_short for k in Kreis.objects.filter(key__in={c[:5] for c in codes})}
    names.update(dict(Gemeinde.objects.filter(ags__in=codes).values_list("ags", "name_short")))
    return names


def area_postcodes(applications: Iterable[Application]) -> dict[str, str]:
    """AGS -> postal code of the seat of the Gemeinde (a Kreis: of its most populous Gemeinde), in one query."""
    codes = {a.ags for a in applications}
    found: dict[str, str] = {}
    for ags, kreis, postal_code in (
        Gemeinde.objects.filter(kreis_id__in={c[:5] for c in codes})
        .order_by("population")
        .values_list("ags", "kreis_id", "postal_code")
    ):
        if postal_code:
            found[ags] = postal_code
            found[f"{kreis}000"] = postal_code  # the most populous comes last and wins
    return {code: found[code] for code in codes if code in found}


def download_url(base_url: str = DEFAULT_BASE_URL) -> str:
    return base_url.rstrip("/") + "/opendata/360giving.json"


def package(applications: Iterable[Application], *, base_url: str = DEFAULT_BASE_URL) -> dict[str, Any]:
    """The package (file) with its metadata around the grants."""
    applications = list(applications)
    source = download_url(base_url)
    names = area_names(applications)
    postcodes = area_postcodes(applications)
    now = timezone.localtime().replace(microsecond=0)
    return {
        "version": VERSION,
        "title": "Zuwendungen des Landes Nordrhein-Westfalen für Integration (Teilhabe NRW)",
        "description": (
            "Bewilligte Zuwendungen der Förderprogramme für Integration und Teilhabe in Nordrhein-Westfalen, "
            "ab der Bewilligung; ohne Anträge in Bearbeitung, Ablehnungen und zurückgezogene Anträge."
        ),
        "identifier": f"{PREFIX}-{now.date().isoformat()}",
        "issued": now.date().isoformat(),
        "modified": now.isoformat(),
        "publisher": {"name": PUBLISHER, "identifier": PREFIX, "website": base_url},
        "downloadURL": source,
        "license": LICENSE,
        "grants": [grant(a, data_source=source, names=names, postcodes=postcodes) for a in applications],
    }


# --- validation --------------------------------------------------------------------------------------------------

_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time")
def _is_date_time(value: object) -> bool:
    """RFC 3339 date-time (jsonschema checks it only with an optional package, which we do not need)."""
    if not isinstance(value, str):
        return True
    if not _RFC3339.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and (parts.netloc or parts.path)) and not any(c.isspace() for c in value)


def _schema(name: str) -> dict[str, Any]:
    return dict(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")))


@cache
def _validator() -> Draft202012Validator:
    from referencing.jsonschema import DRAFT202012

    # The files declare "$schema" with http://, which referencing does not detect: create the resources as 2020-12.
    grant_resource: Resource[Any] = DRAFT202012.create_resource(_schema(GRANT_SCHEMA))
    package_schema = _schema(PACKAGE_SCHEMA)
    registry: Registry[Any] = Registry().with_resources(
        [
            (GRANT_SCHEMA_REMOTE, grant_resource),
            (str(_schema(GRANT_SCHEMA)["$id"]), grant_resource),
            (str(package_schema["$id"]), DRAFT202012.create_resource(package_schema)),
        ]
    )
    return Draft202012Validator(package_schema, registry=registry, format_checker=FORMATS)


def validate(data: dict[str, Any]) -> list[str]:
    """Messages for every place where ``data`` (a package) breaks the official 360Giving schemas, with the path."""
    errors = []
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        where = "/".join(str(p) for p in error.absolute_path) or "(package)"
        detail = error.message
        if error.context:  # oneOf/anyOf: say which branch failed why
            detail += " – " + "; ".join(sorted({e.message for e in error.context}))
        errors.append(f"{where}: {detail}")
    return errors


def export_json(applications: Iterable[Application] | None = None, *, base_url: str = DEFAULT_BASE_URL) -> str:
    data = package(decided_applications() if applications is None else applications, base_url=base_url)
    return json.dumps(data, ensure_ascii=False, indent=1)
