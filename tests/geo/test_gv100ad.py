"""The GV100AD parser: the real NRW file, and one test per kind of malformed line (no database needed)."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from teilhabe.geo import gv100ad

DATA_DIR = Path(__file__).resolve().parents[2] / "teilhabe" / "geo" / "data"
DATA = DATA_DIR / "GV100AD_30112025_NRW.txt"


def real_lines() -> list[str]:
    return DATA.read_text(encoding="utf-8").splitlines()


def _record(satzart: str = "60", key: str = "05315", **changes: str) -> str:
    """A real record of the file (default: the Gemeinde record of Köln) with text put at 1-based positions.

    ``_record(p140="00000000007")`` writes "00000000007" from position 140 on.
    """
    line = next(line for line in real_lines() if line.startswith(satzart) and line[10 : 10 + len(key)] == key)
    chars = list(line)
    for position, text in changes.items():
        start = int(position.removeprefix("p")) - 1
        chars[start : start + len(text)] = list(text)
    return "".join(chars)


def _gemeinde_line(**changes: str) -> str:
    return _record("60", "05315", **changes)


@pytest.fixture(scope="module")
def parsed() -> gv100ad.ParseResult:
    return gv100ad.parse(real_lines())


def test_parses_the_real_nrw_file(parsed: gv100ad.ParseResult) -> None:
    assert parsed.ok, parsed.errors
    assert parsed.records == 851
    assert parsed.territorial_status == dt.date(2025, 11, 30)
    assert parsed.skipped_other_laender == 0
    assert len(parsed.regierungsbezirke) == 5
    assert len(parsed.kreise) == 53
    assert len(parsed.gemeinden) == 396
    assert sum(g.population for g in parsed.gemeinden) == 18_034_454


def test_real_records_in_detail(parsed: gv100ad.ParseResult) -> None:
    koeln = next(g for g in parsed.gemeinden if g.ags == "05315000")
    assert koeln.name == "Köln, Stadt"
    assert koeln.type_code == "61"
    assert koeln.population == 1_024_621
    assert koeln.population_male == 498_050
    assert koeln.area_km2 == Decimal("405.02")
    assert koeln.ars == "053150000000"
    assert koeln.kreis_key == "05315"
    assert koeln.postal_code == "50667"
    assert koeln.postal_code_unique is False
    # The Gemeinde number (positions 16-18) comes before the Gemeindeverband (19-22) in the record.
    alsdorf = next(g for g in parsed.gemeinden if g.ags == "05334004")
    assert (alsdorf.name, alsdorf.ars, alsdorf.type_code) == ("Alsdorf, Stadt", "053340004004", "63")
    aachen = next(k for k in parsed.kreise if k.key == "05334")
    assert (aachen.name, aachen.seat, aachen.type_code) == ("Städteregion Aachen", "Aachen", "43")
    rb = next(r for r in parsed.regierungsbezirke if r.key == "053")
    assert (rb.name, rb.seat, rb.line) == ("Reg.-Bez. Köln", "Köln", 150)


def test_every_gemeinde_matches_the_shipped_csv(parsed: gv100ad.ParseResult) -> None:
    """The CSVs were derived from the same file: every offset of the parser must reproduce them."""
    with (DATA_DIR / "gemeinden.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["ags"]: row for row in csv.DictReader(handle)}
    assert {g.ags for g in parsed.gemeinden} == set(rows)
    for g in parsed.gemeinden:
        row = rows[g.ags]
        assert (g.ars, g.name, g.type_code, g.postal_code) == (
            row["ars"],
            row["name"],
            row["type_code"],
            row["postal_code"],
        ), g.ags
        assert (g.population, g.population_male, g.area_km2) == (
            int(row["population"]),
            int(row["population_male"]),
            Decimal(row["area_km2"]),
        ), g.ags
        assert g.postal_code_unique == (row["postal_code_unique"] == "true"), g.ags


def test_reports_every_bad_line_with_its_number() -> None:
    good = _gemeinde_line()
    lines = [
        good,  # 1
        _gemeinde_line(p140="0000ABC0000"),  # 2: population not a number
        "99" + good[2:],  # 3: unknown Satzart
        good[:40],  # 4: short
        good,  # 5: duplicate of line 1
        good + "  ",  # 6: too long
        _gemeinde_line(p3="20251399"),  # 7: no date
    ]
    result = gv100ad.parse(lines)
    messages = [str(e) for e in result.errors]
    assert [e.line for e in result.errors] == [2, 3, 4, 5, 6, 7]
    assert "Bevölkerung insgesamt „0000ABC0000“ ist keine Zahl (Stellen 140–150)" in messages[0]
    assert messages[1].startswith("Zeile 3: unbekannte Satzart „99“")
    assert messages[2] == "Zeile 4: Satz hat 40 Zeichen, ein GV100AD-Satz hat genau 220"
    assert messages[3] == "Zeile 5: Schlüssel 05315000 steht schon in Zeile 1"
    assert "Satz hat 222 Zeichen" in messages[4]
    assert "Gebietsstand „20251399“ ist kein Datum" in messages[5]
    assert [g.ags for g in result.gemeinden] == ["05315000"]


def test_all_problems_of_one_line_are_named() -> None:
    line = _gemeinde_line(p129="00000abc000", p151="ABC", p166="5O667", p23=" " * 50)
    [error] = gv100ad.parse([line]).errors
    message = str(error)
    for part in ("Name fehlt", "Fläche in ha", "Bevölkerung männlich", "Postleitzahl „5O667“"):
        assert part in message


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"p140": "00000000010", "p151": "00000000020"}, "mehr männliche Einwohner (20) als Einwohner insgesamt (10)"),
        ({"p123": "60"}, "Textkennzeichen „60“ ist für eine Gemeinde in NRW nicht vorgesehen"),
        ({"p123": "  "}, "Textkennzeichen fehlt"),
        ({"p11": "05X15000"}, "Amtlicher Gemeindeschlüssel „05X15000“ ist keine Ziffernfolge"),
        ({"p19": "00A0"}, "Gemeindeverband „00A0“"),
        ({"p171": "12345"}, "Kennzeichen mehrerer Postleitzahlen „12345“ ist ungültig"),
        ({"p11": "0X"}, "Landesschlüssel „0X“ ist keine Ziffernfolge"),
    ],
)
def test_malformed_gemeinde_fields(changes: dict[str, str], expected: str) -> None:
    result = gv100ad.parse([_gemeinde_line(**changes)])
    assert len(result.errors) == 1
    assert expected in str(result.errors[0])
    assert result.gemeinden == []


def test_malformed_kreis_and_regierungsbezirk() -> None:
    result = gv100ad.parse(
        [_record("40", "05315", p123="50"), _record("40", "05334", p23=" " * 50), _record("20", "053", p13="X")]
    )
    messages = [str(e) for e in result.errors]
    assert "Zeile 1: Textkennzeichen „50“ passt nicht zu einem Kreis" in messages[0]
    assert messages[1] == "Zeile 2: Name fehlt (Stellen 23–72)"
    assert "Regierungsbezirksschlüssel „05X“" in messages[2]
    assert result.kreise == [] and result.regierungsbezirke == []


def test_other_laender_are_skipped_and_counted() -> None:
    hessen_land = _record("10", "05", p11="06")
    hessen_gemeinde = _gemeinde_line(p11="06411000")
    result = gv100ad.parse([hessen_land, hessen_gemeinde, _gemeinde_line()])
    assert result.ok
    assert result.skipped_other_laender == 2
    assert [g.ags for g in result.gemeinden] == ["05315000"]


def test_mixed_territorial_status_is_an_error() -> None:
    result = gv100ad.parse([_record("40", "05315"), _gemeinde_line(p3="20240930")])
    assert [str(e) for e in result.errors] == [
        "Zeile 2: Gebietsstand 20240930 weicht vom Gebietsstand 20251130 in Zeile 1 ab"
    ]


def test_blank_lines_and_crlf_keep_the_line_numbers() -> None:
    result = gv100ad.parse([_record("40", "05315") + "\r\n", "", "   ", _gemeinde_line(p140="X") + "\r"])
    assert result.records == 2
    assert [e.line for e in result.errors] == [4]


def test_decode_utf8_with_bom_and_latin1() -> None:
    line = _record("40", "05315")
    assert gv100ad.decode(b"\xef\xbb\xbf" + line.encode("utf-8")) == line
    assert gv100ad.decode(line.encode("latin-1")) == line
