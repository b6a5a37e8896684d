"""Writes of the lifecycle app: the retention purge, erasure requests, access exports, the audit export."""

from __future__ import annotations

import io
import json
import os
import uuid
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.audit_labels import action_label
from teilhabe.core.auditchain import REDACTED, audit_unlocked, checkpoint_signature, field_digest
from teilhabe.core.exports import SafeCsvWriter
from teilhabe.core.models import AuditCheckpoint, AuditEvent, Membership, User
from teilhabe.core.pdf import html_to_pdf
from teilhabe.core.services import audit_record, end_sessions_of
from teilhabe.lifecycle.models import ErasureRequest, InactivityWarning, RetentionRule
from teilhabe.registry.models import Contact, Status, Structure

#: Rows per transaction of the purge: an interruption loses at most one batch, the next run does the rest.
BATCH = 500
#: Days between the warning to an inactive account and its anonymisation.
WARNING_DAYS = 30


def _require(actor: User, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(_("Dazu fehlt Ihnen die Berechtigung."))


# --- the purge ------------------------------------------------------------------------------------------------


@dataclass
class PurgeItem:
    key: str
    data_kind: str
    action: str
    count: int
    detail: str = ""


@dataclass
class PurgeContext:
    rule: RetentionRule
    now: datetime
    dry_run: bool
    actor: User

    @property
    def cutoff(self) -> datetime:
        return self.now - timedelta(days=self.rule.retention_days or 0)


def _batched_delete(queryset: Any, ctx: PurgeContext) -> int:
    if ctx.dry_run:
        return int(queryset.count())
    total = 0
    while True:
        with transaction.atomic():
            keys = list(queryset.values_list("pk", flat=True)[:BATCH])
            if not keys:
                return total
            queryset.model.objects.filter(pk__in=keys).delete()
            total += len(keys)


def _purge_sessions(ctx: PurgeContext) -> tuple[int, str]:
    return _batched_delete(Session.objects.filter(expire_date__lt=ctx.cutoff), ctx), ""


def _purge_login_records(ctx: PurgeContext) -> tuple[int, str]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    total = 0
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        total += _batched_delete(model.objects.filter(attempt_time__lt=ctx.cutoff), ctx)
    return total, ""


def _purge_inactive_accounts(ctx: PurgeContext) -> tuple[int, str]:
    """Warn accounts unused for the retention period; anonymise those still unused WARNING_DAYS after that."""
    last_seen = Q(last_login__lt=ctx.cutoff) | Q(last_login__isnull=True, date_joined__lt=ctx.cutoff)
    people = User.objects.filter(is_system=False).exclude(email__endswith="@teilhabe.invalid")
    # A login after the warning ends it.
    returned = InactivityWarning.objects.filter(user__last_login__gt=models_f("warned_at"))
    if not ctx.dry_run:
        returned.delete()
    to_warn = people.filter(last_seen, is_active=True).exclude(pk__in=InactivityWarning.objects.values("user_id"))
    due = people.filter(
        pk__in=InactivityWarning.objects.filter(warned_at__lt=ctx.now - timedelta(days=WARNING_DAYS)).values("user_id")
    ).filter(last_seen)
    if ctx.dry_run:
        warned, anonymised = to_warn.count(), due.count()
    else:
        warned = 0
        for user in list(to_warn[:BATCH]):
            with transaction.atomic():
                InactivityWarning.objects.create(user=user, warned_at=ctx.now)
                _send_warning(user)
                audit_record(action="lifecycle.inactivity_warned", actor=ctx.actor, obj=user)
                warned += 1
        anonymised = 0
        for user in list(due[:BATCH]):
            _pseudonymise_user(user=user, actor=ctx.actor, reason=_("Konto seit langem nicht genutzt"))
            anonymised += 1
    return warned + anonymised, _("%(warned)s gewarnt, %(anonymised)s deaktiviert und anonymisiert") % {
        "warned": warned,
        "anonymised": anonymised,
    }


def models_f(name: str) -> Any:
    from django.db.models import F

    return F(name)


def _send_warning(user: User) -> None:
    from django.core.mail import send_mail

    if user.email:
        send_mail(
            _("Ihr Konto bei Teilhabe NRW wird bald gelöscht"),
            _(
                "Ihr Konto wurde lange nicht genutzt. Wenn Sie sich nicht innerhalb von %(days)s Tagen anmelden, "
                "wird es deaktiviert und anonymisiert."
            )
            % {"days": WARNING_DAYS},
            None,
            [user.email],
            fail_silently=True,
        )


def _purge_contacts(ctx: PurgeContext) -> tuple[int, str]:
    """Contact persons of structures only, whose every structure was archived before the cutoff."""
    # (contact_id IS NOT NULL: a NULL in a NOT IN list would exclude every row)
    with_contact = Structure.objects.filter(contact_id__isnull=False)
    live = with_contact.exclude(status=Status.ARCHIVED).values("contact_id")
    recent = with_contact.filter(status=Status.ARCHIVED, updated_at__gte=ctx.cutoff).values("contact_id")
    candidates = (
        Contact.objects.filter(erased_at__isnull=True, organisation__isnull=True, structures__isnull=False)
        .exclude(pk__in=live)
        .exclude(pk__in=recent)
        .distinct()
    )
    if ctx.dry_run:
        return candidates.count(), ""
    total = 0
    while batch := list(candidates[:BATCH]):
        for contact in batch:
            with transaction.atomic():
                _anonymise_contact(contact, actor=ctx.actor, reason=_("Struktur beendet, Frist abgelaufen"))
            total += 1
    return total, ""


def _purge_audit_events(ctx: PurgeContext) -> tuple[int, str]:
    """Cut the oldest part of the chain in batches, each with a signed checkpoint: the chain stays verifiable."""
    first_kept = AuditEvent.objects.filter(at__gte=ctx.cutoff).order_by("seq").values_list("seq", flat=True).first()
    old = AuditEvent.objects.filter(at__lt=ctx.cutoff)
    if first_kept is not None:
        old = old.filter(seq__lt=first_kept)
    if ctx.dry_run:
        return old.count(), ""
    total = 0
    while True:
        with audit_unlocked():
            seqs = list(old.order_by("seq").values_list("seq", flat=True)[: BATCH * 10])
            if not seqs:
                return total, ""
            last = AuditEvent.objects.get(seq=seqs[-1])
            removed, _detail = AuditEvent.objects.filter(seq__lte=last.seq).delete()
            created_at = timezone.now()
            AuditCheckpoint.objects.create(
                created_at=created_at,
                upto_seq=last.seq,
                anchor_hash=last.hash,
                events_removed=removed,
                oldest_kept_at=AuditEvent.objects.order_by("seq").values_list("at", flat=True).first(),
                signature=checkpoint_signature(
                    upto_seq=last.seq, anchor_hash=last.hash, removed=removed, created_at=created_at
                ),
            )
            total += removed


def _purge_funding_files(ctx: PurgeContext) -> tuple[int, str]:
    """Receipts and attachments of grant files whose retention date (from the notice/proof of use) has passed."""
    from teilhabe.funding.models import Application, Attachment, ProofOfUse

    today = ctx.now.date()
    expired = (
        Application.objects.annotate(until=Max("proofs__retention_until"))
        .filter(until__lt=today)
        .exclude(pk__in=ProofOfUse.objects.filter(retention_until__isnull=True).values("application_id"))
    )
    attachments = Attachment.objects.filter(application__in=expired).exclude(file="")
    if ctx.dry_run:
        return attachments.count(), ""
    total = 0
    while batch := list(attachments[:BATCH]):
        for attachment in batch:
            with transaction.atomic():
                attachment.file.delete(save=False)
                Attachment.objects.filter(pk=attachment.pk).update(file="")
            total += 1
    return total, _("Anhänge gelöscht; Beträge und Entscheidungen bleiben als Akte archiviert")


def _purge_unused_attachments(ctx: PurgeContext) -> tuple[int, str]:
    """Uploads of applications that never became a grant (withdrawn or rejected) after the retention period."""
    from teilhabe.funding.models import ApplicationStatus, Attachment

    attachments = Attachment.objects.filter(
        application__status__in=[ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED],
        application__updated_at__lt=ctx.cutoff,
    ).exclude(file="")
    if ctx.dry_run:
        return attachments.count(), ""
    total = 0
    while batch := list(attachments[:BATCH]):
        for attachment in batch:
            with transaction.atomic():
                attachment.file.delete(save=False)
                Attachment.objects.filter(pk=attachment.pk).update(file="")
            total += 1
    return total, ""


def _purge_participation_codes(ctx: PurgeContext) -> tuple[int, str]:
    """The codes of every campaign closed at least the retention period ago (0 days: at once). Only counts of used
    codes stay, per batch; the answers never held a code, so nothing else changes."""
    from teilhabe.workforce import services as workforce
    from teilhabe.workforce.models import Campaign

    closed = Campaign.objects.filter(
        status__in=(Campaign.Status.CLOSED, Campaign.Status.PUBLISHED),
        closed_at__lte=ctx.cutoff,
        batches__codes_destroyed_at__isnull=True,
    ).distinct()
    total = sum(workforce.codes_destroy(actor=ctx.actor, campaign=c, dry_run=ctx.dry_run) for c in closed)
    return total, _("Codes vernichtet; je Ausgabe bleibt nur die Zahl der verwendeten Codes")


HANDLERS: dict[str, Callable[[PurgeContext], tuple[int, str]]] = {
    "sessions": _purge_sessions,
    "login_records": _purge_login_records,
    "inactive_accounts": _purge_inactive_accounts,
    "contact_persons": _purge_contacts,
    "funding_files": _purge_funding_files,
    "attachments": _purge_unused_attachments,
    "audit_events": _purge_audit_events,
    "participation_codes": _purge_participation_codes,
}


def purge(*, actor: User, dry_run: bool = False, now: datetime | None = None) -> list[PurgeItem]:
    """Apply every automated retention rule. Each kind runs in batches of its own transactions: an interrupted
    run has removed only what its rules allow, and the next run does the rest. Counts go to the audit log."""
    _require(actor, "lifecycle.purge")
    now = now or timezone.now()
    items = []
    for rule in RetentionRule.objects.filter(automated=True):
        handler = HANDLERS.get(rule.key)
        if handler is None:
            continue
        count, detail = handler(PurgeContext(rule=rule, now=now, dry_run=dry_run, actor=actor))
        items.append(PurgeItem(rule.key, rule.data_kind, rule.get_action_display(), count, detail))
    if not dry_run:
        audit_record(
            action="lifecycle.purged",
            actor=actor,
            data={item.key: item.count for item in items},
        )
    return items


# --- erasure requests -----------------------------------------------------------------------------------------


def _redact_events(events: Any, fields: Iterable[str]) -> int:
    """Replace personal text in audit events by the marker, keeping each original's digest (chain stays valid)."""
    count = 0
    with audit_unlocked():
        for event in events.only("pk", "object_repr", "reason", "data", "redacted"):
            redacted = dict(event.redacted or {})
            updates: dict[str, Any] = {}
            for name in fields:
                value = getattr(event, name)
                marker: Any = {"redacted": REDACTED} if name == "data" else REDACTED
                if name in redacted or value in ("", {}, marker):
                    continue
                redacted[name] = field_digest(name, value)
                updates[name] = marker
            if updates:
                AuditEvent.objects.filter(pk=event.pk).update(redacted=redacted, **updates)
                count += 1
    return count


def _pseudonymise_user(*, user: User, actor: User, reason: str) -> dict[str, Any]:
    with transaction.atomic():
        pseudonym_email = f"geloescht-{user.pk}@teilhabe.invalid"
        pseudonym_name = _("Pseudonym %(id)s") % {"id": user.pk}
        user.email, user.full_name, user.is_active, user.is_staff = pseudonym_email, pseudonym_name, False, False
        user.set_unusable_password()
        user.save()
        history = user.history.update(email=pseudonym_email, full_name=pseudonym_name)  # type: ignore[attr-defined]
        ended = Membership.objects.filter(user=user).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate())
        )
        memberships = ended.update(valid_until=timezone.localdate() - timedelta(days=1))
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.filter(user=user).delete()
        end_sessions_of(user=user)
        InactivityWarning.objects.filter(user=user).delete()
        user_type = ContentType.objects.get_for_model(User)
        redacted = _redact_events(
            AuditEvent.objects.filter(object_type=user_type, object_id=str(user.pk)), ["object_repr"]
        )
        audit_record(action="user.pseudonymised", actor=actor, obj=user, reason=reason)
    kept = _kept_for_user(user)
    return {
        "erased": [
            _("Name und E-Mail-Adresse (ersetzt durch ein Pseudonym)"),
            _("Passwort und zweiter Faktor"),
            _("%(n)s Einträge der Änderungshistorie pseudonymisiert") % {"n": history},
            _("%(n)s Protokolleinträge über die Person pseudonymisiert") % {"n": redacted},
            _("%(n)s Mitgliedschaften beendet") % {"n": memberships},
        ],
        "kept": kept,
    }


