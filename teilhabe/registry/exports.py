"""Export of registry lists as CSV and XLSX (the same columns in both, the list's filters applied).

Rows come from the list selectors, which load every relation up front; exports never contain contact persons'
personal data (that is the GDPR export's job, per person).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

from teilhabe.core.exports import csv_response, xlsx_response
from teilhabe.registry.models import Offer, Organisation, Structure

OFFER_COLUMNS = [
    "id",
    "titel",
    "organisation",
    "status",
    "themen",
    "zielgruppen",
    "sprachen",
    "plz",
    "ort",
    "ags",
    "email",
    "telefon",
    "kostenlos",
    "zuletzt_geprueft",
]
ORGANISATION_COLUMNS = [
    "id",
    "name",
    "art",
    "spitzenverband",
    "status",
    "ags",
    "sitz",
    "plz",
    "ort",
    "email",
    "telefon",
    "website",
    "sprachen",
    "zuletzt_geprueft",
]
STRUCTURE_COLUMNS = ["id", "bezeichnung", "art", "status", "kreis", "gemeinde", "ags", "email", "telefon", "website"]


def offer_rows(offers: Iterable[Offer]) -> Iterable[list[Any]]:
    for o in offers:
        location = next(iter(o.locations.all()), None)
        yield [
            str(o.pk),
            o.title,
            o.organisation.name,
            o.get_status_display(),
            ", ".join(t.name for t in o.topics.all()),
            ", ".join(g.name for g in o.target_groups.all()),
            ", ".join(lang.code for lang in o.languages.all()),
            location.postal_code if location else "",
            location.city if location else "",
            o.ags,
            o.email,
            o.phone,
            "ja" if o.is_free else "nein",
            o.verified_at.date().isoformat() if o.verified_at else "",
        ]


def organisation_rows(organisations: Iterable[Organisation]) -> Iterable[list[Any]]:
    for org in organisations:
        yield [
            str(org.pk),
            org.name,
            org.get_kind_display(),
            org.get_spitzenverband_display(),
            org.get_status_display(),
            org.gemeinde_id,
            org.gemeinde.name_short,
            org.postal_code,
            org.city,
            org.email,
            org.phone,
            org.website,
            ", ".join(lang.code for lang in org.languages.all()),
            org.verified_at.date().isoformat() if org.verified_at else "",
        ]


def structure_rows(structures: Iterable[Structure]) -> Iterable[list[Any]]:
    for s in structures:
        yield [
            str(s.pk),
            s.name,
            s.get_kind_display(),
            s.get_status_display(),
            s.kreis.name_short if s.kreis else "",
            s.gemeinde.name_short if s.gemeinde else "",
            s.ags,
            s.email,
            s.phone,
            s.website,
        ]


def as_csv(columns: list[str], rows: Iterable[list[Any]], filename: str) -> HttpResponse:
    return csv_response([columns, *rows], f"{filename}.csv")


def as_xlsx(columns: list[str], rows: Iterable[list[Any]], filename: str) -> HttpResponse:
    return xlsx_response([(filename, [columns, *rows])], f"{filename}.xlsx")
