"""The registry of who works for integration in NRW: organisations, municipal structures, contacts and offers.

Ids are UUIDs (Open Referral HSDS needs stable global ids). Every entry keeps its history
(django-simple-history); lifecycle steps are written by teilhabe.registry.services with an audit event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import get_m2m_field_name, get_m2m_reverse_field_name

from teilhabe.core.models import TimeStampedModel, User
from teilhabe.geo.models import Gemeinde, Kreis
from teilhabe.registry.registergerichte import gleif_code


class ListsHistory(HistoricalRecords):
    """The history of a model with lists (many-to-many), reachable as ``Model.history_records``. Its services may
    write one entry per save by hand, with the lists it ends with (``create_historical_record``), while saving with
    ``skip_history_when_saving`` (the offer's do): django-simple-history itself writes one entry for the save and
    one more for each list that changed, and each copies all the lists again."""

    def finalize(self, sender: type[models.Model], **kwargs: Any) -> None:
        super().finalize(sender, **kwargs)
        if sender is self.cls:
            sender.history_records = self  # type: ignore[attr-defined]

    def create_historical_record_m2ms(self, history_instance: Any, instance: models.Model) -> None:
        """The entry's copy of each list, from the rows' ids alone. django-simple-history reads every row with
        both its ends (the whole offer again per topic): two thirds of a save's time under the write lock."""
        for field in history_instance._history_m2m_fields:
            history_model = self.m2m_models[field]
            through = getattr(instance, field.name).through
            source, target = get_m2m_field_name(field), get_m2m_reverse_field_name(field)
            rows = [
                history_model(
                    history=history_instance, id=row_id, **{f"{source}_id": instance.pk, f"{target}_id": target_id}
                )
                for row_id, target_id in through.objects.filter(**{source: instance}).values_list("id", target)
            ]
            history_model.objects.bulk_create(rows)


def validate_phone(value: str) -> None:
    """A phone number that can be dialled: German numbers with or without +49, others with their prefix."""
    try:
        number = phonenumbers.parse(value, "DE")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("„%(value)s“ ist keine gültige Telefonnummer."), params={"value": value}) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("„%(value)s“ ist keine gültige Telefonnummer."), params={"value": value})


def format_phone(value: str) -> str:
    if not value:
        return ""
    number = phonenumbers.parse(value, "DE")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


#: The German texts of an offer that organisations translate (OfferTranslation has a field of each name).
TRANSLATED_FIELDS = ("title", "description", "schedule_note", "place_note", "accessibility", "cost_description")
#: The languages of the public finder besides German, in which organisations translate their offers.
PUBLIC_LANGUAGES = ("en", "tr", "ar", "uk", "ru")


class TranslationState(models.TextChoices):
    MISSING = "missing", _("fehlt")
    CURRENT = "current", _("aktuell")
    OUTDATED = "outdated", _("veraltet")


