"""The newcomer's path on a real SQLite file, through the command line in separate processes: migrate, write data,
`teilhabe backup`, break the database, `teilhabe restore` with its report, `audit_verify`; a restore killed with
SIGKILL leaves the target refused until a restore completes; a row edited by hand fails `audit_verify`."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

TEILHABE = [sys.executable, "-m", "teilhabe"]


def _env(var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PG", "DJANGO_SETTINGS"))}
    env.update(
        TEILHABE_VAR_DIR=str(var),
        TEILHABE_SECRET_KEY="cli-test-key",
        TEILHABE_HTTPS="false",
        TEILHABE_TASKS_BACKEND="immediate",
        TEILHABE_SEARCH_DIR=str(var / "search"),
        TEILHABE_ERASURE_JOURNAL=str(var / "erasure-journal.jsonl"),
    )
    return env


def run(var: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*TEILHABE, *args], env=_env(var), capture_output=True, text=True, timeout=600, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"teilhabe {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.mark.skipif("postgres" in os.environ.get("DATABASE_URL", ""), reason="the command line path is shown on SQLite")
def test_backup_break_restore_verify_and_kill(tmp_path: Path) -> None:
    var = tmp_path / "var"
    run(var, "migrate", "--no-input", "-v", "0")
    run(
        var, "shell", "-c",
        "from teilhabe.core.services import user_create, audit_record\n"
        "from teilhabe.core.system import system_actor\n"
        "u = user_create(email='eins@example.nrw', full_name='Eins', actor=system_actor())\n"
        "[audit_record(action='demo.step', obj=u) for _ in range(5)]",
    )  # fmt: skip
    (var / "media" / "funding").mkdir(parents=True)
    (var / "media" / "funding" / "beleg.pdf").write_bytes(b"%PDF-1.4 Beleg")
    assert "intakt" in run(var, "audit_verify").stdout

    # an older state of the schema in the backup: the restore must apply the newer migration
    run(var, "migrate", "lifecycle", "0001", "-v", "0")
    # the backup runs while another process keeps writing (the live platform)
    writer = subprocess.Popen(
        [
            *TEILHABE, "shell", "-c",
            "from teilhabe.core.services import audit_record\n"
            "for i in range(100000): audit_record(action='load.write', reason=str(i))",
        ],
        env=_env(var), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(3)
        out = run(var, "backup", str(tmp_path / "backups")).stdout
    finally:
        writer.kill()
        writer.wait()
    backup = next((tmp_path / "backups").glob("teilhabe-*"))
    assert "Sicherung" in out
    with sqlite3.connect(backup / "database.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM core_auditevent WHERE action = 'load.write'").fetchone()[0] > 0
    run(var, "migrate", "-v", "0")

    # break the database and lose the files
    database = var / "teilhabe.sqlite3"
    with sqlite3.connect(database) as conn:
        conn.execute("DELETE FROM core_membership")
        conn.execute("UPDATE core_user SET full_name = 'kaputt'")
    (var / "media" / "funding" / "beleg.pdf").unlink()

    refused = run(var, "restore", str(backup), check=False)
    assert refused.returncode != 0 and "nicht leer" in refused.stderr

    # kill -9 in the middle of a restore: the target is refused as incomplete
    child = subprocess.Popen(
        [*TEILHABE, "restore", str(backup), "--force"],
        env=_env(var),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    marker = var / "restore_in_progress"
    for _ in range(3000):
        if marker.exists() or child.poll() is not None:
            break
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert marker.exists()  # killed within milliseconds of starting to write: refused until a restore completes
    check = run(var, "check", check=False)
    assert check.returncode != 0 and "lifecycle.E001" in check.stderr

    report = run(var, "restore", str(backup), "--force").stdout
    assert "Prüfsummen" in report and "Zeilenzahlen" in report and "Protokollkette geprüft" in report
    assert "Wiederherstellung vollständig" in report
    assert "Migrationen nachgezogen: 2 (lifecycle.0002_retention_rules, lifecycle.0003_participation_codes" in report
    assert not marker.exists()
    run(var, "check")
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT full_name FROM core_user WHERE email = 'eins@example.nrw'").fetchone()[0] == "Eins"
    assert (var / "media" / "funding" / "beleg.pdf").read_bytes() == b"%PDF-1.4 Beleg"
    assert "intakt" in run(var, "audit_verify").stdout

    # an edit by hand: another client cannot pass the trigger; with the trigger dropped audit_verify finds it
    with sqlite3.connect(database) as conn, pytest.raises(sqlite3.OperationalError):
        conn.execute("UPDATE core_auditevent SET reason = 'von Hand'")
    with sqlite3.connect(database) as conn:
        conn.execute("DROP TRIGGER core_auditevent_no_update")
        seq = conn.execute("SELECT seq FROM core_auditevent WHERE action = 'demo.step' ORDER BY seq LIMIT 1").fetchone()
        conn.execute("UPDATE core_auditevent SET reason = 'von Hand' WHERE seq = ?", seq)
    broken = run(var, "audit_verify", check=False)
    assert broken.returncode != 0 and f"Nr. {seq[0]}" in broken.stderr
