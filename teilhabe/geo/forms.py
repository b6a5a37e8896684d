"""Filter fields for the areas of NRW, shared by every list that can be narrowed to a Kreis or a Gemeinde."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from teilhabe.geo.models import Gemeinde, Kreis


def kreis_filter(**kwargs: Any) -> forms.ChoiceField:
    """A select of the 53 Kreise and kreisfreie Städte; the value is the five-digit key (filled by AreaFilterMixin)."""
    return forms.ChoiceField(label=kwargs.pop("label", _("Kreis")), required=False, **kwargs)


def gemeinde_filter(**kwargs: Any) -> forms.ChoiceField:
    """A select of the 396 Gemeinden; the value is the eight-digit AGS (filled by AreaFilterMixin)."""
    return forms.ChoiceField(label=kwargs.pop("label", _("Gemeinde")), required=False, **kwargs)


class AreaFilterMixin:
    """Fills the ``kreis`` and ``gemeinde`` filters of a form with one query, whatever the number of rows listed.

    The choices are plain lists, read once per form: a callable would be read again on validation and on rendering.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields  # type: ignore[attr-defined]
        everything = [("", gettext("alle"))]
        if "gemeinde" in fields:
            rows = list(
                Gemeinde.objects.order_by("name_short", "ags").values_list(
                    "ags", "name_short", "kreis_id", "kreis__name_short"
                )
            )
            # The Kreis in brackets tells namesakes apart and helps typing ahead in the native select.
            fields["gemeinde"].choices = everything + [(ags, f"{name} ({kreis})") for ags, name, _k, kreis in rows]
            kreise = sorted({(key, kreis) for _a, _n, key, kreis in rows}, key=lambda pair: pair[1])
        else:
            kreise = list(Kreis.objects.order_by("name_short").values_list("key", "name_short"))
        if "kreis" in fields:
            fields["kreis"].choices = everything + kreise
