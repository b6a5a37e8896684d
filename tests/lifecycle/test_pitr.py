"""PostgreSQL point-in-time recovery with WAL archiving, as README "PostgreSQL point-in-time recovery" describes:
a throwaway cluster with archive_mode on, a base backup, rows deleted by accident, recovery to a moment just
before the deletion, and the rows are back. Runs in make test-postgres; skipped without PostgreSQL binaries."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.postgres


def _with_postgres() -> Any:
    path = Path(__file__).resolve().parents[2] / "scripts" / "with_postgres.py"
    spec = importlib.util.spec_from_file_location("with_postgres", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class PitrCluster:
    def __init__(self) -> None:
        wp = _with_postgres()
        folder = wp.server_bin_dir()
        if folder is None:
            pytest.skip("no PostgreSQL server binaries")
        self.bin = folder
        self.run_as, account = wp.run_as_prefix()
        self.base = Path(tempfile.mkdtemp(prefix="teilhabe-pitr-", dir="/tmp"))
        self.archive, self.socket = self.base / "wal", self.base / "socket"
        self.data, self.backup, self.log = self.base / "data", self.base / "basebackup", self.base / "server.log"
        for path in (self.archive, self.socket):
            path.mkdir()
        if account is not None:
            for path in (self.base, self.archive, self.socket):
                os.chown(path, account.pw_uid, account.pw_gid)
        self.base.chmod(0o700)

    def tool(self, name: str, *args: str, server_user: bool = True) -> str:
        prefix = self.run_as if server_user else []
        result = subprocess.run(
            [*prefix, str(self.bin / name), *args], capture_output=True, text=True, check=False, timeout=120
        )
        if result.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise AssertionError(f"{name} failed: {result.stderr}\n{log}")
        return result.stdout

    def sql(self, statement: str) -> str:
        return self.tool(
            "psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", str(self.socket), "-U", "postgres",
            "-d", "postgres", "-c", statement, server_user=False,
        ).strip()  # fmt: skip

    def start(self, data: Path) -> None:
        self.tool("pg_ctl", "-D", str(data), "-l", str(self.log), "-w", "-t", "90", "start")

    def stop(self, data: Path) -> None:
        self.tool("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        for data in (self.data, self.backup):
            if (data / "postmaster.pid").exists():
                subprocess.run(
                    [*self.run_as, str(self.bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                    capture_output=True,
                    check=False,
                )
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture
def pitr_cluster() -> Any:
    cluster = PitrCluster()
    try:
        yield cluster
    finally:
        cluster.remove()


def _wait_archived(cluster: PitrCluster, segment: str) -> None:
    for _ in range(200):
        last = cluster.sql("SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver")
        if last and last >= segment:
            return
        time.sleep(0.1)
    raise AssertionError(f"WAL segment {segment} was not archived")


def test_recover_rows_deleted_by_accident(pitr_cluster: PitrCluster) -> None:
    c = pitr_cluster
    c.tool("initdb", "-D", str(c.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
    with (c.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
        conf.write(
            f"listen_addresses = ''\nunix_socket_directories = '{c.socket}'\nwal_level = replica\n"
            f"archive_mode = on\narchive_command = 'test ! -f {c.archive}/%f && cp %p {c.archive}/%f'\n"
            "max_wal_senders = 3\ntimezone = 'UTC'\nlog_min_messages = warning\n"
        )
    c.start(c.data)
    c.sql("CREATE TABLE grant_file (id int PRIMARY KEY, reference text)")
    c.sql("INSERT INTO grant_file SELECT g, 'AZ-' || g FROM generate_series(1, 100) g")
    c.tool("pg_basebackup", "-h", str(c.socket), "-U", "postgres", "-D", str(c.backup), "-X", "stream", "-c", "fast")
    c.sql("INSERT INTO grant_file SELECT g, 'AZ-' || g FROM generate_series(101, 150) g")  # after the base backup
    time.sleep(1.1)
    target = c.sql("SELECT clock_timestamp()")
    time.sleep(1.1)
    c.sql("DELETE FROM grant_file WHERE id > 20")  # the accident
    assert c.sql("SELECT count(*) FROM grant_file") == "20"
    segment = c.sql("SELECT pg_walfile_name(pg_current_wal_lsn())")
    c.sql("SELECT pg_switch_wal()")
    _wait_archived(c, segment)
    c.stop(c.data)

    # recover from the base backup and the archived WAL to the moment before the deletion
    with (c.backup / "postgresql.auto.conf").open("a", encoding="utf-8") as conf:
        conf.write(
            f"archive_mode = off\nrestore_command = 'cp {c.archive}/%f %p'\n"
            f"recovery_target_time = '{target}'\nrecovery_target_action = 'promote'\n"
        )
    (c.backup / "recovery.signal").touch()
    if c.run_as:
        subprocess.run(["chown", "-R", "postgres:postgres", str(c.backup)], check=True)
    c.start(c.backup)
    for _ in range(300):
        if c.sql("SELECT pg_is_in_recovery()") == "f":
            break
        time.sleep(0.1)
    assert c.sql("SELECT count(*) FROM grant_file") == "150"  # the rows inserted after the base backup too
    assert c.sql("SELECT reference FROM grant_file WHERE id = 150") == "AZ-150"
    c.stop(c.backup)
