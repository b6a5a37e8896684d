"""The audit log as a hash chain (tamper evidence) and the database's refusal to change it.

Every ``AuditEvent`` stores ``seq`` (its place in the chain), ``prev_hash`` (the hash of the event before it) and
``hash``: SHA-256 over a canonical JSON of its content and ``prev_hash``. Changing, deleting or inserting a row
anywhere breaks the chain from that row on; ``verify_chain`` names the first broken link.

What goes into the hash (the choice for pseudonymisation, see docs/deletion-concept.md):

- the actor by its numeric id, never by name or e-mail. Pseudonymising a former employee overwrites the
  ``core_user`` row (and its history), not the audit rows, so the chain stays verifiable as it was written;
- ``object_repr``, ``reason`` and ``data`` by their SHA-256. An erasure may replace such a field by the fixed
  marker ``REDACTED`` and keep the digest of the original in ``redacted``: the verifier accepts exactly the marker
  there, nothing else, so a redaction can hide personal data but cannot put other words into someone's mouth.

Writes take the chain head under a lock: on SQLite the write transaction (``BEGIN IMMEDIATE``, see settings), on
PostgreSQL a transaction-level advisory lock. That serialises audit writes, one short lock per transaction.

The database refuses UPDATE and DELETE on audit rows (triggers, migration core 0003) unless the connection is in
``audit_unlocked()``: the retention purge (which cuts the oldest part and leaves a signed ``AuditCheckpoint``) and
the pseudonymisation of an erasure request. On SQLite the trigger asks a function the application registers on
its own connections (any other client gets "no such function" and is refused too); on PostgreSQL a
transaction-local setting.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils.crypto import salted_hmac

GENESIS = "0" * 64
REDACTED = "[pseudonymisiert]"
REDACTABLE = ("object_repr", "reason", "data")
#: Key of the PostgreSQL advisory lock that guards the chain head.
ADVISORY_LOCK_KEY = 0x7E11AB


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder)


def _timestamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _content_type_label(content_type_id: int | None) -> str:
    if content_type_id is None:
        return ""
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def field_digest(name: str, value: Any) -> str:
    return _digest(canonical_json(value) if name == "data" else str(value))


def event_hash(
    *,
    seq: int,
    prev_hash: str,
    at: datetime,
    actor_id: int | None,
    action: str,
    object_type_id: int | None,
    object_id: str,
    object_repr: str,
    from_state: str,
    to_state: str,
    reason: str,
    data: Any,
    redacted: dict[str, str] | None = None,
) -> str:
    """The hash of one event: SHA-256 of the canonical JSON of its content and the previous hash."""
    redacted = redacted or {}
    values = {"object_repr": object_repr, "reason": reason, "data": data}
    digests = {name: redacted.get(name) or field_digest(name, values[name]) for name in REDACTABLE}
    payload = {
        "seq": seq,
        "prev": prev_hash,
        "at": _timestamp(at),
        "actor": actor_id,
        "action": action,
        "object_type": _content_type_label(object_type_id),
        "object_id": object_id,
        "from": from_state,
        "to": to_state,
        **digests,
    }
    return _digest(canonical_json(payload))


def lock_chain_head() -> tuple[int, str]:
    """(seq, hash) of the newest event, or of the newest checkpoint when the purge cut everything, under a lock.

    Call it inside a transaction: the lock holds until commit.
    """
    from teilhabe.core.models import AuditCheckpoint, AuditEvent

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    if head is not None:
        return head
    checkpoint = AuditCheckpoint.objects.order_by("-upto_seq").values_list("upto_seq", "anchor_hash").first()
    return checkpoint if checkpoint is not None else (0, GENESIS)


# --- the unlock for purge and pseudonymisation -------------------------------------------------------------

_state = threading.local()


def _sqlite_unlocked() -> int:
    return 1 if getattr(_state, "unlocked", False) else 0


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created: give each SQLite connection the function its audit triggers ask."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("teilhabe_audit_unlocked", 0, _sqlite_unlocked)


@contextmanager
def audit_unlocked() -> Iterator[None]:
    """Inside: this connection may update or delete audit rows (one transaction; only purge and erasure)."""
    with transaction.atomic():
        previous = getattr(_state, "unlocked", False)
        _state.unlocked = True
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL teilhabe.audit_unlock = 'on'")
        try:
            yield
        except BaseException:
            _state.unlocked = previous  # the savepoint's rollback undoes SET LOCAL as well
            raise
        _state.unlocked = previous
        if connection.vendor == "postgresql" and not previous:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL teilhabe.audit_unlock = 'off'")


SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS core_auditevent_no_update BEFORE UPDATE ON core_auditevent "
    "WHEN teilhabe_audit_unlocked() = 0 BEGIN SELECT RAISE(ABORT, 'core_auditevent is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete BEFORE DELETE ON core_auditevent "
    "WHEN teilhabe_audit_unlocked() = 0 BEGIN SELECT RAISE(ABORT, 'core_auditevent is append-only'); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_update",
    "DROP TRIGGER IF EXISTS core_auditevent_no_delete",
]
POSTGRES_TRIGGERS = [
    """
    CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
    BEGIN
        IF coalesce(current_setting('teilhabe.audit_unlock', true), '') = 'on' THEN
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'core_auditevent is append-only' USING ERRCODE = 'integrity_constraint_violation';
    END
    $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent",
    "CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE OR DELETE ON core_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only()",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent",
    "DROP FUNCTION IF EXISTS core_auditevent_append_only()",
]