@dataclass(frozen=True)
class Localised:
    """A text and the language it is in (``lang`` for HTML): the reader's language or the German original."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


postal_code_validator = RegexValidator(r"^\d{5}$", _("Eine Postleitzahl hat fünf Ziffern."))


class Status(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("zur Prüfung eingereicht")
    VERIFIED = "verified", _("geprüft")
    PUBLISHED = "published", _("veröffentlicht")
    ARCHIVED = "archived", _("archiviert")


class Language(models.Model):
    """A language by ISO 639-1 (or 639-3 where no two-letter code exists)."""

    code = models.CharField(_("Code (ISO 639)"), max_length=3, primary_key=True)
    name = models.CharField(_("Name"), max_length=60)
    native_name = models.CharField(_("Eigenbezeichnung"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("Sprache")
        verbose_name_plural = _("Sprachen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A topic of the registry's taxonomy; admins extend it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.SlugField(_("Schlüssel"), max_length=60, unique=True)
    name = models.CharField(_("Name"), max_length=100)
    description = models.TextField(_("Beschreibung"), blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)
    is_active = models.BooleanField(_("aktiv"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class TargetGroup(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.SlugField(_("Schlüssel"), max_length=60, unique=True)
    name = models.CharField(_("Name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)
    is_active = models.BooleanField(_("aktiv"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ContactDetailsMixin(models.Model):
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True, validators=[validate_phone])
    website = models.URLField(_("Website"), blank=True)

    class Meta:
        abstract = True


class AddressMixin(models.Model):
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("PLZ"), max_length=5, blank=True, validators=[postal_code_validator])
    city = models.CharField(_("Ort"), max_length=100, blank=True)

    class Meta:
        abstract = True


class Register(models.TextChoices):
    """German registers of organisations, with their list in org-id.guide (``ORG_ID_LISTS``)."""

    VEREINSREGISTER = "VR", _("Vereinsregister")
    HANDELSREGISTER_A = "HRA", _("Handelsregister A")
    HANDELSREGISTER_B = "HRB", _("Handelsregister B")
    GENOSSENSCHAFTSREGISTER = "GnR", _("Genossenschaftsregister")


#: The org-id.guide list of each register: every register the courts keep (Vereins-, Handels- and
#: Genossenschaftsregister) is one list, the Common Register Portal of the Länder (DE-CR); org-id.guide has no
#: list of its own for the Vereinsregister (see teilhabe.registry.registergerichte).
ORG_ID_LISTS = {"VR": "DE-CR", "HRA": "DE-CR", "HRB": "DE-CR", "GnR": "DE-CR"}
register_number_validator = RegexValidator(r"^\d{1,7}(\s?[A-Z]{1,2})?$", _("Nur die Nummer, z. B. 12345 oder 1234 B."))


class Organisation(TimeStampedModel, ContactDetailsMixin, AddressMixin):
    class Kind(models.TextChoices):
        MIGRANTENORGANISATION = "migrantenorganisation", _("Migrantenorganisation")
        WOHLFAHRTSPFLEGE = "wohlfahrtspflege", _("Freie Wohlfahrtspflege")
        KOMMUNALES_AMT = "kommunales_amt", _("Kommunales Amt")
        KOMMUNALES_INTEGRATIONSZENTRUM = "ki", _("Kommunales Integrationszentrum")
        BILDUNGSTRAEGER = "bildungstraeger", _("Bildungsträger")
        VEREIN = "verein", _("Verein / Initiative")
        RELIGIONSGEMEINSCHAFT = "religionsgemeinschaft", _("Religionsgemeinschaft")
        SONSTIGE = "sonstige", _("Sonstige")

    class Spitzenverband(models.TextChoices):
        AWO = "awo", _("Arbeiterwohlfahrt (AWO)")
        CARITAS = "caritas", _("Deutscher Caritasverband")
        DIAKONIE = "diakonie", _("Diakonie")
        DRK = "drk", _("Deutsches Rotes Kreuz (DRK)")
        PARITAETISCHER = "paritaetischer", _("Der Paritätische")
        ZWST = "zwst", _("Zentralwohlfahrtsstelle der Juden in Deutschland (ZWST)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    spitzenverband = models.CharField(
        _("Spitzenverband"),
        max_length=20,
        choices=Spitzenverband.choices,
        blank=True,
        help_text=_("Nur für die Freie Wohlfahrtspflege."),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    gemeinde = models.ForeignKey(
        Gemeinde,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Sitz (Gemeinde)"),
        help_text=_("Bestimmt, welche Kommune die Einträge der Organisation prüft."),
    )
    gemeinden = models.ManyToManyField(
        Gemeinde, blank=True, related_name="organisations", verbose_name=_("Tätig in den Gemeinden")
    )
    languages = models.ManyToManyField(Language, blank=True, related_name="+", verbose_name=_("Gesprochene Sprachen"))
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.TextField(_("Grund der Rückgabe"), blank=True)
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    verified_at = models.DateTimeField(_("zuletzt geprüft am"), null=True, blank=True)
    verified_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("geprüft von")
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archiviert am"), null=True, blank=True)
    stale_since = models.DateTimeField(
        _("veraltet seit"), null=True, blank=True, help_text=_("Seit über 12 Monaten nicht mehr geprüft.")
    )
    stale_reminded_at = models.DateTimeField(
        _("an die Prüfung erinnert am"),
        null=True,
        blank=True,
        help_text=_("Wann die Organisation an diesen Eintrag erinnert wurde."),
    )
    register = models.CharField(
        _("Register"),
        max_length=3,
        choices=Register.choices,
        blank=True,
        help_text=_("Nur eingetragene Organisationen."),
    )
    register_court = models.CharField(
        _("Registergericht"), max_length=100, blank=True, help_text=_("z. B. Amtsgericht Köln")
    )
    register_number = models.CharField(
        _("Registernummer"), max_length=20, blank=True, validators=[register_number_validator]
    )
    #: What an HSDS import carried without a column of its own (identifiers, funding, programs, contacts …).
    hsds_extra = models.JSONField(_("weitere HSDS-Angaben"), default=dict, blank=True)

    history = ListsHistory(m2m_fields=[gemeinden, languages])

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def ags(self) -> str:
        """Home Gemeinde: the Kommune of this AGS verifies the organisation (and offers without a place)."""
        return self.gemeinde_id

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    def clean(self) -> None:
        super().clean()
        if self.spitzenverband and self.kind != self.Kind.WOHLFAHRTSPFLEGE:
            raise ValidationError(
                {"spitzenverband": _("Einen Spitzenverband gibt es nur bei der Freien Wohlfahrtspflege.")}
            )
        if bool(self.register) != bool(self.register_number) or (self.register and not self.register_court):
            raise ValidationError(
                {"register_number": _("Register, Registergericht und Registernummer gehören zusammen.")}
            )
        if self.register_court and gleif_code(self.register_court) is None:
            raise ValidationError(
                {"register_court": _("Dieses Registergericht kennen wir nicht. Bitte wählen Sie es aus der Liste.")}
            )

    @property
    def register_identifier(self) -> str:
        """The register entry as org-id.guide writes it after the list prefix: the court's GLEIF code, then
        register and number without spaces (``RA000280-VR12345``); "" without a register or for an unknown court."""
        if not self.register or not (court := gleif_code(self.register_court)):
            return ""
        return f"{court}-{self.register}{''.join(self.register_number.split())}"

    @property
    def org_id(self) -> str:
        """The registered identifier under its org-id.guide list (``DE-CR-RA000280-VR12345``), "" without one."""
        identifier = self.register_identifier
        return f"{ORG_ID_LISTS[self.register]}-{identifier}" if identifier else ""


class Contact(TimeStampedModel):
    """A contact person. Shown publicly only with consent; exportable and erasable on request (GDPR)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("Organisation"),
    )
    name = models.CharField(_("Name"), max_length=200)
    function = models.CharField(_("Funktion"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True, validators=[validate_phone])
    consent_at = models.DateField(
        _("Einwilligung erteilt am"),
        null=True,
        blank=True,
        help_text=_("Datum der Einwilligung in die Speicherung und, falls angekreuzt, die Veröffentlichung."),
    )
    consent_public = models.BooleanField(
        _("darf öffentlich angezeigt werden"),
        default=False,
        help_text=_("Nur mit schriftlicher Einwilligung. Ohne sie wird die Person nie öffentlich angezeigt."),
    )
    erased_at = models.DateTimeField(_("gelöscht am"), null=True, blank=True, editable=False)

    #: Personal data stays out of the history, so that erasure (Art. 17 GDPR) leaves no copy behind.
    history = HistoricalRecords(excluded_fields=["name", "email", "phone", "function"])

    class Meta:
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        ordering = ["name"]

    def __str__(self) -> str:
        # No name here: str() ends up in the append-only audit log, which erasure cannot reach.
        if self.erased_at:
            return str(_("Ansprechperson (gelöscht)"))
        return str(_("Ansprechperson %(id)s") % {"id": str(self.pk)[:8]})

    @property
    def display_name(self) -> str:
        return self.name if not self.erased_at else str(_("(gelöscht)"))

    @property
    def is_public(self) -> bool:
        """Shown on public pages only with a consent date, the public flag and not erased."""
        return self.consent_public and self.consent_at is not None and self.erased_at is None


class Structure(TimeStampedModel, ContactDetailsMixin):
    """A municipal structure for integration: council, commissioner, KI, network or round table."""

    class Kind(models.TextChoices):
        INTEGRATIONSRAT = "integrationsrat", _("Integrationsrat / Integrationsausschuss")
        INTEGRATIONSBEAUFTRAGTE = "integrationsbeauftragte", _("Integrationsbeauftragte")
        KOMMUNALES_INTEGRATIONSZENTRUM = "ki", _("Kommunales Integrationszentrum")
        NETZWERK = "netzwerk", _("Netzwerk / Runder Tisch")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("Bezeichnung"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    kreis = models.ForeignKey(
        Kreis, on_delete=models.PROTECT, null=True, blank=True, related_name="structures", verbose_name=_("Kreis")
    )
    gemeinde = models.ForeignKey(
        Gemeinde,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="structures",
        verbose_name=_("Gemeinde"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="structures",
        verbose_name=_("Ansprechperson"),
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Struktur")
        verbose_name_plural = _("Strukturen")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kreis__isnull=False) | models.Q(gemeinde__isnull=False),
                name="structure_has_area",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ags(self) -> str:
        return self.gemeinde_id or f"{self.kreis_id}000"

    def clean(self) -> None:
        super().clean()
        if not self.kreis_id and not self.gemeinde_id:
            raise ValidationError(_("Eine Struktur gehört zu einem Kreis oder einer Gemeinde."))


class ExternalTaxonomyTerm(models.Model):
    """A term of another publisher's taxonomy (HSDS allows several), kept as imported and exported again; it
    files nothing under the registry's own topics (an offer with only such terms waits for its Kommune)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.CharField(_("Taxonomie"), max_length=200, blank=True)
    taxonomy_detail = models.JSONField(_("Angaben zur Taxonomie"), default=dict, blank=True)
    code = models.CharField(_("Code"), max_length=200, blank=True)
    name = models.CharField(_("Name"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    parent_id = models.CharField(_("übergeordneter Begriff"), max_length=100, blank=True)
    language = models.CharField(_("Sprache"), max_length=20, blank=True)
    term_uri = models.CharField(_("URI"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Begriff einer fremden Taxonomie")
        verbose_name_plural = _("Begriffe fremder Taxonomien")
        ordering = ["taxonomy", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.taxonomy})" if self.taxonomy else self.name


class Offer(TimeStampedModel, ContactDetailsMixin):
    """An offer (measure) of an organisation: a course, counselling, a meeting place, a project."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="offers", verbose_name=_("Organisation")
    )
    #: Written by a running import and not published by it yet: invisible everywhere until the import's last step.
    staged_by = models.ForeignKey(
        "OfferImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="staged_offers", editable=False
    )
    topics = models.ManyToManyField(Topic, related_name="offers", verbose_name=_("Themen"))
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="offers", verbose_name=_("Zielgruppen")
    )
    languages = models.ManyToManyField(Language, blank=True, related_name="offers", verbose_name=_("Sprachen"))
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("Ansprechperson"),
    )
    is_free = models.BooleanField(_("kostenlos"), default=True)
    cost_description = models.CharField(_("Kosten"), max_length=300, blank=True)
    accessibility = models.TextField(_("Barrierefreiheit"), blank=True)
    schedule_note = models.CharField(_("Hinweis zu den Zeiten"), max_length=300, blank=True)
    place_note = models.CharField(
        _("Hinweis zum Ort"), max_length=300, blank=True, help_text=_("z. B. Eingang im Hof, 2. Etage")
    )
    eligibility_description = models.TextField(_("Voraussetzungen"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("Mindestalter"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("Höchstalter"), null=True, blank=True)
    #: As the HSDS source gave it: when its publisher last confirmed the entry (an import is no verification).
    assured_date = models.DateField(_("bestätigt laut Quelle am"), null=True, blank=True)
    #: What an HSDS import carried without a column of its own (cost options, service areas, required documents,
    #: funding, program, contacts, schedules as given …), exported again as it came (docs/decisions/0006).
    hsds_extra = models.JSONField(_("weitere HSDS-Angaben"), default=dict, blank=True)
    external_terms = models.ManyToManyField(
        ExternalTaxonomyTerm, blank=True, related_name="offers", verbose_name=_("Begriffe fremder Taxonomien")
    )
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    #: Gemeinde whose Kommune verifies the offer: the first location's, else the organisation's seat.
    ags = models.CharField(_("zuständige Gemeinde (AGS)"), max_length=8, db_index=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    return_reason = models.TextField(_("Grund der Rückgabe"), blank=True)
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    verified_at = models.DateTimeField(_("zuletzt geprüft am"), null=True, blank=True)
    verified_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("geprüft von")
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archiviert am"), null=True, blank=True)
    stale_since = models.DateTimeField(
        _("veraltet seit"), null=True, blank=True, help_text=_("Seit über 12 Monaten nicht mehr geprüft.")
    )
    stale_reminded_at = models.DateTimeField(
        _("an die Prüfung erinnert am"),
        null=True,
        blank=True,
        help_text=_("Wann die Organisation an diesen Eintrag erinnert wurde."),
    )

    history = ListsHistory(m2m_fields=[topics, target_groups, languages])

    class Meta:
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "ags"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="offer_valid_period",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("Das Ende liegt vor dem Beginn.")})

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    def title_in(self, language: str) -> str:
        return self.text_in(language)["title"].text

    def description_in(self, language: str) -> str:
        return self.text_in(language)["description"].text

    def source_hash(self) -> str:
        """A fingerprint of the German texts that are translated: a translation made from other texts is outdated."""
        source = "\x1f".join(str(getattr(self, name) or "") for name in TRANSLATED_FIELDS)
        return hashlib.sha256(source.encode()).hexdigest()[:32]

    def text_in(self, language: str) -> dict[str, Localised]:
        """Each translated field in ``language`` where the translation has it, else in German (``lang`` "de").
        Uses the prefetched translations."""
        translation = next((t for t in self.translations.all() if t.language_id == language), None)
        texts = {}
        for name in TRANSLATED_FIELDS:
            german = str(getattr(self, name) or "")
            translated = getattr(translation, name, "") if translation is not None and german else ""
            texts[name] = Localised(translated, language) if translated else Localised(german, "de")
        return texts

    def translation_states(self) -> list[tuple[str, str]]:
        """(language, TranslationState) for each public language: missing, current, or outdated when the German
        texts changed after the translation was saved."""
        current = self.source_hash()
        by_language = {t.language_id: t for t in self.translations.all()}
        states = []
        for language in PUBLIC_LANGUAGES:
            translation = by_language.get(language)
            if translation is None:
                states.append((language, TranslationState.MISSING.value))
            elif translation.source_hash == current:
                states.append((language, TranslationState.CURRENT.value))
            else:
                states.append((language, TranslationState.OUTDATED.value))
        return states


class Location(AddressMixin):
    """A place where an offer is held; coordinates from the postcode table when not given."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="locations", verbose_name=_("Angebot"))
    name = models.CharField(_("Name des Ortes"), max_length=200, blank=True)
    gemeinde = models.ForeignKey(Gemeinde, on_delete=models.PROTECT, related_name="+", verbose_name=_("Gemeinde"))
    lat = models.FloatField(_("Breite"))
    lon = models.FloatField(_("Länge"))
    geocoded = models.BooleanField(_("aus der PLZ ermittelt"), default=False)
    #: What an HSDS import carried for the place without a column of its own (UPRN, transport, accessibility …).
    hsds_extra = models.JSONField(_("weitere HSDS-Angaben"), default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")
        ordering = ["offer", "name"]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.name, self.street, f"{self.postal_code} {self.city}".strip()) if p)


class OpeningHours(models.Model):
    """When an offer takes place, weekly; maps to HSDS schedule (iCalendar BYDAY)."""

    class Weekday(models.IntegerChoices):
        MO = 0, _("Montag")
        TU = 1, _("Dienstag")
        WE = 2, _("Mittwoch")
        TH = 3, _("Donnerstag")
        FR = 4, _("Freitag")
        SA = 5, _("Samstag")
        SU = 6, _("Sonntag")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("Wochentag"), choices=Weekday.choices)
    opens = models.TimeField(_("von"))
    closes = models.TimeField(_("bis"))

    class Meta:
        verbose_name = _("Zeit")
        verbose_name_plural = _("Zeiten")
        ordering = ["weekday", "opens"]
        constraints = [models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")), name="hours_order")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OfferTranslation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="translations")
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    schedule_note = models.CharField(_("Hinweis zu den Zeiten"), max_length=300, blank=True)
    place_note = models.CharField(_("Hinweis zum Ort"), max_length=300, blank=True)
    accessibility = models.TextField(_("Barrierefreiheit"), blank=True)
    cost_description = models.CharField(_("Kosten"), max_length=300, blank=True)
    #: ``Offer.source_hash()`` of the German texts this translation was made from (or confirmed against).
    source_hash = models.CharField(_("Fingerabdruck des deutschen Textes"), max_length=32, blank=True)
    translated_at = models.DateTimeField(_("übersetzt am"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Übersetzung")
        verbose_name_plural = _("Übersetzungen")
        constraints = [models.UniqueConstraint(fields=["offer", "language"], name="one_translation_per_language")]

    def __str__(self) -> str:
        return f"{self.title} ({self.language_id})"


class CurrentTransactionId(models.Func):
    """The 64-bit id of the current transaction on PostgreSQL (``xid8`` as a number); NULL elsewhere."""

    output_field = models.BigIntegerField()

    template = "NULL"

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(pg_current_xact_id()::text::bigint)", **extra)


class SearchOutbox(models.Model):
    """Offers whose public state changed, written in the same transaction as the change.

    The search index consumes and deletes rows after applying them, looking at the offer's state at that
    moment; so a crash between commit and index update loses nothing: the row is still here next time.
    """

    class Op(models.TextChoices):
        UPSERT = "upsert", _("aufnehmen/aktualisieren")
        DELETE = "delete", _("entfernen")

    id = models.BigAutoField(primary_key=True)
    offer_id = models.UUIDField(db_index=True)
    #: PostgreSQL: the writing transaction's id (``pg_current_xact_id()``), set by the database. The consumer reads
    #: the rows of transactions older than the oldest one still running, so a row that got a lower ``id`` but
    #: committed later is never skipped. SQLite: NULL (writers are serialised there, so ``id`` order is commit
    #: order).
    txid = models.BigIntegerField(null=True, editable=False, db_default=CurrentTransactionId(), db_index=True)
    #: What the change meant when it was written; the consumer still reads the offer's state when applying.
    op = models.CharField(_("Vorgang"), max_length=10, choices=Op.choices, default=Op.UPSERT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Suchindex-Auftrag")
        verbose_name_plural = _("Suchindex-Aufträge")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.op} {self.offer_id} @ {self.created_at:%Y-%m-%d %H:%M:%S}"


class OfferImport(models.Model):
    """A CSV/XLSX import of offers, run as a background task (``registry.imports.run_import``).

    The file is read and checked whole first (reads only, no write lock); then the offers are written in short
    transactions as staged drafts (``Offer.staged_by``), invisible; the last step publishes them all in one short
    transaction. A failure or a cancellation removes the staged drafts: all or nothing.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("wartet")
        CHECKING = "checking", _("wird geprüft")
        WRITING = "writing", _("wird geschrieben")
        DONE = "done", _("fertig")
        REFUSED = "refused", _("nicht importiert (fehlerhafte Zeilen)")
        FAILED = "failed", _("fehlgeschlagen")
        CANCELLED = "cancelled", _("abgebrochen")

    FINISHED = (State.DONE, State.REFUSED, State.FAILED, State.CANCELLED)
    #: What a worker is doing; an import stays here only while its worker lives (see ``abandoned``).
    RUNNING = (State.CHECKING, State.WRITING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("von"))
    upload = models.FileField(_("Datei"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("Dateiname"), max_length=255)
    only_valid = models.BooleanField(_("nur gültige Zeilen"), default=False)
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(_("Zeilen"), default=0)
    invalid = models.PositiveIntegerField(_("fehlerhafte Zeilen"), default=0)
    written = models.PositiveIntegerField(_("geschrieben"), default=0)
    imported = models.PositiveIntegerField(_("importiert"), default=0)
    #: Rows with errors: [{"line": 3, "title": "...", "errors": ["..."]}] (the first 1,000).
    report = models.JSONField(_("Prüfbericht"), default=list, blank=True)
    message = models.TextField(_("Meldung"), blank=True)
    cancel_requested = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("begonnen"), default=timezone.now)
    finished_at = models.DateTimeField(_("beendet"), null=True, blank=True)
    #: The last step recorded by the running import (each batch of a few rows): an import whose worker died stops
    #: here, and after ``ABANDONED_AFTER`` without a step it counts as abandoned.
    progress_at = models.DateTimeField(_("zuletzt vorangekommen"), null=True, blank=True)

    #: The check of the whole file records no step until it is done; a quarter of an hour leaves it room (a file of
    #: 5,000 rows took about three minutes in all at 1,000,000 offers under full load).
    ABANDONED_AFTER = dt.timedelta(minutes=15)

    class Meta:
        verbose_name = _("Angebotsimport")
        verbose_name_plural = _("Angebotsimporte")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED

    @property
    def abandoned(self) -> bool:
        """Checking or writing, but no step for ``ABANDONED_AFTER``: its worker was stopped or died meanwhile."""
        # Imports from before progress_at was recorded count from their start.
        return (
            self.state in self.RUNNING and timezone.now() - (self.progress_at or self.created_at) > self.ABANDONED_AFTER
        )

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.written / self.total) if self.total else 0
