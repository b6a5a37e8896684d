"""`make bench`: every benchmark of the project, each printing JSON. Arguments are passed to bench/search.py, the
staff survey's benchmark bench/workforce.py takes its arguments from ``WF_BENCH_ARGS``.

With ``BENCH_HTTP_URL`` set (a running server, e.g. ``TEILHABE_RATE_LIMITS_ENABLED=false make run``), the HTTP load
benchmark ``bench/http_load.py`` runs afterwards against it, with the arguments in ``BENCH_HTTP_ARGS``
(e.g. ``--duration 30 --mixed --password teilhabe-demo``); ``make bench-http`` runs only that one.
"""

import os
import runpy
import shlex
import sys
from pathlib import Path

if __name__ == "__main__":
    arguments = sys.argv[1:]
    sys.argv = [str(Path(__file__).with_name("search.py")), *arguments]
    runpy.run_path(sys.argv[0], run_name="__main__")
    # The staff survey's aggregation with disclosure control (1,000,000 answers by default; WF_BENCH_ARGS).
    sys.argv = [str(Path(__file__).with_name("workforce.py")), *shlex.split(os.environ.get("WF_BENCH_ARGS", ""))]
    runpy.run_path(sys.argv[0], run_name="__main__")
    if url := os.environ.get("BENCH_HTTP_URL"):
        sys.argv = [
            str(Path(__file__).with_name("http_load.py")),
            "--base-url",
            url,
            *shlex.split(os.environ.get("BENCH_HTTP_ARGS", "")),
        ]
        runpy.run_path(sys.argv[0], run_name="__main__")
