"""Writes of the geo app: loading the shipped master data and re-importing a GV100AD file."""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.services import audit_record
from teilhabe.geo import gv100ad
from teilhabe.geo.models import Gemeinde, Kreis, Postleitzahl, Regierungsbezirk

DATA_DIR = Path(__file__).resolve().parent / "data"
KREIS_KIND_BY_TYPE = {"41": Kreis.Kind.KREISFREIE_STADT, "43": Kreis.Kind.KREIS}


@dataclass(frozen=True)
class LoadSummary:
    regierungsbezirke: int
    kreise: int
    gemeinden: int
    postleitzahlen: int
    changed: int


def _csv(name: str, data_dir: Path) -> list[dict[str, str]]:
    with (data_dir / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _geometries(name: str, key: str, data_dir: Path) -> dict[str, Any]:
    with (data_dir / name).open(encoding="utf-8") as handle:
        collection = json.load(handle)
    return {feature["properties"][key]: feature["geometry"] for feature in collection["features"]}


def _upsert(model: Any, pk: str, values: dict[str, Any], existing: dict[str, Any]) -> bool:
    """Save the row only if something differs, so a second load writes nothing (and records no history)."""
    current = existing.get(pk)
    if current is not None and all(getattr(current, k) == v for k, v in values.items()):
        return False
    obj = current or model(pk=pk)
    for k, v in values.items():
        setattr(obj, k, v)
    obj.save()
    return True


@transaction.atomic
def load_master_data(*, data_dir: Path = DATA_DIR) -> LoadSummary:
    """Load Regierungsbezirke, Kreise, Gemeinden with boundaries and the postcode table; idempotent."""
    changed = 0
    rb_shapes = _geometries("regierungsbezirke.geojson", "regbez_key", data_dir)
    kreis_shapes = _geometries("kreise.geojson", "kreis_key", data_dir)
    gemeinde_shapes = _geometries("gemeinden.geojson", "ags", data_dir)

    existing_rb = Regierungsbezirk.objects.in_bulk()
    for row in _csv("regierungsbezirke.csv", data_dir):
        changed += _upsert(
            Regierungsbezirk,
            row["regbez_key"],
            {"name": row["name"], "seat": row["seat"], "boundary": rb_shapes.get(row["regbez_key"])},
            existing_rb,
        )

    existing_kreise = Kreis.objects.in_bulk()
    for row in _csv("kreise.csv", data_dir):
        changed += _upsert(
            Kreis,
            row["kreis_key"],
            {
                "name": row["name"],
                "name_short": row["name_short"],
                "kind": KREIS_KIND_BY_TYPE[row["type_code"]],
                "seat": row["seat"],
                "regierungsbezirk_id": row["regbez_key"],
                "population": int(row["population"]),
                "population_date": dt.date.fromisoformat(row["population_date"]),
                "area_km2": Decimal(row["area_km2"]),
                "lat": float(row["label_lat"]),
                "lon": float(row["label_lon"]),
                "boundary": kreis_shapes.get(row["kreis_key"]),
            },
            existing_kreise,
        )

    existing_gemeinden = Gemeinde.objects.in_bulk()
    for row in _csv("gemeinden.csv", data_dir):
        changed += _upsert(
            Gemeinde,
            row["ags"],
            {
                "ars": row["ars"],
                "name": row["name"],
                "name_short": row["name_short"],
                "kind": row["type_code"],
                "kreis_id": row["kreis_key"],
                "population": int(row["population"]),
                "population_male": int(row["population_male"]),
                "population_date": dt.date.fromisoformat(row["population_date"]),
                "area_km2": Decimal(row["area_km2"]),
                "postal_code": row["postal_code"],
                "lat": float(row["label_lat"]),
                "lon": float(row["label_lon"]),
                "boundary": gemeinde_shapes.get(row["ags"]),
            },
            existing_gemeinden,
        )

    plz_rows = _csv("plz.csv", data_dir)
    wanted = {
        (r["postal_code"], r["place"], r["entry_type"]): (
            r["kreis_key"] or None,
            r["ags_at_point"] or None,
            float(r["lat"]),
            float(r["lon"]),
        )
        for r in plz_rows
    }
    have = {
        (p.postal_code, p.place, p.entry_type): (p.kreis_id, p.gemeinde_id, p.lat, p.lon)
        for p in Postleitzahl.objects.all()
    }
    if have != wanted:
        # Postcodes carry no history and nothing points at them: replacing the table is the simple, exact way.
        Postleitzahl.objects.all().delete()
        known_kreise = set(Kreis.objects.values_list("key", flat=True))
        known_gemeinden = set(Gemeinde.objects.values_list("ags", flat=True))
        Postleitzahl.objects.bulk_create(
            Postleitzahl(
                postal_code=plz,
                place=place,
                entry_type=entry_type,
                kreis_id=kreis if kreis in known_kreise else None,
                gemeinde_id=ags if ags in known_gemeinden else None,
                lat=lat,
                lon=lon,
            )
            for (plz, place, entry_type), (kreis, ags, lat, lon) in wanted.items()
        )
        changed += len(wanted)
    return LoadSummary(
        regierungsbezirke=Regierungsbezirk.objects.count(),
        kreise=Kreis.objects.count(),
        gemeinden=Gemeinde.objects.count(),
        postleitzahlen=Postleitzahl.objects.count(),
        changed=changed,
    )


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    skipped_other_laender: int


def import_gemeindeverzeichnis(*, path: Path, actor: User | None = None) -> ImportSummary:
    """Re-import Regierungsbezirke, Kreise and Gemeinden from a GV100AD file, upserting by key.

    Every line is parsed before anything is written; if any line is malformed a ValidationError lists every
    bad line with its number and the database stays as it was.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")
    except OSError as error:
        raise ValidationError(_("Die Datei kann nicht gelesen werden: %(error)s") % {"error": error}) from error
    result = gv100ad.parse(text.splitlines())
    if result.errors:
        raise ValidationError([str(e) for e in result.errors])
    if not result.gemeinden:
        raise ValidationError(_("Die Datei enthält keine Gemeinde in Nordrhein-Westfalen."))
    return _write_gv100ad(result, actor)


@transaction.atomic
def _write_gv100ad(result: gv100ad.ParseResult, actor: User | None) -> ImportSummary:
    created = updated = unchanged = 0
    rb_keys = {r.key for r in result.regierungsbezirke} | set(Regierungsbezirk.objects.values_list("key", flat=True))
    kreis_keys = {k.key for k in result.kreise} | set(Kreis.objects.values_list("key", flat=True))
    errors = [
        _("Kreis %(key)s: Regierungsbezirk %(rb)s fehlt in der Datei") % {"key": k.key, "rb": k.key[:3]}
        for k in result.kreise
        if k.key[:3] not in rb_keys
    ] + [
        _("Gemeinde %(ags)s: Kreis %(kreis)s fehlt in der Datei") % {"ags": g.ags, "kreis": g.ags[:5]}
        for g in result.gemeinden
        if g.ags[:5] not in kreis_keys
    ]
    if errors:
        raise ValidationError(errors)

    def count(outcome: str) -> None:
        nonlocal created, updated, unchanged
        if outcome == "created":
            created += 1
        elif outcome == "updated":
            updated += 1
        else:
            unchanged += 1

    for rb in result.regierungsbezirke:
        count(_save(Regierungsbezirk, rb.key, {"name": rb.name, "seat": rb.seat}))
    for k in result.kreise:
        count(
            _save(
                Kreis,
                k.key,
                {
                    "name": k.name,
                    "name_short": k.name.split(",")[0].strip(),
                    "seat": k.seat,
                    "kind": k.kind,
                    "regierungsbezirk_id": k.key[:3],
                },
            )
        )
    for g in result.gemeinden:
        count(
            _save(
                Gemeinde,
                g.ags,
                {
                    "name": g.name,
                    "name_short": g.name.split(",")[0].strip(),
                    "ars": g.ars,
                    "kind": g.kind,
                    "kreis_id": g.ags[:5],
                    "area_km2": g.area_km2,
                    "population": g.population,
                    "population_male": g.population_male,
                    "population_date": _population_date(g.territorial_status),
                    "postal_code": g.postal_code,
                },
            )
        )
    # GV100AD has no population on Kreis records; a Kreis is the sum of its Gemeinden.
    for kreis in Kreis.objects.filter(key__in=[k.key for k in result.kreise]):
        totals = kreis.gemeinden.aggregate(population=Sum("population"), area=Sum("area_km2"))
        dates = {g.territorial_status for g in result.gemeinden if g.ags.startswith(kreis.key)}
        values = {
            "population": totals["population"] or 0,
            "area_km2": totals["area"],
            "population_date": _population_date(max(dates)) if dates else kreis.population_date,
        }
        if any(getattr(kreis, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(kreis, field, value)
            kreis.save()
    summary = ImportSummary(created, updated, unchanged, result.skipped_other_laender)
    audit_record(
        action="geo.gemeindeverzeichnis_imported",
        actor=actor,
        data={"created": created, "updated": updated, "unchanged": unchanged},
    )
    return summary


def _population_date(territorial_status: dt.date) -> dt.date:
    """GV100AD releases carry the population of 31 December of the year before their Gebietsstand."""
    return dt.date(territorial_status.year - 1, 12, 31)


def _save(model: Any, pk: str, values: dict[str, Any]) -> str:
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        model.objects.create(pk=pk, **values)
        return "created"
    if all(getattr(obj, k) == v for k, v in values.items()):
        return "unchanged"
    for k, v in values.items():
        setattr(obj, k, v)
    obj.save()
    return "updated"