# --- checkpoints and verification --------------------------------------------------------------------------


def checkpoint_signature(*, upto_seq: int, anchor_hash: str, removed: int, created_at: datetime) -> str:
    """HMAC (keyed with the secret key) over what a purge cut: forging a checkpoint needs the key."""
    message = canonical_json(
        {"upto_seq": upto_seq, "anchor": anchor_hash, "removed": removed, "at": _timestamp(created_at)}
    )
    return salted_hmac("teilhabe.audit.checkpoint", message, algorithm="sha256").hexdigest()


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_seq: int | None
    head_seq: int | None
    head_hash: str
    broken_seq: int | None = None
    broken_id: str = ""
    problem: str = ""


def verify_chain(*, chunk_size: int = 5000) -> VerifyResult:
    """Walk the chain in order from the newest checkpoint (or the genesis) and stop at the first broken link."""
    from teilhabe.core.models import AuditCheckpoint, AuditEvent

    checkpoint = AuditCheckpoint.objects.order_by("-upto_seq").first()
    expected_seq, expected_prev = 0, GENESIS
    if checkpoint is not None:
        signature = checkpoint_signature(
            upto_seq=checkpoint.upto_seq,
            anchor_hash=checkpoint.anchor_hash,
            removed=checkpoint.events_removed,
            created_at=checkpoint.created_at,
        )
        if not hmac.compare_digest(signature, checkpoint.signature):
            return VerifyResult(
                False, 0, None, None, "", checkpoint.upto_seq, "", "checkpoint signature does not match"
            )
        expected_seq, expected_prev = checkpoint.upto_seq, checkpoint.anchor_hash
    fields = (
        "id", "seq", "prev_hash", "hash", "at", "actor_id", "action", "object_type_id", "object_id",
        "object_repr", "from_state", "to_state", "reason", "data", "redacted",
    )  # fmt: skip
    checked, first_seq = 0, None
    rows = AuditEvent.objects.order_by("seq").values_list(*fields).iterator(chunk_size=chunk_size)
    for row in rows:
        event = dict(zip(fields, row, strict=True))
        first_seq = event["seq"] if first_seq is None else first_seq
        problem = _link_problem(event, expected_seq, expected_prev)
        if problem:
            return VerifyResult(False, checked, first_seq, expected_seq, "", event["seq"], str(event["id"]), problem)
        expected_seq, expected_prev = event["seq"], event["hash"]
        checked += 1
    return VerifyResult(True, checked, first_seq, expected_seq or None, expected_prev)


def _link_problem(event: dict[str, Any], expected_seq: int, expected_prev: str) -> str:
    """Why ``event`` is no valid next link after (expected_seq, expected_prev), or "" when it is."""
    if event["seq"] != expected_seq + 1:
        return f"sequence gap: expected {expected_seq + 1}, found {event['seq']}"
    if event["prev_hash"] != expected_prev:
        return "prev_hash does not match the previous event's hash"
    for name in event["redacted"] or {}:
        marker: Any = {"redacted": REDACTED} if name == "data" else REDACTED
        if name not in REDACTABLE or event[name] != marker:
            return f"redacted field {name} holds something other than the marker"
    if event_hash(**{k: v for k, v in event.items() if k not in ("id", "hash")}) != event["hash"]:
        return "content does not match its hash"
    return ""
