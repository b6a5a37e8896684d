#!/usr/bin/env bash
# Serve Teilhabe: the search index worker (the only index writer), the background task worker, the daily purge
# and gunicorn. Request lines up to 8190 bytes reach the app, which answers addresses longer than
# TEILHABE_MAX_URL_LENGTH (4000) with its own 414 page; only longer lines get gunicorn's bare 414.
# Stopping this script (Ctrl+C) stops all of them.
set -euo pipefail
BIN="$(dirname "$0")/../.venv/bin"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
# One clock for every log line: gunicorn's master and workers and the commands in the zone of settings.TIME_ZONE.
export TZ="${TZ:-Europe/Berlin}"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
"$BIN/teilhabe" search_index_worker --interval 1 &
pids+=($!)
"$BIN/teilhabe" db_worker --interval 2 &
pids+=($!)
# The daily purge of the deletion concept (teilhabe purge): once at start, then every 24 hours.
( while true; do "$BIN/teilhabe" purge || true; sleep 86400; done ) &
pids+=($!)
"$BIN/gunicorn" teilhabe.wsgi:application --bind "$HOST:$PORT" --workers 2 --threads 4 \
  --access-logfile - --forwarded-allow-ips="" --graceful-timeout 5 \
  --limit-request-line 8190 &
pids+=($!)
wait -n
