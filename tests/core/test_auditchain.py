"""The audit log as a hash chain: every change, deletion or insertion by hand is found at its event."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable

import pytest
from django.db import DatabaseError, connection, transaction

from teilhabe.core import auditchain
from teilhabe.core.models import AuditEvent, User
from teilhabe.core.services import audit_record

pytestmark = pytest.mark.django_db


def _drop_triggers() -> None:
    """What an attacker with database access does first (rolled back with the test's transaction)."""
    statements = auditchain.SQLITE_DROP if connection.vendor == "sqlite" else auditchain.POSTGRES_DROP
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.fixture
def chain(make_user: Callable[..., User]) -> list[AuditEvent]:
    user = make_user("admin")
    return [audit_record(action=f"test.step{i}", actor=user, obj=user, reason=f"Grund {i}") for i in range(5)]


def test_events_link_to_their_predecessor(chain: list[AuditEvent]) -> None:
    events = list(AuditEvent.objects.order_by("seq"))
    for before, after in itertools.pairwise(events):
        assert after.seq == before.seq + 1
        assert after.prev_hash == before.hash
    assert auditchain.verify_chain().ok
    assert auditchain.verify_chain().checked == len(events)


def test_the_database_refuses_update_and_delete(chain: list[AuditEvent]) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=chain[1].pk).update(reason="anders")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=chain[1].pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = 'x' WHERE seq = %s", [chain[1].seq])
    assert AuditEvent.objects.get(pk=chain[1].pk).reason == "Grund 1"
    assert auditchain.verify_chain().ok


def test_a_changed_row_breaks_the_chain_at_that_event(chain: list[AuditEvent]) -> None:
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = 'gefälscht' WHERE seq = %s", [chain[2].seq])
    result = auditchain.verify_chain()
    assert not result.ok
    assert result.broken_seq == chain[2].seq
    assert result.broken_id == str(chain[2].pk)
    assert "hash" in result.problem


def test_a_rehashed_row_breaks_the_link_to_the_next(chain: list[AuditEvent]) -> None:
    """An attacker who also recomputes the changed row's hash is caught by the next event's prev_hash."""
    _drop_triggers()
    event = chain[2]
    forged = auditchain.event_hash(
        seq=event.seq, prev_hash=event.prev_hash, at=event.at, actor_id=event.actor_id, action="test.other",
        object_type_id=event.object_type_id, object_id=event.object_id, object_repr=event.object_repr,
        from_state="", to_state="", reason=event.reason, data=event.data,
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET action = 'test.other', hash = %s WHERE seq = %s", [forged, event.seq]
        )
    result = auditchain.verify_chain()
    assert result.broken_seq == chain[3].seq
    assert "prev_hash" in result.problem


def test_a_deleted_row_breaks_the_chain(chain: list[AuditEvent]) -> None:
    with auditchain.audit_unlocked(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq = %s", [chain[1].seq])
    result = auditchain.verify_chain()
    assert not result.ok
    assert result.broken_seq == chain[2].seq
    assert "sequence gap" in result.problem


def test_an_inserted_row_breaks_the_chain(chain: list[AuditEvent]) -> None:
    last = chain[-1]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_auditevent (id, seq, prev_hash, hash, at, action, object_id, object_repr, from_state, "
            "to_state, reason, data, redacted) VALUES (%s, %s, %s, %s, %s, 'test.inserted', '', '', '', '', '', "
            "'{}', '{}')",
            [uuid.uuid4().hex if connection.vendor == "sqlite" else str(uuid.uuid4()), last.seq + 1, last.hash,
             "0" * 64, last.at],
        )  # fmt: skip
    result = auditchain.verify_chain()
    assert result.broken_seq == last.seq + 1
    assert "hash" in result.problem


def test_the_chain_continues_after_new_events(chain: list[AuditEvent]) -> None:
    audit_record(action="test.later", data={"zahl": 1, "liste": [1, "a"], "nested": {"b": None}})
    assert auditchain.verify_chain().ok


def test_a_redaction_with_the_marker_keeps_the_chain_but_other_text_breaks_it(chain: list[AuditEvent]) -> None:
    event = chain[1]
    digest = auditchain.field_digest("reason", event.reason)
    with auditchain.audit_unlocked():
        AuditEvent.objects.filter(pk=event.pk).update(reason=auditchain.REDACTED, redacted={"reason": digest})
    assert auditchain.verify_chain().ok
    with auditchain.audit_unlocked():
        AuditEvent.objects.filter(pk=event.pk).update(reason="etwas anderes")
    assert auditchain.verify_chain().broken_seq == event.seq


def test_the_unlock_ends_with_its_block_even_after_an_error(chain: list[AuditEvent]) -> None:
    with transaction.atomic():
        with pytest.raises(RuntimeError), auditchain.audit_unlocked():
            raise RuntimeError
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(pk=chain[0].pk).update(reason="x")
    with auditchain.audit_unlocked():
        pass
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=chain[0].pk).update(reason="x")
