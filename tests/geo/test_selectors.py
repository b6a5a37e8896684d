import pytest

from teilhabe.geo import selectors

pytestmark = pytest.mark.django_db


def test_kreis_search_by_name_and_key() -> None:
    assert [k.key for k in selectors.kreis_list(search="Köln")] == ["05315"]
    assert [k.key for k in selectors.kreis_list(search="05315")] == ["05315"]
    assert [k.key for k in selectors.kreis_list(search="05334002")] == ["05334"]  # a Gemeinde AGS finds its Kreis
    assert selectors.kreis_list(regierungsbezirk="053").count() == 11


def test_gemeinde_search_and_filters() -> None:
    assert selectors.gemeinde_list(kreis="05334").count() == 10
    assert selectors.gemeinde_list(search="0531500").get().name_short == "Köln"
    assert all("berg" in g.name.lower() for g in selectors.gemeinde_list(search="berg"))
    assert selectors.gemeinde_list(regierungsbezirk="059").count() == 83


def test_geocode_postcode() -> None:
    lat, lon = selectors.geocode_postcode("50667")  # type: ignore[misc]
    assert 50.9 < lat < 51.0 and 6.9 < lon < 7.0
    assert selectors.geocode_postcode("99999") is None
    assert selectors.geocode_postcode("abc") is None
    gemeinde = selectors.gemeinde_for_postcode("50667")
    assert gemeinde is not None and gemeinde.ags == "05315000"


def test_kreis_list_query_count(django_assert_num_queries: object) -> None:
    with django_assert_num_queries(1):  # type: ignore[operator]
        rows = [(k.name, k.regierungsbezirk.name, k.gemeinden_count) for k in selectors.kreis_list()]
    assert len(rows) == 53
