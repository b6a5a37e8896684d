"""Run a command against a throwaway PostgreSQL cluster: `python scripts/with_postgres.py CMD ARGS…`.

initdb into a temporary folder, listen on a unix socket there only (no TCP port), run CMD with DATABASE_URL
pointing at it, then stop the cluster and delete the folder whatever happened. PostgreSQL refuses to run as
root, so as root the server runs as the unprivileged `postgres` OS user.
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

PG_DIRS = ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"]


def find(binary: str) -> str:
    for folder in PG_DIRS:
        candidate = Path(folder) / binary
        if candidate.exists():
            return str(candidate)
    found = shutil.which(binary)
    if not found:
        sys.exit(f"{binary} not found: install the PostgreSQL server binaries (Debian: postgresql-15)")
    return found


def main() -> int:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    as_root = os.geteuid() == 0
    run_as: list[str] = []
    if as_root:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
        run_as = ["runuser", "-u", "postgres", "--"]
    base = Path(tempfile.mkdtemp(prefix="teilhabe-pg-"))
    data, socket_dir = base / "data", base / "socket"
    socket_dir.mkdir()
    if as_root:
        pw = pwd.getpwnam("postgres")
        os.chown(base, pw.pw_uid, pw.pw_gid)
        os.chown(socket_dir, pw.pw_uid, pw.pw_gid)
    base.chmod(0o755)
    pg_ctl = find("pg_ctl")
    started = False

    def stop(*_: object) -> None:
        nonlocal started
        if started:
            subprocess.run(
                [*run_as, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], check=False, capture_output=True
            )
            started = False

    signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(143)))
    try:
        subprocess.run(
            [
                *run_as,
                find("initdb"),
                "-D",
                str(data),
                "-U",
                "teilhabe",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            capture_output=True,
        )
        options = (
            f"-c listen_addresses='' -c unix_socket_directories={socket_dir} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            [*run_as, pg_ctl, "-D", str(data), "-o", options, "-l", str(base / "server.log"), "-w", "start"],
            check=True,
            capture_output=True,
        )
        started = True
        env = dict(os.environ)
        # An empty host in the URL makes libpq take PGHOST, the socket folder.
        env["DATABASE_URL"] = "postgres://teilhabe@/postgres"
        env["PGHOST"] = str(socket_dir)
        print(f"PostgreSQL throwaway cluster at {socket_dir}", flush=True)
        return subprocess.run(sys.argv[1:], check=False, env=env).returncode
    except subprocess.CalledProcessError as error:
        sys.stderr.write((error.stderr or b"").decode(errors="replace"))
        log = base / "server.log"
        if log.exists():
            sys.stderr.write(log.read_text(errors="replace"))
        return 1
    finally:
        stop()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
