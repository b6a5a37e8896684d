from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teilhabe.core.roles import AGS_SCOPED_ROLES, APPROVAL_ROLES, OBJECT_SCOPED_ROLES, Role

ags_prefix_validator = RegexValidator(
    r"^05(\d|\d{3}|\d{6})?$",
    _("Ein Gebietsschlüssel für NRW hat 2, 3, 5 oder 8 Ziffern und beginnt mit 05."),
)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        abstract = True


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        """`teilhabe createsuperuser`: an operator, i.e. staff flag and a membership in the role admin.

        There are no superusers: rights come from memberships (User.save clears the flag).
        """
        from teilhabe.core.services import membership_grant
        from teilhabe.core.system import system_actor

        extra.pop("is_superuser", None)
        extra.setdefault("is_staff", True)
        user = self.create_user(email, password, **extra)
        # The command line acts as the system actor: whoever runs it controls the server already.
        membership_grant(user=user, role=Role.ADMIN, actor=system_actor())
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their e-mail address. Rights come from memberships, not flags."""

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    full_name = models.CharField(_("Name"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(
        _("Zugang zur Administration"),
        default=False,
        help_text=_("Darf die Administrationsoberfläche öffnen (nur Betrieb)."),
    )
    date_joined = models.DateTimeField(_("registriert am"), default=timezone.now)
    is_system = models.BooleanField(
        _("Systemkonto"),
        default=False,
        editable=False,
        help_text=_("Das Konto, unter dem Hintergrundaufgaben handeln; kann sich nicht anmelden."),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Django's superuser flag would pass every permission check, scope rules included. Rights come from
        # memberships only, so the flag is never stored; operators are staff with the role admin.
        self.is_superuser = False
        super().save(*args, **kwargs)


class Membership(TimeStampedModel):
    """A role of a person together with its scope.

    The scope is data: an AGS prefix for Land, Bewilligung and Kommune, one object (organisation or
    authority) for the organisation and behoerde roles, nothing for admin. The scope object is held
    generically so that this lowest app needs to know nothing of the apps above it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Person"))
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    ags = models.CharField(
        _("Gebietsschlüssel"),
        max_length=8,
        blank=True,
        validators=[ags_prefix_validator],
        help_text=_("05 = Land, 053 = Regierungsbezirk Köln, 05315 = Kreis/kreisfreie Stadt, 8 Ziffern = Gemeinde."),
    )
    scope_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("Art des Bereichs")
    )
    scope_id = models.UUIDField(_("Bereich"), null=True, blank=True)
    scope_object = GenericForeignKey("scope_type", "scope_id")
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    requested_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beantragt von"),
        editable=False,
    )
    approved_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("freigegeben von"),
        editable=False,
    )
    approved_at = models.DateTimeField(
        _("freigegeben am"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Rollen des Landes, der Bewilligung und des Betriebs gelten erst nach Freigabe durch eine zweite Person."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["user", "role", "ags"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "ags"],
                condition=models.Q(scope_id__isnull=True),
                name="membership_unique_area_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "scope_type", "scope_id"],
                condition=models.Q(scope_id__isnull=False),
                name="membership_unique_object_scope",
            ),
            # Four eyes on privileged roles, also in the database: never approved by the person it is for, never
            # by the person who asked for it.
            models.CheckConstraint(
                condition=~models.Q(approved_by=models.F("user")), name="membership_not_approved_by_holder"
            ),
            models.CheckConstraint(
                condition=~models.Q(approved_by=models.F("requested_by")),
                name="membership_not_approved_by_requester",
            ),
        ]
        indexes = [models.Index(fields=["scope_type", "scope_id"])]

    def __str__(self) -> str:
        scope = self.ags or (str(self.scope_object) if self.scope_id else "")
        return f"{self.user} – {self.get_role_display()}" + (f" ({scope})" if scope else "")

    def clean(self) -> None:
        super().clean()
        role = Role(self.role) if self.role else None
        if role in AGS_SCOPED_ROLES:
            if not self.ags:
                raise ValidationError({"ags": _("Für diese Rolle ist ein Gebietsschlüssel nötig.")})
            if self.scope_id:
                raise ValidationError({"scope_id": _("Diese Rolle wird über einen Gebietsschlüssel begrenzt.")})
        elif role in OBJECT_SCOPED_ROLES:
            if not (self.scope_type_id and self.scope_id):
                raise ValidationError({"scope_id": _("Für diese Rolle ist eine Organisation oder Behörde nötig.")})
            if self.ags:
                raise ValidationError({"ags": _("Diese Rolle hat keinen Gebietsschlüssel.")})
            self._clean_scope_object(role)
        elif role == Role.ADMIN and (self.ags or self.scope_id):
            raise ValidationError(_("Die Rolle Betrieb hat keinen Bereich."))

    def _clean_scope_object(self, role: Role) -> None:
        """The scope must be a row of a model that scopes this role (see scope.register_scope_model), and exist."""
        from teilhabe.core.scope import scope_content_types

        if self.scope_type_id is None:
            return
        if not scope_content_types(role).filter(pk=self.scope_type_id).exists():
            raise ValidationError({"scope_type": _("Diese Art von Bereich passt nicht zur Rolle.")})
        model = ContentType.objects.get_for_id(self.scope_type_id).model_class()
        try:
            exists = model is not None and model._default_manager.filter(pk=self.scope_id).exists()
        except (ValueError, TypeError, ValidationError):  # a model whose key is no UUID cannot be a scope
            exists = False
        if not exists:
            raise ValidationError({"scope_id": _("Diesen Bereich gibt es nicht.")})

    @property
    def needs_approval(self) -> bool:
        return self.role in APPROVAL_ROLES

    @property
    def is_approved(self) -> bool:
        return not self.needs_approval or self.approved_at is not None

    def is_ended(self, today: Any = None) -> bool:
        today = today or timezone.localdate()
        return self.valid_until is not None and self.valid_until < today

    def is_current(self, today: Any = None) -> bool:
        """In force today: not ended, and approved where the role needs a second person's approval."""
        today = today or timezone.localdate()
        return self.is_approved and (self.valid_until is None or self.valid_until >= today)


