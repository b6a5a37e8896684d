"""Imports as background tasks: checked whole first, written in short transactions as invisible staged drafts,
published in one step; a failure or a cancellation keeps nothing. Another user saves while an import runs."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from teilhabe.core.models import User
from teilhabe.registry import imports, selectors, services
from teilhabe.registry.models import Offer, OfferImport
from tests.conftest import login
from tests.registry.factories import OrganisationFactory, kommune_for, make_offer, offer_input

HEADER = "titel;beschreibung;organisation;themen;zielgruppen;sprachen;strasse;plz;ort;kostenlos"


def row(n: int) -> str:
    return f"Kurs {n};Beschreibung {n};Elternverein Köln;sprache;;de;;50667;Köln;ja"


def csv_file(count: int) -> SimpleUploadedFile:
    text = "\n".join([HEADER, *(row(n) for n in range(count))])
    return SimpleUploadedFile("angebote.csv", text.encode(), content_type="text/csv")


@pytest.fixture
def kommune(make_user: Callable[..., User]) -> User:
    OrganisationFactory(name="Elternverein Köln")
    return make_user("kommune", ags="05315")


@pytest.mark.django_db
def test_offers_are_written_in_short_transactions_and_published_in_one_step(
    kommune: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, int]] = []  # (offers visible to the user, staged offers) after each batch
    write = imports._write_batch

    def observed(*args: Any) -> None:
        write(*args)
        seen.append(
            (selectors.offers_visible_to(kommune).count(), Offer.objects.filter(staged_by__isnull=False).count())
        )

    monkeypatch.setattr(imports, "_write_batch", observed)
    job = imports.start_import(actor=kommune, file=csv_file(25), filename="angebote.csv")
    job.refresh_from_db()
    assert job.state == OfferImport.State.DONE and job.imported == 25 and job.written == 25
    assert seen == [(0, 10), (0, 20), (0, 25)]  # batches of 10, none visible before the last step
    assert selectors.offers_visible_to(kommune).count() == 25


@pytest.mark.django_db
def test_each_batch_leaves_the_lock_to_the_people_saving(kommune: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """After each batch the import pauses three times as long as the batch took (it holds the writers' one lock a
    quarter of the time at most), on SQLite at least one poll of SQLite's busy handler."""
    pauses: list[float] = []
    monkeypatch.setattr(imports, "_pause", pauses.append)
    create = services.offers_create

    def slow(**kwargs: Any) -> Any:
        if len(pauses) == 1:  # the second batch holds the lock longer
            threading.Event().wait(0.3)
        return create(**kwargs)

    monkeypatch.setattr(services, "offers_create", slow)
    job = imports.start_import(actor=kommune, file=csv_file(25), filename="angebote.csv")
    job.refresh_from_db()
    assert job.state == OfferImport.State.DONE and job.imported == 25
    assert len(pauses) == 3
    assert pauses[1] >= imports.YIELD_FACTOR * 0.3
    if connection.vendor == "sqlite":
        assert min(pauses) >= imports.YIELD_AFTER_BATCH


@pytest.mark.django_db
def test_a_failure_while_writing_keeps_nothing(kommune: User, monkeypatch: pytest.MonkeyPatch) -> None:
    write = services._write_offer_input
    calls = [0]

    def failing(*args: Any) -> None:
        calls[0] += 1
        if calls[0] == 17:  # within the second batch's transaction, after the first batch was written
            raise RuntimeError("disk full")
        write(*args)

    monkeypatch.setattr(services, "_write_offer_input", failing)
    imports.start_import(actor=kommune, file=csv_file(30), filename="angebote.csv")  # the task fails
    job = OfferImport.objects.get()
    assert job.state == OfferImport.State.FAILED and "nichts wurde übernommen" in job.message
    assert Offer.objects.count() == 0


@pytest.mark.django_db
def test_cancelled_import_keeps_nothing(kommune: User, monkeypatch: pytest.MonkeyPatch) -> None:
    write = imports._write_batch

    def cancel_after_first(actor: User, job: OfferImport, rows: list[Any]) -> None:
        write(actor, job, rows)
        imports.cancel_import(actor=actor, offer_import=job)

    monkeypatch.setattr(imports, "_write_batch", cancel_after_first)
    imports.start_import(actor=kommune, file=csv_file(30), filename="angebote.csv")
    job = OfferImport.objects.get()
    assert job.state == OfferImport.State.CANCELLED
    assert Offer.objects.count() == 0


class WorkerKilled(BaseException):
    """Stands for the worker dying mid-import (kill -9, a restart): nothing of the import's own cleanup runs."""


