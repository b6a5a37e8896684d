"""scripts/serve.sh supervises its processes (HAProxy, web, index worker, two task workers, daily purge): one that
dies is started again, and the restart is logged. HAProxy's configuration itself: test_haproxy.py."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FAKE = """#!/usr/bin/env bash
proxy="${{TEILHABE_FRONT_BIND:-}} ${{TEILHABE_GUNICORN_SOCKET:-}}"
proxy="$proxy ${{TEILHABE_PUBLIC_SLOTS:-}} ${{TEILHABE_STAFF_SLOTS:-}}"
echo "$$ $* $proxy" >> "{runs}/$(basename "$0")"
trap 'exit 0' TERM
while true; do sleep 0.1; done
"""


def started(runs: Path, name: str) -> list[str]:
    path = runs / name
    return path.read_text().splitlines() if path.exists() else []


def wait_for(condition: object, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def test_a_killed_process_is_restarted_and_logged(tmp_path: Path) -> None:
    bin_dir, runs, var = tmp_path / "bin", tmp_path / "runs", tmp_path / "var"
    bin_dir.mkdir()
    runs.mkdir()
    for name in ("teilhabe", "gunicorn", "haproxy"):
        (bin_dir / name).write_text(FAKE.format(runs=runs))
        (bin_dir / name).chmod(0o755)
    (var / "run").mkdir(parents=True)  # as an earlier version left it, open to all
    (var / "run").chmod(0o755)
    env = {
        **os.environ,
        "SERVE_BIN": str(bin_dir),
        "SERVE_VAR": str(var),
        "PORT": "8123",
        "HAPROXY": str(bin_dir / "haproxy"),
        "WEB_WORKERS": "7",
    }
    serve = subprocess.Popen([str(ROOT / "scripts" / "serve.sh")], env=env, start_new_session=True)
    try:
        assert wait_for(
            lambda: (
                len(started(runs, "teilhabe")) == 4
                and len(started(runs, "gunicorn")) == 1
                and len(started(runs, "haproxy")) == 1
            )
        )
        workers = [line for line in started(runs, "teilhabe") if "task_worker" in line]
        # Imports never wait behind an open-data build: each queue has its own worker.
        assert sorted(line.split("--queue-name ")[1].split()[0] for line in workers) == ["default", "opendata"]
        web = started(runs, "gunicorn")[0]
        assert f"--control-socket {var}/run/gunicorn-8123.ctl" in web  # per port: never shared
        # Workers of one thread (gunicorn's sync workers), one request each.
        assert "--workers 7 --threads 1" in web and "--keep-alive 0" in web
        # Clients reach HAProxy at HOST:PORT; gunicorn listens on a UNIX socket of its own, per port, for HAProxy
        # alone (a directory only this user enters), and learns the client's address from the PROXY header.
        socket = f"{var}/run/gunicorn-8123.sock"
        assert f"--bind unix:{socket} --proxy-protocol v1" in web
        assert (var / "run").stat().st_mode & 0o777 == 0o700
        proxy = started(runs, "haproxy")[0]
        # Seven workers: two for anonymous reads (a third), five for everything else.
        assert f"-db -f {ROOT}/deploy/haproxy/teilhabe.cfg 127.0.0.1:8123 {socket} 2 5" in proxy
        worker = next(line for line in started(runs, "teilhabe") if "search_index_worker" in line)
        os.kill(int(worker.split()[0]), signal.SIGKILL)  # kill -9 the index worker
        assert wait_for(lambda: sum("search_index_worker" in line for line in started(runs, "teilhabe")) == 2)
        assert len(started(runs, "gunicorn")) == 1 and len(started(runs, "haproxy")) == 1  # the others kept running
        log = (var / "log" / "serve.log").read_text()
        assert "search-index-worker exited with status 137; restarting in 1 s" in log
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(20)
    assert serve.returncode is not None


def test_without_haproxy_it_says_what_to_install(tmp_path: Path) -> None:
    env = {**os.environ, "SERVE_VAR": str(tmp_path), "HAPROXY": str(tmp_path / "none")}
    done = subprocess.run(
        [str(ROOT / "scripts" / "serve.sh")], env=env, capture_output=True, text=True, timeout=20, check=False
    )
    assert done.returncode == 1
    assert "apt-get install haproxy" in done.stderr


@pytest.mark.parametrize("public", ["0", "4"])
def test_a_public_lane_that_leaves_nothing_is_refused(tmp_path: Path, public: str) -> None:
    env = {**os.environ, "SERVE_VAR": str(tmp_path), "WEB_WORKERS": "4", "PUBLIC_SLOTS": public}
    done = subprocess.run(
        [str(ROOT / "scripts" / "serve.sh")], env=env, capture_output=True, text=True, timeout=20, check=False
    )
    assert done.returncode == 2
    assert "PUBLIC_SLOTS" in done.stderr
