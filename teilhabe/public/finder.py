"""Turns the finder's GET parameters into a search query: one parser for the HTML finder and the API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from teilhabe.core.formstyle import KernFormMixin
from teilhabe.core.memo import MasterData
from teilhabe.geo.models import Gemeinde, Kreis
from teilhabe.geo.selectors import geocode_postcode
from teilhabe.registry import search_i18n
from teilhabe.registry.models import Language, Organisation, TargetGroup, Topic
from teilhabe.search import SearchQuery
from teilhabe.search.query import MAX_DEPTH

RADII = [(2, "2 km"), (5, "5 km"), (10, "10 km"), (25, "25 km"), (50, "50 km")]
PAGE_SIZE = 20
#: The deepest page the index pages to (deeper pages show the last one).
LAST_PAGE = MAX_DEPTH // PAGE_SIZE
_COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Choices:
    """What the finder offers to choose and the names of the keys (facet labels), read once per process and
    minute (``MasterData``)."""

    topics: list[tuple[str, str]]  # active ones, (key, name)
    target_groups: list[tuple[str, str]]
    languages: list[tuple[str, str]]  # (code, native name or name), by code
    kreise: list[tuple[str, str]]  # (key, short name), by name
    gemeinden: dict[str, list[tuple[str, str]]]  # Kreis key -> (AGS, short name), by name
    #: facet -> key -> name, inactive topics and target groups included (not the kinds of organisation: their
    #: names are translated, in the language of each request)
    labels: dict[str, dict[str, str]]


def _load_choices() -> Choices:
    topics = list(Topic.objects.values_list("key", "name", "is_active"))
    groups = list(TargetGroup.objects.values_list("key", "name", "is_active"))
    languages = list(Language.objects.order_by("code").values_list("code", "name", "native_name"))
    kreise = list(Kreis.objects.order_by("name_short").values_list("key", "name_short"))
    gemeinden: dict[str, list[tuple[str, str]]] = {}
    for kreis, ags, name in Gemeinde.objects.order_by("name_short").values_list("kreis_id", "ags", "name_short"):
        gemeinden.setdefault(kreis, []).append((ags, name))
    return Choices(
        topics=[(key, name) for key, name, active in topics if active],
        target_groups=[(key, name) for key, name, active in groups if active],
        # Native names (Türkçe, العربية): readable for those who search in their own language.
        languages=[(code, native or name) for code, name, native in languages],
        kreise=kreise,
        gemeinden=gemeinden,
        labels={
            "topic": {key: name for key, name, _active in topics},
            "target_group": {key: name for key, name, _active in groups},
            "language": {code: name for code, name, _native in languages},
            "kreis": dict(kreise),
        },
    )


class _Given(BaseChoiceIterator):
    """Choices already in Django's form: assigned as they are (a plain list is normalised again for every form,
    some 5,000 calls per search)."""

    def __init__(self, given: list[tuple[str, Any]]) -> None:
        self.given = given

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self.given)


choices = MasterData(_load_choices, models=[Topic, TargetGroup, Language, Kreis, Gemeinde])


class FinderForm(KernFormMixin, forms.Form):
    q = forms.CharField(label=_("Suchbegriff"), required=False, max_length=200)
    topic = forms.MultipleChoiceField(label=_("Thema"), required=False, widget=forms.CheckboxSelectMultiple)
    target_group = forms.MultipleChoiceField(label=_("Zielgruppe"), required=False, widget=forms.CheckboxSelectMultiple)
    language = forms.MultipleChoiceField(
        label=_("Sprache des Angebots"), required=False, widget=forms.CheckboxSelectMultiple
    )
    kreis = forms.ChoiceField(label=_("Kreis oder kreisfreie Stadt"), required=False)
    gemeinde = forms.CharField(required=False, max_length=8, widget=forms.HiddenInput)
    org_kind = forms.MultipleChoiceField(
        label=_("Art des Trägers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Organisation.Kind.choices,
    )
    near = forms.CharField(label=_("In der Nähe von (PLZ oder Ort)"), required=False, max_length=60)
    radius_km = forms.TypedChoiceField(label=_("Umkreis"), required=False, choices=RADII, coerce=int, empty_value=10)  # type: ignore[arg-type]
    sort = forms.ChoiceField(
        label=_("Sortierung"),
        required=False,
        choices=[("relevance", _("beste Treffer zuerst")), ("distance", _("nächste zuerst"))],
    )
    seite = forms.IntegerField(required=False, min_value=1, max_value=10_000, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        known = choices.get()
        self.fields["topic"].choices = _Given(known.topics)  # type: ignore[attr-defined]
        self.fields["target_group"].choices = _Given(known.target_groups)  # type: ignore[attr-defined]
        self.fields["language"].choices = _Given(known.languages)  # type: ignore[attr-defined]
        self.fields["kreis"].choices = _Given([("", _("ganz NRW")), *known.kreise])  # type: ignore[attr-defined]
        # Once a Kreis is chosen, its Gemeinden become a choice (a kreisfreie Stadt has only itself).
        kreis = self.data.get("kreis") if self.is_bound else None
        if isinstance(kreis, str) and kreis and kreis.isascii() and kreis.isdigit():  # a key: five digits
            gemeinden = known.gemeinden.get(kreis, [])
            if len(gemeinden) > 1:
                field = self.fields["gemeinde"]
                field.label = _("Stadt oder Gemeinde")
                field.widget = forms.Select(
                    choices=[("", _("alle im Kreis")), *gemeinden], attrs={"class": "kern-form-input__select"}
                )

    def clean_gemeinde(self) -> str:
        gemeinde = self.cleaned_data.get("gemeinde") or ""
        if gemeinde and not (gemeinde.isdigit() and len(gemeinde) == 8):
            raise forms.ValidationError(_("Bitte den achtstelligen Gemeindeschlüssel (AGS) angeben."))
        return gemeinde

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        # A Gemeinde of another Kreis is left over from before the Kreis was changed: the Kreis wins.
        kreis, gemeinde = cleaned.get("kreis"), cleaned.get("gemeinde")
        if kreis and isinstance(gemeinde, str) and gemeinde and not gemeinde.startswith(str(kreis)):
            cleaned["gemeinde"] = ""
        return cleaned

    def clean_near(self) -> tuple[float, float, str] | None:
        near = (self.cleaned_data.get("near") or "").strip()
        if not near:
            return None
        if match := _COORDINATES.match(near):
            lat, lon = float(match.group(1)), float(match.group(2))
            if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
                raise forms.ValidationError(
                    _("Diesen Ort kennen wir in NRW nicht. Versuchen Sie es mit der Postleitzahl.")
                )
            return lat, lon, near
        if near.isdigit() and len(near) == 5:
            point = geocode_postcode(near)
            if point is None:
                raise forms.ValidationError(_("Diese Postleitzahl kennen wir in NRW nicht."))
            return point[0], point[1], near
        gemeinde = (
            Gemeinde.objects.filter(ags=near).first()
            or Gemeinde.objects.filter(name_short__iexact=near).order_by("-population").first()
            or Gemeinde.objects.filter(name_short__istartswith=near).order_by("-population").first()
        )
        if gemeinde is None or gemeinde.lat is None or gemeinde.lon is None:
            raise forms.ValidationError(_("Diesen Ort kennen wir in NRW nicht. Versuchen Sie es mit der Postleitzahl."))
        return gemeinde.lat, gemeinde.lon, gemeinde.name_short


@dataclass(frozen=True)
class ParsedSearch:
    query: SearchQuery
    near_label: str


def parse(form: FinderForm, *, language: str | None = None) -> ParsedSearch:
    """The search for a valid form (invalid parts are dropped, never half applied); ``language``: the language the
    words are written in (the page's, or the API's ``lang``; default the active language)."""
    data = form.cleaned_data if form.is_valid() else {}
    filters = {
        "topic": data.get("topic") or [],
        "target_group": data.get("target_group") or [],
        "language": data.get("language") or [],
        "organisation_kind": data.get("org_kind") or [],
        "kreis": [data["kreis"]] if data.get("kreis") else [],
        "gemeinde": [data["gemeinde"]] if data.get("gemeinde") else [],
    }
    near = data.get("near")
    words_language = search_i18n.search_language(language or get_language())
    text = data.get("q") or ""
    return ParsedSearch(
        SearchQuery(
            text=text,
            filters={k: v for k, v in filters.items() if v},
            near=(near[0], near[1]) if near else None,
            radius_km=float(data.get("radius_km") or 10) if near else None,
            sort="distance" if near and data.get("sort") == "distance" else "relevance",
            page=min(data.get("seite") or 1, LAST_PAGE),
            page_size=PAGE_SIZE,
            language=words_language,
            vocabulary=search_i18n.vocabulary(words_language) if text else {},
        ),
        near[2] if near else "",
    )
