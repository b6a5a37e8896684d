"""deploy/haproxy/teilhabe.cfg with the real HAProxy (Debian's package) before a real gunicorn on a UNIX socket:
the client's address reaches the app, and connections that send half a request hold no gunicorn thread."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"

APP = """
def app(environ, start_response):
    body = ("client " + environ.get("REMOTE_ADDR", "")).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, timeout: float = 5.0) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (a local test server)
        return response.status, response.read().decode()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    if not os.access(HAPROXY, os.X_OK):
        if os.environ.get("CI"):
            pytest.fail(f"HAProxy is missing ({HAPROXY}): apt-get install haproxy")
        pytest.skip("HAProxy is not installed")
    (tmp_path / "echo.py").write_text(APP)
    sock, port = tmp_path / "web.sock", free_port()
    # As scripts/serve.sh starts them, with one worker of two threads.
    web = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--chdir", str(tmp_path), "echo:app", "--bind", f"unix:{sock}",
         "--proxy-protocol", "v1", "--workers", "1", "--threads", "2", "--keep-alive", "0",
         "--worker-connections", "3", "--control-socket", str(tmp_path / "g.ctl")],
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    env = {
        **os.environ,
        "TEILHABE_FRONT_BIND": f"127.0.0.1:{port}",
        "TEILHABE_GUNICORN_SOCKET": str(sock),
        "TEILHABE_WEB_SLOTS": "2",
    }
    proxy = subprocess.Popen([HAPROXY, "-db", "-f", str(ROOT / "deploy" / "haproxy" / "teilhabe.cfg")], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                get(base + "/", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        proxy.terminate()
        web.terminate()
        proxy.wait(10)
        web.wait(10)


def test_the_app_sees_the_clients_address(served: str) -> None:
    # gunicorn on a UNIX socket knows no peer address: this one came in HAProxy's PROXY header.
    assert get(served + "/") == (200, "client 127.0.0.1")


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
    if not os.access(HAPROXY, os.X_OK):
        if os.environ.get("CI"):
            pytest.fail(f"HAProxy is missing ({HAPROXY}): apt-get install haproxy")
        pytest.skip("HAProxy is not installed")
    port = free_port()
    env = {
        **os.environ,
        "TEILHABE_FRONT_BIND": f"127.0.0.1:{port}",
        "TEILHABE_GUNICORN_SOCKET": str(tmp_path / "nobody.sock"),  # gunicorn is not there
        "TEILHABE_WEB_SLOTS": "2",
    }
    proxy = subprocess.Popen([HAPROXY, "-db", "-f", str(ROOT / "deploy" / "haproxy" / "teilhabe.cfg")], env=env)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                get(f"http://127.0.0.1:{port}/", timeout=2)
            except urllib.error.HTTPError as error:
                assert error.code == 503
                page = error.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert "Teilhabe NRW ist gerade ausgelastet" in page and "Teilhabe NRW is busy" in page
    finally:
        proxy.terminate()
        proxy.wait(10)