def killed_import(kommune: User, monkeypatch: pytest.MonkeyPatch, minutes_ago: float) -> OfferImport:
    write = imports._write_batch

    def die_after_first(actor: User, job: OfferImport, rows: list[Any]) -> None:
        write(actor, job, rows)
        raise WorkerKilled

    monkeypatch.setattr(imports, "_write_batch", die_after_first)
    job = OfferImport.objects.create(actor=kommune, upload=SimpleUploadedFile("a.csv", b""), filename="angebote.csv")
    job.upload.save("angebote.csv", csv_file(30), save=True)
    with pytest.raises(WorkerKilled):
        imports.run_import(str(job.pk))  # as the task worker runs it
    monkeypatch.setattr(imports, "_write_batch", write)
    job.refresh_from_db()
    assert job.state == OfferImport.State.WRITING and Offer.objects.filter(staged_by=job).count() == 10
    OfferImport.objects.filter(pk=job.pk).update(progress_at=timezone.now() - dt.timedelta(minutes=minutes_ago))
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_an_import_whose_worker_died_is_discarded_by_the_next_import(
    kommune: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = killed_import(kommune, monkeypatch, minutes_ago=16)
    assert dead.abandoned
    page = login(Client(), kommune).get(f"/register/angebote/import/{dead.pk}/")
    assert "vermutlich unterbrochen" in page.content.decode()
    fresh = imports.start_import(actor=kommune, file=csv_file(3), filename="neu.csv")
    dead.refresh_from_db()
    assert dead.state == OfferImport.State.FAILED and "unterbrochen" in dead.message
    assert not Offer.objects.filter(staged_by=dead).exists()
    fresh.refresh_from_db()
    assert fresh.state == OfferImport.State.DONE and Offer.objects.count() == 3


@pytest.mark.django_db
def test_an_import_queued_again_after_its_worker_died_starts_over(
    kommune: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``teilhabe task_worker`` queues the task of a dead worker again: the import runs from the start, without
    the drafts its first attempt staged."""
    job = killed_import(kommune, monkeypatch, minutes_ago=1)
    assert imports.run_import(str(job.pk)) == OfferImport.State.DONE
    job.refresh_from_db()
    assert job.imported == 30 and job.written == 30
    assert Offer.objects.count() == 30  # not 40


@pytest.mark.django_db
def test_a_running_import_is_not_taken_for_abandoned(kommune: User, monkeypatch: pytest.MonkeyPatch) -> None:
    recent = killed_import(kommune, monkeypatch, minutes_ago=5)
    assert not recent.abandoned
    assert imports.discard_abandoned_imports() == 0
    assert Offer.objects.filter(staged_by=recent).count() == 10
    page = login(Client(), kommune).get(f"/register/angebote/import/{recent.pk}/")
    assert "vermutlich unterbrochen" not in page.content.decode()


@pytest.mark.django_db
def test_an_import_stuck_from_before_steps_were_recorded_counts_from_its_start(
    kommune: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = killed_import(kommune, monkeypatch, minutes_ago=0)
    OfferImport.objects.filter(pk=dead.pk).update(
        progress_at=None, created_at=timezone.now() - dt.timedelta(minutes=20)
    )
    dead.refresh_from_db()
    assert dead.abandoned
    assert imports.discard_abandoned_imports() == 1
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_cancelling_an_abandoned_import_discards_it_at_once(kommune: User, monkeypatch: pytest.MonkeyPatch) -> None:
    dead = killed_import(kommune, monkeypatch, minutes_ago=30)
    response = login(Client(), kommune).post(f"/register/angebote/import/{dead.pk}/abbrechen/")
    assert response.status_code == 302
    dead.refresh_from_db()
    assert dead.state == OfferImport.State.CANCELLED and dead.finished_at is not None
    assert Offer.objects.count() == 0


@pytest.mark.django_db
def test_someone_elses_import_is_not_found(kommune: User, make_user: Callable[..., User]) -> None:
    job = imports.start_import(actor=kommune, file=csv_file(2), filename="angebote.csv")
    other = login(Client(), make_user("kommune", ags="05315"))
    assert other.get(f"/register/angebote/import/{job.pk}/").status_code == 404
    assert other.post(f"/register/angebote/import/{job.pk}/abbrechen/").status_code == 404
    own = login(Client(), kommune)
    assert own.get(f"/register/angebote/import/{job.pk}/").status_code == 200


@pytest.mark.django_db
def test_land_cannot_start_an_import(make_user: Callable[..., User]) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        imports.start_import(actor=make_user("land"), file=csv_file(2), filename="angebote.csv")
    assert OfferImport.objects.count() == 0


@pytest.fixture
def _restore_master_data() -> Any:
    yield
    from teilhabe.geo.services import load_master_data

    load_master_data()
    import_module("teilhabe.registry.migrations.0002_taxonomy").forwards(apps, None)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_restore_master_data")
def test_another_user_saves_while_a_5000_row_import_runs(make_user: Callable[..., User]) -> None:
    import_module("teilhabe.registry.migrations.0002_taxonomy").forwards(apps, None)
    from teilhabe.geo.services import load_master_data

    load_master_data()
    organisation = OrganisationFactory(name="Elternverein Köln")
    importer = make_user("kommune", ags="05315")
    offer = make_offer(organisation, title="Vorher")
    job = OfferImport.objects.create(actor=importer, upload=SimpleUploadedFile("a.csv", b""), filename="angebote.csv")
    job.upload.save("big.csv", csv_file(5000), save=True)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            imports.run_import(str(job.pk))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        for _ in range(600):  # until the import writes
            job.refresh_from_db()
            if job.written >= 20 or job.finished:
                break
            threading.Event().wait(0.1)
        assert job.state == OfferImport.State.WRITING
        kommune = kommune_for(offer.ags)  # the Kommune edits its published offer meanwhile
        for n in range(3):
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '1s'")  # waiting longer than 1 s fails the save
                services.offer_update(
                    actor=kommune, offer=Offer.objects.get(pk=offer.pk), data=offer_input(title=f"Nachher {n}")
                )
    finally:
        imports.cancel_import(actor=importer, offer_import=job)
        thread.join(120)
    assert not errors, errors
    assert Offer.objects.get(pk=offer.pk).title == "Nachher 2"
    job.refresh_from_db()
    assert job.state == OfferImport.State.CANCELLED
    assert Offer.objects.count() == 1
