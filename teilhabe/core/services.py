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
from teilhabe.core.selectors import same_membership


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
    transaction, as its last write: the chain head stays locked until that transaction ends (see
    teilhabe/core/auditchain.py)."""
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
    # Inside the caller's transaction without a savepoint of its own: SAVEPOINT and RELEASE were two more round
    # trips with the chain's lock held, which every other audited save waits for (PostgreSQL).
    with transaction.atomic(savepoint=False):
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


def _require_admin(actor: User) -> None:
    """Operators manage accounts; the system actor does so for the command line and the demo data."""
    if actor is None:  # a caller bug, never "the system": refuse loudly instead of skipping the check
        raise PermissionDenied(_("Ohne handelnde Person ist dieser Schritt nicht erlaubt."))
    if not (actor.is_system or scope_of(actor).has_role(Role.ADMIN)):
        raise PermissionDenied(_("Nur der Betrieb darf Konten verwalten."))


@transaction.atomic
def user_create(*, email: str, full_name: str = "", password: str | None = None, actor: User) -> User:
    """Create a person (an operator, or the system actor for the command line and the demo data)."""
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


def _approve_as_system(membership: Membership, actor: User) -> None:
    """Roles granted from the command line (createsuperuser, demo data) take effect at once: whoever runs the
    command already controls the server. Recorded as approved by the system actor, never silently."""
    if membership.needs_approval and actor.is_system:
        membership.requested_by = None
        membership.approved_by = actor
        membership.approved_at = timezone.now()


@transaction.atomic
def membership_grant(
    *,
    user: User,
    role: Role | str,
    ags: str = "",
    scope_object: models.Model | None = None,
    valid_until: date | None = None,
    actor: User,
) -> Membership:
    """Give ``user`` a role with its scope (an AGS prefix or one object).

    Land, Bewilligung and Betrieb take effect only after a second person approves (``membership_approve``).
    Nobody grants a role to himself. A role with this scope that the person held before and that has ended is
    taken up again (with a new approval where needed) instead of a second row.
    """
    _require_admin(actor)
    if actor.pk == user.pk:
        raise PermissionDenied(_("Niemand kann sich selbst eine Rolle geben."))
    draft = Membership(user=user, role=Role(role), ags=ags, valid_until=valid_until, requested_by=actor)
    if scope_object is not None:
        draft.scope_type = ContentType.objects.get_for_model(scope_object)
        draft.scope_id = scope_object.pk
    earlier = same_membership(membership=draft)
    if earlier is not None and not earlier.is_ended():
        if earlier.is_approved:
            raise ValidationError(_("Diese Rolle mit diesem Bereich hat die Person bereits."))
        raise ValidationError(_("Diese Rolle mit diesem Bereich wartet bereits auf Freigabe."))
    membership = earlier or draft
    if earlier is not None:
        membership.valid_until = valid_until
        membership.requested_by = actor
        membership.approved_by = None
        membership.approved_at = None
    _approve_as_system(membership, actor)
    membership.full_clean(validate_constraints=False)
    membership.save()
    forget_scope(user)
    audit_record(
        action="membership.reactivated" if earlier is not None else "membership.granted",
        actor=actor,
        obj=user,
        to_state="approved" if membership.is_approved else "awaiting_approval",
        data={
            "role": membership.role,
            "ags": ags,
            "scope": str(scope_object.pk) if scope_object else "",
            "valid_until": valid_until.isoformat() if valid_until else "",
            "approved_by": str(membership.approved_by) if membership.approved_by else "",
        },
    )
    return membership


@transaction.atomic
def membership_approve(*, membership: Membership, actor: User) -> Membership:
    """The second person's approval of a privileged role: another operator or a Land user, never the person
    it is for and never the one who asked for it (the database refuses both as well)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    scope = scope_of(actor)
    if not (scope.has_role(Role.ADMIN) or scope.has_role(Role.LAND)):
        raise PermissionDenied(_("Rollen freigeben dürfen nur der Betrieb und das Land."))
    if actor.pk == membership.user_id:
        raise PermissionDenied(_("Eine eigene Rolle kann niemand selbst freigeben."))
    if actor.pk == membership.requested_by_id:
        raise PermissionDenied(_("Die Freigabe muss eine zweite Person erteilen, nicht wer die Rolle beantragt hat."))
    if membership.is_approved:
        raise ValidationError(_("Diese Rolle ist bereits freigegeben."))
    if membership.is_ended():
        raise ValidationError(_("Diese Rolle ist beendet und kann nicht mehr freigegeben werden."))
    membership.approved_by = actor
    membership.approved_at = timezone.now()
    membership.save(update_fields=["approved_by", "approved_at", "updated_at"])
    forget_scope(membership.user)
    audit_record(
        action="membership.approved",
        actor=actor,
        obj=membership.user,
        from_state="awaiting_approval",
        to_state="approved",
        data={
            "role": membership.role,
            "ags": membership.ags,
            "scope": str(membership.scope_id or ""),
            "requested_by": str(membership.requested_by or ""),
        },
    )
    return membership


