"""Public authorities that take part in the staff survey of the state initiative
"Mehr Migrantinnen und Migranten in den öffentlichen Dienst".

An authority is the scope of the ``behoerde`` role: its survey officers see only their own authority.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
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


class OrgUnit(TimeStampedModel):
    """A unit of an authority (Abteilung, Dezernat, Referat …); participation codes are issued per unit."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="units", verbose_name=_("Behörde"))
    name = models.CharField(_("Name"), max_length=200)
    staff_count = models.PositiveIntegerField(
        _("Beschäftigte"), default=0, help_text=_("Zahl der Beschäftigten der Einheit; Grundlage der Rücklaufquote.")
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Organisationseinheit")
        verbose_name_plural = _("Organisationseinheiten")
        ordering = ["authority__name", "name"]
        constraints = [models.UniqueConstraint(fields=["authority", "name"], name="workforce_unit_unique_name")]

    def __str__(self) -> str:
        return self.name


class CareerGroup(models.TextChoices):
    """Laufbahngruppen of the NRW civil service law (LBG NRW, LVO NRW) and employees without one."""

    LG1_1 = "lg1_1", _("Laufbahngruppe 1, erstes Einstiegsamt")
    LG1_2 = "lg1_2", _("Laufbahngruppe 1, zweites Einstiegsamt")
    LG2_1 = "lg2_1", _("Laufbahngruppe 2, erstes Einstiegsamt")
    LG2_2 = "lg2_2", _("Laufbahngruppe 2, zweites Einstiegsamt")
    NONE = "keine", _("Beschäftigte ohne Laufbahngruppe")
    NO_ANSWER = "ka", _("keine Angabe")


class StaffKind(models.TextChoices):
    BEAMTE = "beamte", _("Beamtinnen und Beamte")
    TARIF = "tarif", _("Tarifbeschäftigte")
    AUSBILDUNG = "ausbildung", _("Auszubildende und Anwärterinnen und Anwärter")
    NO_ANSWER = "ka", _("keine Angabe")


class AgeBand(models.TextChoices):
    UNDER_30 = "u30", _("unter 30 Jahre")
    FROM_30 = "30_44", _("30 bis 44 Jahre")
    FROM_45 = "45_59", _("45 bis 59 Jahre")
    FROM_60 = "60", _("60 Jahre und älter")
    NO_ANSWER = "ka", _("keine Angabe")


class Campaign(TimeStampedModel):
    """A survey of one year: opened by the ministry, answered by code, closed, published once."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("in Vorbereitung")
        OPEN = "open", _("läuft")
        CLOSED = "closed", _("abgeschlossen")
        PUBLISHED = "published", _("veröffentlicht")

    class QuestionSet(models.TextChoices):
        V2023 = "v2023", _("Fragebogen 2023 (Einwanderungsgeschichte und Migrationshintergrund)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    year = models.PositiveSmallIntegerField(_("Jahr"), unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    question_set = models.CharField(
        _("Fragebogen"), max_length=20, choices=QuestionSet.choices, default=QuestionSet.V2023
    )
    status = models.CharField(_("Stand"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    threshold = models.PositiveSmallIntegerField(
        _("Mindestfallzahl"), default=5, help_text=_("Zellen mit weniger Fällen werden nie gezeigt.")
    )
    reference_share = models.DecimalField(
        _("Vergleichswert Bevölkerung NRW (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    reference_source = models.CharField(_("Quelle des Vergleichswerts"), max_length=300, blank=True)
    opened_at = models.DateTimeField(_("geöffnet am"), null=True, blank=True)
    closed_at = models.DateTimeField(_("geschlossen am"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Befragung")
        verbose_name_plural = _("Befragungen")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class CodeBatch(TimeStampedModel):
    """Codes issued at once for one unit of a campaign (one letter each)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="batches", verbose_name=_("Befragung")
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="batches", verbose_name=_("Einheit"))
    size = models.PositiveIntegerField(_("Anzahl"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ausgegeben von")
    )
    #: The deletion concept destroys the codes once the campaign is closed (retention rule "participation_codes");
    #: how many were used is kept here, so that response rates and the batch list stay true afterwards.
    used_count = models.PositiveIntegerField(_("verwendete Codes"), null=True, blank=True, editable=False)
    codes_destroyed_at = models.DateTimeField(_("Codes vernichtet am"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Code-Ausgabe")
        verbose_name_plural = _("Code-Ausgaben")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.unit} – {self.size}"


class ParticipationCode(models.Model):
    """A single-use code. Deliberately without history, time of use or any reference to a response."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    batch = models.ForeignKey(CodeBatch, on_delete=models.PROTECT, related_name="codes", verbose_name=_("Ausgabe"))
    code = models.CharField(_("Code"), max_length=16, unique=True)
    used = models.BooleanField(_("verwendet"), default=False)

    class Meta:
        verbose_name = _("Teilnahmecode")
        verbose_name_plural = _("Teilnahmecodes")
        ordering = ["batch", "code"]

    def __str__(self) -> str:
        return self.code


class Answer(models.TextChoices):
    YES = "ja", _("ja")
    NO = "nein", _("nein")
    NO_ANSWER = "ka", _("keine Angabe")


class Birthplace(models.TextChoices):
    GERMANY = "de", _("in Deutschland (heutiges Gebiet)")
    ABROAD = "ausland", _("im Ausland")
    NO_ANSWER = "ka", _("keine Angabe")


class ImmigrationPeriod(models.TextChoices):
    BEFORE_1950 = "vor1950", _("vor 1950")
    FROM_1950 = "1950_1955", _("1950 bis 1955")
    FROM_1956 = "ab1956", _("1956 oder später")
    NO_ANSWER = "ka", _("keine Angabe")


class Citizenship(models.TextChoices):
    GERMAN = "de", _("deutsch")
    OTHER = "andere", _("nicht deutsch")
    NO_ANSWER = "ka", _("keine Angabe")


class Response(models.Model):
    """One anonymous answer. It stores its campaign, the unit the code was issued for, and the answers:
    no code, no user, no address, no time, and a random key, so nothing orders or links it.

    On SQLite the table is WITHOUT ROWID (migration 0004): a rowid would number the answers in order of arrival.
    A migration that changes this model makes Django's SQLite schema editor rebuild the table with a rowid; it
    must repeat 0004's rebuild (tests/workforce/test_services.py fails otherwise). Answers are never deleted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="responses", verbose_name=_("Befragung")
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="responses", verbose_name=_("Einheit"))
    career_group = models.CharField(
        _("Laufbahngruppe"), max_length=10, choices=CareerGroup.choices, default=CareerGroup.NO_ANSWER
    )
    staff_kind = models.CharField(
        _("Beschäftigungsart"), max_length=12, choices=StaffKind.choices, default=StaffKind.NO_ANSWER
    )
    age_band = models.CharField(_("Altersgruppe"), max_length=6, choices=AgeBand.choices, default=AgeBand.NO_ANSWER)
    self_birthplace = models.CharField(
        _("Person: Geburtsort"), max_length=10, choices=Birthplace.choices, default=Birthplace.NO_ANSWER
    )
    self_immigration = models.CharField(
        _("Person: Zuwanderung"), max_length=10, choices=ImmigrationPeriod.choices, default=ImmigrationPeriod.NO_ANSWER
    )
    self_citizenship_birth = models.CharField(
        _("Person: Staatsangehörigkeit bei Geburt"),
        max_length=10,
        choices=Citizenship.choices,
        default=Citizenship.NO_ANSWER,
    )
    self_citizenship_now = models.CharField(
        _("Person: Deutsche nach Art. 116 GG"),
        max_length=10,
        choices=Citizenship.choices,
        default=Citizenship.NO_ANSWER,
    )
    parent1_birthplace = models.CharField(
        _("Elternteil 1: Geburtsort"), max_length=10, choices=Birthplace.choices, default=Birthplace.NO_ANSWER
    )
    parent1_immigration = models.CharField(
        _("Elternteil 1: Zuwanderung"),
        max_length=10,
        choices=ImmigrationPeriod.choices,
        default=ImmigrationPeriod.NO_ANSWER,
    )
    parent1_citizenship_birth = models.CharField(
        _("Elternteil 1: Staatsangehörigkeit bei Geburt"),
        max_length=10,
        choices=Citizenship.choices,
        default=Citizenship.NO_ANSWER,
    )
    parent1_citizenship_now = models.CharField(
        _("Elternteil 1: Deutsche nach Art. 116 GG"),
        max_length=10,
        choices=Citizenship.choices,
        default=Citizenship.NO_ANSWER,
    )
    parent2_birthplace = models.CharField(
        _("Elternteil 2: Geburtsort"), max_length=10, choices=Birthplace.choices, default=Birthplace.NO_ANSWER
    )
    parent2_immigration = models.CharField(
        _("Elternteil 2: Zuwanderung"),
        max_length=10,
        choices=ImmigrationPeriod.choices,
        default=ImmigrationPeriod.NO_ANSWER,
    )
    parent2_citizenship_birth = models.CharField(
        _("Elternteil 2: Staatsangehörigkeit bei Geburt"),
        max_length=10,
        choices=Citizenship.choices,
        default=Citizenship.NO_ANSWER,
    )
    parent2_citizenship_now = models.CharField(
        _("Elternteil 2: Deutsche nach Art. 116 GG"),
        max_length=10,
        choices=Citizenship.choices,
        default=Citizenship.NO_ANSWER,
    )
    #: Derived in code (teilhabe.workforce.categories) when the answer is stored.
    eg_tintg = models.CharField(
        _("Einwanderungsgeschichte (§ 4 TIntG)"), max_length=4, choices=Answer.choices, default=Answer.NO_ANSWER
    )
    eg_destatis = models.CharField(
        _("Einwanderungsgeschichte (Destatis)"), max_length=4, choices=Answer.choices, default=Answer.NO_ANSWER
    )
    mh_mikrozensus = models.CharField(
        _("Migrationshintergrund (Mikrozensus)"), max_length=4, choices=Answer.choices, default=Answer.NO_ANSWER
    )

    class Meta:
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        #: Covering indexes of the two aggregations (by unit, and by career group with staff kind, each with the
        #: three categories): each GROUP BY reads one index in order instead of the table.
        indexes = [
            models.Index(
                fields=["campaign", "unit", "eg_tintg", "eg_destatis", "mh_mikrozensus"], name="wf_response_by_unit"
            ),
            models.Index(
                fields=["campaign", "career_group", "staff_kind", "eg_tintg", "eg_destatis", "mh_mikrozensus"],
                name="wf_response_by_career_kind",
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)


class HiringFigure(TimeStampedModel):
    """Aggregate hiring figures of an authority for one year, each with the number who stated a migration
    history (a voluntary statement)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="hiring_figures", verbose_name=_("Behörde")
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    applications = models.PositiveIntegerField(_("Bewerbungen"))
    applications_mh = models.PositiveIntegerField(_("Bewerbungen mit Einwanderungsgeschichte"))
    invitations = models.PositiveIntegerField(_("Einladungen"))
    invitations_mh = models.PositiveIntegerField(_("Einladungen mit Einwanderungsgeschichte"))
    hires = models.PositiveIntegerField(_("Einstellungen"))
    hires_mh = models.PositiveIntegerField(_("Einstellungen mit Einwanderungsgeschichte"))
    trainees = models.PositiveIntegerField(_("Auszubildende und Anwärter"))
    trainees_mh = models.PositiveIntegerField(_("Auszubildende und Anwärter mit Einwanderungsgeschichte"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Einstellungszahlen")
        verbose_name_plural = _("Einstellungszahlen")
        ordering = ["-year", "authority__name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "year"], name="workforce_hiring_unique_year"),
            models.CheckConstraint(
                condition=models.Q(invitations__lte=models.F("applications"))
                & models.Q(hires__lte=models.F("invitations")),
                name="workforce_hiring_funnel",
            ),
            models.CheckConstraint(
                condition=models.Q(applications_mh__lte=models.F("applications"))
                & models.Q(invitations_mh__lte=models.F("invitations"))
                & models.Q(hires_mh__lte=models.F("hires"))
                & models.Q(trainees_mh__lte=models.F("trainees")),
                name="workforce_hiring_mh_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.year}"


class Publication(models.Model):
    """The one publication of a campaign: predefined tables after disclosure control, frozen as JSON."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.OneToOneField(
        Campaign, on_delete=models.PROTECT, related_name="publication", verbose_name=_("Befragung")
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("veröffentlicht von")
    )
    tables = models.JSONField(_("Tabellen"), default=list)
    summary = models.JSONField(_("Kennzahlen"), default=dict)
    audit = models.JSONField(_("Prüfung der Geheimhaltung"), default=dict)

    class Meta:
        verbose_name = _("Veröffentlichung")
        verbose_name_plural = _("Veröffentlichungen")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return str(self.campaign)
