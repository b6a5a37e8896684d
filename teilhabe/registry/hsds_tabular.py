"""The published registry as an HSDS 3.1 tabular data package: one CSV per object plus datapackage.json.

Columns and file names come from the official datapackage.json (shipped in hsds_schema/); the rows are the
nested JSON export flattened, so both forms always carry the same data.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from teilhabe.core.exports import restore_cell, safe_cell
from teilhabe.registry import hsds
from teilhabe.registry.models import TargetGroup, Topic

PACKAGE = json.loads((hsds.SCHEMA_DIR / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}
#: The publisher's licence, as for the 360Giving file.
LICENSE_URL = "https://www.govdata.de/dl-de/by-2-0"


#: The Teilhabe profile's translations as a table of their own (HSDS has none): one row per service and language.
TRANSLATION_FIELDS = [
    "id",
    "service_id",
    "language",
    "name",
    "description",
    "schedule_note",
    "place_note",
    "accessibility",
    "cost_description",
    "current",
]
TRANSLATION_RESOURCE: dict[str, Any] = {
    "name": "translation",
    "path": "translations.csv",
    "title": "Übersetzungen (Teilhabe-Profil)",
    "description": "Texte eines Service in einer weiteren Sprache; current = passt zum aktuellen deutschen Text.",
    "format": "csv",
    "mediatype": "text/csv",
    "encoding": "utf-8",
    "profile": "tabular-data-resource",
    "schema": {
        "fields": [{"name": name, "type": "boolean" if name == "current" else "string"} for name in TRANSLATION_FIELDS],
        "primaryKey": "id",
        "foreignKeys": [{"fields": "service_id", "reference": {"resource": "service", "fields": "id"}}],
    },
}


class PackageWriter:
    """The package's CSV files, written row by row while the services stream past, so that memory stays flat at a
    million offers (before, every row of the package was kept in memory until the end). Rows that an organisation shares
    with its services (the organisation, its phones and attributes) are written once; every other row belongs to
    one service. ``open_table(path)`` gives the text file for one CSV of the package."""

    def __init__(self, open_table: Callable[[str], IO[str]]) -> None:
        self._tables: dict[str, tuple[csv.DictWriter[str], list[str]]] = {}
        for resource in resources():
            fields = [f["name"] for f in resource["schema"]["fields"]]
            writer = csv.DictWriter(
                open_table(resource["path"]), fieldnames=fields, extrasaction="ignore", lineterminator="\n"
            )
            writer.writeheader()
            self._tables[resource["name"]] = (writer, fields)
        self._organisations: set[str] = set()

    def _put(self, name: str, row: dict[str, Any]) -> None:
        writer, fields = self._tables[name]
        writer.writerow({k: ("" if row.get(k) is None else safe_cell(row.get(k))) for k in fields})

    def add(self, service: dict[str, Any]) -> None:
        """The rows of one service (of ``hsds.service``)."""
        org = service["organization"]
        if org["id"] not in self._organisations:
            self._organisations.add(org["id"])
            self._put("organization", org)
            for phone in org.get("phones", []):
                self._put("phone", phone)
            for attribute in org.get("attributes", []):
                self._put("attribute", attribute)
        self._put("service", {**service, "organization_id": org["id"]})
        for phone in service.get("phones", []):
            self._put("phone", phone)
        for schedule in service.get("schedules", []):
            self._put("schedule", schedule)
        for translation in service.get("translations", []):
            key = hsds.stable_id("translation", service["id"], translation["language"])
            self._put("translation", {**translation, "id": key, "service_id": service["id"]})
        for language in service.get("languages", []):
            self._put("language", language)
        for attribute in service.get("attributes", []):
            self._put("attribute", {k: v for k, v in attribute.items() if k != "taxonomy_term"})
        for sal in service.get("service_at_locations", []):
            location = sal["location"]
            self._put("service_at_location", sal)
            self._put("location", {**location, "organization_id": org["id"]})
            for address in location.get("addresses", []):
                self._put("address", address)

    def finish(self) -> None:
        """The taxonomies and their terms, after the last service."""
        for taxonomy in hsds.taxonomies():
            self._put("taxonomy", taxonomy)
        terms: list[Topic | TargetGroup] = [*Topic.objects.filter(is_active=True)]
        terms += TargetGroup.objects.filter(is_active=True)
        for term in terms:
            self._put("taxonomy_term", hsds.taxonomy_term(term))


def resources() -> list[dict[str, Any]]:
    """The package's tables: the official ones and the profile's translations."""
    return [*PACKAGE["resources"], TRANSLATION_RESOURCE]


def descriptor() -> str:
    """datapackage.json of the package."""
    package = {
        **{k: v for k, v in PACKAGE.items() if k not in ("license", "licenses", "version")},
        "name": "teilhabe-nrw-hsds",
        "title": "Teilhabe NRW – Register der Angebote (HSDS 3.1)",
        "hsds_version": hsds.HSDS_VERSION,
        "profile_url": hsds.PROFILE_URL,
        # The licence of the data (the publisher's), not the CC BY-SA of the specification the columns come from.
        "licenses": [
            {
                "name": "dl-de-by-2.0",
                "path": LICENSE_URL,
                "title": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
            }
        ],
        "sources": [{"title": "Human Services Data Specification 3.1 (Open Referral)", "path": PACKAGE["homepage"]}],
        "resources": resources(),
    }
    return json.dumps(package, ensure_ascii=False, indent=2)


def files(services: Iterable[dict[str, Any]]) -> dict[str, str]:
    """File name -> content of the whole package, in memory (small registries, tests)."""
    buffers: dict[str, io.StringIO] = {}
    writer = PackageWriter(lambda path: buffers.setdefault(path, io.StringIO()))
    for service in services:
        writer.add(service)
    writer.finish()
    return {**{path: buffer.getvalue() for path, buffer in buffers.items()}, "datapackage.json": descriptor()}


def write_folder(folder: Path, services: Iterable[dict[str, Any]]) -> int:
    """The package as files in ``folder``, written as the services stream past; returns the number of files."""
    folder.mkdir(parents=True, exist_ok=True)
    with ExitStack() as open_files:
        writer = PackageWriter(
            lambda path: open_files.enter_context((folder / path).open("w", encoding="utf-8", newline=""))
        )
        for service in services:
            writer.add(service)
        writer.finish()
    (folder / "datapackage.json").write_text(descriptor(), encoding="utf-8")
    return len(resources()) + 1


def zip_folder(folder: Path, target: Path) -> None:
    """The files of ``folder`` (of ``write_folder``) as a zip archive, read from disk piece by piece."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)


