"""Run a command against a throwaway PostgreSQL cluster: `python scripts/with_postgres.py CMD ARGS…`.

initdb into a temporary folder, listen on a unix socket in that folder only (no TCP port), create the role
`teilhabe` (LOGIN CREATEDB: pytest-xdist creates test_teilhabe_gw0 …) and its database, run CMD with
DATABASE_URL pointing at it, then stop the cluster and delete the folder whatever happened (error, Ctrl+C,
SIGTERM, SIGHUP). Exits with CMD's exit code. PostgreSQL refuses to run as root, so as root the server runs as
the unprivileged `postgres` OS user (created as a system user if it does not exist).

Needs the server binaries of PostgreSQL ≥ 15 (Debian: postgresql-15): found on PATH or under
/usr/lib/postgresql/<version>/bin. The server is tuned for throwaway speed (fsync off): never for real data.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from types import FrameType

MIN_VERSION = 15
ROLE = DATABASE = "teilhabe"
SUPERUSER = "postgres"
OS_USER = "postgres"

#: Settings of the throwaway server: only the socket, and durability traded for speed.
SERVER_SETTINGS = {
    "listen_addresses": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "max_connections": "200",
    "shared_buffers": "128MB",
    "checkpoint_timeout": "30min",
    "max_wal_size": "4GB",
    "log_min_messages": "warning",
    "timezone": "'UTC'",
}


class Interrupted(Exception):
    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def fail(message: str) -> int:
    sys.stderr.write(f"with_postgres: {message}\n")
    return 1


def server_bin_dir() -> Path | None:
    """The folder holding initdb, pg_ctl and psql of one PostgreSQL ≥ 15: PATH first, then Debian's folders."""
    candidates: list[Path] = []
    if found := shutil.which("initdb"):
        candidates.append(Path(found).resolve().parent)
    versions = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()),
        key=lambda p: int(p.parent.name),
        reverse=True,
    )
    candidates += versions
    for folder in candidates:
        if all((folder / tool).exists() for tool in ("initdb", "pg_ctl", "psql")):
            version = subprocess.run(
                [str(folder / "initdb"), "--version"], capture_output=True, text=True, check=False
            ).stdout
            digits = version.strip().rsplit(" ", 1)[-1].split(".", 1)[0]
            if digits.isdigit() and int(digits) >= MIN_VERSION:
                return folder
    return None


def run_as_prefix() -> tuple[list[str], pwd.struct_passwd | None]:
    """As root: run the server as the unprivileged OS user, created as a system user if missing."""
    if os.geteuid() != 0:
        return [], None
    try:
        account = pwd.getpwnam(OS_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OS_USER],
            check=True,
        )
        account = pwd.getpwnam(OS_USER)
    return ["runuser", "-u", OS_USER, "--"], account


class Cluster:
    """One throwaway cluster in its own temporary folder."""

    def __init__(self, folder: Path) -> None:
        self.initdb, self.pg_ctl, self.psql = (str(folder / tool) for tool in ("initdb", "pg_ctl", "psql"))
        self.run_as, account = run_as_prefix()
        # /tmp, not $TMPDIR: the server's OS user must reach the folder, and a socket path has at most 107 bytes.
        # mkdtemp makes a fresh private folder, so the fixed parent is safe.
        self.base = Path(tempfile.mkdtemp(prefix="teilhabe-pg-", dir="/tmp"))
        self.data, self.socket_dir, self.log = self.base / "data", self.base / "socket", self.base / "server.log"
        self.socket_dir.mkdir()
        if account is not None:
            for path in (self.base, self.socket_dir):
                os.chown(path, account.pw_uid, account.pw_gid)
        self.base.chmod(0o700)

    def run(self, *command: str, as_server_user: bool = True) -> None:
        prefix = self.run_as if as_server_user else []
        subprocess.run([*prefix, *command], check=True, capture_output=True)

    def start(self) -> None:
        self.run(
            self.initdb, "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
            "--no-sync",
        )  # fmt: skip
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# with_postgres.py: throwaway cluster\n")
            conf.write(f"unix_socket_directories = '{self.socket_dir}'\n")
            conf.writelines(f"{key} = {value}\n" for key, value in SERVER_SETTINGS.items())
        self.run(self.pg_ctl, "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")
        sql = [self.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(self.socket_dir), "-U", SUPERUSER]
        self.run(*sql, "-d", "postgres", "-c", f"CREATE ROLE {ROLE} LOGIN CREATEDB", as_server_user=False)
        self.run(*sql, "-d", "postgres", "-c", f"CREATE DATABASE {DATABASE} OWNER {ROLE}", as_server_user=False)

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        # django-environ passes ?host= on as the connection's host; a folder there means its unix socket.
        env["DATABASE_URL"] = f"postgres://{ROLE}@/{DATABASE}?host={self.socket_dir}"
        env.update(PGHOST=str(self.socket_dir), PGUSER=ROLE, PGDATABASE=DATABASE)
        return env

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                [*self.run_as, self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                check=False,
                capture_output=True,
            )
        shutil.rmtree(self.base, ignore_errors=True)

    def report(self, error: subprocess.CalledProcessError) -> None:
        fail(f"{Path(error.cmd[len(self.run_as)] if error.cmd[0] == 'runuser' else error.cmd[0]).name} failed:")
        sys.stderr.write((error.stderr or b"").decode(errors="replace"))
        if self.log.exists():
            sys.stderr.write(self.log.read_text(errors="replace"))


def wait_for(child: subprocess.Popen[bytes]) -> int:
    """Wait for CMD. Ctrl+C reaches it directly (same process group); SIGTERM and SIGHUP are passed on."""
    try:
        code = child.wait()
    except Interrupted as stop:
        if stop.signum != signal.SIGINT:
            child.send_signal(stop.signum)
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        sys.stderr.write(f"with_postgres: stopped by {stop}\n")
        return 128 + stop.signum
    return 128 - code if code < 0 else code


def main(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write(__doc__ or "")
        return 2
    folder = server_bin_dir()
    if folder is None:
        return fail(
            f"no PostgreSQL >= {MIN_VERSION} server binaries (initdb, pg_ctl, psql): apt-get install postgresql"
        )

    def interrupted(signum: int, _frame: FrameType | None) -> None:
        raise Interrupted(signum)

    signals = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
    previous = {sig: signal.signal(sig, interrupted) for sig in signals}
    cluster = Cluster(folder)
    try:
        cluster.start()
        print(f"with_postgres: throwaway PostgreSQL {folder.parent.name} on {cluster.socket_dir}", flush=True)
        return wait_for(subprocess.Popen(argv, env=cluster.environment()))
    except FileNotFoundError as error:
        return fail(f"cannot run {error.filename}")
    except subprocess.CalledProcessError as error:
        cluster.report(error)
        return 1
    except Interrupted as stop:
        return 128 + stop.signum
    finally:
        for sig in signals:
            signal.signal(sig, signal.SIG_IGN)  # the cleanup must not be cut short
        cluster.remove()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
