"""Read queries of the geo app, used by views, the API and other apps (geocoding, finder).

List selectors return querysets with a fixed number of queries however long the list is (boundaries are
deferred, parents joined); the map selectors return GeoJSON FeatureCollections as plain dicts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from teilhabe.geo.models import Gemeinde, Kreis, Postleitzahl, Regierungsbezirk

#: Longest search text taken into account.
MAX_SEARCH = 100
_KEY = re.compile(r"^\d{1,12}$")


def _normalise_search(search: str) -> tuple[str, str]:
    """("key", digits) for a key or AGS (spaces allowed, e.g. "05 315 000"), else ("name", text)."""
    search = " ".join((search or "").split())[:MAX_SEARCH]
    compact = search.replace(" ", "")
    if _KEY.match(compact):
        return "key", compact
    return "name", search


# --- Regierungsbezirke and Kreise --------------------------------------------------------------


def regierungsbezirk_list() -> QuerySet[Regierungsbezirk]:
    return Regierungsbezirk.objects.defer("boundary").order_by("key")


def kreis_list(*, search: str = "", regierungsbezirk: str = "") -> QuerySet[Kreis]:
    """Kreise and kreisfreie Städte by name (or seat), or by key; an 8-digit AGS finds the Kreis it lies in."""
    qs = (
        Kreis.objects.defer("boundary")
        .select_related("regierungsbezirk")
        .defer("regierungsbezirk__boundary")
        .annotate(gemeinden_count=Count("gemeinden"))
        .order_by("name_short", "key")
    )
    kind, term = _normalise_search(search)
    if term and kind == "key":
        qs = qs.filter(Q(key__startswith=term) | Q(key=term[:5])) if len(term) > 5 else qs.filter(key__startswith=term)
    elif term:
        qs = qs.filter(Q(name_short__icontains=term) | Q(name__icontains=term) | Q(seat__icontains=term))
    if regierungsbezirk:
        qs = qs.filter(regierungsbezirk_id=regierungsbezirk)
    return qs


@dataclass(frozen=True)
class KreisGroup:
    regierungsbezirk: Regierungsbezirk
    kreise: list[Kreis]


def kreise_by_regierungsbezirk(*, search: str = "", regierungsbezirk: str = "") -> list[KreisGroup]:
    """The matching Kreise grouped by Regierungsbezirk (in key order); groups without a match are left out.

    Two queries whatever the number of Kreise.
    """
    kreise = list(kreis_list(search=search, regierungsbezirk=regierungsbezirk))
    groups = [KreisGroup(rb, [k for k in kreise if k.regierungsbezirk_id == rb.key]) for rb in regierungsbezirk_list()]
    return [group for group in groups if group.kreise]


def kreis_detail(*, key: str) -> Kreis | None:
    """One Kreis with its Regierungsbezirk and its Gemeinden (in ``gemeinden_list``), without boundaries."""
    return (
        Kreis.objects.defer("boundary", "regierungsbezirk__boundary")
        .select_related("regierungsbezirk")
        .prefetch_related(
            Prefetch(
                "gemeinden",
                queryset=Gemeinde.objects.defer("boundary").order_by("name_short", "ags"),
                to_attr="gemeinden_list",
            )
        )
        .filter(key=key)
        .first()
    )


# --- Gemeinden ----------------------------------------------------------------------------------


def gemeinde_list(*, search: str = "", kreis: str = "", regierungsbezirk: str = "") -> QuerySet[Gemeinde]:
    """Gemeinden by name or by the beginning of their AGS, optionally in one Kreis or Regierungsbezirk."""
    qs = Gemeinde.objects.defer("boundary", "kreis__boundary").select_related("kreis").order_by("name_short", "ags")
    kind, term = _normalise_search(search)
    if term and kind == "key":
        qs = qs.filter(ags__startswith=term)
    elif term:
        qs = qs.filter(Q(name_short__icontains=term) | Q(name__icontains=term))
    if kreis:
        qs = qs.filter(kreis_id=kreis)
    if regierungsbezirk:
        qs = qs.filter(kreis__regierungsbezirk_id=regierungsbezirk)
    return qs


def gemeinde_detail(*, ags: str) -> Gemeinde | None:
    """One Gemeinde with Kreis, Regierungsbezirk and its delivery postcodes (in ``postcodes``), no boundary."""
    return (
        Gemeinde.objects.defer("boundary", "kreis__boundary", "kreis__regierungsbezirk__boundary")
        .select_related("kreis", "kreis__regierungsbezirk")
        .prefetch_related(
            Prefetch(
                "postleitzahlen",
                queryset=Postleitzahl.objects.filter(entry_type=Postleitzahl.EntryType.STANDARD).order_by(
                    "postal_code", "place"
                ),
                to_attr="postcodes",
            )
        )
        .filter(ags=ags)
        .first()
    )


# --- Maps (GeoJSON) -------------------------------------------------------------------------------


def _feature(feature_id: str, geometry: Any, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "id": feature_id, "properties": properties, "geometry": geometry}


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def kreis_map(*, key: str) -> dict[str, Any] | None:
    """The Kreis outline (``focus``) and the outlines of its Gemeinden, each with the URL of its page."""
    kreis = Kreis.objects.only("key", "name_short", "boundary").filter(key=key).first()
    if kreis is None:
        return None
    features = [_feature(kreis.key, kreis.boundary, kind="kreis", name=kreis.name_short, focus=True)]
    features += [
        _feature(
            g.ags,
            g.boundary,
            kind="gemeinde",
            name=g.name_short,
            url=reverse("geo:gemeinde_detail", args=[g.ags]),
        )
        for g in kreis.gemeinden.only("ags", "name_short", "boundary").order_by("ags")
        if g.boundary
    ]
    return _collection(features)


def gemeinde_map(*, ags: str) -> dict[str, Any] | None:
    """The Gemeinde outline first (``focus``), then its neighbours in the same Kreis and the Kreis outline."""
    gemeinde = Gemeinde.objects.only("ags", "name_short", "kreis_id", "boundary").filter(ags=ags).first()
    if gemeinde is None:
        return None
    features = [_feature(gemeinde.ags, gemeinde.boundary, kind="gemeinde", name=gemeinde.name_short, focus=True)]
    features += [
        _feature(
            g.ags,
            g.boundary,
            kind="gemeinde",
            name=g.name_short,
            url=reverse("geo:gemeinde_detail", args=[g.ags]),
        )
        for g in Gemeinde.objects.filter(kreis_id=gemeinde.kreis_id)
        .exclude(ags=gemeinde.ags)
        .only("ags", "name_short", "boundary")
        .order_by("ags")
        if g.boundary
    ]
    if len(features) > 1:  # a kreisfreie Stadt is its own Kreis: no second outline
        kreis = Kreis.objects.only("key", "name_short", "boundary").get(key=gemeinde.kreis_id)
        features.append(
            _feature(
                kreis.key,
                kreis.boundary,
                kind="kreis",
                name=kreis.name_short,
                url=reverse("geo:kreis_detail", args=[kreis.key]),
            )
        )
    return _collection(features)


def nrw_outline() -> dict[str, Any]:
    """The five Regierungsbezirke: the background of maps that run without a tile server."""
    return _collection(
        [
            _feature(rb.key, rb.boundary, kind="regierungsbezirk", name=rb.name)
            for rb in Regierungsbezirk.objects.only("key", "name", "boundary").order_by("key")
            if rb.boundary
        ]
    )


# --- Postcodes ---------------------------------------------------------------------------------


def _postal_code(postal_code: str | None) -> str | None:
    postal_code = (postal_code or "").strip()
    return postal_code if len(postal_code) == 5 and postal_code.isdigit() else None


def geocode_postcode(postal_code: str) -> tuple[float, float] | None:
    """(lat, lon) of a postcode: the mean of its delivery (standard) places, else of its other entries.

    A PLZ has one GeoNames point per place; large-customer and PO-box rows are only used when the PLZ has
    no delivery place at all. One query.
    """
    plz = _postal_code(postal_code)
    if plz is None:
        return None
    standard = Q(entry_type=Postleitzahl.EntryType.STANDARD)
    agg = Postleitzahl.objects.filter(postal_code=plz).aggregate(
        std_lat=Avg("lat", filter=standard),
        std_lon=Avg("lon", filter=standard),
        any_lat=Avg("lat"),
        any_lon=Avg("lon"),
    )
    if agg["std_lat"] is not None:
        return (round(agg["std_lat"], 5), round(agg["std_lon"], 5))
    if agg["any_lat"] is not None:
        return (round(agg["any_lat"], 5), round(agg["any_lon"], 5))
    return None


def gemeinde_for_postcode(postal_code: str) -> Gemeinde | None:
    """The Gemeinde a postcode most likely belongs to.

    A PLZ can span several Gemeinden and the table knows only the Gemeinde at each point: delivery rows
    count before large-customer rows, then the Gemeinde with the most points, then the larger one.
    """
    plz = _postal_code(postal_code)
    if plz is None:
        return None
    best = (
        Postleitzahl.objects.filter(postal_code=plz, gemeinde__isnull=False)
        .values("gemeinde_id")
        .annotate(
            standard=Count("pk", filter=Q(entry_type=Postleitzahl.EntryType.STANDARD)),
            points=Count("pk"),
        )
        .order_by("-standard", "-points", "-gemeinde__population", "gemeinde_id")
        .first()
    )
    if best is None:
        return None
    return Gemeinde.objects.defer("boundary").filter(ags=best["gemeinde_id"]).first()


def area_names(codes: list[str], role: str = "") -> dict[str, str]:
    """Names of AGS prefixes as people say them: "Nordrhein-Westfalen", "Bezirksregierung Köln" (for the granting
    role, else "Regierungsbezirk Köln"), "Stadt Köln", "Kreis Mettmann", "Stadt Monheim am Rhein". At most three
    queries, whatever the number of codes."""
    names: dict[str, str] = {}
    if "05" in codes:
        names["05"] = _("Nordrhein-Westfalen")
    districts = [c for c in codes if len(c) == 3]
    if districts:
        for rb in Regierungsbezirk.objects.filter(key__in=districts).only("key", "name", "seat"):
            seat = rb.seat or rb.name.removeprefix("Reg.-Bez. ")
            template = _("Bezirksregierung %(name)s") if role == "bewilligung" else _("Regierungsbezirk %(name)s")
            names[rb.key] = template % {"name": seat}
    kreise = [c for c in codes if len(c) == 5]
    if kreise:
        for kreis in Kreis.objects.filter(key__in=kreise).only("key", "name", "name_short", "kind"):
            if kreis.kind == Kreis.Kind.KREISFREIE_STADT:
                names[kreis.key] = _("Stadt %(name)s") % {"name": kreis.name_short}
            else:
                names[kreis.key] = kreis.title
    gemeinden = [c for c in codes if len(c) == 8]
    if gemeinden:
        for gemeinde in Gemeinde.objects.filter(ags__in=gemeinden).only("ags", "name_short", "kind"):
            template = _("Gemeinde %(name)s") if gemeinde.kind == Gemeinde.Kind.GEMEINDE else _("Stadt %(name)s")
            names[gemeinde.ags] = template % {"name": gemeinde.name_short}
    return names
