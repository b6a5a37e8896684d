from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from teilhabe.core.decorators import permission_required
from teilhabe.core.memo import Kept
from teilhabe.public import finder
from teilhabe.public.pdf import render_pdf
from teilhabe.registry import selectors as registry_selectors
from teilhabe.registry.models import Localised, Organisation
from teilhabe.registry.ratelimit import rate_limited
from teilhabe.registry.search import search_index, search_offers

MAP_POINTS = 3000

T = TypeVar("T")


def _labels() -> dict[str, dict[str, str]]:
    return {
        **finder.choices.get().labels,
        "org_kind": {key: str(label) for key, label in Organisation.Kind.choices},
    }


#: The filters shown as checkboxes with their number of matches (``public/_facet.html``).
CHECKBOX_FACETS = ("topic", "language", "target_group", "org_kind")


def _facet_rows(form: finder.FinderForm, counts: Mapping[str, Mapping[str, int]]) -> dict[str, list[Any]]:
    """Per checkbox filter: (value, label, number of matches, checked) of each choice that has matches, in the
    order of the choices. Built here in one pass: the template's loop over the counts inside the loop over the
    choices took a few thousand template steps per page."""
    rows: dict[str, list[Any]] = {}
    for name in CHECKBOX_FACETS:
        found = counts.get(name, {})
        chosen = {str(v) for v in (form[name].value() or [])}
        rows[name] = [
            (str(value), text, found[value], str(value) in chosen)
            for value, text in form.fields[name].choices  # type: ignore[attr-defined]
            if value in found
        ]
    return rows


def _with_counts(choices: Any, counts: Mapping[str, int]) -> list[tuple[str, str]]:
    """Choices with the number of matches after each label (not after the empty choice)."""
    return [(key, f"{label} ({counts.get(key, 0)})" if key else label) for key, label in choices]


def _count_choices(
    form: finder.FinderForm, filters: Mapping[str, Sequence[str]], counts: Mapping[str, Mapping[str, int]]
) -> None:
    """The Kreis and Gemeinde choices with their number of matches (the Kreise only before one is chosen: then
    the others would count nothing)."""
    if not filters.get("kreis"):
        field = form.fields["kreis"]
        field.choices = _with_counts(field.choices, counts.get("kreis", {}))  # type: ignore[attr-defined]
    widget = form.fields["gemeinde"].widget
    if isinstance(widget, forms.Select) and not filters.get("gemeinde"):
        widget.choices = _with_counts(widget.choices, counts.get("gemeinde", {}))


#: Rendered middles of public pages, kept per web worker for a minute at most. See ``finder_view`` and
#: ``offer_detail``.
_RENDERED: Kept[tuple[Any, ...], Any] = Kept(size=256, ttl=60.0)


def _kept(key: tuple[Any, ...], make: Callable[[], T]) -> T:
    kept = _RENDERED.get(key)
    if kept is None:
        kept = make()
        _RENDERED.put(key, kept)
    return cast(T, kept)


@permission_required("public.view_finder")
@rate_limited("search")
@require_GET
def finder_view(request: HttpRequest) -> HttpResponse:
    """The finder. Its middle (form, facets and results) is rendered once per question, language, index snapshot
    and the offers shown, and kept for a minute at most: rendering it took four fifths of the page's time. Every
    change to a published offer starts a new snapshot, and an offer withdrawn meanwhile changes the offers shown;
    the frame around it (the person's navigation, the form token) is rendered for every request."""
    form = finder.FinderForm(request.GET or None)
    parsed = finder.parse(form) if request.GET else finder.parse(finder.FinderForm({}))
    found = search_offers(parsed.query)
    key = (
        found.snapshot,
        get_language(),
        tuple(sorted((name, tuple(values)) for name, values in request.GET.lists())),
        tuple(str(offer.pk) for offer in found.offers),
    )
    main = _kept(key, lambda: _finder_main(request, form, parsed, found))
    return render(request, "public/finder.html", {"main": main, "public_page": True})


