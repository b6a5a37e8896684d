"""The open-data files of the registry (HSDS JSON, HSDS tabular zip), built in the background, served as files.

Building them reads every published offer (91 MB of JSON at a million offers): never per request. A task
(``registry.tasks.build_open_data``) writes them under ``TEILHABE_OPENDATA_DIR`` atomically (temporary file, then
``os.replace``), the JSON also gzip-compressed; the index worker queues it when offers changed, at most every
``REBUILD_EVERY``. The views serve the files with ``ETag``/``Last-Modified`` (conditional GET: 304), ``HEAD`` and,
for clients that accept it, the gzip copy.
"""

from __future__ import annotations

import fcntl
import gzip
import json
import os
import shutil
import time
from pathlib import Path

from django.conf import settings

from teilhabe.registry import hsds, hsds_tabular

HSDS_JSON = "hsds.json"
HSDS_TABULAR = "hsds-tabular.zip"
#: At most one build per this many seconds while offers keep changing.
REBUILD_EVERY = 600.0
_STAMP = "BUILT"


def folder() -> Path:
    path = Path(settings.TEILHABE_OPENDATA_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(name: str) -> Path:
    return folder() / name


def built_at() -> float | None:
    try:
        return (folder() / _STAMP).stat().st_mtime
    except FileNotFoundError:
        return None


def build() -> dict[str, int]:
    """Write every file anew (each replaced atomically); returns their sizes.

    One pass over the published offers feeds the JSON and the tabular package at once, and neither is held in
    memory: at a million offers the JSON alone is 4.4 GB. Before, the offers were read twice and the package's
    rows kept in memory until the end."""
    target = folder()
    with open(target / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time, whichever worker runs it
        for stale in target.glob(".tmp-*"):  # left by a build that was killed; none runs while we hold the lock
            shutil.rmtree(stale, ignore_errors=True)
        tmp = target / f".tmp-{os.getpid()}"
        tmp.mkdir()
        try:
            tabular = tmp / "tabular"
            with open(tmp / HSDS_JSON, "w", encoding="utf-8") as handle:
                hsds_tabular.write_folder(tabular, hsds.written_as_json_array(hsds.iter_services(), handle))
            with (
                open(tmp / HSDS_JSON, "rb") as source,
                gzip.open(tmp / f"{HSDS_JSON}.gz", "wb", compresslevel=6) as packed,
            ):
                shutil.copyfileobj(source, packed, 1 << 20)
            hsds_tabular.zip_folder(tabular, tmp / HSDS_TABULAR)
            sizes = {}
            for name in (HSDS_JSON, f"{HSDS_JSON}.gz", HSDS_TABULAR):
                sizes[name] = (tmp / name).stat().st_size
                os.replace(tmp / name, target / name)
            (target / _STAMP).write_text(json.dumps({"at": time.time(), "sizes": sizes}))
            return sizes
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def request_build() -> bool:
    """Queue a build unless one is waiting or running; whether it queued one. Each request for a file not built
    yet had queued one more (five requests, five builds), each of them minutes long at a million offers, and a
    build waiting longer than two minutes makes ``/ready`` report its queue behind."""
    from teilhabe.registry.tasks import build_open_data

    if "DatabaseBackend" in settings.TASKS["default"]["BACKEND"]:
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        pending = DBTaskResult.objects.filter(
            task_path=build_open_data.module_path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
        )
        if pending.exists():
            return False
    build_open_data.enqueue()
    return True


def due(changed: bool) -> bool:
    """Whether a build should be queued now: never built, or offers changed and the last build is old enough."""
    last = built_at()
    return last is None or (changed and time.time() - last >= REBUILD_EVERY)
