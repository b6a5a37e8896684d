"""Funding under German grant law (§ 44 LHO NRW): programmes, budgets, calls, applications and their way to the
final proof of use, and the staff funding of the Kommunale Integrationszentren.

Money is Decimal with two places in EUR. Nothing here is ever deleted by the application: states move forward,
amendments and versions are added, and every step is an audit event (teilhabe.core.services.audit_record).
The database guards what must never happen even under concurrent writes: a budget committed or paid beyond its
total, a decision taken by its own proposer, a payment recorded twice for one request.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teilhabe.core.models import TimeStampedModel
from teilhabe.registry.models import Organisation, Structure, TargetGroup

ZERO = Decimal("0.00")


def money(verbose_name: str | object, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,  # type: ignore[arg-type]
        max_digits=14,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        **kwargs,  # type: ignore[arg-type]
    )


class FinancingType(models.TextChoices):
    ANTEIL = "anteil", _("Anteilfinanzierung")
    FEHLBEDARF = "fehlbedarf", _("Fehlbedarfsfinanzierung")
    FESTBETRAG = "festbetrag", _("Festbetragsfinanzierung")
    VOLL = "voll", _("Vollfinanzierung")


class ApplicantKind(models.TextChoices):
    KREIS = "kreis", _("Kreis")
    KREISFREIE_STADT = "kreisfreie_stadt", _("Kreisfreie Stadt")
    GEMEINDE = "gemeinde", _("Kreisangehörige Gemeinde")
    ORGANISATION = "organisation", _("Organisation aus dem Register")


class Programme(TimeStampedModel):
    """A funding programme (Förderprogramm) with its rules, kept as data the ministry changes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    legal_basis = models.CharField(_("Rechtsgrundlage (Richtlinie)"), max_length=400)
    granting_authority = models.CharField(_("Bewilligungsbehörde"), max_length=200)
    granting_authority_address = models.TextField(_("Anschrift der Bewilligungsbehörde"), blank=True)
    applicant_kinds = models.JSONField(_("Antragsberechtigte"), default=list, help_text=_("Werte aus ApplicantKind"))
    organisation_kinds = models.JSONField(
        _("Antragsberechtigte Organisationsarten"), default=list, blank=True, help_text=_("leer: alle Arten")
    )
    required_partner_kinds = models.JSONField(
        _("Erforderliche Partnerarten"),
        default=list,
        blank=True,
        help_text=_("Je Eintrag mindestens ein Partner dieser Organisationsart aus dem Register"),
    )
    cost_categories = models.JSONField(
        _("Zuwendungsfähige Ausgabearten"), default=list, help_text=_('Liste von {"key": …, "label": …}')
    )
    criteria = models.JSONField(
        _("Bewertungskriterien"), default=list, blank=True, help_text=_('Liste von {"key", "label", "max"}')
    )
    financing_type = models.CharField(_("Finanzierungsart"), max_length=20, choices=FinancingType.choices)
    max_share = models.DecimalField(
        _("Höchster Förderanteil (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    min_own_share = models.DecimalField(_("Mindesteigenanteil (%)"), max_digits=5, decimal_places=2, default=ZERO)
    min_grant = money(_("Mindestzuwendung"))
    max_grant = money(_("Höchstzuwendung"), null=True, blank=True)
    proof_months = models.PositiveSmallIntegerField(_("Frist Verwendungsnachweis (Monate nach Ende)"), default=6)
    active = models.BooleanField(_("aktiv"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_share__isnull=True) | Q(max_share__gt=0, max_share__lte=100),
                name="programme_share_percent",
            ),
            models.CheckConstraint(condition=Q(min_own_share__lte=100), name="programme_own_share_percent"),
        ]

    def __str__(self) -> str:
        return self.name

    def category_labels(self) -> dict[str, str]:
        return {c["key"]: c["label"] for c in self.cost_categories}


class Module(models.Model):
    """A Förderbaustein of a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="modules")
    key = models.SlugField(_("Kürzel"), max_length=40)
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Förderbaustein")
        verbose_name_plural = _("Förderbausteine")
        ordering = ["programme", "key"]
        constraints = [models.UniqueConstraint(fields=["programme", "key"], name="module_unique_key")]

    def __str__(self) -> str:
        return f"{self.key}: {self.name}"


class Budget(TimeStampedModel):
    """Money of a programme in one Haushaltsjahr. committed ≤ total and paid ≤ committed, enforced by the database."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("Haushaltsjahr"))
    total = money(_("Ansatz"))
    committed = money(_("gebunden"))
    paid = money(_("ausgezahlt"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Haushaltsansatz")
        verbose_name_plural = _("Haushaltsansätze")
        ordering = ["programme", "year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="budget_unique_year"),
            models.CheckConstraint(condition=Q(committed__lte=F("total")), name="budget_committed_lte_total"),
            models.CheckConstraint(condition=Q(paid__lte=F("committed")), name="budget_paid_lte_committed"),
            models.CheckConstraint(condition=Q(committed__gte=0, paid__gte=0), name="budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}"

    @property
    def available(self) -> Decimal:
        return self.total - self.committed


class Call(TimeStampedModel):
    """A Förderaufruf: applications to the programme are accepted only inside its window."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="calls")
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    opens_at = models.DateTimeField(_("Antragstellung ab"))
    closes_at = models.DateTimeField(_("Antragsschluss"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Förderaufruf")
        verbose_name_plural = _("Förderaufrufe")
        ordering = ["-opens_at"]
        constraints = [models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="call_window_order")]

    def __str__(self) -> str:
        return self.title


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("eingereicht")
    FORMAL_CHECK = "formal_check", _("formale Prüfung")
    RETURNED = "returned", _("zur Ergänzung zurückgegeben")
    ASSESSMENT = "assessment", _("fachliche Bewertung")
    PROPOSED = "proposed", _("Entscheidung vorgeschlagen")
    DECIDED = "decided", _("entschieden")
    NOTICE_ISSUED = "notice_issued", _("Bescheid erlassen")
    FINAL = "final", _("bestandskräftig")
    RUNNING = "running", _("Projekt läuft")
    PROOF_SUBMITTED = "proof_submitted", _("Verwendungsnachweis eingereicht")
    PROOF_CHECKED = "proof_checked", _("Verwendungsnachweis geprüft")
    CLOSED = "closed", _("abgeschlossen")
    REJECTED = "rejected", _("abgelehnt")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


class Decision(models.TextChoices):
    APPROVE = "approve", _("Bewilligung in voller Höhe")
    PARTIAL = "partial", _("Teilbewilligung")
    REJECT = "reject", _("Ablehnung")


class Application(TimeStampedModel):
    """A Förderantrag of a Kreis, a Gemeinde or a registry organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("Aktenzeichen"), max_length=40, unique=True)
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("Aufruf"))
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="applications")
    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("Förderbaustein")
    )
    applicant_kind = models.CharField(_("Antragsteller (Art)"), max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("Antragsteller"), max_length=200)
    applicant_address = models.TextField(_("Anschrift des Antragstellers"), blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    #: The applicant's area (8 digits; a Kreis as <Kreis key>000): decides which Kommune and Bezirksregierung act.
    ags = models.CharField(_("Gebietsschlüssel des Antragstellers"), max_length=8, db_index=True)
    title = models.CharField(_("Projekttitel"), max_length=200)
    goals = models.TextField(_("Ziele und Maßnahmen"))
    target_groups = models.ManyToManyField(TargetGroup, blank=True, verbose_name=_("Zielgruppen"))
    starts_on = models.DateField(_("Projektbeginn"))
    ends_on = models.DateField(_("Projektende"))
    early_start_requested = models.BooleanField(_("vorzeitiger Maßnahmebeginn beantragt"), default=False)
    early_start_allowed = models.BooleanField(_("vorzeitiger Maßnahmebeginn zugelassen"), default=False)
    status = models.CharField(
        _("Status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("eingereichte Fassung"), default=0)
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    return_reason = models.TextField(_("Grund der Rückgabe"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("angelegt von")
    )
    # decision (four eyes)
    decision = models.CharField(_("Entscheidung"), max_length=10, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(_("Begründung"), blank=True)
    conditions = models.TextField(_("Nebenbestimmungen"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    notice_issued_on = models.DateField(_("Bescheid vom"), null=True, blank=True)
    appeal_waived = models.BooleanField(_("Rechtsbehelfsverzicht"), default=False)
    final_on = models.DateField(_("bestandskräftig seit"), null=True, blank=True)
    amendment = models.PositiveIntegerField(_("Änderungsbescheid Nr."), default=0)
    closed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Förderantrag")
        verbose_name_plural = _("Förderanträge")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="application_four_eyes",
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="application_period_order"),
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["programme", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def years(self) -> list[int]:
        return list(range(self.starts_on.year, self.ends_on.year + 1))

    @property
    def anbest(self) -> str:
        """ANBest-G for municipalities, ANBest-P for everyone else (VV/VVG zu § 44 LHO)."""
        return "ANBest-P" if self.applicant_kind == ApplicantKind.ORGANISATION else "ANBest-G"


class CostLine(models.Model):
    """One line of the cost plan: an eligible cost category in one year."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="cost_lines")
    category = models.CharField(_("Ausgabeart"), max_length=40)
    year = models.PositiveSmallIntegerField(_("Jahr"))
    amount = money(_("Betrag"))
    note = models.CharField(_("Erläuterung"), max_length=300, blank=True)

    class Meta:
        ordering = ["year", "category"]
        constraints = [
            models.UniqueConstraint(fields=["application", "category", "year"], name="costline_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.year}: {self.amount} €"


class FinancingSource(models.TextChoices):
    OWN = "own", _("Eigenmittel")
    THIRD_PARTY = "third_party", _("Drittmittel")
    GRANT = "grant", _("beantragte Zuwendung")


class FinancingLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="financing_lines")
    source = models.CharField(_("Finanzierungsquelle"), max_length=20, choices=FinancingSource.choices)
    year = models.PositiveSmallIntegerField(_("Jahr"))
    amount = money(_("Betrag"))

    class Meta:
        ordering = ["year", "source"]
        constraints = [
            models.UniqueConstraint(fields=["application", "source", "year"], name="financingline_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year}: {self.amount} €"


class Partner(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("Rolle im Projekt"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "organisation"], name="partner_unique")]

    def __str__(self) -> str:
        return str(self.organisation)


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"funding/{instance.application_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    filename = models.CharField(_("Dateiname"), max_length=200)
    kind = models.CharField(_("Dateityp"), max_length=10)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.filename


class ApplicationVersion(models.Model):
    """A submitted application frozen as it was sent: what the authority decides on."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField()

    class Meta:
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="version_unique")]

    def __str__(self) -> str:
        return f"{self.application.reference} v{self.number}"


class Score(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(_("Kriterium"), max_length=40)
    points = models.PositiveSmallIntegerField(_("Punkte"))
    comment = models.TextField(_("Kommentar"), blank=True)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "criterion"], name="score_unique")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class GrantYear(models.Model):
    """The amount granted for one year (committed against that year's budget) and what has been paid of it."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="grant_years")
    year = models.PositiveSmallIntegerField(_("Jahr"))
    proposed = money(_("vorgeschlagen"))
    granted = money(_("bewilligt"))
    paid = money(_("ausgezahlt"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["application", "year"], name="grantyear_unique"),
            models.CheckConstraint(condition=Q(paid__lte=F("granted")), name="grantyear_paid_lte_granted"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.granted} €"


class Amendment(models.Model):
    """An Änderungsbescheid: the amounts before and after, with the reason; numbered per application."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="amendments")
    number = models.PositiveIntegerField()
    reason = models.TextField(_("Begründung"))
    before = models.JSONField()
    after = models.JSONField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="amendment_unique")]

    def __str__(self) -> str:
        return f"{self.application.reference} Änderung {self.number}"


class PaymentStatus(models.TextChoices):
    REQUESTED = "requested", _("angefordert")
    CHECKED = "checked", _("sachlich richtig")
    PAID = "paid", _("zur Zahlung angeordnet")
    REJECTED = "rejected", _("abgelehnt")


class PaymentRequest(models.Model):
    """A Mittelabruf; recorded once per idempotency key, checked by one person and ordered by another."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payment_requests")
    year = models.PositiveSmallIntegerField(_("Haushaltsjahr"))
    amount = money(_("Betrag"))
    due_payments = money(_("fällige Zahlungen insgesamt"))
    need = models.TextField(_("Begründung des Bedarfs"))
    needed_by = models.DateField(_("fällige Zahlungen bis"))
    idempotency_key = models.CharField(max_length=80)
    status = models.CharField(max_length=12, choices=PaymentStatus.choices, default=PaymentStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_on = models.DateField(_("angewiesen am"), null=True, blank=True)
    reject_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Mittelabruf")
        verbose_name_plural = _("Mittelabrufe")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "idempotency_key"], name="payment_idempotent"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive"),
            models.CheckConstraint(
                condition=Q(ordered_by__isnull=True) | ~Q(ordered_by=F("checked_by")), name="payment_four_eyes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} {self.year}: {self.amount} €"


class ProofKind(models.TextChoices):
    INTERIM = "interim", _("Zwischennachweis")
    FINAL = "final", _("Verwendungsnachweis")


class ProofOfUse(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="proofs")
    kind = models.CharField(_("Art"), max_length=10, choices=ProofKind.choices)
    year = models.PositiveSmallIntegerField(_("Berichtsjahr"), null=True, blank=True)
    report = models.TextField(_("Sachbericht"))
    other_income = money(_("Eigen- und Drittmittel (Ist)"))
    late_use_amount = money(_("nicht binnen zwei Monaten verwendete Mittel"))
    late_use_days = models.PositiveIntegerField(_("Tage verspäteter Verwendung"), default=0)
    #: § 49a Abs. 4 VwVfG NRW: interest runs from the payout of the money used late until its use.
    late_use_from = models.DateField(_("Auszahlung der verspätet verwendeten Mittel"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    #: The result of the check, frozen: eligible costs, final grant, repayment and interest, flags.
    result = models.JSONField(default=dict, blank=True)
    retention_until = models.DateField(_("Belege aufzubewahren bis"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Verwendungsnachweis")
        verbose_name_plural = _("Verwendungsnachweise")
        ordering = ["application", "submitted_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.application.reference}"


class ProofLine(models.Model):
    """Actual spending per cost category (and year) against the plan."""

    proof = models.ForeignKey(ProofOfUse, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("Ausgabeart"), max_length=40)
    planned = money(_("geplant"))
    actual = money(_("Ist"))

    class Meta:
        ordering = ["category"]
        constraints = [models.UniqueConstraint(fields=["proof", "category"], name="proofline_unique")]

    def __str__(self) -> str:
        return f"{self.category}: {self.actual} €"


class BaseRate(models.Model):
    """The Basiszinssatz (§ 247 BGB) from a date on; interest under § 49a VwVfG NRW is 5 points above it."""

    valid_from = models.DateField(_("gültig ab"), unique=True, help_text=_("1. Januar oder 1. Juli"))
    rate = models.DecimalField(_("Basiszinssatz (%)"), max_digits=5, decimal_places=2)
    #: Only confirmed rates count; an unconfirmed one makes every interest calculation over its half-year refuse.
    confirmed = models.BooleanField(
        _("bestätigt"), default=True, help_text=_("Mit der Bekanntgabe der Deutschen Bundesbank abgeglichen")
    )
    source = models.CharField(_("Quelle"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Basiszinssatz")
        verbose_name_plural = _("Basiszinssätze")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.rate} %"


# --- staff funding of the Kommunale Integrationszentren ----------------------------------------------------------


class StaffRate(models.Model):
    """The rules of KI staff funding for one year, kept as data (the ministry changes them per year)."""

    year = models.PositiveSmallIntegerField(_("Jahr"), unique=True)
    specialist_amount = money(_("Festbetrag je volle Fachstelle und Jahr"))
    admin_amount = money(
        _("Festbetrag je Jahr für die geförderte Verwaltungsstelle"),
        help_text=_("für die ganze geförderte Verwaltungsstelle (Stellenanteil „Verwaltungsstellen höchstens“)"),
    )
    max_specialist_kreisfreie_stadt = models.DecimalField(
        _("Fachstellen höchstens (kreisfreie Stadt)"), max_digits=4, decimal_places=2
    )
    max_specialist_kreis = models.DecimalField(_("Fachstellen höchstens (Kreis)"), max_digits=4, decimal_places=2)
    max_admin = models.DecimalField(_("Verwaltungsstellen höchstens"), max_digits=4, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Fördersatz KI-Personal")
        verbose_name_plural = _("Fördersätze KI-Personal")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class Position(models.Model):
    """A post at a KI: specialist, administrative, or a teacher seconded by the state (counted, not funded)."""

    class Kind(models.TextChoices):
        SPECIALIST = "specialist", _("Fachstelle")
        ADMIN = "admin", _("Verwaltungsstelle")
        TEACHER = "teacher", _("Lehrkraft (vom Land abgeordnet)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="positions", verbose_name=_("Kommunales Integrationszentrum")
    )
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("Bezeichnung"), max_length=200)
    fte = models.DecimalField(_("Stellenanteil"), max_digits=3, decimal_places=2, default=Decimal("1.00"))
    active = models.BooleanField(_("besteht"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Stelle")
        verbose_name_plural = _("Stellen")
        ordering = ["centre", "kind", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(fte__gt=0, fte__lte=1), name="position_fte_range"),
        ]

    def __str__(self) -> str:
        return self.title


class Occupancy(models.Model):
    """Whether a post was filled in a month (1 … 12); the yearly grant follows from the filled months."""

    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="occupancy")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    filled = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["position", "year", "month"], name="occupancy_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="occupancy_month_range"),
        ]

    def __str__(self) -> str:
        return f"{self.position} {self.month:02d}/{self.year}"


# --- repayment (Rückforderung) ------------------------------------------------------------------------------------


class ClaimStatus(models.TextChoices):
    OPEN = "open", _("festgestellt")
    HEARING = "hearing", _("Anhörung")
    NOTICE = "notice", _("Widerrufs-/Rücknahmebescheid erlassen")
    SETTLED = "settled", _("erstattet")


class RevocationBasis(models.TextChoices):
    WIDERRUF_49_3_1 = (
        "49-3-1",
        _("Widerruf nach § 49 Abs. 3 Satz 1 Nr. 1 VwVfG NRW (nicht zweckentsprechend verwendet)"),
    )
    WIDERRUF_49_3_2 = "49-3-2", _("Widerruf nach § 49 Abs. 3 Satz 1 Nr. 2 VwVfG NRW (Auflage nicht erfüllt)")
    RUECKNAHME_48 = "48", _("Rücknahme nach § 48 VwVfG NRW (rechtswidriger Bescheid)")


class RepaymentClaim(models.Model):
    """An Erstattungsanspruch (§ 49a VwVfG NRW) found in the check of the proof of use, and the procedure that
    follows: hearing (§ 28), revocation notice (§§ 48/49) with repayment demand and interest, an optional interest
    waiver decided by a second person, and the repayment when it arrives. Open until settled."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="repayment_claims")
    proof = models.ForeignKey(ProofOfUse, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    amount = money(_("Erstattungsbetrag"))
    #: The payouts taken back, most recent first: [{"paid_on", "paid", "repaid"}].
    tranches = models.JSONField(default=list)
    status = models.CharField(_("Stand"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # hearing (§ 28 VwVfG NRW)
    hearing_sent_on = models.DateField(_("Anhörung versandt am"), null=True, blank=True)
    hearing_deadline = models.DateField(_("Frist zur Stellungnahme"), null=True, blank=True)
    hearing_text = models.TextField(_("beabsichtigte Entscheidung und Gründe"), blank=True)
    hearing_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    statement = models.TextField(_("Stellungnahme des Zuwendungsempfängers"), blank=True)
    # revocation notice (§§ 48/49, 49a VwVfG NRW)
    legal_basis = models.CharField(_("Rechtsgrundlage"), max_length=10, choices=RevocationBasis.choices, blank=True)
    notice_reasons = models.TextField(_("Begründung des Bescheids"), blank=True)
    notice_issued_on = models.DateField(_("Bescheid vom"), null=True, blank=True)
    repayment_due_on = models.DateField(_("zu erstatten bis"), null=True, blank=True)
    notice_interest = money(_("Zinsen bis zum Bescheiddatum"))
    notice_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # interest waiver (§ 49a Abs. 3 Satz 2 VwVfG NRW), four eyes
    waiver_reason = models.TextField(_("Begründung des Zinsverzichts"), blank=True)
    waiver_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    waiver_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    interest_waived = models.BooleanField(_("Zinsverzicht"), default=False)
    # the repayment
    received_on = models.DateField(_("eingegangen am"), null=True, blank=True)
    received_amount = money(_("eingegangener Betrag"))
    interest = money(_("Zinsen bis zum Tag der Erstattung"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Erstattungsanspruch")
        verbose_name_plural = _("Erstattungsansprüche")
        ordering = ["application", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="claim_positive"),
            models.CheckConstraint(
                condition=Q(waiver_decided_by__isnull=True) | ~Q(waiver_decided_by=F("waiver_proposed_by")),
                name="claim_waiver_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.amount} €"
