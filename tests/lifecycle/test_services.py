"""The purge, erasure requests (incl. staff accounts and the journal), access exports and the audit export."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from teilhabe.core import auditchain
from teilhabe.core import services as core_services
from teilhabe.core.models import AuditCheckpoint, AuditEvent, User
from teilhabe.core.services import audit_record
from teilhabe.core.system import system_actor
from teilhabe.lifecycle import services
from teilhabe.lifecycle.models import ErasureRequest, InactivityWarning, RetentionRule
from teilhabe.registry.models import Contact
from tests.pdftext import pdf_text
from tests.registry.factories import ContactFactory, OrganisationFactory, StructureFactory, ensure_geo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _geo(db: None) -> None:
    ensure_geo()


def _counts(items: list[services.PurgeItem]) -> dict[str, int]:
    return {item.key: item.count for item in items}


def test_rules_land_with_the_migration() -> None:
    keys = set(RetentionRule.objects.values_list("key", flat=True))
    assert {"sessions", "login_records", "inactive_accounts", "contact_persons", "audit_events"} <= keys
    assert RetentionRule.objects.get(key="funding_files").action == RetentionRule.Action.ARCHIVE


def test_purge_needs_the_right(make_user: Callable[..., User]) -> None:
    with pytest.raises(PermissionDenied):
        services.purge(actor=make_user("land"))
    with pytest.raises(PermissionDenied):
        services.purge(actor=make_user("kommune"))


def test_dry_run_lists_and_changes_nothing(make_user: Callable[..., User]) -> None:
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=timezone.now() - timedelta(days=1))
    events = AuditEvent.objects.count()
    items = services.purge(actor=system_actor(), dry_run=True)
    assert _counts(items)["sessions"] == 1
    assert Session.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_purge_removes_only_what_is_past_retention(make_user: Callable[..., User]) -> None:
    now = timezone.now()
    Session.objects.create(session_key="a" * 32, session_data="", expire_date=now - timedelta(minutes=1))
    Session.objects.create(session_key="b" * 32, session_data="", expire_date=now + timedelta(hours=1))
    old = AccessAttempt.objects.create(username="x", ip_address="1.2.3.4", failures_since_start=1)
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=now - timedelta(days=91))
    AccessAttempt.objects.create(username="y", ip_address="1.2.3.4", failures_since_start=1)
    items = services.purge(actor=system_actor())
    assert _counts(items)["sessions"] == 1 and _counts(items)["login_records"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["y"]
    event = AuditEvent.objects.filter(action="lifecycle.purged").get()
    assert event.data["sessions"] == 1 and event.actor == system_actor()
    assert "x" not in json.dumps(event.data)  # counts, never content


def test_inactive_accounts_are_warned_then_anonymised(make_user: Callable[..., User], mailoutbox: Any) -> None:
    now = timezone.now()
    idle = make_user("kommune", email="idle@example.nrw", full_name="Ida Idle")
    User.objects.filter(pk=idle.pk).update(last_login=now - timedelta(days=800))
    active = make_user("kommune", email="active@example.nrw")
    User.objects.filter(pk=active.pk).update(last_login=now - timedelta(days=3))
    services.purge(actor=system_actor(), now=now)
    assert InactivityWarning.objects.filter(user=idle).exists()
    assert not InactivityWarning.objects.filter(user=active).exists()
    assert [m.to for m in mailoutbox] == [["idle@example.nrw"]]
    idle.refresh_from_db()
    assert idle.is_active  # only warned so far
    services.purge(actor=system_actor(), now=now + timedelta(days=31))
    idle.refresh_from_db()
    assert not idle.is_active and idle.email.endswith("@teilhabe.invalid") and "Ida" not in idle.full_name
    assert auditchain.verify_chain().ok


def test_contacts_of_ended_structures_are_anonymised_after_the_period(make_user: Callable[..., User]) -> None:
    StructureFactory()  # a structure without a contact person must not hide the others
    kept = ContactFactory(organisation=None, name="Noch Aktiv")
    StructureFactory(contact=kept)
    ended = ContactFactory(organisation=None, name="Ehemals Beauftragt")
    structure = StructureFactory(contact=ended, status="archived")
    from teilhabe.registry.models import Structure

    Structure.objects.filter(pk=structure.pk).update(updated_at=timezone.now() - timedelta(days=200))
    recent = ContactFactory(organisation=None, name="Gerade Beendet")
    StructureFactory(contact=recent, status="archived")
    of_organisation = ContactFactory(name="Vereinsperson")
    items = services.purge(actor=system_actor())
    assert _counts(items)["contact_persons"] == 1
    assert Contact.objects.get(pk=ended.pk).erased_at is not None
    for untouched in (kept, recent, of_organisation):
        assert Contact.objects.get(pk=untouched.pk).name == untouched.name


def test_old_audit_events_are_cut_with_a_signed_checkpoint(make_user: Callable[..., User]) -> None:
    import time_machine

    for i in range(3):
        audit_record(action="test.ancient", reason=str(i))
    before = AuditEvent.objects.count()
    later = timezone.now() + timedelta(days=3700)
    with time_machine.travel(later, tick=False):
        audit_record(action="test.recent")
        items = services.purge(actor=system_actor(), now=later)
    assert _counts(items)["audit_events"] == before
    assert not AuditEvent.objects.filter(action="test.ancient").exists()
    assert AuditEvent.objects.filter(action="test.recent").exists()
    checkpoint = AuditCheckpoint.objects.get()
    assert checkpoint.events_removed == before
    result = auditchain.verify_chain()
    assert result.ok and result.first_seq == checkpoint.upto_seq + 1
    # a forged checkpoint (without the key) is refused
    AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(events_removed=1)
    assert not auditchain.verify_chain().ok


def test_an_interrupted_purge_is_finished_by_the_next_run(
    make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = timezone.now()
    for i in range(5):
        Session.objects.create(session_key=f"{i}" * 32, session_data="", expire_date=now - timedelta(days=1))
    live = Session.objects.create(session_key="z" * 32, session_data="", expire_date=now + timedelta(days=1))
    monkeypatch.setattr(services, "BATCH", 2)
    calls = {"n": 0}
    original = services._purge_login_records

    def crash(ctx: Any) -> Any:
        calls["n"] += 1
        raise KeyboardInterrupt  # killed after the sessions, before the rest

    monkeypatch.setattr(services, "HANDLERS", {**services.HANDLERS, "login_records": crash})
    with pytest.raises(KeyboardInterrupt):
        services.purge(actor=system_actor())
    assert list(Session.objects.values_list("pk", flat=True)) == [live.pk]
    monkeypatch.setattr(services, "HANDLERS", {**services.HANDLERS, "login_records": original})
    items = services.purge(actor=system_actor())
    assert _counts(items)["sessions"] == 0 and Session.objects.filter(pk=live.pk).exists()
    assert auditchain.verify_chain().ok


def test_purge_command_dry_run_lists_kinds(capsys: Any) -> None:
    call_command("purge", "--dry-run")
    out = capsys.readouterr().out
    assert "Probelauf" in out and "Sitzungen" in out


# --- erasure --------------------------------------------------------------------------------------------------


def test_staff_erasure_pseudonymises_account_history_and_audit(make_user: Callable[..., User]) -> None:
    operator = make_user("admin")
    staff = make_user("bewilligung", email="ehemalig@example.nrw", full_name="Erika Ehemalig")
    audit_record(action="test.about", obj=staff)
    audit_record(action="test.by", actor=staff)
    request = services.user_erase(actor=operator, user=staff, reason="Art. 17, Schreiben vom 1.12.")
    staff.refresh_from_db()
    assert "Erika" not in staff.full_name and "ehemalig" not in staff.email and not staff.is_active
    assert not staff.history.filter(email="ehemalig@example.nrw").exists()
    about = AuditEvent.objects.get(action="test.about")
    assert about.object_repr == auditchain.REDACTED
    assert not AuditEvent.objects.filter(object_repr__icontains="ehemalig").exists()
    assert AuditEvent.objects.get(action="test.by").actor_id == staff.pk  # still attributable by pseudonym
    assert auditchain.verify_chain().ok
    assert request.outcome["kept"] and request.outcome["erased"]
    journal = services.journal_path().read_text().splitlines()
    assert json.loads(journal[-1])["subject"] == str(staff.pk)
    assert "ehemalig" not in "".join(journal)


def test_erasure_refusals(make_user: Callable[..., User]) -> None:
    operator = make_user("admin")
    target = make_user("kommune")
    with pytest.raises(PermissionDenied):
        services.user_erase(actor=make_user("land"), user=target, reason="x")
    with pytest.raises(ValidationError):
        services.user_erase(actor=operator, user=target, reason=" ")
    with pytest.raises(ValidationError):
        services.user_erase(actor=operator, user=operator, reason="x")
    with pytest.raises(ValidationError):
        services.user_erase(actor=operator, user=system_actor(), reason="x")
    assert User.objects.get(pk=target.pk).is_active
    assert not ErasureRequest.objects.exists()


def test_contact_erasure_and_its_journal_is_reapplied(make_user: Callable[..., User]) -> None:
    operator = make_user("admin")
    contact = ContactFactory()
    request = services.contact_erase(actor=operator, contact=contact, reason="Widerruf")
    assert Contact.objects.get(pk=contact.pk).name == ""
    # as if an older backup were restored: the erasure is gone from the database, the journal remembers it
    ErasureRequest.objects.filter(pk=request.pk).delete()
    Contact.objects.filter(pk=contact.pk).update(name="Ayşe Yılmaz", erased_at=None)
    assert services.erasures_reapply(actor=system_actor()) == 1
    assert Contact.objects.get(pk=contact.pk).name == ""
    assert services.erasures_reapply(actor=system_actor()) == 0
    with pytest.raises(PermissionDenied):
        services.erasures_reapply(actor=make_user("kommune"))


def test_access_export_is_a_zip_of_json_and_pdf(make_user: Callable[..., User]) -> None:
    operator = make_user("admin")
    person = make_user("kommune", email="person@example.nrw", full_name="Paula Person")
    ContactFactory(email="person@example.nrw")
    data = services.access_export(actor=operator, subject=person)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(archive.namelist()) == ["auskunft.json", "auskunft.pdf"]
    content = json.loads(archive.read("auskunft.json"))
    assert content["account"]["email"] == "person@example.nrw"
    assert content["memberships"] and content["contact_entries"]
    assert archive.read("auskunft.pdf").startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="lifecycle.access_exported", actor=operator).exists()
    with pytest.raises(PermissionDenied):
        services.access_export(actor=make_user("land"), subject=person)


def test_the_access_export_pdf_is_for_people_to_read(make_user: Callable[..., User], tmp_path: Path) -> None:
    operator = make_user("admin")
    person = make_user("kommune", email="person@example.nrw", full_name="Paula Person", ags="05315")
    core_services.user_set_password(user=person, password="ein-langes-neues-Passwort-7", actor=operator)
    archive = zipfile.ZipFile(io.BytesIO(services.access_export(actor=operator, subject=person)))
    text = " ".join(pdf_text(archive.read("auskunft.pdf"), tmp_path).split())
    assert "Auskunft nach Art. 15 DSGVO" in text and "Paula Person" in text
    for heading in ("Konto", "Rollen", "Änderungen des Kontos", "Protokoll: Vorgänge zu der Person"):
        assert heading in text
    assert "Kommune / Kommunales Integrationszentrum 05315" in text  # the role in words, with its area
    assert "Passwort geändert" in text and "user.password_changed" not in text  # the log's actions in words
    member = make_user("organisation", scope_object=OrganisationFactory(name="Kulturverein Bonn e.V."))
    archive = zipfile.ZipFile(io.BytesIO(services.access_export(actor=operator, subject=member)))
    assert "Kulturverein Bonn e.V." in pdf_text(archive.read("auskunft.pdf"), tmp_path)  # the name, not its id
    assert "{" not in text  # no JSON: that is auskunft.json beside it


def test_audit_export_has_the_hashes(make_user: Callable[..., User]) -> None:
    operator = make_user("admin")
    event = audit_record(action="test.export", reason="mit, Komma")
    audit_record(action="test.export", reason="=HYPERLINK(1)")
    now = timezone.now()
    text = services.audit_export_csv(actor=operator, start=now - timedelta(hours=1), end=now + timedelta(hours=1))
    assert "prev_hash" in text.splitlines()[0]
    assert event.hash in text and '"mit, Komma"' in text
    assert "'=HYPERLINK(1)" in text
    with pytest.raises(ValidationError):
        services.audit_export_csv(actor=operator, start=now, end=now - timedelta(days=1))
    with pytest.raises(PermissionDenied):
        services.audit_export_csv(actor=make_user("land"), start=now - timedelta(days=1), end=now)


def test_audit_verify_command_passes_and_names_the_broken_link(make_user: Callable[..., User], capsys: Any) -> None:
    events = [audit_record(action="test.cmd", reason=str(i)) for i in range(3)]
    call_command("audit_verify")
    assert "intakt" in capsys.readouterr().out
    drop = auditchain.SQLITE_DROP if connection.vendor == "sqlite" else auditchain.POSTGRES_DROP
    with connection.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)
        cursor.execute("UPDATE core_auditevent SET reason = 'von Hand' WHERE seq = %s", [events[1].seq])
    with pytest.raises(CommandError, match=f"Nr. {events[1].seq}"):
        call_command("audit_verify")


def test_demo_data_gives_the_dry_run_something_to_show(capsys: Any) -> None:
    from io import StringIO

    from teilhabe.lifecycle import demo

    demo.seed(stdout=StringIO(), users={})
    demo.seed(stdout=StringIO(), users={})  # idempotent
    counts = _counts(services.purge(actor=system_actor(), dry_run=True))
    assert counts["inactive_accounts"] == 1
    assert counts["contact_persons"] == 1
    assert User.objects.get(email=demo.FORMER_EMAIL).full_name == "Frieda Früher"  # a dry run changes nothing


def test_an_audit_cut_interrupted_between_batches_leaves_a_valid_chain(
    make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    import time_machine

    for i in range(25):
        audit_record(action="test.ancient", reason=str(i))
    later = timezone.now() + timedelta(days=3700)
    monkeypatch.setattr(services, "BATCH", 1)  # cuts of 10 events
    original = AuditCheckpoint.objects.create
    made = {"n": 0}

    def create_then_die(**kwargs: Any) -> Any:
        if made["n"] == 1:
            raise KeyboardInterrupt  # killed in the second cut, before its checkpoint
        made["n"] += 1
        return original(**kwargs)

    with time_machine.travel(later, tick=False):
        audit_record(action="test.recent")
        monkeypatch.setattr(AuditCheckpoint.objects, "create", create_then_die)
        with pytest.raises(KeyboardInterrupt):
            services.purge(actor=system_actor(), now=later)
        assert AuditCheckpoint.objects.count() == 1
        assert auditchain.verify_chain().ok  # the second cut was rolled back whole
        monkeypatch.setattr(AuditCheckpoint.objects, "create", original)
        services.purge(actor=system_actor(), now=later)
    assert not AuditEvent.objects.filter(action="test.ancient").exists()
    assert AuditEvent.objects.filter(action="test.recent").exists()
    assert auditchain.verify_chain().ok


def test_the_daily_task_runs_the_purge_as_the_system() -> None:
    from teilhabe.lifecycle.tasks import purge_daily

    Session.objects.create(session_key="t" * 32, session_data="", expire_date=timezone.now() - timedelta(days=1))
    result = purge_daily.enqueue()
    assert result.return_value["sessions"] == 1
    assert AuditEvent.objects.get(action="lifecycle.purged").actor == system_actor()


def test_the_purge_destroys_the_codes_of_closed_campaigns_only() -> None:
    from teilhabe.workforce.models import Campaign, CodeBatch, ParticipationCode
    from tests.workforce.factories import make_authority, make_campaign, make_codes, make_unit

    assert RetentionRule.objects.get(key="participation_codes").automated
    unit = make_unit(make_authority())
    running = make_campaign(year=2025)
    closed = make_campaign(year=2024, status=Campaign.Status.CLOSED)
    Campaign.objects.filter(pk=closed.pk).update(closed_at=timezone.now() - timedelta(hours=1))
    make_codes(running, unit, count=3)
    make_codes(closed, unit, count=4)
    assert _counts(services.purge(actor=system_actor(), dry_run=True))["participation_codes"] == 4
    assert ParticipationCode.objects.count() == 7
    assert _counts(services.purge(actor=system_actor()))["participation_codes"] == 4
    assert ParticipationCode.objects.filter(batch__campaign=running).count() == 3
    assert not ParticipationCode.objects.filter(batch__campaign=closed).exists()
    assert CodeBatch.objects.get(campaign=closed).used_count == 0
    assert AuditEvent.objects.filter(action="lifecycle.purged").latest("seq").data["participation_codes"] == 4
