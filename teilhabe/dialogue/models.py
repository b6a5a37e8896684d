"""The dialogue of the ministry with the integration commissioners and the Kommunale Integrationszentren.

An event belongs to a series (so open action items travel from one meeting to the next), is addressed to a target
group (who: commissioners, KIs or both; where: an AGS prefix, "05" for all of NRW, "053" for one Regierungsbezirk)
and has a capacity. Registrations beyond the capacity wait in order and move up when someone cancels. Needs stated
at registration are shown to the organiser only in aggregate and deleted after the event. Changes are written by
teilhabe.dialogue.services with an audit event; the rows keep their history (django-simple-history).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teilhabe.core.models import TimeStampedModel, ags_prefix_validator


class Audience(models.TextChoices):
    ALL = "all", _("Integrationsbeauftragte und Kommunale Integrationszentren")
    COMMISSIONERS = "commissioners", _("Integrationsbeauftragte")
    KI = "ki", _("Kommunale Integrationszentren")


class Series(TimeStampedModel):
    """A line of recurring meetings (e.g. "Dialogforum Regierungsbezirk Köln"): the dialogue's memory."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("Name"), max_length=200, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Veranstaltungsreihe")
        verbose_name_plural = _("Veranstaltungsreihen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Event(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        CANCELLED = "cancelled", _("abgesagt")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    series = models.ForeignKey(
        Series,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("Veranstaltungsreihe"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    place = models.CharField(_("Ort"), max_length=300, blank=True)
    online_url = models.URLField(_("Online-Zugang"), blank=True)
    capacity = models.PositiveIntegerField(_("Plätze"))
    registration_deadline = models.DateTimeField(_("Anmeldeschluss"))
    audience = models.CharField(_("Zielgruppe"), max_length=20, choices=Audience.choices, default=Audience.ALL)
    region = models.CharField(
        _("Gebiet der Zielgruppe"),
        max_length=8,
        default="05",
        validators=[ags_prefix_validator],
        help_text=_("05 = ganz NRW, 053 = Regierungsbezirk Köln, 05315 = Köln."),
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.TextField(_("Grund der Absage"), blank=True)
    invitations_sent_at = models.DateTimeField(_("Einladungen versandt am"), null=True, blank=True)
    needs_deleted_at = models.DateTimeField(_("Bedarfe gelöscht am"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("angelegt von")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["region", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(registration_deadline__lte=models.F("starts_at")), name="event_deadline_before_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d.%m.%Y})"

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Das Ende liegt nicht nach dem Beginn.")})
        if self.starts_at and self.registration_deadline and self.registration_deadline > self.starts_at:
            raise ValidationError({"registration_deadline": _("Der Anmeldeschluss liegt nach dem Beginn.")})
        if not self.place and not self.online_url:
            raise ValidationError({"place": _("Geben Sie einen Ort oder einen Online-Zugang an.")})

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def registration_open(self) -> bool:
        return not self.is_cancelled and timezone.now() <= self.registration_deadline


class AgendaItem(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("Veranstaltung"))
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)
    time = models.TimeField(_("Uhrzeit"), null=True, blank=True)
    title = models.CharField(_("Tagesordnungspunkt"), max_length=300)
    speaker = models.CharField(_("Referentin / Referent"), max_length=200, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    #: Set when the item is an open action item carried over from an earlier event of the series.
    action_item = models.ForeignKey(
        "ActionItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Aufgabe")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnung")
        ordering = ["event", "order", "time"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "action_item"],
                condition=models.Q(action_item__isnull=False),
                name="agenda_action_item_once",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Need(models.TextChoices):
    SIGN_LANGUAGE = "sign_language", _("Gebärdensprachdolmetschen")
    INTERPRETING = "interpreting", _("Dolmetschen in eine Lautsprache")
    STEP_FREE = "step_free", _("Stufenloser Zugang")
    DIETARY = "dietary", _("Ernährung (z. B. vegetarisch, halal, Allergien)")


class Registration(TimeStampedModel):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("angemeldet")
        WAITING = "waiting", _("Warteliste")
        CANCELLED = "cancelled", _("abgemeldet")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("Veranstaltung")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dialogue_registrations")
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices)
    #: Order on the waiting list (and of registration): the time of the latest (re-)registration.
    registered_at = models.DateTimeField(_("angemeldet am"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("abgemeldet am"), null=True, blank=True)
    #: Stated needs (codes of Need); deleted after the event, shown to the organiser only as counts.
    needs = models.JSONField(_("Bedarfe"), default=list, blank=True)
    needs_note = models.CharField(_("Hinweis zu den Bedarfen"), max_length=300, blank=True)

    #: Needs may reveal health or religion: they stay out of the history so that deleting them leaves no copy.
    history = HistoricalRecords(excluded_fields=["needs", "needs_note"])

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["event", "registered_at"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="registration_once_per_person")]
        indexes = [models.Index(fields=["event", "status", "registered_at"])]

    def __str__(self) -> str:
        return str(_("Anmeldung %(id)s") % {"id": str(self.pk)[:8]})


class MailLog(models.Model):
    """Every mail the dialogue sent: to whom, what, when. ``key`` makes a once-only mail unique per recipient."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Einladung")
        REGISTERED = "registered", _("Anmeldebestätigung")
        WAITING = "waiting", _("Warteliste")
        MOVED_UP = "moved_up", _("Nachgerückt")
        CANCELLED_REGISTRATION = "unregistered", _("Abmeldebestätigung")
        CHANGED = "changed", _("Änderung der Veranstaltung")
        EVENT_CANCELLED = "event_cancelled", _("Absage der Veranstaltung")
        REMINDER = "reminder", _("Erinnerung")

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="mails", verbose_name=_("Veranstaltung"))
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    email = models.EmailField(_("E-Mail"))
    key = models.CharField(_("Schlüssel"), max_length=100)
    sent_at = models.DateTimeField(_("gesendet am"), default=timezone.now)

    class Meta:
        verbose_name = _("Versandprotokoll")
        verbose_name_plural = _("Versandprotokoll")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["event", "email", "key"], name="mail_once_per_key")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sent_at:%Y-%m-%d %H:%M}"


class Minutes(TimeStampedModel):
    """The Protokoll of one event: a summary and the decisions; action items hang on the event."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="minutes")
    summary = models.TextField(_("Protokoll"))
    decisions = models.TextField(_("Beschlüsse"), blank=True, help_text=_("Ein Beschluss je Zeile."))
    published_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Protokoll")
        verbose_name_plural = _("Protokolle")

    def __str__(self) -> str:
        return str(_("Protokoll: %(event)s") % {"event": self.event})

    @property
    def decision_lines(self) -> list[str]:
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]


class ActionItem(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        DONE = "done", _("erledigt")
        DROPPED = "dropped", _("entfallen")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="action_items")
    title = models.CharField(_("Aufgabe"), max_length=300)
    owner = models.CharField(_("verantwortlich"), max_length=200)
    due_on = models.DateField(_("fällig am"), null=True, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.OPEN)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering = ["due_on", "title"]

    def __str__(self) -> str:
        return self.title


class Topic(TimeStampedModel):
    """A theme of the dialogue with its own documents, shared with a group like an event's target group."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("Thema"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    audience = models.CharField(_("Zielgruppe"), max_length=20, choices=Audience.choices, default=Audience.ALL)
    region = models.CharField(_("Gebiet der Zielgruppe"), max_length=8, default="05", validators=[ags_prefix_validator])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Document(TimeStampedModel):
    """A document of an event or of a topic; every upload is a new version, none is overwritten."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("Veranstaltung"),
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="documents", verbose_name=_("Thema")
    )
    title = models.CharField(_("Titel"), max_length=200)
    #: Only the registered participants of the event (and Land) instead of the whole target group.
    participants_only = models.BooleanField(_("nur für Teilnehmende"), default=False)
    archived_at = models.DateTimeField(_("archiviert am"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(event__isnull=False, topic__isnull=True)
                | models.Q(event__isnull=True, topic__isnull=False),
                name="document_of_event_or_topic",
            )
        ]

    def __str__(self) -> str:
        return self.title


def version_path(instance: DocumentVersion, filename: str) -> str:
    return f"dialogue/{instance.document_id}/{uuid.uuid4().hex}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("Version"))
    file = models.FileField(upload_to=version_path)
    filename = models.CharField(_("Dateiname"), max_length=200)
    kind = models.CharField(_("Dateityp"), max_length=10)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    note = models.CharField(_("Änderungshinweis"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Dokumentversion")
        verbose_name_plural = _("Dokumentversionen")
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")]

    def __str__(self) -> str:
        return f"{self.filename} v{self.number}"
