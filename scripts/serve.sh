#!/usr/bin/env bash
# Serve Teilhabe: HAProxy in front (deploy/haproxy/teilhabe.cfg: clients connect to it at HOST:PORT; it passes
# each request, once complete, to gunicorn on a UNIX socket, and writes the access log to stderr), gunicorn, the
# search index worker (the only index writer), two task workers (the default queue, and the open-data build on its
# own) and the daily purge, each supervised: a process that dies is started again (after 1 s, up to 30 s when it
# keeps dying at once), and every start and exit is logged with the time to stderr and var/log/serve.log.
# Stopping this script (Ctrl+C, SIGTERM) stops all of them. Production runs the same processes under systemd
# (deploy/systemd/, see README).
# Request lines up to 8190 bytes reach the app, which answers addresses longer than TEILHABE_MAX_URL_LENGTH (4000)
# with its own 414 page; only longer lines get gunicorn's bare 414.
#
# Environment: HOST, PORT; WEB_WORKERS (default 3 × cores, at most 24) and WEB_THREADS (default 1: gunicorn's
# sync workers, one request each, behind HAProxy that buffers requests). Threads of one worker share Python's
# lock: a save that holds SQLite's write lock waited for the page its sibling thread rendered, and everyone saving
# waited with it. More workers than cores, as a save waits for the write lock or the database without using its
# core; not many more: each worker's caches and heap compete for the cores' caches, and under the mixed load 6
# workers answered more saves and more reads than 13 with the same CPU (README, "Mixed load"). HAProxy gives
# gunicorn at most as many requests as it has workers × threads, in two lanes (see deploy/haproxy/teilhabe.cfg):
# PUBLIC_SLOTS (default a third) for anonymous reads, the rest for everything else; the others wait there, first
# come first served, in their lane. GUNICORN_CONTROL_SOCKET (default
# var/run/gunicorn-PORT.ctl: two instances on one host never share one; the web socket beside it is per port too).
# HAPROXY (default: haproxy on the PATH or /usr/sbin/haproxy, from Debian's package). SERVE_BIN and SERVE_VAR
# (tests).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${SERVE_BIN:-$ROOT/.venv/bin}"
VAR="${SERVE_VAR:-$ROOT/var}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
CORES="$(nproc 2>/dev/null || echo 2)"
# At most 24 by default: each worker keeps its own connections, index reader and caches (about 170 MB at a
# million offers).
WEB_WORKERS="${WEB_WORKERS:-$((3 * CORES < 24 ? 3 * CORES : 24))}"
WEB_THREADS="${WEB_THREADS:-1}"
WEB_SLOTS=$((WEB_WORKERS * WEB_THREADS))
PUBLIC_SLOTS="${PUBLIC_SLOTS:-$((WEB_SLOTS / 3 > 0 ? WEB_SLOTS / 3 : 1))}"
if ((WEB_SLOTS < 2 || PUBLIC_SLOTS < 1 || PUBLIC_SLOTS >= WEB_SLOTS)); then
  echo "serve.sh: PUBLIC_SLOTS ($PUBLIC_SLOTS) must leave at least one of WEB_WORKERS × WEB_THREADS ($WEB_SLOTS)" >&2
  exit 2
fi
mkdir -p "$VAR/log"
# The web socket takes requests with a PROXY header naming the client: only this user may reach it.
mkdir -p "$VAR/run" && chmod 700 "$VAR/run"
CONTROL_SOCKET="${GUNICORN_CONTROL_SOCKET:-$VAR/run/gunicorn-$PORT.ctl}"
WEB_SOCKET="$VAR/run/gunicorn-$PORT.sock"
HAPROXY="${HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}"
LOG="$VAR/log/serve.log"
# One clock for every log line: gunicorn's master and workers and the commands in the zone of settings.TIME_ZONE.
export TZ="${TZ:-Europe/Berlin}"

log() { printf '%s serve: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" | tee -a "$LOG" >&2; }

if [ ! -x "$HAPROXY" ]; then
  log "HAProxy is missing ($HAPROXY): apt-get install haproxy (Debian), or HAPROXY=/path/to/haproxy"
  exit 1
fi

# supervise NAME COMMAND...: run COMMAND, start it again whenever it ends, until this script stops.
supervise() {
  local name="$1" child=0 delay=1 started
  shift
  trap 'kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM INT
  while true; do
    started=$SECONDS
    "$@" &
    child=$!
    log "$name started (pid $child)"
    wait "$child"
    local status=$?
    log "$name exited with status $status; restarting in ${delay} s"
    sleep "$delay" &
    wait $!
    if (( SECONDS - started < 10 )); then delay=$(( delay * 2 > 30 ? 30 : delay * 2 )); else delay=1; fi
  done
}

supervisors=()
stop() {
  trap - EXIT INT TERM
  log "stopping"
  kill -TERM "${supervisors[@]}" 2>/dev/null
  wait 2>/dev/null
}
trap stop EXIT INT TERM

supervise search-index-worker nice -n 5 "$BIN/teilhabe" search_index_worker --interval 1 &
supervisors+=($!)
# Imports, mail, reminders: at the web workers' priority, not below. An import writes in short transactions that
# hold SQLite's one write lock; lowered, it would hold it for as long as the busy web workers keep it off the CPU,
# and everyone saving meanwhile would wait (writes p95 2.7 s at nice 10 against 1.8 s, at 1,000,000 offers).
supervise task-worker "$BIN/teilhabe" task_worker --queue-name default --interval 2 &
supervisors+=($!)
# The open-data build on its own queue and lowest: it reads every offer for minutes, and nothing waits behind it.
supervise opendata-worker nice -n 15 "$BIN/teilhabe" task_worker --queue-name opendata --interval 5 &
supervisors+=($!)
# The daily purge of the deletion concept (teilhabe purge): once at start, then every 24 hours.
supervise daily-purge bash -c 'while true; do "$0" purge || true; sleep 86400; done' "$BIN/teilhabe" &
supervisors+=($!)
supervise web "$BIN/gunicorn" teilhabe.wsgi:application --bind "unix:$WEB_SOCKET" --proxy-protocol v1 \
  --workers "$WEB_WORKERS" --threads "$WEB_THREADS" --control-socket "$CONTROL_SOCKET" --limit-request-line 8190 \
  --keep-alive 0 --worker-connections "$((WEB_THREADS + 1))" \
  --forwarded-allow-ips="" --graceful-timeout 5 &
supervisors+=($!)
# -db: in the foreground, under this supervision (no daemon, no master process of its own). setsid: a session of
# its own, as systemd gives its unit. Where the kernel shares the CPU between sessions first (autogroups, on here),
# HAProxy had queued for a core behind the 13 busy web workers of this session that it hands every request to.
TEILHABE_FRONT_BIND="$HOST:$PORT" TEILHABE_GUNICORN_SOCKET="$WEB_SOCKET" \
  TEILHABE_PUBLIC_SLOTS="$PUBLIC_SLOTS" TEILHABE_STAFF_SLOTS="$((WEB_SLOTS - PUBLIC_SLOTS))" \
  supervise haproxy setsid "$HAPROXY" -db -f "$ROOT/deploy/haproxy/teilhabe.cfg" &
supervisors+=($!)
wait
