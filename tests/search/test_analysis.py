"""German analysis, the grid of cells for distances, typo variants and facet bit masks (no index involved)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from teilhabe.search.analysis import analyze_text, fold, query_words, stem, stem_text
from teilhabe.search.geo import cell_terms, cover, haversine_km
from teilhabe.search.matching import edits1
from teilhabe.search.schema import FacetCodes, id_keys

KOELN = (50.9375, 6.9603)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kurs", "Kurse"),
        ("Kurs", "Kursen"),
        ("Deutschkurs", "Deutschkurse"),
        ("Beratung", "Beratungen"),
        ("Köln", "Koeln"),
        ("Köln", "Koln"),
        ("Mütter", "Muetter"),
        ("Übersetzung", "Uebersetzung"),
        ("Straße", "Strasse"),
        ("Fachkräfte", "Fachkraefte"),
        ("Geflüchtete", "Gefluechteten"),
    ],
)
def test_forms_share_a_stem(a: str, b: str) -> None:
    assert stem(a) == stem(b) is not None


def test_stop_words_in_both_spellings() -> None:
    assert stem("für") is None
    assert stem("fuer") is None
    assert query_words("Kurs für Mütter in Köln") == ["kurs", "mutter", "koln"]


def test_fold_writes_umlauts_out() -> None:
    assert fold("Köln, Straße, Übersetzung") == "Koeln, Strasse, Uebersetzung"


def test_text_analysis_gives_stems_and_the_vocabulary_with_written_out_umlaut_words() -> None:
    stems, plain = analyze_text("Deutschkurs für Mütter in Köln-Mülheim")
    assert stems.split() == [stem("Deutschkurs"), stem("Mütter"), stem("Köln"), stem("Mülheim")]
    assert plain.split() == ["deutschkurs", "mutter", "muetter", "koln", "koeln", "mulheim", "muelheim"]
    assert analyze_text("Kurs am Abend")[1].split() == ["kurs", "abend"]  # the stop word leaves its space
    assert stem_text("Kurse") == stem("Kurs")


def test_edits1_holds_every_single_edit() -> None:
    variants = edits1("kurs")
    assert {"kur", "kurse", "kuss", "ukrs"} <= variants
    assert "kurs" not in variants
    assert "kusr" in variants  # neighbours swapped


@pytest.mark.parametrize("radius", [0.3, 2.5, 10.0, 45.0])
def test_cover_is_exact_inside_and_complete(radius: float) -> None:
    """A place in an inner cell is within the radius; a place within the radius is in an inner or border cell."""
    cells = cover(*KOELN, radius)
    inner, border = set(cells.inner), set(cells.border)
    assert not inner & border
    rng = random.Random(7)
    for _ in range(20_000):
        lat = KOELN[0] + rng.uniform(-1.3, 1.3) * radius / 111
        lon = KOELN[1] + rng.uniform(-1.3, 1.3) * radius / 70
        place = set(cell_terms(lat, lon))
        distance = haversine_km(*KOELN, lat, lon)
        assert len(place & inner) <= 1, "inner cells overlap"
        if place & inner:
            assert distance <= radius
        elif distance <= radius:
            assert place & border


def test_haversine_koeln_duesseldorf() -> None:
    assert haversine_km(50.9375, 6.9603, 51.2277, 6.7735) == pytest.approx(34.8, abs=0.3)


def test_facet_codes_are_dense_and_persist(tmp_path: Path) -> None:
    codes = FacetCodes()
    ar_de = (("language", "ar"), ("language", "de"))
    assert codes.code("code_languages", ar_de) == 0
    assert codes.code("code_languages", (("language", "de"),)) == 1
    assert codes.code("code_languages", ar_de) == 0
    assert codes.changed
    codes.save(tmp_path / "facets.json")
    again = FacetCodes.load(tmp_path / "facets.json")
    assert again.combination("code_languages", 0) == ar_de
    assert again.code("code_languages", (("language", "de"),)) == 1
    assert not again.changed


def test_id_keys_of_uuid_and_other_ids() -> None:
    assert id_keys("12345678-9abc-4def-8123-456789abcdef") == (0x123456789ABC4DEF, 0x8123456789ABCDEF)
    assert id_keys("offer-1") != id_keys("offer-2")
    assert all(0 <= part < 2**64 for part in id_keys("offer-1"))
