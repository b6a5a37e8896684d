"""The open-data files of the registry (HSDS JSON, HSDS tabular zip), built in the background, served as files.

Building them reads every published offer (91 MB of JSON at a million offers): never per request. A task
(``registry.tasks.build_open_data``) writes them under ``TEILHABE_OPENDATA_DIR`` atomically (temporary file, then
``os.replace``), the JSON also gzip-compressed; the index worker queues it when offers changed, at most every
``REBUILD_EVERY``. The views serve the files with ``ETag``/``Last-Modified`` (conditional GET: 304), ``HEAD`` and,
for clients that accept it, the gzip copy.
"""

from __future__ import annotations

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
    """Write every file anew (each replaced atomically); returns their sizes."""
    target = folder()
    tmp = target / f".tmp-{os.getpid()}"
    tmp.mkdir(exist_ok=True)
    try:
        with open(tmp / HSDS_JSON, "w", encoding="utf-8") as handle:
            for part in hsds.stream_json_array(hsds.iter_services()):
                handle.write(part)
        with open(tmp / HSDS_JSON, "rb") as source, gzip.open(tmp / f"{HSDS_JSON}.gz", "wb", compresslevel=6) as packed:
            shutil.copyfileobj(source, packed, 1 << 20)
        (tmp / HSDS_TABULAR).write_bytes(hsds_tabular.zip_bytes(hsds.iter_services()))
        sizes = {}
        for name in (HSDS_JSON, f"{HSDS_JSON}.gz", HSDS_TABULAR):
            sizes[name] = (tmp / name).stat().st_size
            os.replace(tmp / name, target / name)
        (target / _STAMP).write_text(json.dumps({"at": time.time(), "sizes": sizes}))
        return sizes
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def due(changed: bool) -> bool:
    """Whether a build should be queued now: never built, or offers changed and the last build is old enough."""
    last = built_at()
    return last is None or (changed and time.time() - last >= REBUILD_EVERY)
