"""Coordinates and Gemeinde for an address, from the postcode table (no external geocoder)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from teilhabe.geo.models import Gemeinde
from teilhabe.geo.selectors import gemeinde_for_postcode, geocode_postcode


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    gemeinde: Gemeinde
    geocoded: bool


def locate(
    *, postal_code: str, lat: float | None = None, lon: float | None = None, gemeinde: Gemeinde | None = None
) -> Place:
    """Given coordinates win; otherwise the postcode's point. The Gemeinde comes from the postcode if not given."""
    found_gemeinde = gemeinde or gemeinde_for_postcode(postal_code)
    if found_gemeinde is None:
        raise ValidationError(
            {"postal_code": _("Die Postleitzahl %(plz)s liegt nicht in NRW oder ist unbekannt.") % {"plz": postal_code}}
        )
    if lat is not None and lon is not None:
        if not (50.3 <= lat <= 52.6 and 5.8 <= lon <= 9.5):
            raise ValidationError({"lat": _("Die Koordinaten liegen nicht in Nordrhein-Westfalen.")})
        return Place(lat, lon, found_gemeinde, geocoded=False)
    point = geocode_postcode(postal_code)
    if point is None:
        raise ValidationError({"postal_code": _("Zu dieser Postleitzahl sind keine Koordinaten bekannt.")})
    return Place(point[0], point[1], found_gemeinde, geocoded=True)
