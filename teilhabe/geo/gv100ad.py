"""Parser for Destatis' Gemeindeverzeichnis GV100AD (fixed width, 220 characters per record).

Pure: reads text, returns records or errors with line numbers; writing is teilhabe.geo.services' job.
Record layout (Datensatzbeschreibung GV100AD), positions 1-based and inclusive:

===========  ==========================================================================
1-2          Satzart: 10 Land, 20 Regierungsbezirk, 30 Region, 40 Kreis, 50 Gemeindeverband, 60 Gemeinde
3-10         Gebietsstand (JJJJMMTT)
11-12        Land, 13 Regierungsbezirk, 14-15 Kreis, 16-19 Gemeindeverband, 20-22 Gemeinde
23-72        Name
73-122       Sitz der Verwaltung (Satzart 20, 40, 50)
123-124      Textkennzeichen (41 kreisfreie Stadt, 42 Stadtkreis, 43 Kreis, 44 Landkreis, 45 Regionalverband;
             61 kreisfreie Stadt, 63 Stadt, 64 kreisangehörige Gemeinde, …)
129-139      Fläche in ha (Satzart 60)
140-150      Bevölkerung insgesamt, 151-161 männlich (Satzart 60)
166-170      Postleitzahl des Verwaltungssitzes
===========  ==========================================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

NRW = "05"
KNOWN_RECORD_TYPES = {"10", "20", "30", "40", "50", "60"}
KREIS_KINDS = {"41": "kreisfreie_stadt", "42": "kreisfreie_stadt", "43": "kreis", "44": "kreis", "45": "kreis"}
GEMEINDE_KINDS = {"60", "61", "62", "63", "64", "65", "66", "67", "68"}


@dataclass(frozen=True)
class RegierungsbezirkRecord:
    key: str
    name: str
    seat: str


@dataclass(frozen=True)
class KreisRecord:
    key: str
    name: str
    seat: str
    kind: str


@dataclass(frozen=True)
class GemeindeRecord:
    ags: str
    ars: str
    name: str
    kind: str
    area_km2: Decimal
    population: int
    population_male: int
    postal_code: str
    territorial_status: dt.date


@dataclass(frozen=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Zeile %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ParseResult:
    regierungsbezirke: list[RegierungsbezirkRecord] = field(default_factory=list)
    kreise: list[KreisRecord] = field(default_factory=list)
    gemeinden: list[GemeindeRecord] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    skipped_other_laender: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _cut(line: str, start: int, end: int) -> str:
    return line[start - 1 : end]


def _number(line: str, start: int, end: int, label: str) -> int:
    raw = _cut(line, start, end).strip()
    if not raw.isdigit():
        raise ValueError(_("%(label)s ist keine Zahl: „%(raw)s“") % {"label": label, "raw": raw})
    return int(raw)


def parse(lines: Iterable[str]) -> ParseResult:
    """Parse all lines; every malformed line becomes one error, parsing goes on to report them all."""
    result = ParseResult()
    seen: dict[str, int] = {}
    for number, raw_line in enumerate(lines, start=1):
        line = raw_line.rstrip("\r\n")
        if not line.strip():
            continue
        try:
            record_type = line[:2]
            if record_type not in KNOWN_RECORD_TYPES:
                raise ValueError(_("unbekannte Satzart „%(type)s“") % {"type": record_type})
            if len(line.rstrip()) < 72 and record_type != "10":
                raise ValueError(_("Satz ist zu kurz (%(length)d Zeichen)") % {"length": len(line)})
            land = _cut(line, 11, 12)
            if not land.isdigit():
                raise ValueError(_("Landesschlüssel fehlt oder ist ungültig"))
            if land != NRW:
                result.skipped_other_laender += 1
                continue
            status_raw = _cut(line, 3, 10)
            try:
                status = dt.datetime.strptime(status_raw, "%Y%m%d").date()
            except ValueError:
                raise ValueError(_("Gebietsstand „%(raw)s“ ist kein Datum") % {"raw": status_raw}) from None
            name = _cut(line, 23, 72).strip()
            if record_type in {"20", "40", "60"} and not name:
                raise ValueError(_("Name fehlt"))
            kind = _cut(line, 123, 124).strip()
            if record_type == "20":
                key = _cut(line, 11, 13)
                _unique(seen, key, number)
                result.regierungsbezirke.append(RegierungsbezirkRecord(key, name, _cut(line, 73, 122).strip()))
            elif record_type == "40":
                key = _cut(line, 11, 15)
                if not key.isdigit():
                    raise ValueError(_("Kreisschlüssel „%(key)s“ ist ungültig") % {"key": key})
                if kind not in KREIS_KINDS:
                    raise ValueError(_("Textkennzeichen „%(kind)s“ passt nicht zu einem Kreis") % {"kind": kind})
                _unique(seen, key, number)
                result.kreise.append(KreisRecord(key, name, _cut(line, 73, 122).strip(), KREIS_KINDS[kind]))
            elif record_type == "60":
                ags = _cut(line, 11, 15) + _cut(line, 20, 22)
                if not ags.isdigit() or len(ags) != 8:
                    raise ValueError(_("AGS „%(ags)s“ ist ungültig") % {"ags": ags})
                if kind not in GEMEINDE_KINDS:
                    raise ValueError(_("Textkennzeichen „%(kind)s“ passt nicht zu einer Gemeinde") % {"kind": kind})
                area_ha = _number(line, 129, 139, _("Fläche"))
                population = _number(line, 140, 150, _("Bevölkerung"))
                male = _number(line, 151, 161, _("Bevölkerung männlich"))
                if male > population:
                    raise ValueError(_("mehr Männer als Einwohner insgesamt"))
                postal_code = _cut(line, 166, 170).strip()
                if postal_code and (len(postal_code) != 5 or not postal_code.isdigit()):
                    raise ValueError(_("Postleitzahl „%(plz)s“ ist ungültig") % {"plz": postal_code})
                _unique(seen, ags, number)
                result.gemeinden.append(
                    GemeindeRecord(
                        ags=ags,
                        # NRW has no Gemeindeverbände: the ARS repeats the Gemeinde number as its Verband
                        # (the same derivation as the shipped gemeinden.csv).
                        ars=ags[:5] + "0" + ags[5:] + ags[5:],
                        name=name,
                        kind=kind,
                        area_km2=(Decimal(area_ha) / 100).quantize(Decimal("0.01")),
                        population=population,
                        population_male=male,
                        postal_code=postal_code,
                        territorial_status=status,
                    )
                )
        except ValueError as error:
            result.errors.append(LineError(number, str(error)))
    return result


def _unique(seen: dict[str, int], key: str, line: int) -> None:
    if key in seen:
        raise ValueError(_("Schlüssel %(key)s steht schon in Zeile %(line)d") % {"key": key, "line": seen[key]})
    seen[key] = line
