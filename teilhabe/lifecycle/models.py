"""Data of the lifecycle app: the retention rules (the deletion concept as data), the erasure journal and the
warnings to inactive accounts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RetentionRule(models.Model):
    """One kind of data: how long it is kept, why, from when, and what happens after (DIN 66398 rule)."""

    class Action(models.TextChoices):
        DELETE = "delete", _("Löschen")
        ANONYMISE = "anonymise", _("Anonymisieren")
        ARCHIVE = "archive", _("Archivieren")

    key = models.SlugField(_("Schlüssel"), max_length=40, unique=True)
    data_kind = models.CharField(_("Datenart"), max_length=200)
    legal_basis = models.CharField(_("Rechtsgrundlage"), max_length=300)
    retention_class = models.CharField(_("Löschklasse"), max_length=100)
    retention_days = models.PositiveIntegerField(
        _("Aufbewahrungsfrist (Tage)"), null=True, blank=True, help_text=_("Leer: Frist steht in den Daten selbst.")
    )
    retention_text = models.CharField(_("Aufbewahrungsfrist"), max_length=200)
    trigger = models.CharField(_("Startereignis"), max_length=300)
    action = models.CharField(_("Maßnahme"), max_length=20, choices=Action.choices)
    responsible = models.CharField(_("Verantwortlich"), max_length=200)
    automated = models.BooleanField(_("vom täglichen Löschlauf ausgeführt"), default=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Löschregel")
        verbose_name_plural = _("Löschregeln")
        ordering = ["order", "key"]

    def __str__(self) -> str:
        return str(self.data_kind)


class ErasureRequest(models.Model):
    """An erasure request (Art. 17 GDPR) as carried out; mirrored into the journal file outside the database so a
    restore of an older backup applies it again before the platform serves."""

    class Subject(models.TextChoices):
        USER = "user", _("Konto")
        CONTACT = "contact", _("Ansprechperson")

    id = models.UUIDField(primary_key=True)
    subject_kind = models.CharField(_("Art"), max_length=20, choices=Subject.choices)
    subject_id = models.CharField(_("Kennung"), max_length=64)
    done_at = models.DateTimeField(_("ausgeführt am"), default=timezone.now)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: What was erased and what was kept with its reason; never the erased content itself.
    outcome = models.JSONField(_("Ergebnis"), default=dict)

    class Meta:
        verbose_name = _("Löschersuchen")
        verbose_name_plural = _("Löschersuchen")
        ordering = ["-done_at"]

    def __str__(self) -> str:
        return f"{self.get_subject_kind_display()} {self.subject_id}"


class InactivityWarning(models.Model):
    """An inactive account was warned: unless it logs in, the purge disables and anonymises it later."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    warned_at = models.DateTimeField(_("gewarnt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Warnung wegen Inaktivität")
        verbose_name_plural = _("Warnungen wegen Inaktivität")

    def __str__(self) -> str:
        return f"{self.user_id} {self.warned_at:%Y-%m-%d}"
