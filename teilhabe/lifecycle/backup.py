"""Backup and restore with a manifest that proves the backup complete and unchanged.

A backup is one folder ``teilhabe-YYYYmmddTHHMMSSZ`` holding

- ``database.sqlite3`` (SQLite, written by the online backup API: a consistent copy while others write) or
  ``database.dump`` (PostgreSQL, ``pg_dump -Fc`` on an exported snapshot, the row counts read in the same snapshot);
- ``media/``: the uploaded files;
- ``secret_key`` only with ``--include-secret-key`` (by default the key is kept apart, see README);
- ``manifest.json``: row counts per table, SHA-256 and size of every file, code version, migration state, the
  fingerprint of the secret key and the audit chain's head; ``manifest.sha256`` guards the manifest itself.

The folder is written under a hidden temporary name and renamed at the very end, so a full or unwritable disk
leaves nothing that looks like a backup.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

FORMAT = 1
NAME_PREFIX = "teilhabe-"
NAME_PATTERN = re.compile(r"^teilhabe-(\d{8}T\d{6}Z)$")
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
#: Tables of the database that are not data (SQLite bookkeeping).
SKIP_TABLES = re.compile(r"^sqlite_")


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in German, for the operator."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def media_root() -> Path:
    """The folder of the uploaded files (the default storage's location)."""
    location = getattr(storages["default"], "location", None) or settings.MEDIA_ROOT
    return Path(location)


def code_version() -> str:
    """``git describe`` of the checkout, or the installed package version."""
    git = shutil.which("git")
    if git and (Path(settings.BASE_DIR) / ".git").exists():
        result = subprocess.run(  # noqa: S603
            [git, "-C", str(settings.BASE_DIR), "describe", "--always", "--dirty", "--tags"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode == 0 and result.stdout.strip():
            return result.stdout.strip()
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("teilhabe")
    except PackageNotFoundError:  # pragma: no cover - always installed with pip -e
        return "unknown"


def secret_key_fingerprint() -> str:
    """Says whether two installations share the secret key, without revealing it (audit checkpoints need it)."""
    return salted_hmac("teilhabe.backup.key-fingerprint", "fingerprint", algorithm="sha256").hexdigest()[:16]


def secret_key_file() -> Path | None:
    name = os.environ.get("TEILHABE_SECRET_KEY_FILE", "")
    return Path(name) if name and Path(name).is_file() else None


def _is_memory(name: str) -> bool:
    return name == ":memory:" or "mode=memory" in name


# --- the database ---------------------------------------------------------------------------------------------


def _sqlite_tables(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if not SKIP_TABLES.match(row[0])
    ]
    return {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608


def _sqlite_migrations(conn: sqlite3.Connection) -> list[str]:
    return [f"{app}.{name}" for app, name in conn.execute("SELECT app, name FROM django_migrations ORDER BY id")]


def _sqlite_source() -> sqlite3.Connection:
    """The live database: Django's own connection for an in-memory test database, else a new one to the file."""
    name = str(connection.settings_dict["NAME"])
    if _is_memory(name):
        connection.ensure_connection()
        return connection.connection  # type: ignore[no-any-return]
    return sqlite3.connect(name, timeout=30)


def _dump_sqlite(target: Path) -> tuple[dict[str, int], list[str]]:
    source = _sqlite_source()
    copy = sqlite3.connect(target)
    try:
        # In one step: a read transaction on one snapshot (WAL lets writers go on meanwhile). Copying in several
        # steps would restart whenever another connection writes, and might never finish under write load.
        source.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        return _sqlite_tables(copy), _sqlite_migrations(copy)
    finally:
        copy.close()
        if source is not getattr(connection, "connection", None):
            source.close()


def postgres_tool(name: str) -> str:
    """pg_dump / pg_restore of the newest installed PostgreSQL (Debian keeps them under /usr/lib/postgresql)."""
    versions = sorted(
        (p for p in Path("/usr/lib/postgresql").glob(f"*/bin/{name}") if p.parent.parent.name.isdigit()),
        key=lambda p: int(p.parent.parent.name),
        reverse=True,
    )
    if versions:
        return str(versions[0])
    if found := shutil.which(name):
        return found
    raise BackupError(f"{name} wurde nicht gefunden (PostgreSQL-Clientprogramme installieren).")


def postgres_environment() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for the PostgreSQL tools from Django's settings (password via PGPASSWORD)."""
    db = connection.settings_dict
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def postgres_table_counts(cursor: Any) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(f'SELECT COUNT(*) FROM "{name}"')  # noqa: S608 - names from the catalogue
        counts[name] = cursor.fetchone()[0]
    return counts


def _dump_postgres(target: Path) -> tuple[dict[str, int], list[str]]:
    """pg_dump on a snapshot exported by this transaction; the counts come from the very same snapshot."""
    args, env = postgres_environment()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        result = subprocess.run(  # noqa: S603
            [postgres_tool("pg_dump"), "-Fc", "--no-owner", "--snapshot", snapshot, "--file", str(target), *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if result.returncode != 0:
            message = result.stderr.strip()
            if "No space left" in message:
                raise OSError(28, "No space left on device", str(target))
            raise BackupError(f"pg_dump ist fehlgeschlagen: {message}")
        counts = postgres_table_counts(cursor)
        cursor.execute("SELECT app || '.' || name FROM django_migrations ORDER BY id")
        migrations = [row[0] for row in cursor.fetchall()]
    return counts, migrations


# --- backup ---------------------------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    removed: list[Path] = field(default_factory=list)


def _copy_tree(source: Path, target: Path) -> dict[str, dict[str, Any]]:
    files: dict[str, dict[str, Any]] = {}
    if not source.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return files
    for path in sorted(p for p in source.rglob("*") if p.is_file() and not p.is_symlink()):
        relative = path.relative_to(source)
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        files[f"media/{relative.as_posix()}"] = {"sha256": sha256_of(destination), "size": destination.stat().st_size}
    target.mkdir(parents=True, exist_ok=True)
    return files


def _estimated_size() -> int:
    size = 0
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and not _is_memory(name) and Path(name).exists():
        size += Path(name).stat().st_size
    media = media_root()
    if media.is_dir():
        size += sum(p.stat().st_size for p in media.rglob("*") if p.is_file())
    return size


def _os_error_message(error: OSError, folder: Path) -> str:
    if error.errno == 28:
        return f"Sicherung abgebrochen: kein Platz mehr in {folder}. Es wurde keine Sicherung angelegt."
    if error.errno in (1, 13, 30):
        return f"Sicherung abgebrochen: {folder} ist nicht beschreibbar ({error.strerror}). Keine Sicherung angelegt."
    return f"Sicherung abgebrochen: {error.strerror or error} ({error.filename or folder}). Keine Sicherung angelegt."


def _prepare(folder: Path, name: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(_os_error_message(error, folder)) from error
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BackupError(f"Sicherung abgebrochen: {folder} ist nicht beschreibbar. Keine Sicherung angelegt.")
    if (folder / name).exists():
        raise BackupError(f"Es gibt schon eine Sicherung {folder / name}.")
    needed, free = _estimated_size(), shutil.disk_usage(folder).free
    if needed > free:
        raise BackupError(
            f"Sicherung abgebrochen: in {folder} sind {free} Bytes frei, nötig sind etwa {needed}. "
            "Keine Sicherung angelegt."
        )


def _write(partial: Path, *, name: str, now: datetime, include_secret_key: bool) -> dict[str, Any]:
    from teilhabe.core.models import AuditEvent

    if connection.vendor == "sqlite":
        database = partial / SQLITE_FILE
        tables, migrations = _dump_sqlite(database)
    elif connection.vendor == "postgresql":
        database = partial / POSTGRES_FILE
        tables, migrations = _dump_postgres(database)
    else:  # pragma: no cover
        raise BackupError(f"Datenbank {connection.vendor} wird nicht unterstützt.")
    files = {database.name: {"sha256": sha256_of(database), "size": database.stat().st_size}}
    files.update(_copy_tree(media_root(), partial / "media"))
    if include_secret_key:
        key_file = secret_key_file()
        if key_file is None:
            raise BackupError("--include-secret-key: TEILHABE_SECRET_KEY_FILE nennt keine Datei.")
        shutil.copyfile(key_file, partial / "secret_key")
        (partial / "secret_key").chmod(0o600)
        files["secret_key"] = {"sha256": sha256_of(partial / "secret_key"), "size": key_file.stat().st_size}
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    manifest = {
        "format": FORMAT,
        "name": name,
        "created_at": now.isoformat(),
        "engine": connection.vendor,
        "database": database.name,
        "code_version": code_version(),
        "migrations": migrations,
        "tables": tables,
        "files": files,
        "secret_key": {"included": include_secret_key, "fingerprint": secret_key_fingerprint()},
        "audit_head": {"seq": head[0], "hash": head[1]} if head else None,
    }
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False)
    (partial / MANIFEST).write_text(text, encoding="utf-8")
    (partial / MANIFEST_SUM).write_text(f"{sha256_of(partial / MANIFEST)}  {MANIFEST}\n", encoding="utf-8")
    _fsync_tree(partial)
    return manifest


def backup(folder: Path, *, include_secret_key: bool = False, now: datetime | None = None) -> BackupResult:
    """Write one complete backup into ``folder``; then apply the retention of backups (TEILHABE_BACKUP_KEEP)."""
    now = now or timezone.now()
    folder = Path(folder)
    name = NAME_PREFIX + now.astimezone(UTC).strftime(STAMP_FORMAT)
    _prepare(folder, name)
    partial: Path | None = None
    try:
        partial = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".partial", dir=folder))
        manifest = _write(partial, name=name, now=now, include_secret_key=include_secret_key)
        partial.rename(folder / name)  # the one step that makes it a backup
    except OSError as error:
        if partial is not None:
            shutil.rmtree(partial, ignore_errors=True)
        raise BackupError(_os_error_message(error, folder)) from error
    except BaseException:
        if partial is not None:
            shutil.rmtree(partial, ignore_errors=True)
        raise
    removed = apply_retention(folder, now=now)
    return BackupResult(folder / name, manifest, removed)


def _fsync_tree(root: Path) -> None:
    for path in [*root.rglob("*"), root]:
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())


# --- retention of backups -------------------------------------------------------------------------------------


def keep_policy() -> dict[str, int]:
    """TEILHABE_BACKUP_KEEP, e.g. ``daily=7,weekly=4,monthly=12``."""
    policy = {"daily": 0, "weekly": 0, "monthly": 0}
    for part in str(settings.TEILHABE_BACKUP_KEEP).split(","):
        key, _sep, value = part.strip().partition("=")
        if key in policy and value.strip().isdigit():
            policy[key] = int(value)
    return policy


def completed_backups(folder: Path) -> list[tuple[datetime, Path]]:
    found = []
    for path in folder.iterdir() if folder.is_dir() else []:
        match = NAME_PATTERN.match(path.name)
        if match and path.is_dir() and (path / MANIFEST).exists():
            found.append((datetime.strptime(match.group(1), STAMP_FORMAT).replace(tzinfo=UTC), path))
    return sorted(found, reverse=True)


def backups_to_keep(stamps: list[datetime], policy: dict[str, int]) -> set[datetime]:
    """The newest backup of each of the last N days, ISO weeks and months (grandfather-father-son)."""
    keys: dict[str, Callable[[datetime], Any]] = {
        "daily": lambda d: d.date(),
        "weekly": lambda d: d.isocalendar()[:2],
        "monthly": lambda d: (d.year, d.month),
    }
    keep: set[datetime] = set()
    for kind, key in keys.items():
        seen: list[Any] = []
        for stamp in sorted(stamps, reverse=True):
            bucket = key(stamp)
            if bucket not in seen:
                if len(seen) >= policy.get(kind, 0):
                    break
                seen.append(bucket)
                keep.add(stamp)
    if stamps:
        keep.add(max(stamps))  # never remove the newest
    return keep


def apply_retention(folder: Path, *, now: datetime | None = None) -> list[Path]:
    backups = completed_backups(folder)
    keep = backups_to_keep([stamp for stamp, _path in backups], keep_policy())
    removed = []
    for stamp, path in backups:
        if stamp not in keep:
            shutil.rmtree(path)
            removed.append(path)
    return removed


# --- restore --------------------------------------------------------------------------------------------------


def restore_marker() -> Path:
    return Path(settings.VAR_DIR) / "restore_in_progress"


def restore_incomplete() -> str:
    """The content of the marker a restore leaves until it has finished ("" when there is none)."""
    marker = restore_marker()
    try:
        return marker.read_text(encoding="utf-8") or "?"
    except FileNotFoundError:
        return ""


def read_manifest(path: Path) -> dict[str, Any]:
    manifest_path = path / MANIFEST
    if not path.is_dir():
        raise BackupError(f"{path} ist kein Sicherungsordner.")
    if not manifest_path.is_file() or not (path / MANIFEST_SUM).is_file():
        raise BackupError(f"{path}: manifest.json oder manifest.sha256 fehlt – keine vollständige Sicherung.")
    expected = (path / MANIFEST_SUM).read_text(encoding="utf-8").split()[0]
    if sha256_of(manifest_path) != expected:
        raise BackupError(f"{path}: manifest.json wurde verändert (Prüfsumme stimmt nicht).")
    manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: unbekanntes Format {manifest.get('format')}.")
    return manifest


def check_files(path: Path, manifest: dict[str, Any]) -> list[str]:
    """Every difference between the backup folder and its manifest, named."""
    problems = []
    for name, expected in sorted(manifest["files"].items()):
        file = path / name
        if not file.is_file():
            problems.append(f"{name}: fehlt")
        elif file.stat().st_size != expected["size"]:
            problems.append(f"{name}: Größe {file.stat().st_size} statt {expected['size']} Bytes (abgeschnitten?)")
        elif sha256_of(file) != expected["sha256"]:
            problems.append(f"{name}: Prüfsumme weicht ab (verändert)")
    listed = set(manifest["files"]) | {MANIFEST, MANIFEST_SUM}
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        relative = file.relative_to(path).as_posix()
        if relative not in listed:
            problems.append(f"{relative}: nicht im Manifest")
    return problems


def database_is_empty() -> bool:
    """A target without accounts counts as empty (a freshly migrated database has master data but no users)."""
    from django.db.utils import DatabaseError

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM core_user")
            return bool(cursor.fetchone()[0] == 0)
    except DatabaseError:
        return True


def _restore_sqlite(file: Path) -> None:
    name = str(connection.settings_dict["NAME"])
    source = sqlite3.connect(file)
    try:
        if _is_memory(name):
            connection.ensure_connection()
            source.backup(connection.connection)
        else:
            connections.close_all()
            target = sqlite3.connect(name, timeout=30)
            try:
                source.backup(target)
            finally:
                target.close()
    finally:
        source.close()


def _restore_postgres(file: Path) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connections.close_all()
    args, env = postgres_environment()
    result = subprocess.run(  # noqa: S603
        [postgres_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", *args, str(file)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore ist fehlgeschlagen: {result.stderr.strip()}")


def _restore_media(path: Path) -> None:
    target = media_root()
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=target.parent))
    shutil.copytree(path / "media", incoming, dirs_exist_ok=True)
    old = target.with_name(f".{target.name}-before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    incoming.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def current_table_counts() -> dict[str, int]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            return postgres_table_counts(cursor)
    connection.ensure_connection()
    with connection.cursor() as cursor:
        names = [
            row[0]
            for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
            if not SKIP_TABLES.match(row[0])
        ]
        return {n: cursor.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608


@dataclass
class RestoreReport:
    backup: Path
    manifest: dict[str, Any]
    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        self.lines.append(line)


@contextlib.contextmanager
def _marker(backup_path: Path) -> Iterator[None]:
    marker = restore_marker()
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(
        json.dumps({"backup": str(backup_path), "started_at": timezone.now().isoformat()}), encoding="utf-8"
    )
    with marker.open("rb") as handle:
        os.fsync(handle.fileno())
    yield  # an error or kill -9 before the end leaves the marker: the target is refused as incomplete
    marker.unlink()


def restore(
    path: Path, *, force: bool = False, after_data: Callable[[RestoreReport], None] | None = None
) -> RestoreReport:
    """Restore database and files from ``path``, verify them against the manifest, migrate, rebuild the index.

    ``after_data`` runs once data and files are in place and verified (the lifecycle app re-applies the erasure
    journal there) before the marker is removed.
    """
    path = Path(path)
    manifest = read_manifest(path)
    report = RestoreReport(path, manifest)
    problems = check_files(path, manifest)
    if problems:
        raise BackupError("Sicherung verändert oder unvollständig:\n  " + "\n  ".join(problems))
    report.add(f"Sicherung {manifest['name']} vom {manifest['created_at']} (Code {manifest['code_version']})")
    report.add(f"Prüfsummen: {len(manifest['files'])} Dateien stimmen mit dem Manifest überein")
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"Die Sicherung ist von {manifest['engine']}, das Ziel ist {connection.vendor}.")
    incomplete = restore_incomplete()
    if incomplete:
        report.add(f"Ziel war unvollständig (abgebrochene Wiederherstellung {incomplete.strip()}); wird ersetzt")
    elif not force and not database_is_empty():
        raise BackupError("Die Zieldatenbank ist nicht leer. Mit --force wird sie vollständig ersetzt.")
    if manifest["secret_key"]["fingerprint"] != secret_key_fingerprint():
        report.add(
            "WARNUNG: anderer geheimer Schlüssel als bei der Sicherung – Sitzungen enden, "
            "Prüfpunkte des Protokolls lassen sich nicht bestätigen"
        )
    with _marker(path):
        database_file = path / manifest["database"]
        if connection.vendor == "sqlite":
            _restore_sqlite(database_file)
        else:
            _restore_postgres(database_file)
        _restore_media(path)
        counts = current_table_counts()
        differences = [
            f"{table}: {counts.get(table)} Zeilen statt {expected}"
            for table, expected in sorted(manifest["tables"].items())
            if counts.get(table) != expected
        ]
        media_problems = [
            f"{name}: weicht nach dem Zurückspielen ab"
            for name, expected in manifest["files"].items()
            if name.startswith("media/") and sha256_of(media_root() / name.removeprefix("media/")) != expected["sha256"]
        ]
        if differences or media_problems:
            raise BackupError(
                "Prüfung nach dem Zurückspielen fehlgeschlagen:\n  " + "\n  ".join(differences + media_problems)
            )
        report.add(f"Zeilenzahlen: {len(counts)} Tabellen, {sum(counts.values())} Zeilen wie im Manifest")
        report.add(f"Dateien: {sum(1 for n in manifest['files'] if n.startswith('media/'))} hochgeladene Dateien")
        _migrate(report)
        from teilhabe.registry.search import rebuild_search_index

        report.add(f"Suchindex neu aufgebaut: {rebuild_search_index()} Angebote")
        if after_data is not None:
            after_data(report)
        from teilhabe.core.auditchain import verify_chain

        result = verify_chain()
        if not result.ok:
            raise BackupError(f"Protokollkette gebrochen bei Nr. {result.broken_seq}: {result.problem}")
        report.add(f"Protokollkette geprüft: {result.checked} Einträge, intakt")
    report.add("Wiederherstellung vollständig.")
    return report


def _migrate(report: RestoreReport) -> None:
    from django.core.management import call_command
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        call_command("migrate", interactive=False, verbosity=0)
        report.add(f"Migrationen nachgezogen: {len(plan)} ({', '.join(f'{m.app_label}.{m.name}' for m, _b in plan)})")
    else:
        report.add("Migrationen: Stand der Sicherung entspricht dem Code")
