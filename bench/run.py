"""`make bench`: every benchmark of the project, each printing JSON. Arguments are passed to bench/search.py, the
staff survey's benchmark bench/workforce.py takes its arguments from ``WF_BENCH_ARGS``.

With ``BENCH_HTTP_URL`` set (a running server, e.g. ``TEILHABE_RATE_LIMITS_ENABLED=false make run``), the HTTP load
benchmark ``bench/http_load.py`` runs afterwards against it, with the arguments in ``BENCH_HTTP_ARGS``
(e.g. ``--duration 30 --mixed --password teilhabe-demo``); ``make bench-http`` runs only that one.
"""

import os
import shlex
import subprocess
import sys
from pathlib import Path


def run(script: str, arguments: list[str]) -> int:
    """One benchmark in a process of its own: each sets up Django with its own throwaway database, and one that
    fails does not keep the others from running."""
    command = [sys.executable, str(Path(__file__).with_name(script)), *arguments]
    return subprocess.run(command, check=False).returncode  # noqa: S603 - our own scripts, the caller's arguments


if __name__ == "__main__":
    codes = [
        run("search.py", sys.argv[1:]),
        # The staff survey's aggregation with disclosure control (1,000,000 answers by default; WF_BENCH_ARGS).
        run("workforce.py", shlex.split(os.environ.get("WF_BENCH_ARGS", ""))),
    ]
    if url := os.environ.get("BENCH_HTTP_URL"):
        codes.append(run("http_load.py", ["--base-url", url, *shlex.split(os.environ.get("BENCH_HTTP_ARGS", ""))]))
    sys.exit(next((code for code in codes if code), 0))
