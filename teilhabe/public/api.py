"""`GET /api/v1/offers`: the finder's search as JSON, answering {"count": N, "items": [...]}."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from teilhabe.core.memo import Kept
from teilhabe.public import finder
from teilhabe.registry.ratelimit import PublicRateThrottle
from teilhabe.registry.search import search_index, search_offers
from teilhabe.registry.selectors import OfferCard, all_published


def offer_item(offer: OfferCard, distance_km: float | None, base_url: str) -> dict[str, Any]:
    """One result as JSON; ``base_url``: the absolute address of the offer pages, ending in ``/``."""
    return {
        "id": str(offer.pk),
        "title": offer.title,
        "description": offer.description,
        "organisation": {
            "id": str(offer.organisation.id),
            "name": offer.organisation.name,
            "kind": offer.organisation.kind,
        },
        "topics": [t.key for t in offer.topics],
        "target_groups": [g.key for g in offer.target_groups],
        "languages": [lang.code for lang in offer.languages],
        "locations": [
            {
                "name": loc.name,
                "street": loc.street,
                "postal_code": loc.postal_code,
                "city": loc.city,
                "gemeinde": loc.gemeinde_id,
                "lat": loc.lat,
                "lon": loc.lon,
            }
            for loc in offer.locations
        ],
        "is_free": offer.is_free,
        "distance_km": distance_km,
        "url": f"{base_url}{offer.pk}/",
        "translations": {
            language: {"title": texts["title"], "description": texts["description"]}
            for language, texts in offer.translations.items()
        },
    }


_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"

#: Languages of the search words (the finder's languages).
LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru")

#: A text without NUL (the form refuses it).
NO_NUL = r"^[^\x00]*$"

#: The query parameters with the bounds the finder's form enforces; the keys of topics, target groups, languages,
#: Kreise, Gemeinden and places come from the database and are filled in by teilhabe.api.schema.declare_known_keys.
PARAMS = [
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": 200, "pattern": NO_NUL},
        description="Suchbegriffe (Volltextsuche in der Sprache `lang`)",
    ),
    OpenApiParameter(
        "lang",
        OpenApiTypes.STR,
        enum=["de", "en", "tr", "ar", "uk", "ru"],
        description="Sprache der Suchbegriffe (Voreinstellung de); Übersetzungen und Themennamen dieser Sprache "
        "werden mit ihrer Sprachanalyse durchsucht",
    ),
    OpenApiParameter("topic", OpenApiTypes.STR, many=True, description="Themenschlüssel, z. B. sprache"),
    OpenApiParameter("language", OpenApiTypes.STR, many=True, description="Sprache (ISO 639-1), z. B. ar"),
    OpenApiParameter("target_group", OpenApiTypes.STR, many=True, description="Zielgruppenschlüssel"),
    OpenApiParameter("kreis", OpenApiTypes.STR, description="Kreisschlüssel, z. B. 05315"),
    OpenApiParameter("gemeinde", OpenApiTypes.STR, description="AGS, z. B. 05315000"),
    OpenApiParameter("near", OpenApiTypes.STR, description="PLZ, Ortsname, AGS oder 'lat,lon'"),
    OpenApiParameter(
        "radius_km", {"type": "integer", "enum": [r for r, _label in finder.RADII]}, description="Umkreis in km"
    ),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=["relevance", "distance"]),
    OpenApiParameter(
        "page", {"type": "integer", "minimum": 1, "maximum": 10_000}, description="Seite (20 Treffer je Seite)"
    ),
]


class OfferSearch(APIView):
    permission_required = "public.view_finder"
    authentication_classes: list[Any] = []
    throttle_classes = [PublicRateThrottle]
    throttle_scope = "search"

    @extend_schema(
        summary="Veröffentlichte Angebote suchen",
        parameters=PARAMS,
        responses={
            200: inline_serializer(
                "OfferSearchResult",
                {
                    "count": serializers.IntegerField(help_text="exakte Zahl aller Treffer"),
                    "page": serializers.IntegerField(),
                    "pages": serializers.IntegerField(),
                    "items": serializers.ListField(child=serializers.DictField()),
                    "facets": serializers.DictField(help_text="Anzahl je Wert über alle Treffer"),
                },
            ),
            400: OpenApiTypes.OBJECT,
        },
    )
    def get(self, request: Request) -> HttpResponseBase:
        base_url = request.build_absolute_uri(reverse("public:offer_detail", args=[_PLACEHOLDER]))
        base_url = base_url[: -len(f"{_PLACEHOLDER}/")]
        index = search_index()
        # Taken before the search (see SearchIndex.current_snapshot): an answer is kept under the snapshot it may
        # be newer than, never under one it is older than.
        key = (str(index.path), index.current_snapshot(), base_url, request.META.get("QUERY_STRING", ""))
        kept = _kept_answer(key)
        if kept is not None:
            return _json_answer(kept.body)
        answer = self._answer(request, base_url)
        if isinstance(answer, _Answer):
            _ANSWERS.put(key, answer)
            return _json_answer(answer.body)
        return answer

    def _answer(self, request: Request, base_url: str) -> _Answer | Response:
        params = request.query_params.copy()
        if "page" in params:
            params["seite"] = params.pop("page")[0]
        form = finder.FinderForm(params)
        if not form.is_valid():
            errors = {key: list(value) for key, value in form.errors.items()}
            if "seite" in errors:  # the finder's name of the page: answer with the API's
                del errors["seite"]
                errors["page"] = [gettext("Die Seite muss eine ganze Zahl ab 1 sein.")]
            return Response({"errors": errors}, status=400)
        lang = params.get("lang", "de")
        if lang not in LANGUAGES:
            return Response({"errors": {"lang": [f"unbekannte Sprache; erlaubt: {', '.join(LANGUAGES)}"]}}, status=400)
        parsed = finder.parse(form, language=lang)
        found = search_offers(parsed.query)
        body = JSONRenderer().render(
            {
                "count": found.result.total,
                "page": found.result.page,
                "pages": found.result.pages,
                "items": [offer_item(o, found.distances.get(str(o.pk)), base_url) for o in found.offers],
                "facets": found.result.facets,
            }
        )
        return _Answer(tuple(o.pk for o in found.offers), body)


def _json_answer(body: bytes) -> HttpResponse:
    return HttpResponse(body, content_type="application/json")


@dataclass(frozen=True)
class _Answer:
    #: the offers on the page, in its order
    offer_ids: tuple[uuid.UUID, ...]
    #: the answer as JSON
    body: bytes


#: Answers of ``OfferSearch`` kept per web worker, by index snapshot, host and query string.
#:
#: The search itself is kept by the index (per snapshot) and the page's cards by ``search_offers``; what is left
#: per request is validating the form and building and encoding the JSON, which cost about as much as the rest of
#: Django's path together. A kept answer is given again only while its index snapshot is the current one (every
#: change of a published offer reaches the index through the outbox and starts a new one), for at most a minute
#: (master data such as postcodes changes without the index), and only if every offer on it is still published
#: (``_kept_answer``): an offer withdrawn since leaves the page at once, as on a page read fresh.
_ANSWERS: Kept[tuple[str, int, str, str], _Answer] = Kept(size=256, ttl=60.0)


def _kept_answer(key: tuple[str, int, str, str]) -> _Answer | None:
    answer = _ANSWERS.get(key)
    return answer if answer is not None and all_published(answer.offer_ids) else None
