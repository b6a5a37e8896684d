"""Public authorities that take part in the staff survey of the state initiative
"Mehr Migrantinnen und Migranten in den öffentlichen Dienst".

An authority is the scope of the ``behoerde`` role: its survey officers see only their own authority.
"""

from __future__ import annotations

import uuid

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teilhabe.core.models import TimeStampedModel


class Authority(TimeStampedModel):
    class Kind(models.TextChoices):
        OBERSTE_LANDESBEHOERDE = "oberste_landesbehoerde", _("Oberste Landesbehörde (Ministerium)")
        LANDESOBERBEHOERDE = "landesoberbehoerde", _("Landesoberbehörde")
        BEZIRKSREGIERUNG = "bezirksregierung", _("Bezirksregierung")
        UNTERE_LANDESBEHOERDE = "untere_landesbehoerde", _("Untere Landesbehörde")
        KOMMUNALVERWALTUNG = "kommunalverwaltung", _("Kommunalverwaltung")
        SONSTIGE = "sonstige", _("Sonstige öffentliche Stelle")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("Name"), max_length=200, unique=True)
    short_name = models.CharField(_("Kurzname"), max_length=50, blank=True)
    kind = models.CharField(_("Art"), max_length=40, choices=Kind.choices)
    ags = models.CharField(
        _("Sitz (AGS)"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^05\d{6}$", _("Ein AGS in NRW hat 8 Ziffern und beginnt mit 05."))],
    )
    staff_count = models.PositiveIntegerField(
        _("Beschäftigte"), null=True, blank=True, help_text=_("Zahl der Beschäftigten zum letzten Stichtag.")
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Behörde")
        verbose_name_plural = _("Behörden")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
