"""Read queries of the geo app, used by views, the API and other apps (geocoding)."""

from __future__ import annotations

from django.db.models import Avg, Count, Q, QuerySet

from teilhabe.geo.models import Gemeinde, Kreis, Postleitzahl, Regierungsbezirk

_LIST_FIELDS_DEFER = ("boundary",)


def regierungsbezirk_list() -> QuerySet[Regierungsbezirk]:
    return Regierungsbezirk.objects.defer("boundary").order_by("key")


def _name_or_key_filter(search: str, name_field: str, key_field: str) -> Q:
    search = search.strip()
    if search.isdigit():
        return Q(**{f"{key_field}__startswith": search})
    return Q(**{f"{name_field}__icontains": search}) | Q(**{"name__icontains": search})


def kreis_list(*, search: str = "", regierungsbezirk: str = "") -> QuerySet[Kreis]:
    qs = (
        Kreis.objects.defer(*_LIST_FIELDS_DEFER)
        .select_related("regierungsbezirk")
        .annotate(gemeinden_count=Count("gemeinden"))
        .order_by("name_short")
    )
    search = search.strip()
    if search.isdigit():
        # A Kreis key, or a Gemeinde AGS whose first five digits are its Kreis.
        qs = qs.filter(Q(key__startswith=search) | Q(key=search[:5]))
    elif search:
        qs = qs.filter(Q(name_short__icontains=search) | Q(name__icontains=search) | Q(seat__icontains=search))
    if regierungsbezirk:
        qs = qs.filter(regierungsbezirk_id=regierungsbezirk)
    return qs


def gemeinde_list(*, search: str = "", kreis: str = "", regierungsbezirk: str = "") -> QuerySet[Gemeinde]:
    qs = Gemeinde.objects.defer(*_LIST_FIELDS_DEFER).select_related("kreis").order_by("name_short", "ags")
    if search.strip():
        qs = qs.filter(_name_or_key_filter(search, "name_short", "ags"))
    if kreis:
        qs = qs.filter(kreis_id=kreis)
    if regierungsbezirk:
        qs = qs.filter(kreis__regierungsbezirk_id=regierungsbezirk)
    return qs


def kreis_detail(*, key: str) -> Kreis | None:
    return Kreis.objects.select_related("regierungsbezirk").filter(key=key).first()


def gemeinde_detail(*, ags: str) -> Gemeinde | None:
    return Gemeinde.objects.select_related("kreis", "kreis__regierungsbezirk").filter(ags=ags).first()


def gemeinden_of(*, kreis: Kreis) -> QuerySet[Gemeinde]:
    return kreis.gemeinden.defer(*_LIST_FIELDS_DEFER).order_by("name_short")


def geocode_postcode(postal_code: str) -> tuple[float, float] | None:
    """Coordinates of a postcode: the mean of its delivery (standard) places, else of any entry."""
    postal_code = (postal_code or "").strip()
    if len(postal_code) != 5 or not postal_code.isdigit():
        return None
    for entry_type in (Postleitzahl.EntryType.STANDARD, None):
        qs = Postleitzahl.objects.filter(postal_code=postal_code)
        if entry_type:
            qs = qs.filter(entry_type=entry_type)
        agg = qs.aggregate(lat=Avg("lat"), lon=Avg("lon"))
        if agg["lat"] is not None:
            return (round(agg["lat"], 5), round(agg["lon"], 5))
    return None


def gemeinde_for_postcode(postal_code: str) -> Gemeinde | None:
    """The Gemeinde that contains the postcode's (first delivery) point; a PLZ can span several Gemeinden."""
    entry = (
        Postleitzahl.objects.filter(postal_code=(postal_code or "").strip(), gemeinde__isnull=False)
        .order_by("entry_type", "place")
        .select_related("gemeinde")
        .first()
    )
    return entry.gemeinde if entry else None