def _kept_for_user(user: User) -> list[str]:
    from teilhabe.funding.models import Application

    kept = [
        _(
            "Das Konto bleibt unter Pseudonym bestehen: Protokoll und Historien verweisen auf seine Nummer "
            "(Nachweispflicht, Art. 5 Abs. 2 DSGVO); ohne Namen ist es nicht mehr zuzuordnen."
        )
    ]
    grants = Application.objects.filter(Q(created_by=user) | Q(proposed_by=user) | Q(decided_by=user)).count()
    if grants:
        kept.append(
            _(
                "%(n)s Förderakten nennen das Konto als Antragsteller, Vorschlagende oder Entscheidende; sie "
                "bleiben bis zum Ende der Aufbewahrungsfrist des Bescheids (§ 44 LHO, ANBest) erhalten."
            )
            % {"n": grants}
        )
    return kept


def _anonymise_contact(contact: Contact, *, actor: User, reason: str) -> dict[str, Any]:
    with transaction.atomic():
        contact.name = contact.function = contact.email = contact.phone = ""
        contact.consent_at = None
        contact.consent_public = False
        contact.erased_at = timezone.now()
        contact.save()
        from teilhabe.registry.models import SearchOutbox

        published = contact.offers.filter(status=Status.PUBLISHED).values_list("pk", flat=True)
        SearchOutbox.objects.bulk_create([SearchOutbox(offer_id=pk, op=SearchOutbox.Op.UPSERT) for pk in published])
        audit_record(action="contact.erased", actor=actor, obj=contact, reason=reason)
    return {
        "erased": [_("Name, Funktion, E-Mail, Telefon und Einwilligung")],
        "kept": [
            _(
                "Der Eintrag bleibt ohne Personenbezug bestehen, damit Angebote und Strukturen einen gültigen "
                "Verweis behalten."
            )
        ],
    }


