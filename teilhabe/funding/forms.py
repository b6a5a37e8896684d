"""Forms of the funding screens. They parse input; the rules live in services (errors come back per field)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from teilhabe.core.formstyle import KernFormMixin
from teilhabe.core.money import euro
from teilhabe.funding.models import (
    ApplicantKind,
    Application,
    ApplicationStatus,
    AuthorityMode,
    Call,
    Decision,
    District,
    FinancingSource,
    FinancingType,
    Module,
    PaymentStatus,
    Position,
    Programme,
    ProofKind,
    RevocationBasis,
)
from teilhabe.funding.services.proofs import MAX_LATE_USE_DAYS
from teilhabe.geo.forms import AreaFilterMixin, gemeinde_filter, kreis_filter
from teilhabe.registry.models import Organisation, TargetGroup

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
_PLAIN = re.compile(r"^-?\d*(\.\d*)?$")


class MoneyField(forms.DecimalField):
    """A euro amount typed as people write it: "10.000,00", "10000,5", "10000" (and "10,000.00" in English).

    Shown in the reader's format ("10.000,00" in German); a text input with the decimal keypad, since a number
    input would refuse the grouping and the decimal comma.
    """

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {}).setdefault(
            "invalid", _("Bitte geben Sie einen Betrag in Euro an, z. B. 10.000,00.")
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.pop("min", None)
        attrs.pop("max", None)
        return {**attrs, "inputmode": "decimal", "autocomplete": "off"}

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
            if "," in value and "." in value:  # the separator further right is the decimal one
                thousands = "." if value.rfind(",") > value.rfind(".") else ","
                value = value.replace(thousands, "").replace(",", ".")
            elif "," in value:
                value = value.replace(",", ".")
            elif value.count(".") > 1 or _GROUPED.match(value):
                value = value.replace(".", "")
            if value and not _PLAIN.match(value):  # "1e5", "Infinity": numbers to Python, no amounts to a person
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return euro(value)
        return value


def money_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.DecimalField:
    """Euro amounts: two places, never negative, typed and shown in the German format."""
    return MoneyField(label=label, required=required, max_digits=14, decimal_places=2, min_value=Decimal(0), **kwargs)


class TranslatedTermsField(forms.ModelMultipleChoiceField):
    """Taxonomy names are German msgids; the catalogue holds their translations."""

    def label_from_instance(self, obj: Any) -> str:
        return gettext(obj.name)


class ApplicationForm(KernFormMixin, forms.Form):
    """Project data. The applicant is chosen from the bodies the user may act for; the plan follows per year."""

    applicant = forms.ChoiceField(label=_("Antragsteller"))
    title = forms.CharField(label=_("Projekttitel"), max_length=200)
    goals = forms.CharField(label=_("Ziele und Maßnahmen"), widget=forms.Textarea(attrs={"rows": 6}))
    module = forms.ModelChoiceField(label=_("Förderbaustein"), queryset=Module.objects.none(), required=False)
    target_groups = TranslatedTermsField(
        label=_("Zielgruppen"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"}),
    )
    starts_on = forms.DateField(label=_("Projektbeginn"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Projektende"), widget=forms.DateInput(attrs={"type": "date"}))
    early_start_requested = forms.BooleanField(label=_("Vorzeitigen Maßnahmebeginn beantragen"), required=False)
    applicant_address = forms.CharField(
        label=_("Anschrift für den Bescheid"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, call: Call, applicants: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["applicant"]).choices = applicants
        cast(forms.ModelChoiceField, self.fields["module"]).queryset = Module.objects.filter(programme=call.programme)
        if not call.programme.modules.exists():
            del self.fields["module"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Das Projektende liegt vor dem Beginn."))
        return data

    @staticmethod
    def initial_for(application: Application) -> dict[str, Any]:
        return {
            "applicant": f"org:{application.organisation_id}" if application.organisation_id else application.ags,
            "title": application.title,
            "goals": application.goals,
            "module": application.module_id,
            "target_groups": list(application.target_groups.all()),
            "starts_on": application.starts_on,
            "ends_on": application.ends_on,
            "early_start_requested": application.early_start_requested,
            "applicant_address": application.applicant_address,
        }


class PlanForm(forms.Form):
    """Cost plan per category and year, financing plan per source and year, and the partners."""

    def __init__(self, *args: Any, application: Application, partner_choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.application = application
        self.years = application.years
        self.categories = application.programme.cost_categories
        costs = {(c.category, c.year): c.amount for c in application.cost_lines.all()}
        financing = {(f.source, f.year): f.amount for f in application.financing_lines.all()}
        for year in self.years:
            for category in self.categories:
                self.fields[f"cost-{category['key']}-{year}"] = money_field(
                    f"{category['label']} {year}",
                    required=False,
                    initial=costs.get((category["key"], year)),
                )
            for source, label in FinancingSource.choices:
                self.fields[f"fin-{source}-{year}"] = money_field(
                    f"{label} {year}", required=False, initial=financing.get((source, year))
                )
        self.fields["partners"] = forms.ModelMultipleChoiceField(
            label=_("Partner aus dem Register"),
            queryset=partner_choices,
            required=False,
            initial=[p.organisation_id for p in application.partners.all()],
            help_text=_("Veröffentlichte Organisationen im Kreis des Antragstellers"),
            widget=forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"}),
        )

    def rows(self) -> list[dict[str, Any]]:
        """The grid for the template: one row per category or source, one cell per year."""
        rows = [
            {"label": c["label"], "kind": "cost", "cells": [self[f"cost-{c['key']}-{y}"] for y in self.years]}
            for c in self.categories
        ]
        rows += [
            {"label": label, "kind": "fin", "cells": [self[f"fin-{s}-{y}"] for y in self.years]}
            for s, label in FinancingSource.choices
        ]
        return rows

    def plan(self) -> tuple[dict[tuple[str, int], Decimal], dict[tuple[str, int], Decimal], list[Organisation]]:
        costs = {
            (c["key"], y): self.cleaned_data.get(f"cost-{c['key']}-{y}") or Decimal(0)
            for c in self.categories
            for y in self.years
        }
        financing = {
            (s, y): self.cleaned_data.get(f"fin-{s}-{y}") or Decimal(0)
            for s in FinancingSource.values
            for y in self.years
        }
        return costs, financing, list(self.cleaned_data.get("partners") or [])


class ProposalForm(KernFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Entscheidungsvorschlag"), choices=Decision.choices)
    reasons = forms.CharField(
        label=_("Begründung"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Pflicht bei Teilbewilligung und Ablehnung"),
    )
    conditions = forms.CharField(label=_("Nebenbestimmungen"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    early_start_allowed = forms.BooleanField(label=_("Vorzeitigen Maßnahmebeginn zulassen"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"amount-{year}"] = money_field(
                _("Betrag %(year)s (bei Teilbewilligung)") % {"year": year}, required=False
            )

    def amounts(self) -> dict[int, Decimal]:
        return {y: self.cleaned_data[f"amount-{y}"] for y in self.years if self.cleaned_data.get(f"amount-{y}")}


class AmendmentForm(ProposalForm):
    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, years=years, **kwargs)
        for name in ("decision", "conditions", "early_start_allowed"):
            del self.fields[name]
        self.fields["reasons"].required = True
        self.fields["reasons"].help_text = ""
        for year in years:
            self.fields[f"amount-{year}"].label = _("Neuer Betrag %(year)s") % {"year": year}
            self.fields[f"amount-{year}"].required = True


class ChangeRequestForm(KernFormMixin, forms.Form):
    """The applicant's Änderungsantrag: the changed plan per year and why."""

    COLUMNS = (
        ("costs", _("Ausgaben %(year)s (€)")),
        ("own", _("Eigenmittel %(year)s (€)")),
        ("third_party", _("Drittmittel %(year)s (€)")),
        ("grant", _("beantragte Zuwendung %(year)s (€)")),
    )

    reason = forms.CharField(label=_("Begründung der Änderung"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            for key, label in self.COLUMNS:
                self.fields[f"{key}-{year}"] = money_field(label % {"year": year}, required=False)

    def plan(self) -> dict[int, dict[str, Decimal]]:
        return {
            year: {key: self.cleaned_data.get(f"{key}-{year}") or Decimal(0) for key, _label in self.COLUMNS}
            for year in self.years
        }


class ScoreForm(forms.Form):
    def __init__(self, *args: Any, criteria: list[dict[str, Any]], scores: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            score = scores.get(c["key"])
            self.fields[f"points-{c['key']}"] = forms.IntegerField(
                label=f"{c['label']} (0–{c['max']})",
                min_value=0,
                max_value=int(c["max"]),
                initial=score.points if score else None,
            )
            self.fields[f"comment-{c['key']}"] = forms.CharField(
                label=_("Kommentar"),
                required=False,
                initial=score.comment if score else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def scores(self) -> dict[str, tuple[int, str]]:
        return {
            c["key"]: (self.cleaned_data[f"points-{c['key']}"], self.cleaned_data.get(f"comment-{c['key']}", ""))
            for c in self.criteria
        }


class PaymentRequestForm(KernFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Haushaltsjahr"), coerce=int)
    due_payments = money_field(
        _("Fällige Zahlungen insgesamt"),
        help_text=_("Alle Zahlungen des Projekts, die binnen zwei Monaten fällig werden"),
    )
    amount = money_field(_("Abgerufener Betrag"))
    needed_by = forms.DateField(label=_("Fällig bis"), widget=forms.DateInput(attrs={"type": "date"}))
    need = forms.CharField(label=_("Begründung des Bedarfs"), widget=forms.Textarea(attrs={"rows": 3}))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [(y, str(y)) for y in years]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "idempotency_key" in self.errors:  # a hidden field: its error is shown above the form
            self.add_error(None, _("Die Kennung des Abrufs ist ungültig. Bitte laden Sie das Formular neu."))
        return cleaned


class ProofForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Art"), choices=ProofKind.choices)
    year = forms.TypedChoiceField(
        label=_("Berichtsjahr (Zwischennachweis)"), coerce=int, required=False, empty_value=None
    )
    report = forms.CharField(label=_("Sachbericht"), widget=forms.Textarea(attrs={"rows": 8}))
    other_income = money_field(_("Eigen- und Drittmittel (Ist)"))
    late_use_amount = money_field(_("Nicht binnen zwei Monaten verwendete Mittel"), required=False)
    late_use_days = forms.IntegerField(
        label=_("Tage verspäteter Verwendung"), required=False, min_value=0, max_value=MAX_LATE_USE_DAYS
    )
    late_use_from = forms.DateField(
        label=_("Auszahlung der verspätet verwendeten Mittel am"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Zinsen nach § 49a Abs. 4 VwVfG NRW laufen von der Auszahlung bis zur Verwendung."),
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = application.programme.cost_categories
        cast(forms.ChoiceField, self.fields["year"]).choices = [("", "–")] + [(y, str(y)) for y in application.years]
        for c in self.categories:
            self.fields[f"actual-{c['key']}"] = money_field(_("Ist: %(label)s") % {"label": c["label"]}, required=False)

    def actual(self) -> dict[str, Decimal]:
        return {c["key"]: self.cleaned_data.get(f"actual-{c['key']}") or Decimal(0) for c in self.categories}


class PositionForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Art"), choices=Position.Kind.choices)
    title = forms.CharField(label=_("Bezeichnung"), max_length=200)
    fte = forms.DecimalField(
        label=_("Stellenanteil"), min_value=Decimal("0.01"), max_value=Decimal(1), decimal_places=2, initial=1
    )


class OccupancyForm(forms.Form):
    """Filled months of every post of a KI in one year: checkboxes position × month."""

    def __init__(
        self, *args: Any, positions: list[Position], year: int, filled: set[tuple[Any, int]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.positions = positions
        for position in positions:
            for month in range(1, 13):
                self.fields[f"m-{position.pk}-{month}"] = forms.BooleanField(
                    required=False,
                    initial=(position.pk, month) in filled,
                    label=_("%(post)s, Monat %(month)s") % {"post": position.title, "month": month},
                )

    def grid(self) -> list[tuple[Position, list[Any]]]:
        return [(p, [self[f"m-{p.pk}-{m}"] for m in range(1, 13)]) for p in self.positions]

    def months_of(self, position: Position) -> list[int]:
        return [m for m in range(1, 13) if self.cleaned_data.get(f"m-{position.pk}-{m}")]


class ProgrammeForm(KernFormMixin, forms.Form):
    key = forms.SlugField(label=_("Kürzel"), max_length=40, help_text=_("Erscheint im Aktenzeichen, z. B. komm-in"))
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Beschreibung"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    legal_basis = forms.CharField(label=_("Rechtsgrundlage (Richtlinie)"), max_length=400)
    authority_mode = forms.ChoiceField(
        label=_("Bewilligungsbehörde ist"),
        choices=AuthorityMode.choices,
        initial=AuthorityMode.AREA,
        required=False,
        help_text=_(
            "Eine zentrale Behörde bearbeitet die Anträge aus ganz NRW; sonst die Bezirksregierung des Antragstellers."
        ),
    )
    authority_district = forms.ChoiceField(
        label=_("Regierungsbezirk der zentralen Bewilligungsbehörde"),
        choices=[("", "–"), *District.choices],
        required=False,
    )
    granting_authority = forms.CharField(
        label=_("Zentrale Bewilligungsbehörde"),
        max_length=200,
        required=False,
        help_text=_("z. B. Bezirksregierung Arnsberg"),
    )
    granting_authority_address = forms.CharField(
        label=_("Dienststelle und Anschrift der zentralen Bewilligungsbehörde"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    applicant_kinds = forms.MultipleChoiceField(
        label=_("Antragsberechtigt"),
        choices=ApplicantKind.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"}),
    )
    organisation_kinds = forms.MultipleChoiceField(
        label=_("Antragsberechtigte Organisationsarten (leer: alle)"),
        choices=Organisation.Kind.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"}),
        required=False,
    )
    required_partner_kinds = forms.MultipleChoiceField(
        label=_("Erforderliche Partner aus dem Register"),
        choices=Organisation.Kind.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"}),
        required=False,
    )
    financing_type = forms.ChoiceField(label=_("Finanzierungsart"), choices=FinancingType.choices)
    max_share = forms.DecimalField(
        label=_("Höchster Förderanteil (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
    )
    min_own_share = forms.DecimalField(
        label=_("Mindesteigenanteil (%)"),
        max_digits=5,
        decimal_places=2,
        initial=0,
        min_value=Decimal(0),
        max_value=Decimal(100),
    )
    min_grant = money_field(_("Mindestzuwendung (€)"), initial=0)
    max_grant = money_field(_("Höchstzuwendung (€)"), required=False)
    proof_months = forms.IntegerField(
        label=_("Frist Verwendungsnachweis (Monate)"), min_value=1, max_value=24, initial=6
    )
    active = forms.BooleanField(label=_("nimmt Anträge an"), required=False, initial=True)

    def clean_authority_mode(self) -> str:
        return str(self.cleaned_data.get("authority_mode") or AuthorityMode.AREA)

    @staticmethod
    def initial_for(programme: Programme) -> dict[str, Any]:
        return {name: getattr(programme, name) for name in ProgrammeForm.base_fields}


class CostCategoryForm(KernFormMixin, forms.Form):
    """One eligible cost category of a programme: a row of the set-up that can be added and removed."""

    key = forms.SlugField(label=_("Kürzel"), max_length=40)
    label = forms.CharField(label=_("Bezeichnung"), max_length=200)


class CriterionForm(KernFormMixin, forms.Form):
    """One scoring criterion of a programme with its highest score."""

    key = forms.SlugField(label=_("Kürzel"), max_length=40)
    label = forms.CharField(label=_("Bezeichnung"), max_length=200)
    max = forms.IntegerField(label=_("Höchstpunktzahl"), min_value=1, max_value=1000)


class RowFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """Rows that can be added and removed; "Zeile entfernen" says what the box does (Django says "Löschen")."""

    def add_fields(self, form: Any, index: Any) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Zeile entfernen")
            form.fields["DELETE"].widget.attrs["class"] = "kern-form-check__checkbox"


#: Two empty rows below the existing ones: enough to add rows without JavaScript (the page's script adds more).
CostCategoryFormSet = forms.formset_factory(
    CostCategoryForm, formset=RowFormSet, extra=2, can_delete=True, max_num=50, validate_max=True
)
CriterionFormSet = forms.formset_factory(
    CriterionForm, formset=RowFormSet, extra=2, can_delete=True, max_num=50, validate_max=True
)


def formset_rows(formset: Any, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """The filled rows of a valid formset that are not marked for removal, in their order."""
    return [
        {name: form.cleaned_data[name] for name in fields}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class BudgetForm(KernFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Haushaltsjahr"), min_value=2000, max_value=2100)
    total = money_field(_("Ansatz (€)"))


class CallForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(label=_("Beschreibung"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    opens_at = forms.DateTimeField(
        label=_("Antragstellung ab"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Antragsschluss"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class StaffRateForm(KernFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Jahr"), min_value=2000, max_value=2100)
    specialist_amount = money_field(_("Festbetrag je Fachstelle und Jahr (€)"))
    admin_amount = money_field(_("Festbetrag je Verwaltungsstelle und Jahr (€)"))
    max_specialist_kreisfreie_stadt = forms.DecimalField(
        label=_("Fachstellen höchstens, kreisfreie Stadt"), max_digits=4, decimal_places=2, min_value=Decimal(0)
    )
    max_specialist_kreis = forms.DecimalField(
        label=_("Fachstellen höchstens, Kreis"), max_digits=4, decimal_places=2, min_value=Decimal(0)
    )
    max_admin = forms.DecimalField(
        label=_("Verwaltungsstellen höchstens"), max_digits=4, decimal_places=2, min_value=Decimal(0)
    )


# --- repayment (Rückforderung) ------------------------------------------------------------------------------------


class HearingForm(KernFormMixin, forms.Form):
    deadline = forms.DateField(label=_("Frist zur Stellungnahme"), widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(
        label=_("Beabsichtigte Entscheidung und Gründe"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class RevocationForm(KernFormMixin, forms.Form):
    legal_basis = forms.ChoiceField(label=_("Rechtsgrundlage"), choices=RevocationBasis.choices)
    reasons = forms.CharField(label=_("Begründung"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}))
    statement = forms.CharField(
        label=_("Stellungnahme des Zuwendungsempfängers (falls eingegangen)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    due_on = forms.DateField(label=_("Zu erstatten bis"), widget=forms.DateInput(attrs={"type": "date"}))


class WaiverProposeForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begründung des Zinsverzichts"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class WaiverDecideForm(KernFormMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Entscheidung"),
        choices=[("1", _("Zinsverzicht gewähren")), ("0", _("Zinsverzicht ablehnen"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Begründung (bei Ablehnung)"), required=False, max_length=5000)


class RepaymentForm(KernFormMixin, forms.Form):
    received_on = forms.DateField(label=_("Eingegangen am"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = money_field(_("Eingegangener Betrag (Erstattung und Zinsen)"))


# --- list filters (core.listing) ----------------------------------------------------------------------------------


def _programme_choices() -> list[tuple[str, str]]:
    return [("", gettext("alle")), *Programme.objects.order_by("name").values_list("key", "name")]


class _FundingFilterForm(AreaFilterMixin, KernFormMixin, forms.Form):
    """Search, programme and area: what every funding list can be narrowed by."""

    q = forms.CharField(label=_("Aktenzeichen, Titel oder Name"), required=False, max_length=100)
    programme = forms.ChoiceField(label=_("Programm"), required=False)
    kreis = kreis_filter()
    gemeinde = gemeinde_filter()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["programme"]).choices = _programme_choices()


class ApplicationFilterForm(_FundingFilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("alle")), *ApplicationStatus.choices])
    year = forms.IntegerField(label=_("Förderjahr"), required=False, min_value=2000, max_value=2100)


class PaymentFilterForm(_FundingFilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("alle")), *PaymentStatus.choices])
    year = forms.IntegerField(label=_("Haushaltsjahr"), required=False, min_value=2000, max_value=2100)


PROOF_STATES = [("", _("alle")), ("open", _("zu prüfen")), ("checked", _("geprüft"))]


class ProofFilterForm(_FundingFilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=PROOF_STATES)
    kind = forms.ChoiceField(label=_("Art"), required=False, choices=[("", _("alle")), *ProofKind.choices])
    year = forms.IntegerField(label=_("Berichtsjahr"), required=False, min_value=2000, max_value=2100)
