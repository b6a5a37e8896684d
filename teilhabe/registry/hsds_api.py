"""The read-only HSDS 3.1 API under /api/v1/hsds/ and the full download at /opendata/hsds.json."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date, parse_http_date_safe
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
from teilhabe.registry.ratelimit import PublicRateThrottle, rate_limited
from teilhabe.search.geo import bounding_box, haversine_km

MAX_PER_PAGE = 200


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound from None


#: Deepest first item a list answers, and so the deepest page at the largest page size; deeper ones are refused,
#: not computed (bulk readers take the open-data files).
MAX_OFFSET = 1_000_000
MAX_PAGE = MAX_OFFSET // MAX_PER_PAGE
#: ``search``: at most this many words and characters (each word becomes LIKE conditions in the database).
MAX_SEARCH_WORDS = 10
MAX_SEARCH_LENGTH = 200
MAX_PROXIMITY_KM = 200.0
#: Largest UTC offset that exists (UTC+14, Kiribati).
MAX_UTC_OFFSET = dt.timedelta(hours=14)


def _positive_int(params: Any, name: str, default: int) -> int:
    value = params.get(name, "")
    if value in ("", None):
        return default
    if not (isinstance(value, str) and value.isascii() and value.lstrip("-").isdigit() and len(value) <= 12):
        raise ValidationError({name: f"{name} muss eine ganze Zahl sein."})
    return int(value)


def page_envelope(request: Request, items: list[Any] | QuerySet[Any], serialize: Any) -> dict[str, Any]:
    params = request.query_params
    page = _positive_int(params, "page", 1)
    per_page = _positive_int(params, "per_page", 50)
    if page < 1:
        raise ValidationError({"page": "Die Seite muss eine ganze Zahl ab 1 sein."})
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValidationError({"per_page": f"Zwischen 1 und {MAX_PER_PAGE} Einträge je Seite."})
    if page > MAX_PAGE:
        raise ValidationError({"page": f"Höchstens Seite {MAX_PAGE}; bitte filtern oder die Open-Data-Datei laden."})
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
    throttle_classes = [PublicRateThrottle]
    throttle_scope = "search"


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
    OpenApiParameter(
        "search",
        {
            "type": "string",
            "maxLength": MAX_SEARCH_LENGTH,
            # at most MAX_SEARCH_WORDS words, no NUL
            "pattern": rf"^\s*([^\s\x00]+\s+){{0,{MAX_SEARCH_WORDS - 1}}}[^\s\x00]*\s*$",
        },
    ),
    OpenApiParameter("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
    OpenApiParameter("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
    OpenApiParameter("taxonomy_term_id", OpenApiTypes.UUID),
    OpenApiParameter("organization_id", OpenApiTypes.UUID),
    OpenApiParameter("modified_after", OpenApiTypes.DATETIME),
    OpenApiParameter("postcode", OpenApiTypes.STR),
    OpenApiParameter(
        "proximity",
        {"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": MAX_PROXIMITY_KM},
        description="Umkreis in km um postcode",
    ),
]


def _moment(value: str) -> dt.datetime:
    """``modified_after``: a date (midnight UTC) or an ISO 8601 moment (UTC without offset); 400 for anything
    that is no real moment: 2026-02-30, month 13, year 0, offsets beyond ±14:00, moments beyond the calendar."""
    error = ValidationError({"modified_after": "Datum im Format JJJJ-MM-TT oder ISO 8601 erwartet (z. B. 2026-01-31)."})
    try:
        moment = parse_datetime(value) or (
            dt.datetime.combine(d, dt.time.min, tzinfo=dt.UTC) if (d := parse_date(value)) else None
        )
        if moment is None:
            raise error
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        offset = moment.utcoffset()
        if offset is None or abs(offset) > MAX_UTC_OFFSET:
            raise error
        return moment.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise error from None


def filtered_services(params: Any) -> list[Offer] | QuerySet[Offer]:
    qs = hsds.service_queryset()
    if search := params.get("search", "").strip():
        if len(search) > MAX_SEARCH_LENGTH or len(search.split()) > MAX_SEARCH_WORDS or "\x00" in search:
            raise ValidationError({"search": f"Höchstens {MAX_SEARCH_WORDS} Wörter und {MAX_SEARCH_LENGTH} Zeichen."})
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
        qs = qs.filter(updated_at__gt=_moment(modified))
    if postcode := params.get("postcode"):
        point = geocode_postcode(postcode)
        if point is None:
            raise ValidationError({"postcode": "Unbekannte Postleitzahl."})
        try:
            radius = float(params.get("proximity", 10))
        except ValueError:
            radius = math.nan
        if not 0 < radius <= MAX_PROXIMITY_KM:  # also NaN
            raise ValidationError({"proximity": f"Zahl in km erwartet, größer 0 und höchstens {MAX_PROXIMITY_KM:g}."})
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


def _open_data_file(request: HttpRequest, name: str, content_type: str, download_name: str) -> HttpResponseBase:
    """A prebuilt open-data file with ETag and Last-Modified (304 when unchanged), gzip for clients that take it.
    Not built yet: the build is queued and the answer is 503 with Retry-After (with the immediate task backend of
    development the build runs at once and the file is served)."""
    from teilhabe.registry import opendata

    path = opendata.path_of(name)
    if not path.exists():
        opendata.request_build()
        if not path.exists():
            pending = HttpResponse("Die Datei wird gerade erzeugt.", status=503, content_type="text/plain")
            pending["Retry-After"] = "60"
            return pending
    gzipped = opendata.path_of(f"{name}.gz")
    use_gzip = gzipped.exists() and "gzip" in request.headers.get("Accept-Encoding", "")
    served = gzipped if use_gzip else path
    stat = served.stat()
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}{"-gz" if use_gzip else ""}"'
    last_modified = http_date(stat.st_mtime)
    if request.headers.get("If-None-Match") == etag or (
        "If-None-Match" not in request.headers
        and (since := parse_http_date_safe(request.headers.get("If-Modified-Since", "")))
        and int(stat.st_mtime) <= since
    ):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"], not_modified["Last-Modified"] = etag, last_modified
        return not_modified
    response = FileResponse(open(served, "rb"), content_type=content_type)  # noqa: SIM115 (closed by Django)
    if use_gzip:
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    response["Content-Length"] = str(stat.st_size)
    response["ETag"], response["Last-Modified"] = etag, last_modified
    response["Cache-Control"] = "public, max-age=300"
    response["Content-Disposition"] = f'attachment; filename="{download_name}"'
    return response


@permission_required("public.view_finder")
@rate_limited("download")
@require_safe
def hsds_download(request: HttpRequest) -> HttpResponseBase:
    """The whole published registry as one JSON array of fully nested HSDS services (built in the background)."""
    return _open_data_file(request, "hsds.json", "application/json", "teilhabe-nrw-hsds.json")


@permission_required("public.view_finder")
@rate_limited("download")
@require_safe
def hsds_tabular_download(request: HttpRequest) -> HttpResponseBase:
    """The HSDS tabular data package (one CSV per object and datapackage.json) as a zip file."""
    return _open_data_file(request, "hsds-tabular.zip", "application/zip", "teilhabe-nrw-hsds-tabular.zip")