def journal_path() -> Path:
    return Path(settings.TEILHABE_ERASURE_JOURNAL)


def _journal(request: ErasureRequest) -> None:
    """Append the erasure (kind and id only, no personal data) to the journal outside the database."""
    path = journal_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(
        {"id": str(request.pk), "kind": request.subject_kind, "subject": request.subject_id, "at": str(request.done_at)}
    )
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def user_erase(*, actor: User, user: User, reason: str, request_id: uuid.UUID | None = None) -> ErasureRequest:
    """Erasure request of an account (staff too): pseudonymised, journalled; says what is kept and why."""
    _require(actor, "lifecycle.handle_subject_requests" if request_id is None else "lifecycle.reapply_erasures")
    if user.is_system:
        raise ValidationError(_("Das Systemkonto kann nicht gelöscht werden."))
    if user.pk == actor.pk:
        raise ValidationError(_("Sie können Ihr eigenes Konto nicht löschen."))
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte vermerken Sie den Anlass der Löschung.")})
    with transaction.atomic():
        outcome = _pseudonymise_user(user=user, actor=actor, reason=reason.strip())
        request = ErasureRequest.objects.create(
            id=request_id or uuid.uuid4(), subject_kind="user", subject_id=str(user.pk), done_by=actor, outcome=outcome
        )
    if request_id is None:
        _journal(request)
    return request


