"""Bulk import of offers from CSV or XLSX: every row is checked first; nothing is written while any row is bad,
unless the user explicitly imports only the valid rows. Either way the write is one transaction."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from teilhabe.core.models import User
from teilhabe.core.services import audit_record
from teilhabe.core.uploads import validate_upload
from teilhabe.registry import selectors, services
from teilhabe.registry.geocoding import locate
from teilhabe.registry.models import Language, Organisation, TargetGroup, Topic, validate_phone

COLUMNS = [
    "titel",
    "beschreibung",
    "organisation",
    "themen",
    "zielgruppen",
    "sprachen",
    "strasse",
    "plz",
    "ort",
    "email",
    "telefon",
    "website",
    "kostenlos",
]
REQUIRED = ["titel", "beschreibung", "organisation", "themen", "plz"]
YES = {"", "ja", "j", "1", "true"}
NO = {"nein", "n", "0", "false"}
FIELD_VALIDATORS: dict[str, Callable[[str], None]] = {
    "email": EmailValidator(),
    "telefon": validate_phone,
    "website": URLValidator(),
}
MAX_ROWS = 5000


@dataclass
class RowResult:
    line: int
    title: str
    errors: list[str] = field(default_factory=list)
    organisation: Organisation | None = None
    data: services.OfferInput | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportReport:
    rows: list[RowResult]
    imported: int = 0

    @property
    def valid(self) -> int:
        return sum(1 for r in self.rows if r.ok)

    @property
    def invalid(self) -> int:
        return len(self.rows) - self.valid


#: Largest unpacked size of an XLSX file (all its members together): a few MB of zip can unpack to gigabytes.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
#: Largest unpacked/packed ratio of an XLSX member; spreadsheets compress about 10:1, bombs 1000:1.
MAX_RATIO = 200


def _check_zip(file: IO[bytes]) -> None:
    """Refuse an XLSX whose members would unpack beyond the limits, before unpacking anything (the sizes in the
    zip directory are binding: Python's zip reader stops at the declared size)."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise ValidationError(_("Die Datei ist keine gültige XLSX-Datei.")) from None
    finally:
        file.seek(0)
    unpacked = sum(m.file_size for m in members)
    too_dense = any(m.file_size > 1_000_000 and m.file_size > MAX_RATIO * max(1, m.compress_size) for m in members)
    if unpacked > MAX_UNPACKED_BYTES or too_dense:
        raise ValidationError(
            _("Die Datei ist entpackt zu groß (höchstens %(mb)d MB).") % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def _xlsx_values(file: IO[bytes]) -> Iterator[list[str]]:
    _check_zip(file)
    workbook = load_workbook(file, read_only=True, data_only=True)  # streams the sheet, row by row
    try:
        for row in workbook.active.iter_rows(values_only=True):
            yield ["" if c is None else str(c).strip() for c in row]
    finally:
        workbook.close()


def _csv_values(file: IO[bytes]) -> Iterator[list[str]]:
    text = file.read().decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=";,\t")
    for row in csv.reader(io.StringIO(text), dialect):
        yield [c.strip() for c in row]


def read_rows(file: IO[bytes]) -> list[dict[str, str]]:
    """The file's rows as dicts keyed by lower-case column names; raises ValidationError for unreadable files, and
    as soon as the rows exceed ``MAX_ROWS`` (counted while reading, not after)."""
    kind = validate_upload(file, allowed={"csv", "xlsx"})
    values = _xlsx_values(file) if kind == "xlsx" else _csv_values(file)
    try:
        first = next(values, None)
        if first is None:
            raise ValidationError(_("Die Datei ist leer."))
        header = [h.strip().lower() for h in first]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise ValidationError(_("Es fehlen Spalten: %(columns)s") % {"columns": ", ".join(missing)})
        rows: list[dict[str, str]] = []
        for row in values:
            if not any(row):
                continue
            if len(rows) >= MAX_ROWS:
                raise ValidationError(_("Höchstens %(max)d Zeilen je Datei.") % {"max": MAX_ROWS})
            rows.append(dict(zip(header, row, strict=False)))
        return rows
    finally:
        values.close()  # type: ignore[attr-defined]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


def _find_organisation(actor: User | None, value: str) -> Organisation | None:
    """By id or exact name, among the organisations the actor sees (all for the system)."""
    qs = Organisation.objects.all() if actor is None else selectors.organisations_visible_to(actor)
    try:
        return qs.filter(pk=uuid.UUID(value)).first()
    except ValueError:
        return qs.filter(name=value).order_by("pk").first()


def _lookup(values: list[str], table: dict[str, str], label: str, result: RowResult) -> list[str]:
    found = []
    for value in values:
        key = table.get(value) or table.get(value.lower())
        if key is None:
            result.errors.append(_("Unbekannte %(label)s: %(value)s") % {"label": label, "value": value})
        else:
            found.append(key)
    return found


def _check_organisation(
    actor: User | None, row: dict[str, str], result: RowResult, cache: dict[str, Organisation | None]
) -> None:
    name = row.get("organisation", "").strip()
    if name and name not in cache:
        cache[name] = _find_organisation(actor, name)
    organisation = cache.get(name)
    if name and organisation is None:
        result.errors.append(
            _("Organisation „%(name)s“ ist nicht im Register oder nicht in Ihrem Bereich.") % {"name": name}
        )
    elif (
        organisation is not None
        and actor is not None
        and not actor.has_perm("registry.keep_organisation", organisation)
    ):
        result.errors.append(_("Für „%(name)s“ dürfen Sie keine Angebote anlegen.") % {"name": name})
    result.organisation = organisation


def _check_fields(row: dict[str, str], result: RowResult, postcodes: dict[str, list[str]]) -> None:
    for column in REQUIRED:
        if not row.get(column, "").strip():
            result.errors.append(_("Spalte „%(column)s“ ist leer.") % {"column": column})
    plz = row.get("plz", "").strip()
    if plz:
        if plz not in postcodes:
            try:
                locate(postal_code=plz)
            except ValidationError as error:
                postcodes[plz] = error.messages
            else:
                postcodes[plz] = []
        result.errors.extend(postcodes[plz])
    if len(row.get("titel", "").strip()) > 200:
        result.errors.append(_("Der Titel ist länger als 200 Zeichen."))
    for column, validator in FIELD_VALIDATORS.items():
        if value := row.get(column, "").strip():
            try:
                validator(value)
            except ValidationError as error:
                result.errors.extend(f"{column}: {m}" for m in error.messages)
    if row.get("kostenlos", "ja").strip().lower() not in YES | NO:
        result.errors.append(_("„kostenlos“ muss ja oder nein sein."))


def check_rows(*, actor: User | None, rows: list[dict[str, str]]) -> list[RowResult]:
    """Check every row against the taxonomy, the postcode table, the field rules and the actor's scope."""
    all_topics, all_groups, all_languages = (
        list(Topic.objects.all()),
        list(TargetGroup.objects.all()),
        list(Language.objects.all()),
    )
    topics = {t.key: t.key for t in all_topics} | {t.name.lower(): t.key for t in all_topics}
    groups = {g.key: g.key for g in all_groups} | {g.name.lower(): g.key for g in all_groups}
    languages = {lang.code: lang.code for lang in all_languages} | {
        lang.name.lower(): lang.code for lang in all_languages
    }
    organisations: dict[str, Organisation | None] = {}
    postcodes: dict[str, list[str]] = {}
    results = []
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        result = RowResult(line=number, title=row.get("titel", ""))
        _check_organisation(actor, row, result, organisations)
        _check_fields(row, result, postcodes)
        topic_keys = _lookup(_split(row.get("themen", "")), topics, _("Themen"), result)
        group_keys = _lookup(_split(row.get("zielgruppen", "")), groups, _("Zielgruppen"), result)
        language_codes = _lookup(_split(row.get("sprachen", "")), languages, _("Sprachen"), result)
        if result.ok:
            result.data = services.OfferInput(
                title=row["titel"],
                description=row["beschreibung"],
                topics=topic_keys,
                target_groups=group_keys,
                languages=language_codes,
                locations=[
                    services.LocationInput(
                        postal_code=row["plz"].strip(), street=row.get("strasse", ""), city=row.get("ort", "")
                    )
                ],
                email=row.get("email", ""),
                phone=row.get("telefon", ""),
                website=row.get("website", ""),
                is_free=row.get("kostenlos", "ja").strip().lower() not in NO,
            )
        results.append(result)
    return results


def import_offers(*, actor: User | None, file: IO[bytes], only_valid: bool = False) -> ImportReport:
    """Check every row; write drafts for all rows (or only the valid ones if asked) in one transaction."""
    if actor is not None and not actor.has_perm("registry.add_offer"):
        raise PermissionDenied(_("Dafür fehlt Ihnen die Berechtigung."))
    report = ImportReport(rows=check_rows(actor=actor, rows=read_rows(file)))
    if report.invalid and not only_valid:
        return report
    with transaction.atomic():
        for row in report.rows:
            if not row.ok:
                continue
            assert row.organisation is not None and row.data is not None
            try:
                services.offer_create(actor=actor, organisation=row.organisation, data=row.data)
            except ValidationError as error:
                # A row that passed the checks but fails the model: nothing of this import is kept.
                raise ValidationError(
                    _("Zeile %(line)d: %(errors)s") % {"line": row.line, "errors": "; ".join(error.messages)}
                ) from error
            report.imported += 1
        audit_record(
            action="offers.imported", actor=actor, data={"imported": report.imported, "skipped": report.invalid}
        )
    return report
