"""Public API of the geo app: Kreise and Gemeinden of NRW (routed under /api/v1/ by teilhabe.api.urls).

Read-only; every view reads through teilhabe.geo.selectors and declares its rule in ``permission_required``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.authentication import BaseAuthentication

from teilhabe.geo import selectors
from teilhabe.geo.models import Gemeinde, Kreis

TAG = "Gebiete"
SOURCE = _(
    "Quelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD (Gebietsstand 30.11.2025, "
    "Einwohner 31.12.2024); Schwerpunkte aus den Verwaltungsgrenzen DVG2 © Geobasis NRW (dl-de/zero-2-0)."
)


class _Figures(serializers.Serializer[Any]):
    """Fields shared by Kreis and Gemeinde."""

    population = serializers.IntegerField(read_only=True, help_text=_("Einwohner insgesamt am Stichtag"))
    population_date = serializers.DateField(
        read_only=True, allow_null=True, help_text=_("Stichtag der Einwohnerzahl (ISO 8601)")
    )
    area_km2 = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text=_("Fläche in km² (amtliche Fläche, als Zeichenkette mit zwei Nachkommastellen)"),
    )
    density_per_km2 = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Einwohner je km², gerundet")
    )
    lat = serializers.FloatField(read_only=True, allow_null=True, help_text=_("Breite des Flächenschwerpunkts (WGS84)"))
    lon = serializers.FloatField(read_only=True, allow_null=True, help_text=_("Länge des Flächenschwerpunkts (WGS84)"))


class KreisSerializer(_Figures, serializers.ModelSerializer[Kreis]):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:kreis_detail", lookup_field="key", help_text=_("Adresse dieses Eintrags in der API")
    )
    key = serializers.CharField(read_only=True, help_text=_("Kreisschlüssel, 5 Ziffern, z. B. 05315"))
    ags = serializers.CharField(read_only=True, help_text=_("8-stellige Form des Kreisschlüssels, z. B. 05315000"))
    name = serializers.CharField(read_only=True, help_text=_("amtlicher Name, z. B. „Köln, Stadt“"))
    name_short = serializers.CharField(read_only=True, help_text=_("Kurzname (der Name vor dem ersten Komma)"))
    kind = serializers.ChoiceField(
        choices=Kreis.Kind.choices, read_only=True, help_text=_("kreisfreie_stadt oder kreis")
    )
    seat = serializers.CharField(read_only=True, help_text=_("Sitz der Kreisverwaltung"))
    regierungsbezirk = serializers.CharField(
        source="regierungsbezirk_id", read_only=True, help_text=_("Schlüssel des Regierungsbezirks, z. B. 053")
    )
    regierungsbezirk_name = serializers.CharField(
        source="regierungsbezirk.name", read_only=True, help_text=_("Name des Regierungsbezirks")
    )
    gemeinden_count = serializers.IntegerField(read_only=True, help_text=_("Zahl der Gemeinden im Kreis"))

    class Meta:
        model = Kreis
        fields = [
            "url",
            "key",
            "ags",
            "name",
            "name_short",
            "kind",
            "seat",
            "regierungsbezirk",
            "regierungsbezirk_name",
            "gemeinden_count",
            "population",
            "population_date",
            "area_km2",
            "density_per_km2",
            "lat",
            "lon",
        ]


class GemeindeSerializer(_Figures, serializers.ModelSerializer[Gemeinde]):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:gemeinde_detail", lookup_field="ags", help_text=_("Adresse dieses Eintrags in der API")
    )
    ags = serializers.CharField(read_only=True, help_text=_("Amtlicher Gemeindeschlüssel, 8 Ziffern, z. B. 05315000"))
    ars = serializers.CharField(read_only=True, help_text=_("Amtlicher Regionalschlüssel, 12 Ziffern"))
    name = serializers.CharField(read_only=True, help_text=_("amtlicher Name, z. B. „Bergheim, Stadt“"))
    name_short = serializers.CharField(read_only=True, help_text=_("Kurzname (der Name vor dem ersten Komma)"))
    kind = serializers.ChoiceField(
        choices=Gemeinde.Kind.choices,
        read_only=True,
        help_text=_("Textkennzeichen: 61 kreisfreie Stadt, 63 Stadt, 64 kreisangehörige Gemeinde"),
    )
    kreis = serializers.CharField(source="kreis_id", read_only=True, help_text=_("Kreisschlüssel, z. B. 05362"))
    kreis_name = serializers.CharField(source="kreis.name", read_only=True, help_text=_("amtlicher Name des Kreises"))
    regierungsbezirk = serializers.CharField(
        source="kreis.regierungsbezirk_id", read_only=True, help_text=_("Schlüssel des Regierungsbezirks, z. B. 053")
    )
    population_male = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("davon männlich am Stichtag")
    )
    postal_code = serializers.CharField(read_only=True, help_text=_("Postleitzahl des Verwaltungssitzes"))

    class Meta:
        model = Gemeinde
        fields = [
            "url",
            "ags",
            "ars",
            "name",
            "name_short",
            "kind",
            "kreis",
            "kreis_name",
            "regierungsbezirk",
            "population",
            "population_male",
            "population_date",
            "area_km2",
            "density_per_km2",
            "postal_code",
            "lat",
            "lon",
        ]


class _Query(serializers.Serializer[Any]):
    """Query parameters of the list endpoints; a malformed value answers 400 instead of an empty list."""

    search = serializers.CharField(required=False, allow_blank=True, max_length=selectors.MAX_SEARCH)
    kreis = serializers.RegexField(
        r"^05\d{3}$", required=False, allow_blank=True, error_messages={"invalid": _("Fünf Ziffern, z. B. 05315.")}
    )
    regierungsbezirk = serializers.RegexField(
        r"^05\d$", required=False, allow_blank=True, error_messages={"invalid": _("Drei Ziffern, z. B. 053.")}
    )


SEARCH = OpenApiParameter(
    "search",
    {"type": "string", "maxLength": selectors.MAX_SEARCH, "pattern": r"^[^\x00]*$"},
    description=_("Teil des Namens (ohne Unterschied von Groß- und Kleinschreibung) oder Anfang des Schlüssels/AGS"),
)
REGIERUNGSBEZIRK = OpenApiParameter(
    "regierungsbezirk",
    OpenApiTypes.STR,
    pattern=r"^05\d$",
    description=_("Nur dieser Regierungsbezirk: 051 Düsseldorf, 053 Köln, 055 Münster, 057 Detmold, 059 Arnsberg"),
)
KREIS = OpenApiParameter(
    "kreis", OpenApiTypes.STR, pattern=r"^05\d{3}$", description=_("Nur Gemeinden dieses Kreises, z. B. 05315")
)
BAD_QUERY = OpenApiResponse(OpenApiTypes.OBJECT, description=_("Ungültiger Filterwert, je Parameter eine Meldung"))
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description=_("Schlüssel unbekannt"))


class _Public:
    """Open data: no authentication, no session, so no CSRF; the rule is public.

    Filtering goes through the selectors with validated parameters; the views declare no django-filter
    filterset, so the default filter backend leaves their querysets alone.
    """

    permission_required = "geo.view_gebiete"
    authentication_classes: Sequence[type[BaseAuthentication]] = ()


def _query(params: Any) -> dict[str, str]:
    query = _Query(data={key: params.get(key, "") for key in ("search", "kreis", "regierungsbezirk")})
    query.is_valid(raise_exception=True)
    return {key: str(value) for key, value in query.validated_data.items()}


@extend_schema_view(
    get=extend_schema(
        operation_id="gebiete_kreise_list",
        summary=_("Kreise und kreisfreie Städte"),
        description=format_lazy(
            "{} {}",
            _(
                "Die 31 Kreise (einschließlich der Städteregion Aachen) und 22 kreisfreien Städte "
                "Nordrhein-Westfalens, nach Namen sortiert, seitenweise. Suche nach Name oder Schlüssel "
                "(ein 8-stelliger AGS findet den Kreis, in dem die Gemeinde liegt), Filter nach Regierungsbezirk."
            ),
            SOURCE,
        ),
        tags=[TAG],
        parameters=[SEARCH, REGIERUNGSBEZIRK],
        responses={200: KreisSerializer(many=True), 400: BAD_QUERY},
    )
)
class KreisList(_Public, generics.ListAPIView[Kreis]):
    serializer_class = KreisSerializer

    def get_queryset(self) -> QuerySet[Kreis]:
        query = _query(self.request.query_params)
        return selectors.kreis_list(search=query.get("search", ""), regierungsbezirk=query.get("regierungsbezirk", ""))


@extend_schema_view(
    get=extend_schema(
        operation_id="gebiete_kreise_get",
        summary=_("Ein Kreis oder eine kreisfreie Stadt"),
        description=format_lazy(
            "{} {}", _("Ein Kreis oder eine kreisfreie Stadt nach dem 5-stelligen Kreisschlüssel."), SOURCE
        ),
        tags=[TAG],
        parameters=[
            OpenApiParameter(
                "key",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                pattern=r"^05\d{3}$",
                description=_("Kreisschlüssel, z. B. 05315 für Köln"),
            )
        ],
        responses={200: KreisSerializer, 404: NOT_FOUND},
    )
)
class KreisDetail(_Public, generics.RetrieveAPIView[Kreis]):
    serializer_class = KreisSerializer
    lookup_field = "key"

    def get_queryset(self) -> QuerySet[Kreis]:
        return selectors.kreis_list()


@extend_schema_view(
    get=extend_schema(
        operation_id="gebiete_gemeinden_list",
        summary=_("Gemeinden"),
        description=format_lazy(
            "{} {}",
            _(
                "Die 396 Gemeinden Nordrhein-Westfalens, nach Namen sortiert, seitenweise. Suche nach Name oder "
                "AGS-Anfang, Filter nach Kreis und Regierungsbezirk (kombinierbar)."
            ),
            SOURCE,
        ),
        tags=[TAG],
        parameters=[SEARCH, KREIS, REGIERUNGSBEZIRK],
        responses={200: GemeindeSerializer(many=True), 400: BAD_QUERY},
    )
)
class GemeindeList(_Public, generics.ListAPIView[Gemeinde]):
    serializer_class = GemeindeSerializer

    def get_queryset(self) -> QuerySet[Gemeinde]:
        query = _query(self.request.query_params)
        return selectors.gemeinde_list(
            search=query.get("search", ""),
            kreis=query.get("kreis", ""),
            regierungsbezirk=query.get("regierungsbezirk", ""),
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="gebiete_gemeinden_get",
        summary=_("Eine Gemeinde"),
        description=format_lazy(
            "{} {}", _("Eine Gemeinde nach ihrem 8-stelligen Amtlichen Gemeindeschlüssel (AGS)."), SOURCE
        ),
        tags=[TAG],
        parameters=[
            OpenApiParameter(
                "ags",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                pattern=r"^05\d{6}$",
                description=_("Amtlicher Gemeindeschlüssel, z. B. 05315000 für Köln"),
            )
        ],
        responses={200: GemeindeSerializer, 404: NOT_FOUND},
    )
)
class GemeindeDetail(_Public, generics.RetrieveAPIView[Gemeinde]):
    serializer_class = GemeindeSerializer
    lookup_field = "ags"

    def get_queryset(self) -> QuerySet[Gemeinde]:
        return selectors.gemeinde_list()