def contact_erase(*, actor: User, contact: Contact, reason: str, request_id: uuid.UUID | None = None) -> ErasureRequest:
    _require(actor, "lifecycle.handle_subject_requests" if request_id is None else "lifecycle.reapply_erasures")
    if contact.erased_at and request_id is None:
        raise ValidationError(_("Diese Ansprechperson ist schon gelöscht."))
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte vermerken Sie den Anlass der Löschung.")})
    with transaction.atomic():
        outcome = _anonymise_contact(contact, actor=actor, reason=reason.strip())
        request = ErasureRequest.objects.create(
            id=request_id or uuid.uuid4(),
            subject_kind="contact",
            subject_id=str(contact.pk),
            done_by=actor,
            outcome=outcome,
        )
    if request_id is None:
        _journal(request)
    return request


def erasures_reapply(*, actor: User) -> int:
    """After a restore: apply every journalled erasure the restored database does not know yet."""
    _require(actor, "lifecycle.reapply_erasures")
    path = journal_path()
    if not path.exists():
        return 0
    done = {str(pk) for pk in ErasureRequest.objects.values_list("pk", flat=True)}
    applied = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        if entry["id"] in done:
            continue
        reason = _("Erneut angewandt nach Wiederherstellung (Löschersuchen %(id)s)") % {"id": entry["id"]}
        if entry["kind"] == "user":
            user = User.objects.filter(pk=entry["subject"]).first()
            if user is not None:
                user_erase(actor=actor, user=user, reason=reason, request_id=uuid.UUID(entry["id"]))
                applied += 1
        elif entry["kind"] == "contact":
            contact = Contact.objects.filter(pk=entry["subject"]).first()
            if contact is not None:
                contact_erase(actor=actor, contact=contact, reason=reason, request_id=uuid.UUID(entry["id"]))
                applied += 1
    return applied


