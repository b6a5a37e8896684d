from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from teilhabe.core.formstyle import KernFormMixin
from teilhabe.geo.forms import AreaFilterMixin, gemeinde_filter, kreis_filter
from teilhabe.geo.models import Gemeinde, Kreis
from teilhabe.registry.models import (
    TRANSLATED_FIELDS,
    Contact,
    Organisation,
    Register,
    Status,
    Structure,
    validate_phone,
)
from teilhabe.registry.registergerichte import court_choices
from teilhabe.registry.selectors import taxonomy
from teilhabe.registry.services import (
    ContactInput,
    HoursInput,
    LocationInput,
    OfferInput,
    OrganisationInput,
    StructureInput,
    TranslationInput,
)

STATUS_FILTER = [("", _("alle")), *Status.choices]

TRANSLATION_LANGUAGES = [
    ("en", _("Englisch")),
    ("tr", _("Türkisch")),
    ("ar", _("Arabisch")),
    ("uk", _("Ukrainisch")),
    ("ru", _("Russisch")),
]


class OfferForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(label=_("Beschreibung"), widget=forms.Textarea(attrs={"rows": 6}))
    topics = forms.MultipleChoiceField(label=_("Themen"), widget=forms.CheckboxSelectMultiple)
    target_groups = forms.MultipleChoiceField(
        label=_("Zielgruppen"), required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Sprachen, in denen das Angebot stattfindet"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    location_name = forms.CharField(label=_("Name des Ortes"), required=False, max_length=200)
    street = forms.CharField(label=_("Straße und Hausnummer"), required=False, max_length=200)
    postal_code = forms.RegexField(
        label=_("PLZ"), regex=r"^\d{5}$", error_messages={"invalid": _("Eine Postleitzahl hat fünf Ziffern.")}
    )
    city = forms.CharField(label=_("Ort"), required=False, max_length=100)
    weekday = forms.TypedMultipleChoiceField(
        label=_("Wochentage"),
        required=False,
        coerce=int,
        choices=[
            (0, _("Montag")),
            (1, _("Dienstag")),
            (2, _("Mittwoch")),
            (3, _("Donnerstag")),
            (4, _("Freitag")),
            (5, _("Samstag")),
            (6, _("Sonntag")),
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    opens = forms.TimeField(label=_("von"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    closes = forms.TimeField(label=_("bis"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    schedule_note = forms.CharField(label=_("Hinweis zu den Zeiten"), required=False, max_length=300)
    place_note = forms.CharField(
        label=_("Hinweis zum Ort"), required=False, max_length=300, help_text=_("z. B. Eingang im Hof, 2. Etage")
    )
    is_free = forms.BooleanField(label=_("kostenlos"), required=False, initial=True)
    cost_description = forms.CharField(label=_("Kosten"), required=False, max_length=300)
    accessibility = forms.CharField(
        label=_("Barrierefreiheit"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    email = forms.EmailField(label=_("E-Mail"), required=False)
    phone = forms.CharField(label=_("Telefon"), required=False, max_length=40, validators=[validate_phone])
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    valid_from = forms.DateField(label=_("gültig ab"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("gültig bis"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, contacts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"] = forms.ModelChoiceField(
            label=_("Ansprechperson"),
            required=False,
            queryset=contacts if contacts is not None else Contact.objects.none(),
            help_text=_("Öffentlich genannt wird sie nur mit ihrer Einwilligung."),
        )
        self.fields["contact"].label_from_instance = lambda c: " – ".join(  # type: ignore[attr-defined]
            p for p in (c.display_name, c.function) if p
        )
        known = taxonomy.get()
        self.fields["topics"].choices = known.topic_choices()  # type: ignore[attr-defined]
        self.fields["target_groups"].choices = known.target_group_choices()  # type: ignore[attr-defined]
        self.fields["languages"].choices = known.language_choices()  # type: ignore[attr-defined]
        for code, label in TRANSLATION_LANGUAGES:
            direction = "rtl" if code == "ar" else "ltr"
            texts = {"lang": code, "dir": direction}
            language = {"language": label}
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Titel (%(language)s)") % language,
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs=texts),
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Beschreibung (%(language)s)") % language,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, **texts}),
            )
            self.fields[f"schedule_note_{code}"] = forms.CharField(
                label=_("Hinweis zu den Zeiten (%(language)s)") % language,
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs=texts),
            )
            self.fields[f"place_note_{code}"] = forms.CharField(
                label=_("Hinweis zum Ort (%(language)s)") % language,
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs=texts),
            )
            self.fields[f"accessibility_{code}"] = forms.CharField(
                label=_("Barrierefreiheit (%(language)s)") % language,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, **texts}),
            )
            self.fields[f"cost_description_{code}"] = forms.CharField(
                label=_("Kosten (%(language)s)") % language,
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs=texts),
            )
            self.fields[f"confirm_{code}"] = forms.BooleanField(
                label=_("Die Übersetzung passt noch zum deutschen Text"),
                required=False,
                help_text=_(
                    "Setzen Sie den Haken, wenn sich der deutsche Text geändert hat, die Übersetzung aber nicht."
                ),
            )

    def translation_groups(self) -> list[dict[str, Any]]:
        """The translation fields by language, with the state of each translation (for the template)."""
        states = dict(self.translation_states)
        return [
            {
                "code": code,
                "label": label,
                "state": states.get(code, "missing"),
                "fields": [self[f"{name}_{code}"] for name in (*TRANSLATED_FIELDS, "confirm")],
            }
            for code, label in TRANSLATION_LANGUAGES
        ]

    translation_states: list[tuple[str, str]] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("weekday") and not (data.get("opens") and data.get("closes")):
            self.add_error("opens", _("Bitte geben Sie an, von wann bis wann das Angebot stattfindet."))
        if data.get("opens") and data.get("closes") and data["closes"] <= data["opens"]:
            self.add_error("closes", _("Das Ende liegt vor dem Beginn."))
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] < data["valid_from"]:
            self.add_error("valid_until", _("Das Ende liegt vor dem Beginn."))
        return data

    def to_input(self) -> OfferInput:
        d = self.cleaned_data
        return OfferInput(
            title=d["title"],
            description=d["description"],
            topics=d["topics"],
            target_groups=d["target_groups"],
            languages=d["languages"],
            locations=[
                LocationInput(postal_code=d["postal_code"], city=d["city"], street=d["street"], name=d["location_name"])
            ],
            opening_hours=[HoursInput(w, d["opens"], d["closes"]) for w in d.get("weekday") or []],
            translations={
                code: TranslationInput(
                    **{name: d.get(f"{name}_{code}", "") for name in TRANSLATED_FIELDS},
                    confirm_current=bool(d.get(f"confirm_{code}")),
                )
                for code, _label in TRANSLATION_LANGUAGES
                if d.get(f"title_{code}")
            },
            email=d["email"],
            phone=d["phone"],
            website=d["website"],
            is_free=d["is_free"],
            cost_description=d["cost_description"],
            accessibility=d["accessibility"],
            schedule_note=d["schedule_note"],
            place_note=d["place_note"],
            valid_from=d["valid_from"],
            valid_until=d["valid_until"],
            contact=d.get("contact"),
        )

    @classmethod
    def initial_for(cls, offer: Any) -> dict[str, Any]:
        location = next(iter(offer.locations.all()), None)
        hours = list(offer.opening_hours.all())
        initial: dict[str, Any] = {
            "title": offer.title,
            "description": offer.description,
            "topics": [t.key for t in offer.topics.all()],
            "target_groups": [g.key for g in offer.target_groups.all()],
            "languages": [lang.code for lang in offer.languages.all()],
            "location_name": location.name if location else "",
            "street": location.street if location else "",
            "postal_code": location.postal_code if location else "",
            "city": location.city if location else "",
            "weekday": [h.weekday for h in hours],
            "opens": hours[0].opens if hours else None,
            "closes": hours[0].closes if hours else None,
            "schedule_note": offer.schedule_note,
            "is_free": offer.is_free,
            "cost_description": offer.cost_description,
            "accessibility": offer.accessibility,
            "email": offer.email,
            "phone": offer.phone,
            "website": offer.website,
            "valid_from": offer.valid_from,
            "valid_until": offer.valid_until,
            "contact": offer.contact_id,
        }
        initial["place_note"] = offer.place_note
        for t in offer.translations.all():
            for name in TRANSLATED_FIELDS:
                initial[f"{name}_{t.language_id}"] = getattr(t, name)
        return initial


class ReturnForm(KernFormMixin, forms.Form):
    reason = forms.CharField(label=_("Was muss die Organisation ändern?"), widget=forms.Textarea(attrs={"rows": 3}))


class OrganisationForm(KernFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Art"), choices=Organisation.Kind.choices)
    spitzenverband = forms.ChoiceField(
        label=_("Spitzenverband"), required=False, choices=[("", "–"), *Organisation.Spitzenverband.choices]
    )
    gemeinde = forms.ModelChoiceField(
        label=_("Sitz (Gemeinde)"), queryset=Gemeinde.objects.order_by("name_short"), to_field_name="ags"
    )
    description = forms.CharField(label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    street = forms.CharField(label=_("Straße und Hausnummer"), required=False, max_length=200)
    postal_code = forms.RegexField(label=_("PLZ"), regex=r"^\d{5}$", required=False)
    city = forms.CharField(label=_("Ort"), required=False, max_length=100)
    email = forms.EmailField(label=_("E-Mail"), required=False)
    phone = forms.CharField(label=_("Telefon"), required=False, max_length=40, validators=[validate_phone])
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    gemeinden = forms.ModelMultipleChoiceField(
        label=_("Tätig in den Gemeinden"),
        required=False,
        queryset=Gemeinde.objects.defer("boundary").order_by("name_short"),
        to_field_name="ags",
        help_text=_("Leer lassen, wenn die Organisation nur an ihrem Sitz tätig ist."),
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Gesprochene Sprachen"), required=False, widget=forms.CheckboxSelectMultiple
    )
    register = forms.ChoiceField(label=_("Register"), required=False, choices=[("", "–"), *Register.choices])
    register_court = forms.ChoiceField(
        label=_("Registergericht"),
        required=False,
        choices=[("", "–"), *court_choices()],
        help_text=_("Das Amtsgericht, das das Register führt, z. B. Amtsgericht Köln"),
    )
    register_number = forms.CharField(label=_("Registernummer"), required=False, max_length=20)

    def __init__(self, *args: Any, with_publish: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeinde"].queryset = Gemeinde.objects.defer("boundary").order_by("name_short")  # type: ignore[attr-defined]
        self.fields["languages"].choices = taxonomy.get().language_choices()  # type: ignore[attr-defined]
        if with_publish:
            self.fields["publish"] = forms.BooleanField(
                label=_("Sofort als geprüft veröffentlichen"),
                required=False,
                initial=True,
                help_text=_("Ohne Haken entsteht ein Entwurf, den die Organisation ergänzt und einreicht."),
            )

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict[str, Any]:
        fields = ("name", "kind", "spitzenverband", "description", "street", "postal_code", "city", "email", "phone")
        registered = ("register", "register_court", "register_number")
        initial: dict[str, Any] = {f: getattr(organisation, f) for f in (*fields, "website", *registered)}
        initial["gemeinde"] = organisation.gemeinde
        initial["gemeinden"] = [g.ags for g in organisation.gemeinden.all()]
        initial["languages"] = [lang.code for lang in organisation.languages.all()]
        return initial

    def to_input(self) -> OrganisationInput:
        d = self.cleaned_data
        return OrganisationInput(
            name=d["name"],
            kind=d["kind"],
            gemeinde=d["gemeinde"],
            description=d["description"],
            spitzenverband=d["spitzenverband"],
            email=d["email"],
            phone=d["phone"],
            website=d["website"],
            street=d["street"],
            postal_code=d["postal_code"],
            city=d["city"],
            gemeinden=list(d.get("gemeinden") or []),
            languages=d["languages"],
            register=d.get("register") or "",
            register_court=d.get("register_court") or "",
            register_number=d.get("register_number") or "",
        )


class OfferFilterForm(AreaFilterMixin, KernFormMixin, forms.Form):
    q = forms.CharField(label=_("Titel oder Organisation"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTER)
    topic = forms.ChoiceField(label=_("Thema"), required=False)
    kreis = kreis_filter()
    gemeinde = gemeinde_filter()
    org_kind = forms.ChoiceField(
        label=_("Art des Trägers"), required=False, choices=[("", _("alle")), *Organisation.Kind.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topics = [(key, gettext(t.name)) for key, t in taxonomy.get().topics.items()]
        self.fields["topic"].choices = [("", _("alle")), *topics]  # type: ignore[attr-defined]


class OrganisationFilterForm(AreaFilterMixin, KernFormMixin, forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTER)
    kind = forms.ChoiceField(label=_("Art"), required=False, choices=[("", _("alle")), *Organisation.Kind.choices])
    kreis = kreis_filter()
    gemeinde = gemeinde_filter()


class QueueFilterForm(AreaFilterMixin, KernFormMixin, forms.Form):
    """The verification queue: submitted offers in the Kommune's area, narrowed like the offer list."""

    q = forms.CharField(label=_("Titel oder Organisation"), required=False, max_length=100)
    topic = forms.ChoiceField(label=_("Thema"), required=False)
    kreis = kreis_filter()
    gemeinde = gemeinde_filter()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topics = [(key, gettext(t.name)) for key, t in taxonomy.get().topics.items()]
        self.fields["topic"].choices = [("", _("alle")), *topics]  # type: ignore[attr-defined]


class StructureFilterForm(AreaFilterMixin, KernFormMixin, forms.Form):
    q = forms.CharField(label=_("Bezeichnung"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTER)
    kind = forms.ChoiceField(label=_("Art"), required=False, choices=[("", _("alle")), *Structure.Kind.choices])
    kreis = kreis_filter()


class StructureForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Art"), choices=Structure.Kind.choices)
    name = forms.CharField(label=_("Bezeichnung"), max_length=200)
    gemeinde = forms.ModelChoiceField(
        label=_("Gemeinde"),
        required=False,
        queryset=Gemeinde.objects.none(),
        to_field_name="ags",
        help_text=_("Für eine Struktur einer Gemeinde oder kreisfreien Stadt."),
    )
    kreis = forms.ModelChoiceField(
        label=_("Kreis"),
        required=False,
        queryset=Kreis.objects.none(),
        help_text=_("Nur für eine Struktur des ganzen Kreises (ohne Gemeinde)."),
    )
    description = forms.CharField(label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    email = forms.EmailField(label=_("E-Mail"), required=False)
    phone = forms.CharField(label=_("Telefon"), required=False, max_length=40, validators=[validate_phone])
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    contact = forms.ModelChoiceField(label=_("Ansprechperson"), required=False, queryset=Contact.objects.none())

    def __init__(self, *args: Any, contacts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeinde"].queryset = Gemeinde.objects.defer("boundary").order_by("name_short")  # type: ignore[attr-defined]
        self.fields["kreis"].queryset = Kreis.objects.defer("boundary").order_by("name_short")  # type: ignore[attr-defined]
        contact_field = self.fields["contact"]
        contact_field.queryset = contacts if contacts is not None else Contact.objects.none()  # type: ignore[attr-defined]
        contact_field.label_from_instance = lambda c: " – ".join(p for p in (c.display_name, c.function) if p)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("gemeinde") and not data.get("kreis"):
            self.add_error("gemeinde", _("Eine Struktur gehört zu einem Kreis oder einer Gemeinde."))
        return data

    @classmethod
    def initial_for(cls, structure: Structure) -> dict[str, Any]:
        initial: dict[str, Any] = {
            f: getattr(structure, f) for f in ("kind", "name", "description", "email", "phone", "website")
        }
        initial["gemeinde"] = structure.gemeinde_id
        initial["kreis"] = None if structure.gemeinde_id else structure.kreis_id
        initial["contact"] = structure.contact_id
        return initial

    def to_input(self) -> StructureInput:
        d = self.cleaned_data
        return StructureInput(
            kind=d["kind"],
            name=d["name"],
            gemeinde=d.get("gemeinde"),
            kreis=d.get("kreis"),
            description=d["description"],
            email=d["email"],
            phone=d["phone"],
            website=d["website"],
            contact=d.get("contact"),
        )


class ContactForm(KernFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    function = forms.CharField(label=_("Funktion"), required=False, max_length=200)
    email = forms.EmailField(label=_("E-Mail"), required=False)
    phone = forms.CharField(label=_("Telefon"), required=False, max_length=40, validators=[validate_phone])
    consent_at = forms.DateField(
        label=_("Einwilligung erteilt am"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    consent_public = forms.BooleanField(
        label=_("Die Person hat eingewilligt, öffentlich genannt zu werden"), required=False
    )

    @classmethod
    def initial_for(cls, contact: Contact) -> dict[str, Any]:
        return {f: getattr(contact, f) for f in ("name", "function", "email", "phone", "consent_at", "consent_public")}

    def to_input(self) -> ContactInput:
        d = self.cleaned_data
        return ContactInput(
            name=d["name"],
            function=d["function"],
            email=d["email"],
            phone=d["phone"],
            consent_at=d["consent_at"],
            consent_public=d["consent_public"],
        )


class EraseForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Anlass der Löschung"),
        max_length=500,
        help_text=_("Zum Beispiel: Antrag der Person vom …; die Daten werden unwiderruflich entfernt."),
    )
