"""deploy/haproxy/teilhabe.cfg with the real HAProxy (Debian's package) before a real gunicorn on a UNIX socket:
the client's address reaches the app, connections that send half a request hold no gunicorn thread, and anonymous
reads and everything else have lanes of their own."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"

APP = """
import time

def app(environ, start_response):
    if environ["PATH_INFO"] == "/slow":
        time.sleep(3)
    body = ("client " + environ.get("REMOTE_ADDR", "")).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def accepts(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True


def get(url: str, timeout: float = 5.0, data: bytes | None = None, cookie: str = "") -> tuple[int, str]:
    """Status and body, also of an error answer (a POST with ``data``)."""
    request = urllib.request.Request(url, data=data, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (a local test server)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("not ready")
        time.sleep(0.2)


@contextmanager
def running_haproxy(gunicorn_socket: Path, log: Path | None = None) -> Iterator[str]:
    """HAProxy with deploy/haproxy/teilhabe.cfg in front of ``gunicorn_socket``, as scripts/serve.sh starts it; its
    address once it takes connections. Its log (stderr) goes to ``log`` when given."""
    if not os.access(HAPROXY, os.X_OK):
        if os.environ.get("CI"):
            pytest.fail(f"HAProxy is missing ({HAPROXY}): apt-get install haproxy")
        pytest.skip("HAProxy is not installed")
    port = free_port()
    env = {
        **os.environ,
        "TEILHABE_FRONT_BIND": f"127.0.0.1:{port}",
        "TEILHABE_GUNICORN_SOCKET": str(gunicorn_socket),
        # As the two threads of the gunicorn of ``served``: one for each lane.
        "TEILHABE_PUBLIC_SLOTS": "1",
        "TEILHABE_STAFF_SLOTS": "1",
    }
    log_file = log.open("wb") if log else None
    proxy = subprocess.Popen(
        [HAPROXY, "-db", "-f", str(ROOT / "deploy" / "haproxy" / "teilhabe.cfg")], env=env, stderr=log_file
    )
    try:
        wait_for(lambda: accepts(port))
        yield f"http://127.0.0.1:{port}"
    finally:
        proxy.terminate()
        proxy.wait(10)
        if log_file:
            log_file.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """HAProxy before gunicorn with the echo app; HAProxy's log in ``tmp_path / "haproxy.log"``."""
    (tmp_path / "echo.py").write_text(APP)
    sock = tmp_path / "web.sock"
    # As scripts/serve.sh starts it, with one worker of two threads.
    web = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--chdir", str(tmp_path), "echo:app", "--bind", f"unix:{sock}",
         "--proxy-protocol", "v1", "--workers", "1", "--threads", "2", "--keep-alive", "0",
         "--worker-connections", "3", "--control-socket", str(tmp_path / "g.ctl")],
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        with running_haproxy(sock, log=tmp_path / "haproxy.log") as base:
            wait_for(lambda: get(base + "/", timeout=1)[0] == 200)
            yield base
    finally:
        web.terminate()
        web.wait(10)


def test_the_app_sees_the_clients_address(served: str) -> None:
    # gunicorn on a UNIX socket knows no peer address: this one came in HAProxy's PROXY header.
    assert get(served + "/") == (200, "client 127.0.0.1")


def test_it_writes_the_access_log_but_not_for_the_survey(served: str, tmp_path: Path) -> None:
    # gunicorn runs without an access log (scripts/serve.sh): this is the one, and the survey stays out of it.
    assert get(served + "/angebote/?q=Beratung")[0] == 200
    for path in ("/befragung/", "/befragung/absenden/", "/%62efragung/", "/befragung%2Fabsenden/"):
        assert get(served + path)[0] == 200
        assert get(served + path, data=b"code=ABCDE-FGHIJ")[0] == 200
    assert get(served + "/ende")[0] == 200
    log = tmp_path / "haproxy.log"
    wait_for(lambda: "/ende" in log.read_text())
    lines = log.read_text().splitlines()
    assert any('"GET /angebote/?q=Beratung HTTP/1.1"' in line and " 200 " in line for line in lines), lines
    assert not [line for line in lines if "efragung" in line], lines


def test_connections_sending_half_a_request_hold_no_server_thread(served: str) -> None:
    port = int(served.rsplit(":", 1)[1])
    slow = []
    for _ in range(30):  # fifteen times the threads of the server behind
        connection = socket.create_connection(("127.0.0.1", port))
        connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the end of the headers
        slow.append(connection)
    try:
        started = time.monotonic()
        assert get(served + "/", timeout=5) == (200, "client 127.0.0.1")
        assert time.monotonic() - started < 2
    finally:
        for connection in slow:
            connection.close()


def test_its_own_answers_are_in_german_and_english(tmp_path: Path) -> None:
    with running_haproxy(tmp_path / "nobody.sock") as base:  # gunicorn is not there
        status, page = get(base + "/")
    assert status == 503
    assert "Teilhabe NRW ist gerade ausgelastet" in page and "Teilhabe NRW is busy" in page


def _timed(call: Callable[[], tuple[int, str]]) -> float:
    started = time.monotonic()
    assert call()[0] == 200
    return time.monotonic() - started


@pytest.mark.parametrize(
    "busy",
    [
        pytest.param(lambda base: get(base + "/slow", data=b"x"), id="a form sent"),
        pytest.param(lambda base: get(base + "/slow", cookie="teilhabe-session=abc"), id="a page signed in"),
    ],
)
def test_anonymous_reads_have_a_lane_of_their_own(served: str, busy: Callable[[str], Any]) -> None:
    """With the staff lane busy (its one slot), a second staff request waits and an anonymous read passes."""
    import threading

    holder = threading.Thread(target=busy, args=(served,))
    holder.start()
    time.sleep(0.5)  # the slow request has the staff lane's slot
    try:
        assert _timed(lambda: get(served + "/")) < 1.5
        assert _timed(lambda: get(served + "/", cookie="teilhabe-session=def")) > 1.5  # behind the slow one
    finally:
        holder.join(10)