def _finder_main(request: HttpRequest, form: finder.FinderForm, parsed: Any, found: Any) -> SafeString:
    labels = _labels()
    facets = {
        name: sorted(((labels[name].get(key, key), key, count) for key, count in counts.items()), key=lambda f: -f[2])
        for name, counts in found.result.facets.items()
        if name in labels
    }
    _count_choices(form, parsed.query.filters, found.result.facets)
    query = request.GET.copy()
    query.pop("seite", None)
    language = get_language() or "de"
    results = [
        {
            "offer": offer,
            "title": (texts := offer.text_in(language))["title"],
            "description": texts["description"],
            "texts": texts,
            "distance": found.distances.get(str(offer.pk)),
            "location": next(iter(offer.locations), None),
        }
        for offer in found.offers
    ]
    return render_to_string(
        "public/_finder_main.html",
        {
            "form": form,
            "result": found.result,
            "results": results,
            "facets": facets,
            "facet_rows": _facet_rows(form, found.result.facets),
            "near_label": parsed.near_label,
            "query": query.urlencode(),
            "points_url": f"{reverse('public:finder_points')}?{query.urlencode()}",
            "has_previous": found.result.page > 1,
            "has_next": found.result.page < found.result.pages,
            "previous_page": found.result.page - 1,
            "next_page": found.result.page + 1,
        },
    )


@permission_required("public.view_finder")
@rate_limited("map")
@require_GET
def finder_points(request: HttpRequest) -> JsonResponse:
    """All matches (up to MAP_POINTS) as GeoJSON points for the clustered map."""
    parsed = finder.parse(finder.FinderForm(request.GET))
    points = search_index().points(parsed.query, limit=MAP_POINTS)
    titles = registry_selectors.published_titles([p[0] for p in points])
    language = get_language() or "de"
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "id": offer_id,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "title": titles.get(offer_id, ""),
                "url": reverse("public:offer_detail", args=[offer_id]),
            },
        }
        for offer_id, lat, lon in points
        if offer_id in titles
    ]
    response = JsonResponse({"type": "FeatureCollection", "features": features, "language": language})
    response["Content-Type"] = "application/geo+json"
    return response


@permission_required("public.view_finder")
@require_GET
def offer_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """An offer's public page. Its middle is kept rendered per language while the offer, its organisation and its
    contact stay as they were (``offer_page_stamp``, one query), a minute at most: rendering it and reading its
    nine queries took two thirds of the page."""
    stamp = registry_selectors.offer_page_stamp(pk=pk)
    if stamp is None:
        raise Http404
    title, main = _kept(("offer", get_language(), *stamp), lambda: _offer_main(pk))
    return render(request, "public/offer_detail.html", {"title": title, "main": main, "public_page": True})


def _offer_main(pk: str) -> tuple[Localised, SafeString]:
    offer = registry_selectors.offer_page(pk=pk)
    if offer is None:  # withdrawn since its stamp was read
        raise Http404
    language = get_language() or "de"
    texts = offer.text_in(language)
    html = render_to_string(
        "public/_offer_main.html",
        {
            "offer": offer,
            "title": texts["title"],
            "description": texts["description"],
            "texts": texts,
            "locations": sorted(offer.locations, key=lambda place: place.name),  # (name, id), as the list
            "contact": offer.contact,
        },
    )
    return texts["title"], html


PDF_RESULTS = 100


@permission_required("public.view_finder")
@rate_limited("pdf")
@require_GET
def finder_pdf(request: HttpRequest) -> HttpResponse:
    """The result list (first 100 matches) of the same search as a printable PDF."""
    form = finder.FinderForm(request.GET)
    parsed = finder.parse(form)
    query = parsed.query
    from dataclasses import replace

    found = search_offers(replace(query, page=1, page_size=PDF_RESULTS, facets=False))
    language = get_language() or "de"
    results = [
        {
            "offer": o,
            "title": (texts := o.text_in(language))["title"],
            "description": texts["description"],
            "distance": found.distances.get(str(o.pk)),
            "location": next(iter(o.locations), None),
        }
        for o in found.offers
    ]
    return render_pdf(
        request,
        "public/pdf/results.html",
        {"results": results, "total": found.result.total, "query_text": query.text, "near_label": parsed.near_label},
        "angebote.pdf",
    )


@permission_required("public.view_finder")
@rate_limited("pdf")
@require_GET
def offer_pdf(request: HttpRequest, pk: str) -> HttpResponse:
    offer = registry_selectors.published_offer(pk=pk)
    if offer is None:
        raise Http404
    language = get_language() or "de"
    return render_pdf(
        request,
        "public/pdf/offer.html",
        {
            "offer": offer,
            "title": (texts := offer.text_in(language))["title"],
            "description": texts["description"],
            "texts": texts,
            "locations": list(offer.locations.all()),
            "url": request.build_absolute_uri(reverse("public:offer_detail", args=[offer.pk])),
        },
        f"angebot-{offer.pk}.pdf",
    )
