"""The read-only HSDS 3.1 API under /api/v1/hsds/ and the full download at /opendata/hsds.json."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_safe
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from teilhabe.core.decorators import permission_required
from teilhabe.geo.selectors import geocode_postcode
from teilhabe.registry import hsds
from teilhabe.registry.models import Location, Offer, Organisation, Status, TargetGroup, Topic
from teilhabe.search.geo import bounding_box, haversine_km

MAX_PER_PAGE = 200


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound from None


def page_envelope(request: Request, items: list[Any] | QuerySet[Any], serialize: Any) -> dict[str, Any]:
    try:
        page = max(1, int(request.query_params.get("page", 1)))
        per_page = min(MAX_PER_PAGE, max(1, int(request.query_params.get("per_page", 50))))
    except ValueError:
        raise ValidationError({"page": "page und per_page müssen ganze Zahlen sein."}) from None
    total = len(items) if isinstance(items, list) else items.count()
    total_pages = max(1, math.ceil(total / per_page))
    chunk = items[(page - 1) * per_page : page * per_page]
    contents = [serialize(item) for item in chunk]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


class _HsdsView(APIView):
    permission_required = "public.view_finder"
    authentication_classes: list[Any] = []


class HsdsRoot(_HsdsView):
    @extend_schema(operation_id="hsds_root", summary="HSDS: Version und Profil", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response(
            {
                "version": hsds.HSDS_VERSION,
                "profile": hsds.PROFILE_URL,
                "openapi_url": request.build_absolute_uri(reverse("api:openapi")),
            }
        )


SERVICE_PARAMS = [
    OpenApiParameter("search", OpenApiTypes.STR),
    OpenApiParameter("page", OpenApiTypes.INT),
    OpenApiParameter("per_page", OpenApiTypes.INT),
    OpenApiParameter("taxonomy_term_id", OpenApiTypes.UUID),
    OpenApiParameter("organization_id", OpenApiTypes.UUID),
    OpenApiParameter("modified_after", OpenApiTypes.DATETIME),
    OpenApiParameter("postcode", OpenApiTypes.STR),
    OpenApiParameter("proximity", OpenApiTypes.NUMBER, description="Umkreis in km um postcode"),
]


def filtered_services(params: Any) -> list[Offer] | QuerySet[Offer]:
    qs = hsds.service_queryset()
    if search := params.get("search", "").strip():
        for word in search.split():
            qs = qs.filter(
                Q(title__icontains=word) | Q(description__icontains=word) | Q(organisation__name__icontains=word)
            )
    if term := params.get("taxonomy_term_id"):
        term_id = _uuid(term)
        qs = qs.filter(Q(topics__id=term_id) | Q(target_groups__id=term_id)).distinct()
    if org := params.get("organization_id"):
        qs = qs.filter(organisation_id=_uuid(org))
    if modified := params.get("modified_after"):
        moment = parse_datetime(modified) or (
            dt.datetime.combine(d, dt.time.min, tzinfo=dt.UTC) if (d := parse_date(modified)) else None
        )
        if moment is None:
            raise ValidationError({"modified_after": "Datum im Format JJJJ-MM-TT oder ISO 8601 erwartet."})
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        qs = qs.filter(updated_at__gt=moment)
    if postcode := params.get("postcode"):
        point = geocode_postcode(postcode)
        if point is None:
            raise ValidationError({"postcode": "Unbekannte Postleitzahl."})
        try:
            radius = float(params.get("proximity", 10))
        except ValueError:
            raise ValidationError({"proximity": "Zahl in km erwartet."}) from None
        south, north, west, east = bounding_box(point[0], point[1], radius)
        qs = qs.filter(locations__lat__range=(south, north), locations__lon__range=(west, east)).distinct()
        # The box is a first cut; the exact circle decides.
        return [
            o
            for o in qs
            if any(haversine_km(point[0], point[1], loc.lat, loc.lon) <= radius for loc in o.locations.all())
        ]
    return qs


class ServiceList(_HsdsView):
    @extend_schema(
        operation_id="hsds_services_list",
        summary="HSDS: Angebote (services)",
        parameters=SERVICE_PARAMS,
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        return Response(page_envelope(request, filtered_services(request.query_params), hsds.service))


class ServiceDetail(_HsdsView):
    @extend_schema(
        operation_id="hsds_service_get",
        summary="HSDS: ein Angebot, vollständig verschachtelt",
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, pk: str) -> Response:
        offer = hsds.service_queryset().filter(pk=_uuid(pk)).first()
        if offer is None:
            raise NotFound
        return Response(hsds.service(offer))


def _organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(offers__status=Status.PUBLISHED).distinct().order_by("id")


class OrganizationList(_HsdsView):
    @extend_schema(
        operation_id="hsds_organizations_list", summary="HSDS: Organisationen", responses=OpenApiTypes.OBJECT
    )
    def get(self, request: Request) -> Response:
        return Response(page_envelope(request, _organisations(), hsds.organization))


class OrganizationDetail(_HsdsView):
    @extend_schema(
        operation_id="hsds_organization_get", summary="HSDS: eine Organisation", responses=OpenApiTypes.OBJECT
    )
    def get(self, request: Request, pk: str) -> Response:
        org = _organisations().filter(pk=_uuid(pk)).first()
        if org is None:
            raise NotFound
        data = hsds.organization(org)
        data["services"] = [
            {"id": str(o.pk), "name": o.title} for o in org.offers.filter(status=Status.PUBLISHED).order_by("title")
        ]
        return Response(data)


def _service_at_locations() -> QuerySet[Location]:
    return Location.objects.filter(offer__status=Status.PUBLISHED).select_related("offer").order_by("id")


def _sal(loc: Location) -> dict[str, Any]:
    return {
        "id": hsds.stable_id("sal", loc.offer_id, loc.pk),
        "service_id": str(loc.offer_id),
        "location_id": str(loc.pk),
        "location": hsds.location(loc),
    }


class ServiceAtLocationList(_HsdsView):
    @extend_schema(
        operation_id="hsds_service_at_locations_list", summary="HSDS: Angebote an Orten", responses=OpenApiTypes.OBJECT
    )
    def get(self, request: Request) -> Response:
        return Response(page_envelope(request, _service_at_locations(), _sal))


class ServiceAtLocationDetail(_HsdsView):
    @extend_schema(
        operation_id="hsds_service_at_location_get",
        summary="HSDS: ein Angebot an einem Ort",
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, pk: str) -> Response:
        wanted = str(_uuid(pk))
        # service_at_location ids are derived (uuid5 of offer and place): look them up through the places.
        for loc in _service_at_locations().iterator(chunk_size=2000):
            if hsds.stable_id("sal", loc.offer_id, loc.pk) == wanted:
                return Response(_sal(loc))
        raise NotFound


class TaxonomyList(_HsdsView):
    @extend_schema(operation_id="hsds_taxonomies_list", summary="HSDS: Taxonomien", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response(page_envelope(request, hsds.taxonomies(), lambda t: t))


class TaxonomyDetail(_HsdsView):
    @extend_schema(operation_id="hsds_taxonomy_get", summary="HSDS: eine Taxonomie", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: str) -> Response:
        for taxonomy in hsds.taxonomies():
            if taxonomy["id"] == str(_uuid(pk)):
                return Response(taxonomy)
        raise NotFound


def _terms() -> list[Topic | TargetGroup]:
    return [*Topic.objects.filter(is_active=True), *TargetGroup.objects.filter(is_active=True)]


class TaxonomyTermList(_HsdsView):
    @extend_schema(
        operation_id="hsds_taxonomy_terms_list", summary="HSDS: Taxonomie-Begriffe", responses=OpenApiTypes.OBJECT
    )
    def get(self, request: Request) -> Response:
        terms = _terms()
        if taxonomy_id := request.query_params.get("taxonomy_id"):
            terms = [t for t in terms if hsds.taxonomy_term(t)["taxonomy_id"] == taxonomy_id]
        return Response(page_envelope(request, terms, hsds.taxonomy_term))


class TaxonomyTermDetail(_HsdsView):
    @extend_schema(
        operation_id="hsds_taxonomy_term_get", summary="HSDS: ein Taxonomie-Begriff", responses=OpenApiTypes.OBJECT
    )
    def get(self, request: Request, pk: str) -> Response:
        term_id = _uuid(pk)
        term = Topic.objects.filter(pk=term_id).first() or TargetGroup.objects.filter(pk=term_id).first()
        if term is None:
            raise NotFound
        return Response(hsds.taxonomy_term(term))


@permission_required("public.view_finder")
@require_safe  # HEAD too: download managers ask for the size first
def hsds_download(request: HttpRequest) -> StreamingHttpResponse:
    """The whole published registry as one JSON array of fully nested HSDS services, streamed."""
    response = StreamingHttpResponse(hsds.stream_json_array(hsds.iter_services()), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="teilhabe-nrw-hsds.json"'
    return response


@permission_required("public.view_finder")
@require_safe  # HEAD too: download managers ask for the size first
def hsds_tabular_download(request: HttpRequest) -> HttpResponse:
    """The HSDS tabular data package (one CSV per object and datapackage.json) as a zip file."""
    from teilhabe.registry import hsds_tabular

    response = HttpResponse(hsds_tabular.zip_bytes(hsds.iter_services()), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="teilhabe-nrw-hsds-tabular.zip"'
    return response
