"""Forms of the staff survey. They parse input; the services validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from teilhabe.core.formstyle import KernFormMixin
from teilhabe.workforce import categories
from teilhabe.workforce.models import (
    AgeBand,
    Birthplace,
    CareerGroup,
    Citizenship,
    ImmigrationPeriod,
    OrgUnit,
    StaffKind,
)
from teilhabe.workforce.services import SurveyAnswers


class UnitForm(KernFormMixin, forms.Form):
    name = forms.CharField(label=_("Name der Einheit"), max_length=200)
    staff_count = forms.IntegerField(label=_("Beschäftigte"), min_value=0, max_value=1_000_000)
    is_active = forms.BooleanField(label=_("aktiv"), required=False, initial=True)


class CampaignForm(KernFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Jahr"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Titel"), max_length=200)
    threshold = forms.IntegerField(
        label=_("Mindestfallzahl"), min_value=3, max_value=50, required=False, help_text=_("Standard: 5")
    )
    reference_share = forms.DecimalField(
        label=_("Vergleichswert Bevölkerung NRW (%)"), max_digits=5, decimal_places=2, required=False
    )
    reference_source = forms.CharField(label=_("Quelle des Vergleichswerts"), max_length=300, required=False)


class CodeIssueForm(KernFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Organisationseinheit"), queryset=OrgUnit.objects.none())
    count = forms.IntegerField(
        label=_("Anzahl der Codes"),
        min_value=1,
        max_value=5000,
        help_text=_("Ein Code je beschäftigter Person; jeder Code gilt einmal."),
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class HiringForm(KernFormMixin, forms.Form):
    applications = forms.IntegerField(label=_("Bewerbungen"), min_value=0)
    applications_mh = forms.IntegerField(label=_("davon mit Einwanderungsgeschichte"), min_value=0)
    invitations = forms.IntegerField(label=_("Einladungen zum Vorstellungsgespräch"), min_value=0)
    invitations_mh = forms.IntegerField(label=_("davon mit Einwanderungsgeschichte"), min_value=0)
    hires = forms.IntegerField(label=_("Einstellungen"), min_value=0)
    hires_mh = forms.IntegerField(label=_("davon mit Einwanderungsgeschichte"), min_value=0)
    trainees = forms.IntegerField(label=_("Auszubildende und Anwärterinnen/Anwärter eingestellt"), min_value=0)
    trainees_mh = forms.IntegerField(label=_("davon mit Einwanderungsgeschichte"), min_value=0)


class CodeEntryForm(KernFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Ihr Teilnahmecode"),
        max_length=20,
        help_text=_("Er steht auf Ihrem Teilnahmebrief, z. B. AB3CD-EF4GH."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


def _radio(label: Any, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, required=False, widget=forms.RadioSelect)


PEOPLE = (
    ("self", _("Sie selbst")),
    ("parent1", _("Ihr erster Elternteil")),
    ("parent2", _("Ihr zweiter Elternteil")),
)


class SurveyForm(forms.Form):
    """The questions. Every question may be left open; an open question counts as "keine Angabe"."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=20)
    career_group = _radio(_("Ihre Laufbahngruppe"), CareerGroup.choices)
    staff_kind = _radio(_("Sie sind beschäftigt als"), StaffKind.choices)
    age_band = _radio(_("Ihr Alter"), AgeBand.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for prefix, _who in PEOPLE:
            self.fields[f"{prefix}_birthplace"] = _radio(_("Geboren"), Birthplace.choices)
            self.fields[f"{prefix}_immigration"] = _radio(
                _("Falls im Ausland geboren: nach Deutschland zugewandert"), ImmigrationPeriod.choices
            )
            self.fields[f"{prefix}_citizenship_birth"] = _radio(
                _("Staatsangehörigkeit bei Geburt"), Citizenship.choices
            )
            self.fields[f"{prefix}_citizenship_now"] = _radio(
                _("Heute Deutsche oder Deutscher (Art. 116 GG, auch mit weiterer Staatsangehörigkeit)"),
                Citizenship.choices,
            )

    def people(self) -> list[tuple[Any, list[forms.BoundField]]]:
        suffixes = ("birthplace", "immigration", "citizenship_birth", "citizenship_now")
        return [(who, [self[f"{prefix}_{s}"] for s in suffixes]) for prefix, who in PEOPLE]

    def general(self) -> list[forms.BoundField]:
        return [self["career_group"], self["staff_kind"], self["age_band"]]

    def answers(self) -> SurveyAnswers:
        data = self.cleaned_data

        def value(name: str) -> str:
            return data.get(name) or "ka"

        def person(prefix: str) -> categories.Person:
            return categories.Person(
                value(f"{prefix}_birthplace"),
                value(f"{prefix}_immigration"),
                value(f"{prefix}_citizenship_birth"),
                value(f"{prefix}_citizenship_now"),
            )

        return SurveyAnswers(
            career_group=value("career_group"),
            staff_kind=value("staff_kind"),
            age_band=value("age_band"),
            self_person=person("self"),
            parent1=person("parent1"),
            parent2=person("parent2"),
        )
