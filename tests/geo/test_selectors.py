"""Read queries of the geo app: search, filters, details, maps, postcodes, and their query budgets."""

from __future__ import annotations

import pytest
from pytest_django import DjangoAssertNumQueries

from teilhabe.geo import selectors
from teilhabe.geo.models import Gemeinde, Postleitzahl

pytestmark = pytest.mark.django_db


def _keys(search: str = "", regierungsbezirk: str = "") -> list[str]:
    return [k.key for k in selectors.kreis_list(search=search, regierungsbezirk=regierungsbezirk)]


def test_kreis_search_by_name_seat_key_and_ags() -> None:
    assert _keys("Köln") == ["05315"]
    assert _keys("köln") == ["05315"]
    assert _keys("Kleve") == ["05154"]
    assert _keys("Siegburg") == ["05382"]  # the seat of the Rhein-Sieg-Kreis
    assert _keys("05315") == ["05315"]
    assert _keys(" 05 315 ") == ["05315"]
    assert _keys("05315000") == ["05315"]  # the 8-digit form of the Kreis key
    assert _keys("05334002") == ["05334"]  # the AGS of a Gemeinde finds its Kreis
    assert len(_keys("053")) == 11  # a key prefix: all Kreise of the Regierungsbezirk Köln
    assert _keys("Atlantis") == []
    assert _keys("99") == []


def test_kreis_filter_by_regierungsbezirk() -> None:
    assert len(_keys(regierungsbezirk="053")) == 11
    assert _keys("Aachen", regierungsbezirk="053") == ["05334"]
    assert _keys("Aachen", regierungsbezirk="051") == []
    assert _keys(regierungsbezirk="x") == []


