"""deploy/systemd: the units start what scripts/serve.sh starts, with every variable they use defined in
teilhabe.env.example, and a worker for every task queue of the settings."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

UNITS = Path(__file__).resolve().parents[2] / "deploy" / "systemd"


def exec_start(unit: str) -> str:
    text = (UNITS / unit).read_text()
    return re.search(r"^ExecStart=(.*?)(?<!\\)$", text, re.M | re.S).group(1)  # type: ignore[union-attr]


def test_every_variable_of_the_units_is_in_the_example_environment() -> None:
    defined = set(re.findall(r"^([A-Z_]+)=", (UNITS / "teilhabe.env.example").read_text(), re.M))
    used = {name for unit in UNITS.glob("*.service") for name in re.findall(r"\$\{([A-Z_]+)\}", unit.read_text())}
    assert used and used <= defined, used - defined


def test_each_task_queue_has_a_worker_unit() -> None:
    queues = {
        re.search(r"--queue-name (\S+)", exec_start(unit.name)).group(1)  # type: ignore[union-attr]
        for unit in UNITS.glob("*.service")
        if "task_worker" in exec_start(unit.name)
    }
    assert queues == set(settings.TASKS["default"]["QUEUES"])


def test_the_web_unit_wants_every_worker() -> None:
    wanted = re.search(r"^Wants=(.*)$", (UNITS / "teilhabe-web@.service").read_text(), re.M).group(1).split()  # type: ignore[union-attr]
    workers = {unit.name for unit in UNITS.glob("*.service") if not unit.name.startswith("teilhabe-web")}
    # The HAProxy of the same port: teilhabe-haproxy@%i.
    assert {name.replace("@%i.", "@.") for name in wanted} == workers


def test_the_web_unit_queues_requests_at_the_socket() -> None:
    command = exec_start("teilhabe-web@.service")
    assert "--keep-alive 0" in command and "--worker-connections ${WEB_CONNECTIONS}" in command


def test_haproxy_passes_requests_to_the_web_units_socket() -> None:
    web = exec_start("teilhabe-web@.service")
    proxy = (UNITS / "teilhabe-haproxy@.service").read_text()
    assert "--bind unix:/run/teilhabe-web-%i/gunicorn.sock --proxy-protocol v1" in web
    assert "TEILHABE_GUNICORN_SOCKET=/run/teilhabe-web-%i/gunicorn.sock" in proxy
    assert "-f /opt/teilhabe/deploy/haproxy/teilhabe.cfg" in exec_start("teilhabe-haproxy@.service")
    config = (UNITS.parent / "haproxy" / "teilhabe.cfg").read_text()
    named = set(re.findall(r"\$\{([A-Z_]+)\}", config))
    given = set(re.findall(r"(TEILHABE_[A-Z_]+)=", proxy + (UNITS / "teilhabe.env.example").read_text()))
    assert named and named <= given, named - given


def test_haproxy_lanes_add_up_to_the_web_workers() -> None:
    """The example environment gives HAProxy's two lanes (deploy/haproxy/teilhabe.cfg) exactly gunicorn's workers ×
    threads, and the configuration reads both."""
    values = dict(re.findall(r"^([A-Z_]+)=(.*)$", (UNITS / "teilhabe.env.example").read_text(), re.M))
    lanes = int(values["TEILHABE_PUBLIC_SLOTS"]) + int(values["TEILHABE_STAFF_SLOTS"])
    assert lanes == int(values["WEB_WORKERS"]) * int(values["WEB_THREADS"])
    config = (UNITS.parent / "haproxy" / "teilhabe.cfg").read_text()
    assert "${TEILHABE_PUBLIC_SLOTS}" in config and "${TEILHABE_STAFF_SLOTS}" in config
