"""Logging helpers: one line per refused request, and every time stamp in one time zone.

Referenced by name from settings.LOGGING (the dictConfig imports them), so this module imports no Django models.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

#: Statuses that are an answer, not a fault: logged as one line without the exception's traceback.
REFUSAL_STATUSES = frozenset({400, 403, 404, 405, 413, 414})


class OneLineRefusals(logging.Filter):
    """Django's request logger attaches the PermissionDenied (or Http404) with its traceback to "Forbidden: /x".
    A refusal is expected behaviour: keep the line (status, path), drop the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in REFUSAL_STATUSES:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True


class ZonedFormatter(logging.Formatter):
    """Time stamps in one named zone with its offset (ISO 8601), whatever the process's TZ happens to be:
    gunicorn's master, its workers (Django sets TZ from settings.TIME_ZONE) and the commands write the same clock.
    """

    def __init__(self, *args: object, zone: str = "Europe/Berlin", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.zone = ZoneInfo(zone)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = datetime.fromtimestamp(record.created, tz=self.zone)
        return moment.isoformat(timespec="milliseconds")