# --- access requests ------------------------------------------------------------------------------------------


def _events(queryset: Any) -> list[dict[str, Any]]:
    return [
        {"seq": e.seq, "at": e.at, "action": e.action, "object": e.object_repr, "reason": e.reason}
        for e in queryset.order_by("seq")
    ]


def user_data(user: User) -> dict[str, Any]:
    from teilhabe.funding.models import Application

    user_type = ContentType.objects.get_for_model(User)
    return {
        "account": {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "is_active": user.is_active,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "memberships": [
            {
                "role": m.role,
                "ags": m.ags,
                "scope": str(m.scope_id or ""),
                "scope_name": str(m.scope_object) if m.scope_id and m.scope_object is not None else "",
                "valid_until": m.valid_until,
            }
            for m in user.memberships.all()
        ],
        "history": [
            {"at": h.history_date, "type": h.history_type, "email": h.email, "full_name": h.full_name}
            for h in user.history.order_by("history_date")  # type: ignore[attr-defined]
        ],
        "contact_entries": [
            {"id": str(c.pk), "name": c.name, "function": c.function, "email": c.email, "phone": c.phone}
            for c in Contact.objects.filter(email__iexact=user.email, erased_at__isnull=True)
        ],
        "funding_files": [
            {"reference": a.reference, "title": a.title, "status": a.status}
            for a in Application.objects.filter(created_by=user).order_by("reference")
        ],
        "audit_events_by": _events(AuditEvent.objects.filter(actor=user)),
        "audit_events_about": _events(AuditEvent.objects.filter(object_type=user_type, object_id=str(user.pk))),
    }


def contact_data(contact: Contact) -> dict[str, Any]:
    contact_type = ContentType.objects.get_for_model(Contact)
    return {
        "contact": {
            "id": str(contact.pk),
            "name": contact.name,
            "function": contact.function,
            "email": contact.email,
            "phone": contact.phone,
            "consent_at": contact.consent_at,
            "consent_public": contact.consent_public,
            "erased_at": contact.erased_at,
            "organisation": contact.organisation.name if contact.organisation else None,
        },
        "structures": [s.name for s in contact.structures.order_by("name")],
        "offers": [o.title for o in contact.offers.order_by("title")],
        "audit_events_about": _events(AuditEvent.objects.filter(object_type=contact_type, object_id=str(contact.pk))),
    }


@dataclass(frozen=True)
class AccessSection:
    """A part of the readable access export: a title and either label/value pairs or a table."""

    title: str
    pairs: list[tuple[str, Any]]
    columns: list[str]
    rows: list[list[Any]]


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    return "" if value is None else str(value)


def _yes_no(value: Any) -> str:
    return _("ja") if value else _("nein")


def _event_rows(events: list[dict[str, Any]]) -> list[list[Any]]:
    return [[e["seq"], _when(e["at"]), action_label(e["action"]), e["object"], e["reason"]] for e in events]


def access_sections(data: dict[str, Any]) -> list[AccessSection]:
    """The data of ``user_data`` or ``contact_data`` for people to read: German headings and labels, dates as
    dates, roles, states and the audit log's actions in words (the JSON beside it keeps the raw values)."""
    from teilhabe.core.roles import Role
    from teilhabe.funding.models import ApplicationStatus

    event_columns = [_("Nr."), _("Zeitpunkt"), _("Vorgang"), _("Gegenstand"), _("Begründung")]
    roles = dict(Role.choices)
    states = dict(ApplicationStatus.choices)
    history_kinds = {"+": _("angelegt"), "~": _("geändert"), "-": _("gelöscht")}
    sections: list[AccessSection] = []

    def add(title: str, pairs: list[tuple[str, Any]] | None = None, columns: list[str] | None = None,
            rows: list[list[Any]] | None = None) -> None:  # fmt: skip
        sections.append(AccessSection(title, pairs or [], columns or [], rows or []))

    if "account" in data:
        a = data["account"]
        add(_("Konto"), [
            (_("Nummer"), a["id"]), (_("E-Mail"), a["email"]), (_("Name"), a["full_name"]),
            (_("aktiv"), _yes_no(a["is_active"])), (_("angelegt am"), _when(a["date_joined"])),
            (_("zuletzt angemeldet"), _when(a["last_login"])),
        ])  # fmt: skip
        add(_("Rollen"), columns=[_("Rolle"), _("Gebiet (AGS)"), _("Organisation oder Behörde"), _("gültig bis")],
            rows=[[roles.get(m["role"], m["role"]), m["ags"], m["scope_name"] or m["scope"], _when(m["valid_until"])]
                  for m in data["memberships"]])  # fmt: skip
        add(_("Änderungen des Kontos"), columns=[_("Zeitpunkt"), _("Art"), _("E-Mail"), _("Name")],
            rows=[[_when(h["at"]), history_kinds.get(h["type"], h["type"]), h["email"], h["full_name"]]
                  for h in data["history"]])  # fmt: skip
        add(
            _("Einträge als Ansprechperson"),
            columns=[_("Name"), _("Funktion"), _("E-Mail"), _("Telefon")],
            rows=[[c["name"], c["function"], c["email"], c["phone"]] for c in data["contact_entries"]],
        )
        add(
            _("Förderakten, die die Person angelegt hat"),
            columns=[_("Aktenzeichen"), _("Titel"), _("Stand")],
            rows=[[f["reference"], f["title"], states.get(f["status"], f["status"])] for f in data["funding_files"]],
        )
        add(_("Protokoll: was die Person getan hat"), columns=event_columns, rows=_event_rows(data["audit_events_by"]))
    if "contact" in data:
        c = data["contact"]
        add(_("Ansprechperson"), [
            (_("Nummer"), c["id"]), (_("Name"), c["name"]), (_("Funktion"), c["function"]),
            (_("E-Mail"), c["email"]), (_("Telefon"), c["phone"]), (_("Organisation"), c["organisation"] or ""),
            (_("Einwilligung am"), _when(c["consent_at"])),
            (_("öffentlich sichtbar"), _yes_no(c["consent_public"])), (_("gelöscht am"), _when(c["erased_at"])),
        ])  # fmt: skip
        add(_("Strukturen"), columns=[_("Name")], rows=[[name] for name in data["structures"]])
        add(_("Angebote"), columns=[_("Titel")], rows=[[title] for title in data["offers"]])
    add(_("Protokoll: Vorgänge zu der Person"), columns=event_columns, rows=_event_rows(data["audit_events_about"]))
    return sections


def access_export(*, actor: User, subject: User | Contact) -> bytes:
    """Everything stored about one person (Art. 15 GDPR) as a ZIP of JSON and PDF; the export is audited."""
    _require(actor, "lifecycle.handle_subject_requests")
    data = user_data(subject) if isinstance(subject, User) else contact_data(subject)
    data["exported_at"] = timezone.now()
    text = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    html = render_to_string(
        "lifecycle/access_export.html", {"data": data, "sections": access_sections(data), "subject": str(subject)}
    )
    pdf = html_to_pdf(html)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("auskunft.json", text)
        archive.writestr("auskunft.pdf", pdf)
    audit_record(action="lifecycle.access_exported", actor=actor, obj=subject)
    return buffer.getvalue()


# --- audit export ---------------------------------------------------------------------------------------------

AUDIT_CSV_FIELDS = [
    "seq", "at", "actor_id", "action", "object_type", "object_id", "object_repr", "from_state", "to_state",
    "reason", "data", "redacted", "prev_hash", "hash",
]  # fmt: skip


def audit_export_csv(*, actor: User, start: datetime, end: datetime) -> str:
    """The audit log of a period with the chain's hashes, for the data protection officer; audited."""
    _require(actor, "lifecycle.export_audit")
    if end <= start:
        raise ValidationError(_("Das Ende des Zeitraums liegt vor seinem Beginn."))
    out = io.StringIO()
    # Logged text never becomes a spreadsheet formula (CSV injection): such a cell gets a leading apostrophe, as in
    # every export; strip it to recompute a hash from the export.
    writer = SafeCsvWriter(out)
    writer.writerow(AUDIT_CSV_FIELDS)
    events = (
        AuditEvent.objects.filter(at__gte=start, at__lt=end).select_related("object_type").order_by("seq").iterator()
    )
    for e in events:
        object_type = f"{e.object_type.app_label}.{e.object_type.model}" if e.object_type else ""
        writer.writerow(
            (
                e.seq,
                e.at.isoformat(),
                e.actor_id or "",
                e.action,
                object_type,
                e.object_id,
                e.object_repr,
                e.from_state,
                e.to_state,
                e.reason,
                json.dumps(e.data, sort_keys=True, ensure_ascii=False),
                json.dumps(e.redacted, sort_keys=True),
                e.prev_hash,
                e.hash,
            )
        )
    audit_record(
        action="lifecycle.audit_exported",
        actor=actor,
        data={"from": start.isoformat(), "to": end.isoformat()},
    )
    return out.getvalue()
