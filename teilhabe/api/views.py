from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from drf_spectacular.utils import extend_schema
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from teilhabe.core.decorators import permission_required


class ApiRoot(APIView):
    """Entry point: names the API version, its OpenAPI document and its public endpoints.

    Declares its rule like every other API view (DeclaredRulePermission refuses views without one).
    """

    permission_required = "core.view_start"
    authentication_classes: Sequence[type[BaseAuthentication]] = ()

    @extend_schema(exclude=True)
    def get(self, request: Request) -> HttpResponseBase:
        if wants_html(request):
            return docs_page(request)
        return Response(
            {
                "name": "Teilhabe NRW API",
                "version": "v1",
                "openapi": request.build_absolute_uri(reverse("api:openapi")),
                "docs": request.build_absolute_uri(reverse("api:docs")),
                "endpoints": endpoints(request),
            }
        )


def endpoints(request: HttpRequest) -> dict[str, str]:
    """The public endpoints by name, as absolute addresses (path parameters as ``{name}``)."""

    def url(name: str, **kwargs: str) -> str:
        return request.build_absolute_uri(reverse(name, kwargs=kwargs or None))

    def template(name: str, placeholder: str) -> str:
        """An endpoint with a path parameter, e.g. .../kreise/{key}."""
        return url(name, **{placeholder: "PLACEHOLDER"}).replace("PLACEHOLDER", "{" + placeholder + "}")

    return {
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
    }


def wants_html(request: HttpRequest) -> bool:
    """A browser asking for a page (HTML before JSON in its Accept header); API clients get JSON."""
    accept = request.headers.get("Accept", "")
    html, json = accept.find("text/html"), accept.find("application/json")
    return html != -1 and (json == -1 or html < json)


def docs_page(request: HttpRequest) -> HttpResponse:
    """The API index for people: the endpoints, the OpenAPI document and Swagger UI on it (own static files)."""
    return render(
        request,
        "api/docs.html",
        {"openapi": reverse("api:openapi"), "endpoints": sorted(endpoints(request).items())},
    )


@permission_required("core.view_start")
@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    return docs_page(request)