@transaction.atomic
def membership_reject(*, membership: Membership, actor: User, reason: str) -> Membership:
    """Refuse a privileged role that waits for approval: it ends today, unapproved, with the reason audited."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    scope = scope_of(actor)
    if not (scope.has_role(Role.ADMIN) or scope.has_role(Role.LAND)):
        raise PermissionDenied(_("Rollen freigeben dürfen nur der Betrieb und das Land."))
    if actor.pk == membership.user_id:
        raise PermissionDenied(_("Über eine eigene Rolle kann niemand selbst entscheiden."))
    if membership.is_approved:
        raise ValidationError(_("Diese Rolle ist bereits freigegeben; beenden Sie sie mit „gültig bis“."))
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte begründen Sie die Ablehnung.")})
    membership.valid_until = timezone.localdate() - timedelta(days=1)
    membership.save(update_fields=["valid_until", "updated_at"])
    audit_record(
        action="membership.rejected",
        actor=actor,
        obj=membership.user,
        from_state="awaiting_approval",
        to_state="rejected",
        reason=reason,
        data={"role": membership.role, "ags": membership.ags, "scope": str(membership.scope_id or "")},
    )
    return membership


#: Fields of a membership an operator may change in place.
_MEMBERSHIP_FIELDS = ("role", "ags", "scope_type_id", "scope_id", "valid_until")


def _widens(before: Membership, after: Membership) -> bool:
    """A change that gives more than was approved: another role or scope, or a later end (or none)."""
    if any(getattr(before, f) != getattr(after, f) for f in ("role", "ags", "scope_type_id", "scope_id")):
        return True
    if after.valid_until is None:
        return before.valid_until is not None
    return before.valid_until is not None and after.valid_until > before.valid_until


@transaction.atomic
def membership_update(*, membership: Membership, actor: User, reason: str = "") -> Membership:
    """Store the changed fields of an existing membership (the admin's inline), validated and audited.

    A change that widens a privileged role (other role or scope, later end) needs a second person's approval
    again; ending a role earlier never does. Nobody widens his own membership.
    """
    _require_admin(actor)
    before = Membership.objects.get(pk=membership.pk)
    changed = [f for f in _MEMBERSHIP_FIELDS if getattr(before, f) != getattr(membership, f)]
    if not changed:
        return membership
    # The approval is never taken from the caller's copy: only this service and membership_approve set it.
    membership.requested_by_id = before.requested_by_id
    membership.approved_by_id = before.approved_by_id
    membership.approved_at = before.approved_at
    widens = _widens(before, membership)
    if widens and actor.pk == membership.user_id:
        raise PermissionDenied(_("Niemand kann die eigene Rolle erweitern."))
    if same_membership(membership=membership) is not None:
        raise ValidationError(_("Diese Rolle mit diesem Bereich hat die Person bereits."))
    if widens and membership.needs_approval:
        membership.requested_by = actor
        membership.approved_by = None
        membership.approved_at = None
        _approve_as_system(membership, actor)
    membership.full_clean(validate_constraints=False)
    membership.save()
    forget_scope(membership.user)
    audit_record(
        action="membership.changed",
        actor=actor,
        obj=membership.user,
        reason=reason,
        to_state="approved" if membership.is_approved else "awaiting_approval",
        data={f: [_plain(getattr(before, f)), _plain(getattr(membership, f))] for f in changed},
    )
    return membership


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field value for the audit log."""
    return value if value is None or isinstance(value, str | int | bool) else str(value)


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: User, reason: str = "") -> None:
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
def user_deactivate(*, user: User, actor: User, reason: str = "") -> User:
    """Lock a person out: no new login, and every open session of theirs ends now."""
    _require_admin(actor)
    if actor.pk == user.pk:
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
def user_activate(*, user: User, actor: User, reason: str = "") -> User:
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
