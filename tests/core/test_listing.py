"""core.listing: filters, sort order and page read from the query string; bad values never raise."""

from __future__ import annotations

import pytest
from django import forms
from django.test import RequestFactory

from teilhabe.core.listing import Column, ExportColumn, Listing
from teilhabe.geo.models import Kreis

COLUMNS = [Column("name", "Name", ("name_short",)), Column("key", "Schlüssel", ("key",)), Column("note", "Hinweis")]


class KreisFilter(forms.Form):
    q = forms.CharField(required=False, label="Suche")
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100, label="Jahr")


def listing(query: str = "") -> Listing:
    return Listing(RequestFactory().get(f"/liste/?{query}"), KreisFilter, COLUMNS, default_sort="name", per_page=10)


def test_valid_filters_and_default_sort() -> None:
    lst = listing("q=Köln&year=2027")
    assert lst.filters == {"q": "Köln", "year": 2027}
    assert lst.sort_key == "name" and not lst.descending
    assert lst.invalid == []


def test_a_bad_filter_is_named_and_dropped_alone() -> None:
    lst = listing("q=Bonn&year=zwanzig")
    assert lst.filters == {"q": "Bonn"}
    assert len(lst.invalid) == 1 and lst.invalid[0].startswith("Jahr: ")


@pytest.mark.parametrize("sort", ["note", "unbekannt", "", "--name", "pk"])
def test_unknown_or_unsortable_columns_fall_back_to_the_default(sort: str) -> None:
    lst = listing(f"sortierung={sort}")
    assert lst.sort_key == "name" and not lst.descending


def test_headers_link_to_the_sort_and_keep_the_filters() -> None:
    headers = listing("q=a&sortierung=-key&seite=3").headers()
    name, key, note = headers
    assert name["url"] == "?q=a&sortierung=name" and name["aria_sort"] == ""
    assert key["url"] == "?q=a&sortierung=key" and key["aria_sort"] == "descending"
    assert note["url"] == "" and note["aria_sort"] == ""
    assert listing("sortierung=key").headers()[1]["url"] == "?sortierung=-key"


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999", "9" * 40, ""])
def test_any_page_number_gives_a_page(page: str) -> None:
    assert listing(f"seite={page}").page(Kreis.objects.all()).number >= 1


@pytest.mark.django_db
def test_page_and_export_share_filters_and_order() -> None:
    lst = listing("sortierung=-key&export=csv&seite=2")
    context = lst.context(Kreis.objects.all())
    assert context["query"] == "sortierung=-key"
    assert context["export_csv"] == "?sortierung=-key&export=csv"
    keys = [k.key for k in Kreis.objects.order_by("-key")]
    assert [k.key for k in context["page"]] == keys[10:20]
    response = lst.export(Kreis.objects.all(), [ExportColumn("Schlüssel", lambda k: k.key)], "kreise")
    assert response is not None
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0] == "Schlüssel" and rows[1:] == keys and len(keys) == 53
    assert listing("export=pdf").export(Kreis.objects.all(), [], "x") is None
