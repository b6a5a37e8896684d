from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class ApiRoot(APIView):
    """Entry point: names the API version, its OpenAPI document and its public endpoints."""

    permission_required = "core.view_start"
    authentication_classes: list[Any] = []

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        def url(name: str) -> str:
            return request.build_absolute_uri(reverse(name))

        return Response(
            {
                "name": "Teilhabe NRW API",
                "version": "v1",
                "openapi": url("api:openapi"),
                "endpoints": {
                    "kreise": url("api:kreis_list"),
                    "gemeinden": url("api:gemeinde_list"),
                    "offers": url("api:offer_search"),
                    "hsds": url("api:hsds_root"),
                    "hsds_download": url("opendata_hsds"),
                },
            }
        )
