"""The published registry as an HSDS 3.1 tabular data package: one CSV per object plus datapackage.json.

Columns and file names come from the official datapackage.json (shipped in hsds_schema/); the rows are the
nested JSON export flattened, so both forms always carry the same data.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from teilhabe.registry import hsds
from teilhabe.registry.models import TargetGroup, Topic

PACKAGE = json.loads((hsds.SCHEMA_DIR / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}


def tables(services: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in RESOURCES}

    def put(name: str, row: dict[str, Any]) -> None:
        rows[name].setdefault(row["id"], row)

    for service in services:
        org = service["organization"]
        put("organization", org)
        for phone in org.get("phones", []):
            put("phone", phone)
        for attribute in org.get("attributes", []):
            put("attribute", attribute)
        put("service", {**service, "organization_id": org["id"]})
        for phone in service.get("phones", []):
            put("phone", phone)
        for schedule in service.get("schedules", []):
            put("schedule", schedule)
        for language in service.get("languages", []):
            put("language", language)
        for attribute in service.get("attributes", []):
            put("attribute", {k: v for k, v in attribute.items() if k != "taxonomy_term"})
        for sal in service.get("service_at_locations", []):
            location = sal["location"]
            put("service_at_location", sal)
            put("location", {**location, "organization_id": org["id"]})
            for address in location.get("addresses", []):
                put("address", address)
    for taxonomy in hsds.taxonomies():
        put("taxonomy", taxonomy)
    terms: list[Topic | TargetGroup] = [*Topic.objects.filter(is_active=True)]
    terms += TargetGroup.objects.filter(is_active=True)
    for term in terms:
        put("taxonomy_term", hsds.taxonomy_term(term))
    return {name: list(found.values()) for name, found in rows.items()}


def _csv(resource: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    fields = [f["name"] for f in resource["schema"]["fields"]]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in fields})
    return buffer.getvalue()


def files(services: Iterable[dict[str, Any]]) -> dict[str, str]:
    """File name -> content of the whole package."""
    data = tables(services)
    package = {**PACKAGE, "name": "teilhabe-nrw-hsds", "title": "Teilhabe NRW – Register der Angebote (HSDS 3.1)"}
    out = {r["path"]: _csv(r, data.get(r["name"], [])) for r in PACKAGE["resources"]}
    out["datapackage.json"] = json.dumps(package, ensure_ascii=False, indent=2)
    return out


def write_folder(folder: Path, services: Iterable[dict[str, Any]]) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    written = files(services)
    for name, content in written.items():
        (folder / name).write_text(content, encoding="utf-8")
    return len(written)


def zip_bytes(services: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files(services).items():
            archive.writestr(name, content)
    return buffer.getvalue()
