"""Writes of the core app: audit events, users and memberships."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.auditchain import event_hash, lock_chain_head
from teilhabe.core.models import AuditEvent, Membership, User
from teilhabe.core.roles import Role
from teilhabe.core.scope import forget_scope, scope_of


def audit_record(
    *,
    action: str,
    actor: User | None = None,
    obj: models.Model | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one workflow step to the audit log (the next link of the hash chain). Call it inside the service's
    transaction: the chain head stays locked until that transaction ends (see teilhabe/core/auditchain.py)."""
    event = AuditEvent(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )
    with transaction.atomic():
        head_seq, head_hash = lock_chain_head()
        event.seq, event.prev_hash = head_seq + 1, head_hash
        event.hash = event_hash(
            seq=event.seq,
            prev_hash=event.prev_hash,
            at=event.at,
            actor_id=event.actor_id,
            action=event.action,
            object_type_id=event.object_type_id,
            object_id=event.object_id,
            object_repr=event.object_repr,
            from_state=event.from_state,
            to_state=event.to_state,
            reason=event.reason,
            data=event.data,
        )
        event.save(force_insert=True)
    return event


def _require_admin(actor: User | None) -> None:
    if actor is not None and not scope_of(actor).has_role(Role.ADMIN):
        raise PermissionDenied(_("Nur der Betrieb darf Konten verwalten."))


@transaction.atomic
def user_create(*, email: str, full_name: str = "", password: str | None = None, actor: User | None = None) -> User:
    """Create a person. ``actor`` None means the system (seed, command line)."""
    _require_admin(actor)
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Diese E-Mail-Adresse ist schon vergeben.")})
    user = User(email=email, full_name=full_name)
    user.full_clean(exclude=["password"])
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_record(action="user.created", actor=actor, obj=user)
    return user


@transaction.atomic
def membership_grant(
    *,
    user: User,
    role: Role | str,
    ags: str = "",
    scope_object: models.Model | None = None,
    valid_until: date | None = None,
    actor: User | None = None,
) -> Membership:
    """Give ``user`` a role with its scope (an AGS prefix or one object). ``actor`` None means the system."""
    _require_admin(actor)
    membership = Membership(user=user, role=Role(role), ags=ags, valid_until=valid_until)
    if scope_object is not None:
        membership.scope_type = ContentType.objects.get_for_model(scope_object)
        membership.scope_id = scope_object.pk
    membership.full_clean()
    membership.save()
    forget_scope(user)
    audit_record(
        action="membership.granted",
        actor=actor,
        obj=user,
        data={
            "role": membership.role,
            "ags": ags,
            "scope": str(scope_object.pk) if scope_object else "",
            "valid_until": valid_until.isoformat() if valid_until else "",
        },
    )
    return membership


#: Fields of a membership an operator may change in place.
_MEMBERSHIP_FIELDS = ("role", "ags", "scope_type_id", "scope_id", "valid_until")


@transaction.atomic
def membership_update(*, membership: Membership, actor: User | None = None, reason: str = "") -> Membership:
    """Store the changed fields of an existing membership (the admin's inline), validated and audited."""
    _require_admin(actor)
    before = Membership.objects.get(pk=membership.pk)
    changed = [f for f in _MEMBERSHIP_FIELDS if getattr(before, f) != getattr(membership, f)]
    if not changed:
        return membership
    membership.full_clean()
    membership.save()
    forget_scope(membership.user)
    audit_record(
        action="membership.changed",
        actor=actor,
        obj=membership.user,
        reason=reason,
        data={f: [_plain(getattr(before, f)), _plain(getattr(membership, f))] for f in changed},
    )
    return membership


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field value for the audit log."""
    return value if value is None or isinstance(value, str | int | bool) else str(value)


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: User | None = None, reason: str = "") -> None:
    _require_admin(actor)
    membership.valid_until = timezone.localdate() - timedelta(days=1)
    membership.save(update_fields=["valid_until", "updated_at"])
    forget_scope(membership.user)
    audit_record(
        action="membership.revoked",
        actor=actor,
        obj=membership.user,
        reason=reason,
        data={"role": membership.role, "ags": membership.ags},
    )


def end_sessions_of(*, user: User) -> int:
    """Delete every stored session that belongs to ``user``; returns how many ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def user_deactivate(*, user: User, actor: User | None = None, reason: str = "") -> User:
    """Lock a person out: no new login, and every open session of theirs ends now."""
    _require_admin(actor)
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(_("Sie können Ihr eigenes Konto nicht deaktivieren."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = end_sessions_of(user=user)
    audit_record(
        action="user.deactivated",
        actor=actor,
        obj=user,
        from_state="active",
        to_state="inactive",
        reason=reason,
        data={"sessions_ended": ended},
    )
    return user


@transaction.atomic
def user_activate(*, user: User, actor: User | None = None, reason: str = "") -> User:
    """Let a deactivated person log in again (their memberships decide what they may do)."""
    _require_admin(actor)
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    forget_scope(user)
    audit_record(
        action="user.activated", actor=actor, obj=user, from_state="inactive", to_state="active", reason=reason
    )
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: User, reason: str = "") -> User:
    """Set a new password: the person themselves, or an operator. Validated against AUTH_PASSWORD_VALIDATORS.

    Every other session of the person ends with it: Django binds a session to a hash of the password.
    """
    if actor.pk != user.pk:
        _require_admin(actor)
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(action="user.password_changed", actor=actor, obj=user, reason=reason)
    return user


@transaction.atomic
def second_factor_reset(*, user: User, actor: User, reason: str = "") -> int:
    """Remove every authenticator of ``user`` (lost phone): the next login sets a new one up.

    Sessions confirmed with a removed device are no longer verified and must confirm again.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _require_admin(actor)
    removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
    audit_record(action="second_factor.reset", actor=actor, obj=user, reason=reason, data={"devices": removed})
    return removed


#: Password reset mails per address and per client address within an hour.
RESET_LIMIT_PER_ADDRESS = 3
RESET_LIMIT_PER_CLIENT = 10


@transaction.atomic
def password_reset_allowed(*, email: str, ip: str) -> bool:
    """Record a reset request and say whether it is within the limits (per hour: 3 per address, 10 per client).

    The requests are audit events (so every app server counts the same); the address is stored only as a hash.
    """
    import hashlib

    since = timezone.now() - timedelta(hours=1)
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    recent = AuditEvent.objects.filter(action="user.password_reset_requested", at__gte=since)
    allowed = (
        recent.filter(data__email_sha256=digest).count() < RESET_LIMIT_PER_ADDRESS
        and recent.filter(data__ip=ip).count() < RESET_LIMIT_PER_CLIENT
    )
    audit_record(
        action="user.password_reset_requested",
        reason="" if allowed else "Limit erreicht",
        data={"email_sha256": digest, "ip": ip, "sent": allowed},
    )
    return allowed