def test_kreis_list_is_one_query_with_counts(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    with django_assert_num_queries(1):
        rows = [(k.name, k.regierungsbezirk.name, k.gemeinden_count) for k in selectors.kreis_list()]  # type: ignore[attr-defined]
    assert len(rows) == 53
    assert sum(count for _name, _rb, count in rows) == 396
    assert rows[0][0] == "Bielefeld, Stadt"  # sorted by name


def test_kreise_grouped_by_regierungsbezirk(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    with django_assert_num_queries(2):
        groups = selectors.kreise_by_regierungsbezirk()
    assert [(g.regierungsbezirk.key, len(g.kreise)) for g in groups] == [
        ("051", 15),
        ("053", 11),
        ("055", 8),
        ("057", 7),
        ("059", 12),
    ]
    groups = selectors.kreise_by_regierungsbezirk(search="Aachen")
    assert [(g.regierungsbezirk.key, [k.key for k in g.kreise]) for g in groups] == [("053", ["05334"])]
    assert selectors.kreise_by_regierungsbezirk(search="Atlantis") == []


def test_gemeinde_search_and_filters() -> None:
    assert selectors.gemeinde_list(kreis="05334").count() == 10
    assert selectors.gemeinde_list(search="0531500").get().name_short == "Köln"
    assert selectors.gemeinde_list(search="05 315 000").get().ags == "05315000"
    berg = list(selectors.gemeinde_list(search="berg"))
    assert berg and all("berg" in g.name.lower() for g in berg)
    assert [g.name_short for g in berg] == sorted(g.name_short for g in berg)
    assert selectors.gemeinde_list(regierungsbezirk="059").count() == 83
    assert selectors.gemeinde_list(search="Bergheim", regierungsbezirk="053").get().ags == "05362008"
    assert not selectors.gemeinde_list(search="Bergheim", kreis="05334").exists()
    assert selectors.gemeinde_list(search="Atlantis").count() == 0


def test_gemeinde_list_page_has_fixed_queries(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    with django_assert_num_queries(1):
        rows = [(g.name, g.kreis.name) for g in selectors.gemeinde_list()]
    assert len(rows) == 396


def test_kreis_detail_with_gemeinden(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    with django_assert_num_queries(2):
        kreis = selectors.kreis_detail(key="05334")
        assert kreis is not None
        names = [g.name_short for g in kreis.gemeinden_list]  # type: ignore[attr-defined]
        assert kreis.regierungsbezirk.name == "Reg.-Bez. Köln"
    assert len(names) == 10 and names[0] == "Aachen"
    assert "boundary" in kreis.get_deferred_fields()
    assert selectors.kreis_detail(key="99999") is None


def test_gemeinde_detail_with_postcodes() -> None:
    gemeinde = selectors.gemeinde_detail(ags="05315000")
    assert gemeinde is not None
    assert gemeinde.kreis.regierungsbezirk.key == "053"
    codes = [p.postal_code for p in gemeinde.postcodes]  # type: ignore[attr-defined]
    assert "50667" in codes and codes == sorted(codes)
    assert all(p.entry_type == Postleitzahl.EntryType.STANDARD for p in gemeinde.postcodes)  # type: ignore[attr-defined]
    assert selectors.gemeinde_detail(ags="05999999") is None


def test_kreis_map() -> None:
    collection = selectors.kreis_map(key="05334")
    assert collection is not None
    first, *gemeinden = collection["features"]
    assert first["id"] == "05334" and first["properties"] == {
        "kind": "kreis",
        "name": "Städteregion Aachen",
        "focus": True,
    }
    assert len(gemeinden) == 10
    assert gemeinden[0]["properties"]["url"] == "/gebiete/gemeinden/05334002/"
    assert all(f["geometry"]["type"] in {"Polygon", "MultiPolygon"} for f in collection["features"])
    assert selectors.kreis_map(key="99999") is None


def test_gemeinde_map_shows_neighbours_and_kreis() -> None:
    collection = selectors.gemeinde_map(ags="05334004")
    assert collection is not None
    features = collection["features"]
    assert features[0]["id"] == "05334004" and features[0]["properties"]["focus"] is True
    assert [f["properties"]["kind"] for f in features[1:]] == ["gemeinde"] * 9 + ["kreis"]
    assert features[-1]["properties"]["url"] == "/gebiete/kreise/05334/"
    koeln = selectors.gemeinde_map(ags="05315000")
    assert koeln is not None and [f["id"] for f in koeln["features"]] == ["05315000"]
    assert selectors.gemeinde_map(ags="0") is None


def test_nrw_outline() -> None:
    collection = selectors.nrw_outline()
    assert [f["id"] for f in collection["features"]] == ["051", "053", "055", "057", "059"]


def test_geocode_postcode_averages_the_delivery_places(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    with django_assert_num_queries(1):
        lat, lon = selectors.geocode_postcode("40789")  # type: ignore[misc]
    # Monheim am Rhein has three delivery places under 40789.
    assert (lat, lon) == (round((51.0916 + 51.1167 + 51.0997) / 3, 5), round((6.8922 + 6.9 + 6.9022) / 3, 5))
    lat, lon = selectors.geocode_postcode("50667")  # type: ignore[misc]
    assert 50.9 < lat < 51.0 and 6.9 < lon < 7.0


def test_geocode_postcode_prefers_delivery_rows() -> None:
    koeln = Gemeinde.objects.get(ags="05315000")
    Postleitzahl.objects.create(
        postal_code="50667", place="Ein Großkunde", entry_type="organisation", gemeinde=koeln, lat=50.0, lon=6.0
    )
    lat, _lon = selectors.geocode_postcode("50667")  # type: ignore[misc]
    assert lat > 50.9  # the organisation row is ignored while a delivery row exists
    only_org = selectors.geocode_postcode("03075")  # a PLZ of large customers only (Münster)
    assert only_org is not None and 51.9 < only_org[0] < 52.0


def test_geocode_postcode_refuses_unknown_and_malformed() -> None:
    assert selectors.geocode_postcode("99999") is None
    assert selectors.geocode_postcode("abc") is None
    assert selectors.geocode_postcode("5066") is None
    assert selectors.geocode_postcode("") is None


def test_gemeinde_for_postcode() -> None:
    gemeinde = selectors.gemeinde_for_postcode("50667")
    assert gemeinde is not None and gemeinde.ags == "05315000"
    assert selectors.gemeinde_for_postcode(" 50667 ") == gemeinde
    assert selectors.gemeinde_for_postcode("99999") is None
    assert selectors.gemeinde_for_postcode("x") is None
    # 52525 has one delivery place in Heinsberg and one in Waldfeucht: the larger Gemeinde wins the tie.
    both = Gemeinde.objects.filter(ags__in=["05370016", "05370032"]).order_by("-population")
    assert selectors.gemeinde_for_postcode("52525") == both[0]


def test_gemeinde_for_postcode_counts_delivery_rows_first() -> None:
    aachen = Gemeinde.objects.get(ags="05334002")
    for n in range(3):
        Postleitzahl.objects.create(
            postal_code="50667", place=f"Postfach {n}", entry_type="organisation", gemeinde=aachen, lat=50.7, lon=6.1
        )
    gemeinde = selectors.gemeinde_for_postcode("50667")
    assert gemeinde is not None and gemeinde.ags == "05315000"


@pytest.mark.django_db
def test_area_names_say_what_people_say(django_assert_max_num_queries: DjangoAssertNumQueries) -> None:
    """'Stadt Köln', never '05315'; three queries at most whatever the number of codes."""
    from teilhabe.geo.selectors import area_names

    codes = ["05", "053", "05315", "05158", "05315000", "05158026", "05154004"]
    with django_assert_max_num_queries(3):
        names = area_names(codes)
    assert names["05"] == "Nordrhein-Westfalen"
    assert names["053"] == "Regierungsbezirk Köln"
    assert area_names(["053"], "bewilligung")["053"] == "Bezirksregierung Köln"
    assert names["05315"] == "Stadt Köln" and names["05315000"] == "Stadt Köln"
    assert names["05158"] == "Kreis Mettmann"
    assert names["05158026"] == "Stadt Monheim am Rhein"
    assert names["05154004"] == "Gemeinde Bedburg-Hau"
