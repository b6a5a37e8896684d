"""Writes of the geo app: loading the shipped master data and re-importing a GV100AD file.

Both upsert by the official keys and record every changed row in the models' history (simple_history's
bulk helpers, since plain bulk writes would record nothing) and one audit event per run.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from teilhabe.core.models import User
from teilhabe.core.services import audit_record
from teilhabe.geo import gv100ad
from teilhabe.geo.models import Gemeinde, Kreis, MasterDataState, Postleitzahl, Regierungsbezirk

DATA_DIR = Path(__file__).resolve().parent / "data"
#: The files `load_master_data` reads; their fingerprint decides whether a load has anything to do.
MASTER_DATA_FILES = (
    "regierungsbezirke.csv",
    "kreise.csv",
    "gemeinden.csv",
    "regierungsbezirke.geojson",
    "kreise.geojson",
    "gemeinden.geojson",
    "plz.csv",
)
#: Raise when the loader maps the files differently, so existing databases load them again.
LOADER_VERSION = "2"
MASTER_DATA_STATE = "nrw"
KREIS_KIND_BY_TYPE = {
    "41": Kreis.Kind.KREISFREIE_STADT,
    "42": Kreis.Kind.KREISFREIE_STADT,
    "43": Kreis.Kind.KREIS,
    "44": Kreis.Kind.KREIS,
    "45": Kreis.Kind.KREIS,
}

CENT = Decimal("0.01")

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class UpsertCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: UpsertCounts) -> UpsertCounts:
        return UpsertCounts(
            self.created + other.created, self.updated + other.updated, self.unchanged + other.unchanged
        )

    @property
    def changed(self) -> int:
        return self.created + self.updated


def _upsert(
    model: type[M],
    rows: dict[str, dict[str, Any]],
    *,
    user: User | None,
    reason: str,
    load_boundary: bool = False,
) -> UpsertCounts:
    """Create missing rows and update differing ones, with history; rows that already match are not touched."""
    queryset = model._default_manager.all() if load_boundary else model._default_manager.defer("boundary")
    existing = queryset.in_bulk(list(rows))
    created: list[M] = []
    updated: list[M] = []
    changed_fields: set[str] = set()
    for pk, values in rows.items():
        obj = existing.get(pk)
        if obj is None:
            created.append(model(pk=pk, **values))
            continue
        differing = [name for name, value in values.items() if getattr(obj, name) != value]
        if differing:
            for name in differing:
                setattr(obj, name, values[name])
            updated.append(obj)
            changed_fields.update(differing)
    history_user = user if user is not None and user.is_authenticated else None
    if created:
        bulk_create_with_history(created, model, default_user=history_user, default_change_reason=reason)
    if updated:
        bulk_update_with_history(
            updated, model, sorted(changed_fields), default_user=history_user, default_change_reason=reason
        )
    return UpsertCounts(len(created), len(updated), len(rows) - len(created) - len(updated))


# --- Shipped master data ----------------------------------------------------------------------


@dataclass(frozen=True)
class LoadSummary:
    regierungsbezirke: int
    kreise: int
    gemeinden: int
    postleitzahlen: int
    #: Rows created or updated (Regierungsbezirke, Kreise, Gemeinden) plus postcode rows replaced.
    changed: int
    #: True when the files were unchanged since the last load and nothing was compared.
    skipped: bool = False


def master_data_digest(data_dir: Path = DATA_DIR) -> str:
    """SHA-256 over the loader version and the names and contents of the master data files."""
    digest = hashlib.sha256(f"loader {LOADER_VERSION}\n".encode())
    for name in MASTER_DATA_FILES:
        digest.update(f"{name}\n".encode())
        digest.update((data_dir / name).read_bytes())
    return digest.hexdigest()


class _Rows:
    """Reads one shipped CSV and turns its cells into values, naming file, line and column when one is bad."""

    def __init__(self, data_dir: Path, name: str) -> None:
        self.name = name
        with (data_dir / name).open(encoding="utf-8", newline="") as handle:
            self.rows = list(csv.DictReader(handle))
        self.line = 1

    def __iter__(self) -> Iterator[dict[str, str]]:
        for line, row in enumerate(self.rows, start=2):
            self.line = line
            yield row

    def __len__(self) -> int:
        return len(self.rows)

    def value(self, row: dict[str, str], column: str, convert: Callable[[str], Any]) -> Any:
        try:
            return convert(row[column])
        except (KeyError, ValueError, InvalidOperation) as error:
            raise ValidationError(
                _("Stammdatendatei %(file)s, Zeile %(line)d, Spalte %(column)s: ungültiger Wert „%(value)s“")
                % {"file": self.name, "line": self.line, "column": column, "value": row.get(column, "")}
            ) from error


def _geometries(data_dir: Path, name: str, key: str) -> dict[str, Any]:
    with (data_dir / name).open(encoding="utf-8") as handle:
        collection = json.load(handle)
    return {feature["properties"][key]: feature["geometry"] for feature in collection["features"]}


def _figures(rows: _Rows, row: dict[str, str]) -> dict[str, Any]:
    """Population, its date, area and centroid: the columns all three CSVs share."""
    return {
        "population": rows.value(row, "population", int),
        "population_date": rows.value(row, "population_date", dt.date.fromisoformat),
        "area_km2": rows.value(row, "area_km2", Decimal),
        "lat": rows.value(row, "lat", float),
        "lon": rows.value(row, "lon", float),
    }


def _counts() -> dict[str, int]:
    return {
        "regierungsbezirke": Regierungsbezirk.objects.count(),
        "kreise": Kreis.objects.count(),
        "gemeinden": Gemeinde.objects.count(),
        "postleitzahlen": Postleitzahl.objects.count(),
    }


def _file_rows(data_dir: Path) -> dict[str, int]:
    """Rows of the CSVs, to compare with the database: a cheap guard next to the fingerprint."""
    files = {
        "regierungsbezirke": "regierungsbezirke.csv",
        "kreise": "kreise.csv",
        "gemeinden": "gemeinden.csv",
        "postleitzahlen": "plz.csv",
    }
    rows = {}
    for key, name in files.items():
        with (data_dir / name).open(encoding="utf-8", newline="") as handle:
            rows[key] = sum(1 for _row in csv.DictReader(handle))
    return rows


@transaction.atomic
def load_master_data(*, data_dir: Path = DATA_DIR, force: bool = False, actor: User | None = None) -> LoadSummary:
    """Load Regierungsbezirke, Kreise, Gemeinden with boundaries and the postcode table from ``data_dir``.

    Idempotent: rows that match are not written, so a second run records no history. When the files are the
    same as at the last load (their SHA-256 is kept in MasterDataState) nothing is compared at all, which
    also keeps a newer Gemeindeverzeichnis imported since; ``force`` compares and repairs every row.
    """
    digest = master_data_digest(data_dir)
    state = MasterDataState.objects.filter(name=MASTER_DATA_STATE).first()
    if not force and state is not None and state.digest == digest:
        in_database = _counts()
        if in_database == _file_rows(data_dir):
            return LoadSummary(**in_database, changed=0, skipped=True)

    reason = _("Stammdaten NRW geladen")
    boundaries = {
        Regierungsbezirk: _geometries(data_dir, "regierungsbezirke.geojson", "regbez_key"),
        Kreis: _geometries(data_dir, "kreise.geojson", "kreis_key"),
        Gemeinde: _geometries(data_dir, "gemeinden.geojson", "ags"),
    }

    rows = _Rows(data_dir, "regierungsbezirke.csv")
    regierungsbezirke = {
        row["regbez_key"]: {
            "name": row["name"],
            "seat": row["seat"],
            **_figures(rows, row),
            "boundary": boundaries[Regierungsbezirk].get(row["regbez_key"]),
        }
        for row in rows
    }
    rows = _Rows(data_dir, "kreise.csv")
    kreise = {
        row["kreis_key"]: {
            "name": row["name"],
            "name_short": row["name_short"],
            "kind": rows.value(row, "type_code", KREIS_KIND_BY_TYPE.__getitem__),
            "seat": row["seat"],
            "regierungsbezirk_id": row["regbez_key"],
            **_figures(rows, row),
            "label_lat": rows.value(row, "label_lat", float),
            "label_lon": rows.value(row, "label_lon", float),
            "boundary": boundaries[Kreis].get(row["kreis_key"]),
        }
        for row in rows
    }
    rows = _Rows(data_dir, "gemeinden.csv")
    gemeinden = {
        row["ags"]: {
            "ars": row["ars"],
            "name": row["name"],
            "name_short": row["name_short"],
            "kind": rows.value(row, "type_code", Gemeinde.Kind),
            "kreis_id": row["kreis_key"],
            **_figures(rows, row),
            "population_male": rows.value(row, "population_male", int),
            "postal_code": row["postal_code"],
            "label_lat": rows.value(row, "label_lat", float),
            "label_lon": rows.value(row, "label_lon", float),
            "boundary": boundaries[Gemeinde].get(row["ags"]),
        }
        for row in rows
    }
    orphans = sorted(ags for ags, values in gemeinden.items() if values["kreis_id"] not in kreise)
    orphans += sorted(key for key, values in kreise.items() if values["regierungsbezirk_id"] not in regierungsbezirke)
    if orphans:
        raise ValidationError(_("Stammdaten ohne übergeordnetes Gebiet: %(keys)s") % {"keys": ", ".join(orphans)})

    counts = _upsert(Regierungsbezirk, regierungsbezirke, user=actor, reason=reason, load_boundary=True)
    counts += _upsert(Kreis, kreise, user=actor, reason=reason, load_boundary=True)
    counts += _upsert(Gemeinde, gemeinden, user=actor, reason=reason, load_boundary=True)
    postcodes_replaced = _replace_postcodes(_Rows(data_dir, "plz.csv"), set(kreise), set(gemeinden))

    MasterDataState.objects.update_or_create(
        name=MASTER_DATA_STATE, defaults={"digest": digest, "loaded_at": timezone.now()}
    )
    changed = counts.changed + postcodes_replaced
    if changed:
        audit_record(
            action="geo.master_data_loaded",
            actor=actor,
            data={
                "created": counts.created,
                "updated": counts.updated,
                "postcodes_replaced": postcodes_replaced,
                "digest": digest,
            },
        )
    return LoadSummary(**_counts(), changed=changed, skipped=False)


def _replace_postcodes(rows: _Rows, kreise: set[str], gemeinden: set[str]) -> int:
    """Make the postcode table equal to the file; returns the number of rows written (0 if it already was).

    Postcodes carry no history and nothing outside geo points at them: replacing the table is the simple,
    exact way to follow a file in which places appear, vanish or move.
    """
    wanted = {
        (row["postal_code"], row["place"], rows.value(row, "entry_type", Postleitzahl.EntryType)): (
            row["kreis_key"] if row["kreis_key"] in kreise else None,
            row["ags_at_point"] if row["ags_at_point"] in gemeinden else None,
            rows.value(row, "lat", float),
            rows.value(row, "lon", float),
        )
        for row in rows
    }
    have = {
        (p.postal_code, p.place, p.entry_type): (p.kreis_id, p.gemeinde_id, p.lat, p.lon)
        for p in Postleitzahl.objects.all()
    }
    if have == wanted:
        return 0
    Postleitzahl.objects.all().delete()
    Postleitzahl.objects.bulk_create(
        Postleitzahl(
            postal_code=plz, place=place, entry_type=entry_type, kreis_id=kreis, gemeinde_id=ags, lat=lat, lon=lon
        )
        for (plz, place, entry_type), (kreis, ags, lat, lon) in wanted.items()
    )
    return len(wanted)


# --- Gemeindeverzeichnis GV100AD --------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    territorial_status: dt.date
    population_date: dt.date
    regierungsbezirke: UpsertCounts
    kreise: UpsertCounts
    gemeinden: UpsertCounts
    skipped_other_laender: int
    #: Gemeinden in the database that the file does not name (kept: other data may point at them).
    missing_in_file: list[str] = field(default_factory=list)

    @property
    def total(self) -> UpsertCounts:
        return self.regierungsbezirke + self.kreise + self.gemeinden


def default_population_date(territorial_status: dt.date) -> dt.date:
    """Population date of a GV100AD release: 31 December of the year before its Gebietsstand.

    Destatis publishes the population about ten months after the reference date, so the release of
    Gebietsstand 30.11.2025 carries the population of 31.12.2024 (as its Hinweise.txt says).
    """
    return dt.date(territorial_status.year - 1, 12, 31)


def import_gemeindeverzeichnis(
    *, path: Path, actor: User | None = None, population_date: dt.date | None = None
) -> ImportSummary:
    """Re-import Regierungsbezirke, Kreise and Gemeinden of NRW from a GV100AD file, upserting by key.

    Every line is parsed before anything is written. If any line is malformed, a ValidationError lists every
    bad line with its number and the database stays as it was. ``actor`` None means the system (command line).
    """
    if actor is not None and not actor.has_perm("geo.import_gemeindeverzeichnis"):
        raise PermissionDenied(_("Nur der Betrieb darf das Gemeindeverzeichnis einspielen."))
    try:
        text = gv100ad.decode(path.read_bytes())
    except OSError as error:
        raise ValidationError(
            _("Die Datei %(path)s kann nicht gelesen werden: %(error)s") % {"path": path, "error": error.strerror}
        ) from error
    result = gv100ad.parse(text.split("\n"))
    if result.errors:
        raise ValidationError([str(error) for error in result.errors])
    if not result.gemeinden or result.territorial_status is None:
        raise ValidationError(_("Die Datei enthält keine Gemeinde in Nordrhein-Westfalen (Land 05)."))
    return _write_gemeindeverzeichnis(
        result=result,
        territorial_status=result.territorial_status,
        population_date=population_date or default_population_date(result.territorial_status),
        actor=actor,
    )


@transaction.atomic
def _write_gemeindeverzeichnis(
    *, result: gv100ad.ParseResult, territorial_status: dt.date, population_date: dt.date, actor: User | None
) -> ImportSummary:
    rb_keys = {r.key for r in result.regierungsbezirke} | set(Regierungsbezirk.objects.values_list("key", flat=True))
    kreis_keys = {k.key for k in result.kreise} | set(Kreis.objects.values_list("key", flat=True))
    errors = [
        str(
            gv100ad.LineError(
                k.line,
                _("Regierungsbezirk %(rb)s des Kreises %(key)s steht weder in der Datei noch in der Datenbank")
                % {"key": k.key, "rb": k.key[:3]},
            )
        )
        for k in result.kreise
        if k.key[:3] not in rb_keys
    ] + [
        str(
            gv100ad.LineError(
                g.line,
                _("Kreis %(kreis)s der Gemeinde %(ags)s steht weder in der Datei noch in der Datenbank")
                % {"ags": g.ags, "kreis": g.kreis_key},
            )
        )
        for g in result.gemeinden
        if g.kreis_key not in kreis_keys
    ]
    if errors:
        raise ValidationError(errors)

    reason = _("Gemeindeverzeichnis GV100AD, Gebietsstand %(date)s") % {"date": territorial_status.isoformat()}
    rb_counts = _upsert(
        Regierungsbezirk,
        {r.key: {"name": r.name, "seat": r.seat} for r in result.regierungsbezirke},
        user=actor,
        reason=reason,
    )
    kreis_counts = _upsert(
        Kreis,
        {
            k.key: {
                "name": k.name,
                "name_short": _short_name(k.name),
                "seat": k.seat,
                "kind": KREIS_KIND_BY_TYPE[k.type_code],
                "regierungsbezirk_id": k.key[:3],
            }
            for k in result.kreise
        },
        user=actor,
        reason=reason,
    )
    gemeinde_counts = _upsert(
        Gemeinde,
        {
            g.ags: {
                "ars": g.ars,
                "name": g.name,
                "name_short": _short_name(g.name),
                "kind": g.type_code,
                "kreis_id": g.kreis_key,
                "area_km2": g.area_km2,
                "population": g.population,
                "population_male": g.population_male,
                "population_date": population_date,
                "postal_code": g.postal_code,
            }
            for g in result.gemeinden
        },
        user=actor,
        reason=reason,
    )
    # GV100AD has no figures on Kreis and Regierungsbezirk records: they are the sums of their Gemeinden,
    # which is exact because all of NRW's area lies in Gemeinden.
    _update_sums(Kreis, "kreis_id", user=actor, reason=reason)
    _update_sums(Regierungsbezirk, "kreis__regierungsbezirk_id", user=actor, reason=reason)

    file_ags = {g.ags for g in result.gemeinden}
    missing = sorted(set(Gemeinde.objects.values_list("ags", flat=True)) - file_ags)
    summary = ImportSummary(
        territorial_status=territorial_status,
        population_date=population_date,
        regierungsbezirke=rb_counts,
        kreise=kreis_counts,
        gemeinden=gemeinde_counts,
        skipped_other_laender=result.skipped_other_laender,
        missing_in_file=missing,
    )
    audit_record(
        action="geo.gemeindeverzeichnis_imported",
        actor=actor,
        data={
            "territorial_status": territorial_status.isoformat(),
            "population_date": population_date.isoformat(),
            "created": summary.total.created,
            "updated": summary.total.updated,
            "unchanged": summary.total.unchanged,
            "skipped_other_laender": result.skipped_other_laender,
            "missing_in_file": missing,
        },
    )
    return summary


def _short_name(name: str) -> str:
    """The name before the first comma, e.g. Köln for "Köln, Stadt" (the rule of the shipped CSVs)."""
    return name.split(",", maxsplit=1)[0].strip()


def _update_sums(model: type[M], group_by: str, *, user: User | None, reason: str) -> UpsertCounts:
    """Set population, its date and the area of Kreise or Regierungsbezirke to the sums of their Gemeinden."""
    sums: Iterable[dict[str, Any]] = (
        Gemeinde.objects.values(group_by)
        .annotate(total=Sum("population"), area=Sum("area_km2"), date=models.Max("population_date"))
        .order_by(group_by)
    )
    return _upsert(
        model,
        {
            row[group_by]: {
                "population": row["total"] or 0,
                # SQLite sums decimals as floats: round back to the field's two places before comparing.
                "area_km2": Decimal(row["area"]).quantize(CENT) if row["area"] is not None else None,
                "population_date": row["date"],
            }
            for row in sums
        },
        user=user,
        reason=reason,
    )
