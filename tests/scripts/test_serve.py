"""scripts/serve.sh supervises its processes (index worker, two task workers, daily purge, web): one that dies is
started again, and the restart is logged."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FAKE = """#!/usr/bin/env bash
echo "$$ $*" >> "{runs}/$(basename "$0")"
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
    for name in ("teilhabe", "gunicorn"):
        (bin_dir / name).write_text(FAKE.format(runs=runs))
        (bin_dir / name).chmod(0o755)
    env = {**os.environ, "SERVE_BIN": str(bin_dir), "SERVE_VAR": str(var), "PORT": "8123"}
    serve = subprocess.Popen([str(ROOT / "scripts" / "serve.sh")], env=env, start_new_session=True)
    try:
        assert wait_for(lambda: len(started(runs, "teilhabe")) == 4 and len(started(runs, "gunicorn")) == 1)
        workers = [line for line in started(runs, "teilhabe") if "task_worker" in line]
        # Imports never wait behind an open-data build: each queue has its own worker.
        assert sorted(line.split("--queue-name ")[1].split()[0] for line in workers) == ["default", "opendata"]
        web = started(runs, "gunicorn")[0]
        assert f"--control-socket {var}/run/gunicorn-8123.ctl" in web  # per port: never shared
        # One connection more than threads, one request each: requests queue at the socket, not behind a busy worker.
        assert "--threads 2" in web and "--keep-alive 0 --worker-connections 3" in web
        worker = next(line for line in started(runs, "teilhabe") if "search_index_worker" in line)
        os.kill(int(worker.split()[0]), signal.SIGKILL)  # kill -9 the index worker
        assert wait_for(lambda: sum("search_index_worker" in line for line in started(runs, "teilhabe")) == 2)
        assert len(started(runs, "gunicorn")) == 1  # the others kept running
        log = (var / "log" / "serve.log").read_text()
        assert "search-index-worker exited with status 137; restarting in 1 s" in log
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(20)
    assert serve.returncode is not None
