"""Public API of the geo app: Kreise and Gemeinden of NRW (mounted under /api/v1/ by teilhabe.api.urls)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers

from teilhabe.geo import selectors
from teilhabe.geo.models import Gemeinde, Kreis


class KreisSerializer(serializers.ModelSerializer[Kreis]):
    ags = serializers.CharField(read_only=True, help_text="8-stellige Form des Kreisschlüssels")
    regierungsbezirk = serializers.CharField(source="regierungsbezirk_id", help_text="Schlüssel, z. B. 053")
    regierungsbezirk_name = serializers.CharField(source="regierungsbezirk.name")

    class Meta:
        model = Kreis
        fields = [
            "key",
            "ags",
            "name",
            "name_short",
            "kind",
            "seat",
            "regierungsbezirk",
            "regierungsbezirk_name",
            "population",
            "population_date",
            "area_km2",
            "lat",
            "lon",
        ]


class GemeindeSerializer(serializers.ModelSerializer[Gemeinde]):
    kreis = serializers.CharField(source="kreis_id", help_text="Kreisschlüssel, z. B. 05315")
    kreis_name = serializers.CharField(source="kreis.name_short")
    regierungsbezirk = serializers.CharField(source="kreis.regierungsbezirk_id")

    class Meta:
        model = Gemeinde
        fields = [
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
            "postal_code",
            "lat",
            "lon",
        ]


SEARCH = OpenApiParameter("search", OpenApiTypes.STR, description="Name (Teil) oder Schlüssel/AGS (Anfang)")
REGBEZ = OpenApiParameter("regierungsbezirk", OpenApiTypes.STR, description="Regierungsbezirk, z. B. 053")
KREIS = OpenApiParameter("kreis", OpenApiTypes.STR, description="Kreisschlüssel, z. B. 05315")


class _Public:
    permission_required = "geo.view_gebiete"
    authentication_classes: list[Any] = []
    filter_backends: list[Any] = []


@extend_schema_view(get=extend_schema(summary="Kreise und kreisfreie Städte", parameters=[SEARCH, REGBEZ]))
class KreisList(_Public, generics.ListAPIView[Kreis]):  # type: ignore[misc]
    serializer_class = KreisSerializer

    def get_queryset(self) -> QuerySet[Kreis]:
        params = self.request.query_params
        return selectors.kreis_list(
            search=params.get("search", "")[:100], regierungsbezirk=params.get("regierungsbezirk", "")[:3]
        )


@extend_schema_view(get=extend_schema(summary="Ein Kreis oder eine kreisfreie Stadt"))
class KreisDetail(_Public, generics.RetrieveAPIView[Kreis]):  # type: ignore[misc]
    serializer_class = KreisSerializer
    lookup_field = "key"

    def get_queryset(self) -> QuerySet[Kreis]:
        return selectors.kreis_list()


@extend_schema_view(get=extend_schema(summary="Gemeinden", parameters=[SEARCH, KREIS, REGBEZ]))
class GemeindeList(_Public, generics.ListAPIView[Gemeinde]):  # type: ignore[misc]
    serializer_class = GemeindeSerializer

    def get_queryset(self) -> QuerySet[Gemeinde]:
        params = self.request.query_params
        return selectors.gemeinde_list(
            search=params.get("search", "")[:100],
            kreis=params.get("kreis", "")[:5],
            regierungsbezirk=params.get("regierungsbezirk", "")[:3],
        ).select_related("kreis")


@extend_schema_view(get=extend_schema(summary="Eine Gemeinde"))
class GemeindeDetail(_Public, generics.RetrieveAPIView[Gemeinde]):  # type: ignore[misc]
    serializer_class = GemeindeSerializer
    lookup_field = "ags"

    def get_queryset(self) -> QuerySet[Gemeinde]:
        return selectors.gemeinde_list()
