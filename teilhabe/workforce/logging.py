"""Keep the anonymous survey out of the access logs.

A log line "POST /befragung/absenden/ at 10:42:17 from 10.1.2.3" would tie a moment and an address to an answer
if the answers carried a time; they carry none, and the line is left out anyway. The access log is HAProxy's
(deploy/haproxy/teilhabe.cfg leaves out ``/befragung/``); this filter is attached in ``WorkforceConfig.ready()``
to the loggers that may write one line per request here: gunicorn's access log (off in scripts/serve.sh and the
systemd unit, should anyone turn it on), Django's development server and ``django.request`` (errors). A TLS proxy
in front needs the same (nginx: ``location /befragung/ { access_log off; … }``); see README, "Staff survey".
"""

from __future__ import annotations

import logging

from django.conf import settings

#: Loggers that write a line per request.
REQUEST_LOGGERS = ("gunicorn.access", "django.server", "django.request")


class SurveyPathFilter(logging.Filter):
    """Drops every record that names one of ``TEILHABE_UNLOGGED_PATHS``."""

    def filter(self, record: logging.LogRecord) -> bool:
        paths = getattr(settings, "TEILHABE_UNLOGGED_PATHS", ())
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        args = record.args if isinstance(record.args, dict) else {}
        path = str(args.get("U", "")) if args else ""  # gunicorn's atoms: U is the path
        request = getattr(record, "request", None)
        request_path = str(getattr(request, "path", ""))
        return not any(p in message or path.startswith(p) or request_path.startswith(p) for p in paths)


def install() -> None:
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, SurveyPathFilter) for f in logger.filters):
            logger.addFilter(SurveyPathFilter())
