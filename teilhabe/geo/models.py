"""NRW master data: Regierungsbezirke, Kreise, Gemeinden (keyed by AGS) and postcodes.

Keys are the official ones (Destatis GV100AD), kept as zero-padded strings and used as primary keys,
so a key in a URL, an import file or a membership scope means the same thing everywhere.
Boundaries are GeoJSON geometries (WGS84, lon/lat) in a JSON field: the maps only draw them, and the
platform needs no spatial database. They are left out of the history, which would otherwise copy
megabytes per import.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AreaFigures:
    """Derived figures shared by Regierungsbezirk, Kreis and Gemeinde."""

    population: int
    area_km2: Decimal | None

    @property
    def density_per_km2(self) -> int | None:
        """Inhabitants per km², rounded; None without an area."""
        if not self.area_km2:
            return None
        return round(self.population / float(self.area_km2))


class Regierungsbezirk(AreaFigures, models.Model):
    key = models.CharField(_("Schlüssel"), max_length=3, primary_key=True, validators=[RegexValidator(r"^05\d$")])
    name = models.CharField(_("Name"), max_length=100)
    seat = models.CharField(_("Sitz"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("Einwohner"), default=0)
    population_date = models.DateField(_("Stichtag Einwohner"), null=True, blank=True)
    area_km2 = models.DecimalField(_("Fläche (km²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    lat = models.FloatField(_("Breite (Schwerpunkt)"), null=True, blank=True)
    lon = models.FloatField(_("Länge (Schwerpunkt)"), null=True, blank=True)
    boundary = models.JSONField(_("Grenze (GeoJSON)"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["boundary"])

    class Meta:
        verbose_name = _("Regierungsbezirk")
        verbose_name_plural = _("Regierungsbezirke")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class Kreis(AreaFigures, models.Model):
    class Kind(models.TextChoices):
        KREISFREIE_STADT = "kreisfreie_stadt", _("Kreisfreie Stadt")
        KREIS = "kreis", _("Kreis")

    key = models.CharField(
        _("Kreisschlüssel"), max_length=5, primary_key=True, validators=[RegexValidator(r"^05\d{3}$")]
    )
    name = models.CharField(_("amtlicher Name"), max_length=150)
    name_short = models.CharField(_("Name"), max_length=100, db_index=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    seat = models.CharField(_("Sitz der Verwaltung"), max_length=100, blank=True)
    regierungsbezirk = models.ForeignKey(
        Regierungsbezirk, on_delete=models.PROTECT, related_name="kreise", verbose_name=_("Regierungsbezirk")
    )
    population = models.PositiveIntegerField(_("Einwohner"), default=0)
    population_date = models.DateField(_("Stichtag Einwohner"), null=True, blank=True)
    area_km2 = models.DecimalField(_("Fläche (km²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    lat = models.FloatField(_("Breite (Schwerpunkt)"), null=True, blank=True)
    lon = models.FloatField(_("Länge (Schwerpunkt)"), null=True, blank=True)
    label_lat = models.FloatField(
        _("Breite (Beschriftungspunkt)"), null=True, blank=True, help_text=_("Ein Punkt sicher innerhalb der Fläche.")
    )
    label_lon = models.FloatField(
        _("Länge (Beschriftungspunkt)"), null=True, blank=True, help_text=_("Ein Punkt sicher innerhalb der Fläche.")
    )
    boundary = models.JSONField(_("Grenze (GeoJSON)"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["boundary"])

    class Meta:
        verbose_name = _("Kreis / kreisfreie Stadt")
        verbose_name_plural = _("Kreise und kreisfreie Städte")
        ordering = ["name_short"]

    def __str__(self) -> str:
        return self.name

    @property
    def ags(self) -> str:
        """The 8-digit form of the Kreis key, as used where a Gemeinde key is expected."""
        return f"{self.key}000"

    @property
    def title(self) -> str:
        """Name for headings: "Kreis Kleve", but "Rhein-Kreis Neuss", "Städteregion Aachen", "Köln, Stadt"."""
        if self.kind == self.Kind.KREIS and not any(word in self.name.lower() for word in ("kreis", "region")):
            return str(_("Kreis %(name)s") % {"name": self.name})
        return self.name


class Gemeinde(AreaFigures, models.Model):
    class Kind(models.TextChoices):
        KREISFREIE_STADT = "61", _("Kreisfreie Stadt")
        STADT = "63", _("Stadt")
        GEMEINDE = "64", _("Kreisangehörige Gemeinde")

    ags = models.CharField(
        _("AGS"),
        max_length=8,
        primary_key=True,
        validators=[RegexValidator(r"^05\d{6}$", _("Ein AGS in NRW hat 8 Ziffern und beginnt mit 05."))],
    )
    ars = models.CharField(_("ARS"), max_length=12, blank=True)
    name = models.CharField(_("amtlicher Name"), max_length=150)
    name_short = models.CharField(_("Name"), max_length=100, db_index=True)
    kind = models.CharField(_("Art"), max_length=2, choices=Kind.choices)
    kreis = models.ForeignKey(Kreis, on_delete=models.PROTECT, related_name="gemeinden", verbose_name=_("Kreis"))
    population = models.PositiveIntegerField(_("Einwohner"), default=0)
    population_male = models.PositiveIntegerField(_("Einwohner männlich"), null=True, blank=True)
    population_date = models.DateField(_("Stichtag Einwohner"), null=True, blank=True)
    area_km2 = models.DecimalField(_("Fläche (km²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    postal_code = models.CharField(_("PLZ des Verwaltungssitzes"), max_length=5, blank=True)
    lat = models.FloatField(_("Breite (Schwerpunkt)"), null=True, blank=True)
    lon = models.FloatField(_("Länge (Schwerpunkt)"), null=True, blank=True)
    label_lat = models.FloatField(
        _("Breite (Beschriftungspunkt)"), null=True, blank=True, help_text=_("Ein Punkt sicher innerhalb der Fläche.")
    )
    label_lon = models.FloatField(
        _("Länge (Beschriftungspunkt)"), null=True, blank=True, help_text=_("Ein Punkt sicher innerhalb der Fläche.")
    )
    boundary = models.JSONField(_("Grenze (GeoJSON)"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["boundary"])

    class Meta:
        verbose_name = _("Gemeinde")
        verbose_name_plural = _("Gemeinden")
        ordering = ["name_short"]

    def __str__(self) -> str:
        return self.name


class Postleitzahl(models.Model):
    """One GeoNames point per postcode and place; used to geocode addresses and 'near <PLZ>' searches."""

    class EntryType(models.TextChoices):
        STANDARD = "standard", _("Zustellbezirk")
        ORGANISATION = "organisation", _("Großkunde / Postfach")

    postal_code = models.CharField(_("PLZ"), max_length=5, db_index=True)
    place = models.CharField(_("Ort"), max_length=200)
    entry_type = models.CharField(_("Art"), max_length=20, choices=EntryType.choices)
    kreis = models.ForeignKey(
        Kreis, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Kreis")
    )
    gemeinde = models.ForeignKey(
        Gemeinde,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postleitzahlen",
        verbose_name=_("Gemeinde am Punkt"),
    )
    lat = models.FloatField(_("Breite"))
    lon = models.FloatField(_("Länge"))

    class Meta:
        verbose_name = _("Postleitzahl")
        verbose_name_plural = _("Postleitzahlen")
        ordering = ["postal_code", "place"]
        constraints = [
            models.UniqueConstraint(fields=["postal_code", "place", "entry_type"], name="plz_unique_place"),
        ]

    def __str__(self) -> str:
        return f"{self.postal_code} {self.place}"


class MasterDataState(models.Model):
    """Fingerprint of the shipped master data files last loaded, so `load_master_data` skips unchanged data.

    Skipping also keeps a newer Gemeindeverzeichnis imported by an operator: the shipped files overwrite
    the database only when they themselves change (or with ``--force``).
    """

    name = models.CharField(_("Datensatz"), max_length=50, primary_key=True)
    digest = models.CharField(_("SHA-256 der Dateien"), max_length=64)
    loaded_at = models.DateTimeField(_("geladen am"))

    class Meta:
        verbose_name = _("Stand der Stammdaten")
        verbose_name_plural = _("Stände der Stammdaten")

    def __str__(self) -> str:
        return f"{self.name} {self.digest[:12]}"
