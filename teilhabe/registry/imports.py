"""Bulk import of offers from CSV or XLSX: every row is checked first; nothing is written while any row is bad,
unless the user explicitly imports only the valid rows. Either way the write is one transaction."""

from __future__ import annotations

import csv
import io
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.validators import EmailValidator, URLValidator
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from teilhabe.core.models import User
from teilhabe.core.services import audit_record
from teilhabe.core.uploads import validate_upload
from teilhabe.registry import selectors, services
from teilhabe.registry.geocoding import locate
from teilhabe.registry.models import (
    Language,
    Offer,
    OfferImport,
    Organisation,
    TargetGroup,
    Topic,
    validate_phone,
)

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

    def new_offer(self) -> services.NewOffer:
        """What ``services.offers_create`` writes for this row (a checked row: ``ok``)."""
        assert self.organisation is not None and self.data is not None
        return services.NewOffer(self.organisation, self.data, self.line)


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


def import_offers(*, actor: User, file: IO[bytes], only_valid: bool = False) -> ImportReport:
    """Check every row; write drafts for all rows (or only the valid ones if asked) in one transaction."""
    if actor is None or not actor.has_perm("registry.add_offer"):
        raise PermissionDenied(_("Dafür fehlt Ihnen die Berechtigung."))
    report = ImportReport(rows=check_rows(actor=actor, rows=read_rows(file)))
    if report.invalid and not only_valid:
        return report
    with transaction.atomic():
        # A row that passed the checks but fails the model: nothing of this import is kept.
        written = services.offers_create(
            actor=actor,
            entries=[row.new_offer() for row in report.rows if row.ok],
        )
        report.imported = len(written)
        audit_record(
            action="offers.imported", actor=actor, data={"imported": report.imported, "skipped": report.invalid}
        )
    return report


# --- background imports ---------------------------------------------------------------------------------------

#: Rows written per transaction: each holds the database's write lock (SQLite) for about this many offers only.
WRITE_BATCH = 10
#: The shortest pause after a batch on SQLite (seconds): longer than the longest wait between two tries of a writer
#: that waits for the lock in SQLite's busy handler (it sleeps up to 100 ms between tries).
YIELD_AFTER_BATCH = 0.12
#: After each batch the import pauses this many times as long as the batch took. Every audited write takes one lock
#: (SQLite's write lock; on PostgreSQL the head of the audit chain), and an import that took it again at once held
#: it half of the time, so that the people saving meanwhile had half of it. Now the import holds it a quarter of
#: the time at most, less the busier the machine is (a batch slowed down makes the pause longer).
YIELD_FACTOR = 3
#: Rows with errors kept in the report of an import.
REPORT_ROWS = 1000


def start_import(*, actor: User, file: IO[bytes], filename: str, only_valid: bool = False) -> OfferImport:
    """Keep the file and queue its import (``run_import``); the user follows it on its progress page."""
    if not actor.has_perm("registry.add_offer"):
        raise PermissionDenied(_("Dafür fehlt Ihnen die Berechtigung."))
    validate_upload(file, allowed={"csv", "xlsx"})
    file.seek(0)
    with transaction.atomic():
        offer_import = OfferImport(actor=actor, filename=filename[:255], only_valid=only_valid)
        offer_import.upload.save(f"{uuid.uuid4().hex}-{Path(filename).name[-80:]}", File(file), save=False)
        offer_import.save()
        audit_record(action="offers.import_started", actor=actor, obj=offer_import, data={"file": filename[:255]})
    from teilhabe.registry.tasks import run_offer_import

    # After the commit above (the database backend's worker must find the file's row; the immediate backend of
    # development and tests runs it right here).
    run_offer_import.enqueue(str(offer_import.pk))
    return offer_import


def cancel_import(*, actor: User, offer_import: OfferImport) -> None:
    """Ask the running import to stop (it discards what it staged); an abandoned one is discarded here at once,
    since nothing runs any more that could see the request."""
    if offer_import.actor_id != actor.pk:
        raise PermissionDenied(_("Dafür fehlt Ihnen die Berechtigung."))
    if offer_import.abandoned:
        _discard(
            offer_import, OfferImport.State.CANCELLED, str(_("Der Import wurde abgebrochen; nichts wurde übernommen."))
        )
        return
    OfferImport.objects.filter(pk=offer_import.pk).update(cancel_requested=True)


def discard_abandoned_imports() -> int:
    """Imports whose worker stopped or died while checking or writing: their staged drafts are removed and they
    are marked failed, so that their people see it and start them again. Run before every import."""
    # The running ones are few (one per worker): the rule of ``OfferImport.abandoned`` is applied to each.
    running = OfferImport.objects.filter(state__in=OfferImport.RUNNING).select_related("actor")
    abandoned = [offer_import for offer_import in running if offer_import.abandoned]
    for offer_import in abandoned:
        _discard(
            offer_import,
            OfferImport.State.FAILED,
            str(_("Der Import wurde unterbrochen; nichts wurde übernommen. Bitte starten Sie ihn erneut.")),
        )
    return len(abandoned)