def zip_bytes(services: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files(services).items():
            archive.writestr(name, content)
    return buffer.getvalue()


# --- reading a tabular package back into nested services ---------------------------------------------------------


def _typed(resource: dict[str, Any], row: dict[str, str]) -> dict[str, Any]:
    """A CSV row with the package's types: numbers as numbers, empty cells left out (HSDS: absent = unknown)."""
    types = {f["name"]: f.get("type", "string") for f in resource["schema"]["fields"]}
    result: dict[str, Any] = {}
    for name, value in row.items():
        if name is None or value is None or value == "":
            continue
        kind = types.get(name, "string")
        if kind in ("number", "integer"):
            try:
                number = float(value)
            except ValueError:
                result[name] = value  # the schema check names the bad cell
                continue
            result[name] = int(number) if kind == "integer" else number
        elif kind == "boolean":
            result[name] = value.strip().lower() in ("true", "1", "yes")
        else:
            result[name] = restore_cell(value)
    return result


def _read_files(source: Path) -> dict[str, str]:
    """File name -> text of a tabular package: a folder or a .zip with datapackage.json and the CSV files."""
    if source.is_file() and source.suffix.lower() == ".zip":
        with zipfile.ZipFile(source) as archive:
            return {
                Path(name).name: archive.read(name).decode("utf-8-sig")
                for name in archive.namelist()
                if name.endswith((".csv", ".json"))
            }
    return {p.name: p.read_text(encoding="utf-8-sig") for p in source.iterdir() if p.suffix in (".csv", ".json")}


def is_tabular(source: Path) -> bool:
    if source.is_file():
        return source.suffix.lower() == ".zip"
    return source.is_dir() and (source / "services.csv").exists()


def read_services(source: Path) -> list[dict[str, Any]]:
    """The nested services of a tabular package (the reverse of ``tables``), ready for the JSON importer."""
    texts = _read_files(source)
    if "services.csv" not in texts:
        raise ValueError("services.csv fehlt im Datenpaket")
    table: dict[str, list[dict[str, Any]]] = {}
    for name, resource in {**RESOURCES, "translation": TRANSLATION_RESOURCE}.items():
        text = texts.get(resource["path"])
        table[name] = [_typed(resource, row) for row in csv.DictReader(io.StringIO(text))] if text else []

    def by(name: str, key: str) -> dict[str, list[dict[str, Any]]]:
        grouped: dict[str, list[dict[str, Any]]] = {}
        for row in table[name]:
            if key in row:
                grouped.setdefault(str(row[key]), []).append(row)
        return grouped

    def owned(name: str) -> dict[tuple[str, str], list[dict[str, Any]]]:
        """Rows of a table by their most specific owner: (kind of owner, its id); a contact with a service and an
        organisation belongs to the service."""
        grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for row in table.get(name, []):
            for key in ("contact_id", "service_at_location_id", "location_id", "service_id", "organization_id"):
                if row.get(key):
                    grouped.setdefault((key, str(row[key])), []).append(row)
                    break
        return grouped

    contacts, fundings, areas = owned("contact"), owned("funding"), owned("service_area")
    other_phones, other_schedules, other_languages = owned("phone"), owned("schedule"), owned("language")
    costs, documents, capacities = owned("cost_option"), owned("required_document"), owned("service_capacity")
    identifiers, programs_of, access = owned("organization_identifier"), owned("program"), owned("accessibility")
    programs = {str(row["id"]): row for row in table.get("program", []) if "id" in row}

    def parts(kind: str, key: str, **names: dict[tuple[str, str], list[dict[str, Any]]]) -> dict[str, Any]:
        """The nested lists of one object (left out when empty, as HSDS leaves out what is unknown)."""
        return {name: rows[(kind, key)] for name, rows in names.items() if rows.get((kind, key))}

    translations_of = by("translation", "service_id")
    organisations = {row["id"]: row for row in table["organization"] if "id" in row}
    locations = {row["id"]: row for row in table["location"] if "id" in row}
    terms = {row["id"]: row for row in table["taxonomy_term"] if "id" in row}
    addresses = by("address", "location_id")
    phones_of_service, phones_of_org = by("phone", "service_id"), by("phone", "organization_id")
    attributes = by("attribute", "link_id")
    schedules, languages, sals = (
        by("schedule", "service_id"),
        by("language", "service_id"),
        by("service_at_location", "service_id"),
    )

    def with_terms(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {**row, "taxonomy_term": terms[row["taxonomy_term_id"]]} if row.get("taxonomy_term_id") in terms else row
            for row in rows
        ]

    services = []
    for row in table["service"]:
        org = organisations.get(str(row.get("organization_id")), {"id": row.get("organization_id")})
        org_key = str(org.get("id"))
        organisation = {
            **org,
            "phones": phones_of_org.get(org_key, []),
            "attributes": with_terms(attributes.get(org_key, [])),
            **parts(
                "organization_id",
                org_key,
                organization_identifiers=identifiers,
                funding=fundings,
                contacts=contacts,
                programs=programs_of,
            ),
        }
        service_key = str(row["id"])
        extra = parts(
            "service_id",
            service_key,
            contacts=contacts,
            funding=fundings,
            service_areas=areas,
            cost_options=costs,
            required_documents=documents,
            capacities=capacities,
        )
        if str(row.get("program_id")) in programs:
            extra["program"] = programs[str(row["program_id"])]
        services.append(
            {
                **row,
                **extra,
                "translations": [
                    {k: v for k, v in t.items() if k not in ("id", "service_id")}
                    for t in translations_of.get(service_key, [])
                ],
                "organization": organisation,
                "phones": phones_of_service.get(row["id"], []),
                "schedules": schedules.get(row["id"], []),
                "languages": languages.get(row["id"], []),
                "attributes": with_terms(attributes.get(row["id"], [])),
                "service_at_locations": [
                    {
                        **sal,
                        **parts(
                            "service_at_location_id",
                            str(sal.get("id")),
                            contacts=contacts,
                            phones=other_phones,
                            schedules=other_schedules,
                            service_areas=areas,
                        ),
                        "location": {
                            **locations.get(str(sal.get("location_id")), {"id": sal.get("location_id")}),
                            "addresses": addresses.get(str(sal.get("location_id")), []),
                            **parts(
                                "location_id",
                                str(sal.get("location_id")),
                                contacts=contacts,
                                phones=other_phones,
                                schedules=other_schedules,
                                languages=other_languages,
                                accessibility=access,
                            ),
                        },
                    }
                    for sal in sals.get(row["id"], [])
                ],
            }
        )
    return services