class AuditEvent(models.Model):
    """Append-only log of workflow steps: who did what to which object, from which state to which, why.

    A hash chain (``seq``, ``prev_hash``, ``hash``; see teilhabe/core/auditchain.py) makes any change visible, and
    database triggers refuse UPDATE and DELETE outside the retention purge and the pseudonymisation.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    seq = models.BigIntegerField(_("laufende Nummer"), unique=True, editable=False)
    prev_hash = models.CharField(_("Hash des Vorgängers"), max_length=64, editable=False)
    hash = models.CharField(_("Hash"), max_length=64, editable=False)
    #: Fields replaced by the pseudonymisation marker: name -> SHA-256 of the original value (keeps the chain).
    redacted = models.JSONField(_("pseudonymisierte Felder"), default=dict, blank=True, editable=False)
    at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("handelnde Person")
    )
    action = models.CharField(_("Vorgang"), max_length=100, db_index=True)
    object_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("Objektart")
    )
    object_id = models.CharField(_("Objekt-ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("Objekt"), max_length=300, blank=True)
    from_state = models.CharField(_("von"), max_length=50, blank=True)
    to_state = models.CharField(_("nach"), max_length=50, blank=True)
    reason = models.TextField(_("Begründung"), blank=True)
    data = models.JSONField(_("Daten"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError("AuditEvent is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError("AuditEvent is append-only")


class AuditCheckpoint(models.Model):
    """What a retention purge cut from the start of the audit chain, signed with an HMAC of the secret key.

    The first remaining event continues from ``anchor_hash`` (the hash of the last removed one) at
    ``upto_seq + 1``; ``teilhabe audit_verify`` starts there after checking the signature.
    """

    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now, editable=False)
    upto_seq = models.BigIntegerField(_("entfernt bis Nummer"), unique=True)
    anchor_hash = models.CharField(_("Hash des letzten entfernten Eintrags"), max_length=64)
    events_removed = models.PositiveIntegerField(_("entfernte Einträge"))
    oldest_kept_at = models.DateTimeField(_("ältester verbliebener Eintrag"), null=True, blank=True)
    signature = models.CharField(_("Signatur"), max_length=64)

    class Meta:
        verbose_name = _("Prüfpunkt des Protokolls")
        verbose_name_plural = _("Prüfpunkte des Protokolls")
        ordering = ["-upto_seq"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} bis {self.upto_seq}"
