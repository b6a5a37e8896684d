from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class ApiRoot(APIView):
    """Entry point: names the API version, its OpenAPI document and its public endpoints.

    Declares its rule like every other API view (DeclaredRulePermission refuses views without one).
    """

    permission_required = "core.view_start"
    authentication_classes: Sequence[type[BaseAuthentication]] = ()

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        def url(name: str, **kwargs: str) -> str:
            return request.build_absolute_uri(reverse(name, kwargs=kwargs or None))

        def template(name: str, placeholder: str) -> str:
            """An endpoint with a path parameter, e.g. .../kreise/{key}."""
            return url(name, **{placeholder: "PLACEHOLDER"}).replace("PLACEHOLDER", "{" + placeholder + "}")

        return Response(
            {
                "name": "Teilhabe NRW API",
                "version": "v1",
                "openapi": url("api:openapi"),
                "endpoints": {
                    "kreise": url("api:kreis_list"),
                    "kreis": template("api:kreis_detail", "key"),
                    "gemeinden": url("api:gemeinde_list"),
                    "gemeinde": template("api:gemeinde_detail", "ags"),
                    "offers": url("api:offer_search"),
                    "hsds": url("api:hsds_root"),
                    "hsds_download": url("opendata_hsds"),
                    "grants": url("api:grants"),
                    "grants_download": url("opendata_360giving"),
                    "workforce_published": url("api:workforce_published"),
                },
            }
        )
