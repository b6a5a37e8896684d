"""Open-data files are built in the background and served as files: ETag, Last-Modified, 304, HEAD, gzip."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from teilhabe.registry import opendata
from tests.registry.factories import make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _folders(settings: Any, tmp_path: Path) -> None:
    settings.TEILHABE_OPENDATA_DIR = tmp_path / "opendata"
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"


def body(response: Any) -> bytes:
    """The whole file; reading it to the end closes it as the WSGI server would (a second close() would end the
    test's database connection on PostgreSQL: request_finished closes connections)."""
    return b"".join(response.streaming_content)


def test_served_from_the_prebuilt_file_never_built_per_request(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    make_offer(status="published", title="Sprachcafé")
    opendata.build()
    builds: list[int] = []
    monkeypatch.setattr(opendata, "build", lambda: builds.append(1) or {})
    response = client.get("/opendata/hsds.json")  # a worker not there yet
    assert response.status_code == 200
    assert [s["name"] for s in json.loads(body(response))] == ["Sprachcafé"]
    assert response["ETag"] and response["Last-Modified"] and response["Content-Length"]
    make_offer(status="published", title="Neu")  # data changed: the file stays until the next build
    assert len(json.loads(body(client.get("/opendata/hsds.json")))) == 1
    assert builds == []


def test_conditional_get_head_and_gzip(client: Client) -> None:
    make_offer(status="published", title="Sprachcafé")
    opendata.build()
    first = client.get("/opendata/hsds.json")
    body(first)
    assert client.get("/opendata/hsds.json", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get("/opendata/hsds.json", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    head = client.head("/opendata/hsds.json")
    body(head)
    assert head.status_code == 200 and head["Content-Length"] == first["Content-Length"]
    packed = client.get("/opendata/hsds.json", HTTP_ACCEPT_ENCODING="gzip, br")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert json.loads(gzip.decompress(body(packed)))[0]["name"] == "Sprachcafé"
    assert packed["ETag"] != first["ETag"]


def test_not_built_yet_queues_the_build(client: Client, settings: Any) -> None:
    make_offer(status="published", title="Sprachcafé")
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    response = client.get("/opendata/hsds.json")  # a worker not there yet
    assert response.status_code == 503 and response["Retry-After"] == "60"
    settings.TASKS = {
        "default": {**settings.TASKS["default"], "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    response = client.get("/opendata/hsds-tabular.zip")  # built by the task, then served
    assert response.status_code == 200
    assert body(response)[:2] == b"PK"


def test_the_index_worker_queues_a_build_when_none_exists() -> None:
    make_offer(status="published", title="Sprachcafé")
    call_command("search_index_worker", "--once", stdout=io.StringIO())
    assert opendata.path_of(opendata.HSDS_JSON).exists()  # the immediate backend ran the task


def test_one_pass_over_the_offers_gives_both_files(monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    from teilhabe.registry import hsds, hsds_tabular

    make_offer(status="published", title="Sprachcafé")
    make_offer(status="published", title="Elterncafé")
    expected_json = list(hsds.iter_services())
    expected_tables = hsds_tabular.files(expected_json)
    passes: list[int] = []
    original = hsds.iter_services

    def counted() -> Any:
        passes.append(1)
        return original()

    monkeypatch.setattr(hsds, "iter_services", counted)
    opendata.build()
    assert passes == [1]
    assert json.loads(opendata.path_of(opendata.HSDS_JSON).read_text()) == expected_json
    with zipfile.ZipFile(opendata.path_of(opendata.HSDS_TABULAR)) as archive:
        assert {name: archive.read(name).decode() for name in archive.namelist()} == expected_tables


def test_the_package_keeps_an_organisation_once_however_many_offers_it_has() -> None:
    from teilhabe.registry import hsds, hsds_tabular

    first = make_offer(status="published", title="Sprachcafé")
    make_offer(first.organisation, status="published", title="Elterncafé")
    tables = hsds_tabular.files(hsds.iter_services())
    assert len(tables["organizations.csv"].splitlines()) == 2  # header and the one organisation
    assert len(tables["services.csv"].splitlines()) == 3


def test_a_killed_build_leaves_nothing_behind_the_next_one() -> None:
    make_offer(status="published", title="Sprachcafé")
    stale = opendata.folder() / ".tmp-999999"
    stale.mkdir()
    (stale / opendata.HSDS_JSON).write_text("[half a file")
    opendata.build()
    assert not stale.exists()
    assert sorted(p.name for p in opendata.folder().iterdir() if p.name.startswith(".tmp")) == []


def test_a_build_waiting_or_running_is_not_queued_again(database_tasks: None, client: Client) -> None:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    make_offer(status="published", title="Sprachcafé")
    for _ in range(5):  # nobody has built the files yet: each request would have queued a build
        assert client.get("/opendata/hsds.json").status_code == 503
    assert DBTaskResult.objects.count() == 1
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)
    assert opendata.request_build() is False
    assert client.get("/opendata/hsds-tabular.zip").status_code == 503
    assert DBTaskResult.objects.count() == 1
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    assert opendata.request_build() is True
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
