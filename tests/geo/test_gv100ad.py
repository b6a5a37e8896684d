from decimal import Decimal
from pathlib import Path

from teilhabe.geo import gv100ad

DATA = Path(__file__).resolve().parents[2] / "teilhabe" / "geo" / "data" / "GV100AD_30112025_NRW.txt"


def real_lines() -> list[str]:
    return DATA.read_text(encoding="utf-8").splitlines()


def test_parses_the_real_nrw_file() -> None:
    result = gv100ad.parse(real_lines())
    assert result.ok, result.errors
    assert len(result.regierungsbezirke) == 5
    assert len(result.kreise) == 53
    assert len(result.gemeinden) == 396
    koeln = next(g for g in result.gemeinden if g.ags == "05315000")
    assert koeln.name == "Köln, Stadt"
    assert koeln.population == 1_024_621
    assert koeln.kind == "61"
    assert koeln.area_km2 == Decimal("405.02")
    assert koeln.ars == "053150000000"
    kreis = next(k for k in result.kreise if k.key == "05334")
    assert kreis.kind == "kreis"


def _gemeinde_line(**changes: str) -> str:
    line = next(line for line in real_lines() if line.startswith("60") and line[10:15] == "05315")
    chars = list(line.ljust(220))
    for position, text in changes.items():
        start = int(position.removeprefix("p")) - 1
        chars[start : start + len(text)] = list(text)
    return "".join(chars)


def test_reports_every_bad_line_with_its_number() -> None:
    good = _gemeinde_line()
    bad_population = _gemeinde_line(p140="0000ABC0000")
    lines = [good.replace("05315000", "05315000"), bad_population, "99" + good[2:], good[:40], good]
    result = gv100ad.parse(lines)
    messages = [str(e) for e in result.errors]
    assert any(m.startswith("Zeile 2:") and "Bevölkerung" in m for m in messages)
    assert any(m.startswith("Zeile 3:") and "Satzart" in m for m in messages)
    assert any(m.startswith("Zeile 4:") and "zu kurz" in m for m in messages)
    assert any(m.startswith("Zeile 5:") and "Zeile 1" in m for m in messages)  # duplicate AGS
    assert len(result.errors) == 4


def test_other_laender_are_skipped_and_counted() -> None:
    line = _gemeinde_line(p11="06")
    result = gv100ad.parse([line])
    assert result.ok
    assert result.skipped_other_laender == 1
    assert result.gemeinden == []


def test_more_men_than_inhabitants_is_an_error() -> None:
    result = gv100ad.parse([_gemeinde_line(p140="00000000010", p151="00000000020")])
    assert "mehr Männer" in str(result.errors[0])


def test_bad_date_is_an_error() -> None:
    result = gv100ad.parse([_gemeinde_line(p3="20251399")])
    assert "Gebietsstand" in str(result.errors[0])