class _Cancelled(Exception):
    pass


def _set(offer_import: OfferImport, **fields: Any) -> None:
    """Record progress in a transaction of its own (a moment), with the time of this step."""
    fields["progress_at"] = timezone.now()
    for name, value in fields.items():
        setattr(offer_import, name, value)
    OfferImport.objects.filter(pk=offer_import.pk).update(**fields)


def run_import(import_id: str) -> str:
    """Run one import: read and check the whole file (no write lock), write the offers in short transactions as
    staged drafts, publish them in one short step. Any failure or a cancellation removes the staged drafts."""
    discard_abandoned_imports()
    offer_import = OfferImport.objects.select_related("actor").get(pk=import_id)
    if offer_import.finished:
        return offer_import.state
    if offer_import.state in OfferImport.RUNNING:
        # Its worker died while it ran and ``teilhabe task_worker`` queued it again: it starts over, without what
        # the first attempt staged.
        _remove_staged(offer_import)
        _set(offer_import, written=0)
    actor = offer_import.actor
    try:
        _set(offer_import, state=OfferImport.State.CHECKING)
        with offer_import.upload.open("rb") as handle:
            rows = check_rows(actor=actor, rows=read_rows(handle))
        bad = [r for r in rows if not r.ok]
        _set(
            offer_import,
            total=len(rows) - (len(bad) if offer_import.only_valid else 0),
            invalid=len(bad),
            report=[{"line": r.line, "title": r.title[:200], "errors": r.errors} for r in bad[:REPORT_ROWS]],
        )
        if bad and not offer_import.only_valid:
            _set(offer_import, state=OfferImport.State.REFUSED, finished_at=timezone.now())
            return offer_import.state
        _set(offer_import, state=OfferImport.State.WRITING)
        good = [r for r in rows if r.ok]
        for start in range(0, len(good), WRITE_BATCH):
            if OfferImport.objects.filter(pk=offer_import.pk, cancel_requested=True).exists():
                raise _Cancelled
            _write_batch(actor, offer_import, good[start : start + WRITE_BATCH])
            _set(offer_import, written=start + len(good[start : start + WRITE_BATCH]))
        with transaction.atomic():  # the one short step that makes the whole import visible
            published = Offer.objects.filter(staged_by=offer_import).update(staged_by=None)
            _set(offer_import, state=OfferImport.State.DONE, imported=published, finished_at=timezone.now())
            audit_record(
                action="offers.imported",
                actor=actor,
                obj=offer_import,
                data={"imported": published, "skipped": len(bad)},
            )
    except _Cancelled:
        _discard(
            offer_import, OfferImport.State.CANCELLED, str(_("Der Import wurde abgebrochen; nichts wurde übernommen."))
        )
    except ValidationError as error:
        _discard(offer_import, OfferImport.State.FAILED, " ".join(error.messages))
    except Exception:
        _discard(
            offer_import, OfferImport.State.FAILED, str(_("Der Import ist fehlgeschlagen; nichts wurde übernommen."))
        )
        raise
    return offer_import.state


def _write_batch(actor: User, offer_import: OfferImport, rows: list[RowResult]) -> None:
    started = time.monotonic()
    services.offers_create(
        actor=actor,
        entries=[row.new_offer() for row in rows],
        staged_by=offer_import,
    )
    took = time.monotonic() - started
    _pause(max(YIELD_AFTER_BATCH if connection.vendor == "sqlite" else 0.0, YIELD_FACTOR * took))


def _pause(seconds: float) -> None:
    time.sleep(seconds)


def _discard(offer_import: OfferImport, state: str, message: str) -> None:
    """End an import that did not finish: its staged drafts (drafts nobody has seen) are removed."""
    _remove_staged(offer_import)
    with transaction.atomic():
        _set(offer_import, state=state, message=message, finished_at=timezone.now())
        audit_record(
            action="offers.import_discarded", actor=offer_import.actor, obj=offer_import, data={"state": state}
        )


def _remove_staged(offer_import: OfferImport) -> None:
    """Remove the staged drafts of an import, batch by batch."""
    while True:
        with transaction.atomic():
            ids = list(Offer.objects.filter(staged_by=offer_import).values_list("pk", flat=True)[:200])
            if not ids:
                break
            for offer in Offer.objects.filter(pk__in=ids):
                offer.topics.clear()
                offer.target_groups.clear()
                offer.languages.clear()
                offer.locations.all().delete()
                offer.translations.all().delete()
            Offer.objects.filter(pk__in=ids).delete()
