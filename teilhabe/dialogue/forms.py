from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.core.formstyle import KernFormMixin
from teilhabe.dialogue.models import ActionItem, Audience, Need, Series
from teilhabe.geo.models import Kreis, Regierungsbezirk


def region_choices() -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = [("05", str(_("ganz Nordrhein-Westfalen")))]
    choices += [
        (rb.key, str(_("Regierungsbezirk %(name)s") % {"name": rb.name}))
        for rb in Regierungsbezirk.objects.order_by("key")
    ]
    choices += [(k.key, k.name) for k in Kreis.objects.order_by("name_short")]
    return choices


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(label=_("Beschreibung"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    series = forms.ModelChoiceField(
        label=_("Veranstaltungsreihe"),
        queryset=Series.objects.none(),
        required=False,
        help_text=_("Offene Aufgaben früherer Termine der Reihe kommen auf die Tagesordnung."),
    )
    new_series = forms.CharField(label=_("oder neue Reihe"), max_length=200, required=False)
    starts_at = forms.DateTimeField(label=_("Beginn"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ende"), widget=DateTimeInput())
    place = forms.CharField(label=_("Ort"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online-Zugang"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(label=_("Plätze"), min_value=1, max_value=10000)
    registration_deadline = forms.DateTimeField(label=_("Anmeldeschluss"), widget=DateTimeInput())
    audience = forms.ChoiceField(label=_("Zielgruppe"), choices=Audience.choices)
    region = forms.ChoiceField(label=_("Gebiet der Zielgruppe"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = Series.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["region"].choices = region_choices()  # type: ignore[attr-defined]


class AgendaItemForm(KernFormMixin, forms.Form):
    at = forms.TimeField(label=_("Uhrzeit"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    title = forms.CharField(label=_("Tagesordnungspunkt"), max_length=300)
    speaker = forms.CharField(label=_("Referentin / Referent"), max_length=200, required=False)


class RegistrationForm(KernFormMixin, forms.Form):
    needs = forms.MultipleChoiceField(
        label=_("Ihre Bedarfe (freiwillig)"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Das Ministerium sieht nur, wie viele Personen welchen Bedarf haben. Die Angaben werden nach "
            "der Veranstaltung gelöscht."
        ),
    )
    needs_note = forms.CharField(
        label=_("Hinweis zu Ihren Bedarfen"),
        max_length=300,
        required=False,
        help_text=_("Zum Beispiel die Sprache für das Dolmetschen oder eine Unverträglichkeit."),
    )


class CancelEventForm(KernFormMixin, forms.Form):
    reason = forms.CharField(label=_("Grund der Absage"), widget=forms.Textarea(attrs={"rows": 2}))


class MinutesForm(KernFormMixin, forms.Form):
    summary = forms.CharField(label=_("Protokoll"), widget=forms.Textarea(attrs={"rows": 8}))
    decisions = forms.CharField(
        label=_("Beschlüsse"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Ein Beschluss je Zeile."),
    )
    publish = forms.BooleanField(label=_("Für die Zielgruppe freigeben"), required=False)


class ActionItemForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Aufgabe"), max_length=300)
    owner = forms.CharField(label=_("verantwortlich"), max_length=200)
    due_on = forms.DateField(label=_("fällig am"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItem.Status.choices)


class DocumentForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    file = forms.FileField(label=_("Datei (PDF, Word, Excel, OpenDocument)"))
    participants_only = forms.BooleanField(label=_("nur für Teilnehmende"), required=False)
    note = forms.CharField(label=_("Hinweis"), max_length=300, required=False)


class VersionForm(KernFormMixin, forms.Form):
    file = forms.FileField(label=_("Neue Fassung"))
    note = forms.CharField(label=_("Was hat sich geändert?"), max_length=300, required=False)


class TopicForm(KernFormMixin, forms.Form):
    name = forms.CharField(label=_("Thema"), max_length=200)
    description = forms.CharField(label=_("Beschreibung"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    audience = forms.ChoiceField(label=_("Zielgruppe"), choices=Audience.choices)
    region = forms.ChoiceField(label=_("Gebiet der Zielgruppe"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()  # type: ignore[attr-defined]
