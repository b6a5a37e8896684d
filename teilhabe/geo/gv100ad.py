"""Parser for Destatis' Gemeindeverzeichnis GV100AD (fixed width, 220 characters per record).

Pure: reads text, returns records or errors with line numbers; writing is teilhabe.geo.services' job.
Only the records of Nordrhein-Westfalen (Land 05) are returned; records of other Länder are counted.

Record layout (Datensatzbeschreibung GV100AD), positions 1-based and inclusive, checked against the
file of Gebietsstand 30.11.2025 in teilhabe/geo/data:

=========  =================================================================================================
1-2        Satzart: 10 Land, 20 Regierungsbezirk, 30 Region, 40 Kreis, 50 Gemeindeverband, 60 Gemeinde
3-10       Gebietsstand (JJJJMMTT)
11-12      Land
13         Regierungsbezirk
14-15      Kreis
16-18      Gemeinde (Satzart 60); 11-18 together are the AGS
19-22      Gemeindeverband (Satzart 50 and 60); the ARS is Kreis (11-15) + Gemeindeverband + Gemeinde
23-72      Name
73-122     Sitz der Verwaltung (Satzart 10, 20, 30, 40, 50)
123-124    Textkennzeichen: 41 kreisfreie Stadt, 42 Stadtkreis, 43 Kreis, 44 Landkreis, 45 Regionalverband;
           50 verbandsfreie Gemeinde …; 61 kreisfreie Stadt, 63 Stadt, 64 kreisangehörige Gemeinde …
129-139    Fläche in ha (Satzart 60)
140-150    Bevölkerung insgesamt, 151-161 davon männlich (Satzart 60)
166-170    Postleitzahl des Verwaltungssitzes; 171-175 "*****" if the Gemeinde has several Postleitzahlen
178-181    Finanzamtsbezirk; 182 OLG, 183 LG, 184-185 AG; 186-190 Arbeitsagenturbezirk;
191-193    Bundestagswahlkreise von, 194-196 bis (not read here)
=========  =================================================================================================

Note that the Gemeinde number (16-18) comes before the Gemeindeverband (19-22) in the record, the other
way round than in the 12-digit ARS. In NRW every Gemeinde is "verbandsfrei": its Gemeindeverband number is
"0" + its Gemeinde number, so the ARS of Alsdorf (AGS 05334004) is 05334 0004 004.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

RECORD_LENGTH = 220
NRW = "05"
RECORD_TYPES = {"10", "20", "30", "40", "50", "60"}
#: Textkennzeichen of Kreise (Satzart 40).
KREIS_TYPES = {"41", "42", "43", "44", "45"}
#: Textkennzeichen of Gemeinden (Satzart 60) that NRW has: kreisfreie Stadt, Stadt, kreisangehörige Gemeinde.
GEMEINDE_TYPES = {"61", "63", "64"}
SEVERAL_POSTAL_CODES = "*****"


@dataclass(frozen=True)
class RegierungsbezirkRecord:
    line: int
    key: str
    name: str
    seat: str


@dataclass(frozen=True)
class KreisRecord:
    line: int
    key: str
    name: str
    seat: str
    #: Textkennzeichen, e.g. "41" kreisfreie Stadt, "43" Kreis.
    type_code: str


@dataclass(frozen=True)
class GemeindeRecord:
    line: int
    ags: str
    ars: str
    name: str
    #: Textkennzeichen: "61" kreisfreie Stadt, "63" Stadt, "64" kreisangehörige Gemeinde.
    type_code: str
    area_km2: Decimal
    population: int
    population_male: int
    postal_code: str
    postal_code_unique: bool

    @property
    def kreis_key(self) -> str:
        return self.ags[:5]


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
    #: Records of other Länder, skipped.
    skipped_other_laender: int = 0
    #: Records read (not counting blank lines).
    records: int = 0
    #: Gebietsstand of the file (all records must share it).
    territorial_status: dt.date | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def decode(data: bytes) -> str:
    """Destatis ships UTF-8 since 2023 (Sorbian names); older releases are Latin-1. A BOM is dropped."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _cut(line: str, start: int, end: int) -> str:
    return line[start - 1 : end]


class _Record:
    """One line being checked: collects every problem of the line instead of stopping at the first."""

    def __init__(self, line: str) -> None:
        self.line = line
        self.problems: list[str] = []

    def text(self, start: int, end: int, label: str, *, required: bool = False) -> str:
        value = _cut(self.line, start, end).strip()
        if required and not value:
            self.problems.append(_("%(label)s fehlt (Stellen %(start)d–%(end)d)") % _where(label, start, end))
        return value

    def digits(self, start: int, end: int, label: str) -> str:
        value = _cut(self.line, start, end)
        if not value.isdigit():
            self.problems.append(
                _("%(label)s „%(value)s“ ist keine Ziffernfolge (Stellen %(start)d–%(end)d)")
                % {**_where(label, start, end), "value": value.strip()}
            )
        return value

    def number(self, start: int, end: int, label: str) -> int | None:
        raw = _cut(self.line, start, end).strip()
        if not raw.isdigit():
            self.problems.append(
                _("%(label)s „%(value)s“ ist keine Zahl (Stellen %(start)d–%(end)d)")
                % {**_where(label, start, end), "value": raw}
            )
            return None
        return int(raw)


def _date(raw: str) -> dt.date | None:
    """JJJJMMTT as a date, or None."""
    if not raw.isdigit():
        return None
    try:
        return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    except ValueError:
        return None


def _where(label: str, start: int, end: int) -> dict[str, object]:
    return {"label": label, "start": start, "end": end}


def parse(lines: Iterable[str]) -> ParseResult:
    """Parse every line; each malformed line becomes one error (naming all its problems), and parsing goes on."""
    result = ParseResult()
    seen: dict[str, int] = {}
    first_status: tuple[str, int] | None = None
    for number, raw_line in enumerate(lines, start=1):
        line = raw_line.rstrip("\r\n")
        if not line.strip():
            continue
        result.records += 1
        if len(line) != RECORD_LENGTH:
            result.errors.append(
                LineError(
                    number,
                    _("Satz hat %(length)d Zeichen, ein GV100AD-Satz hat genau %(expected)d")
                    % {"length": len(line), "expected": RECORD_LENGTH},
                )
            )
            continue
        record_type = line[:2]
        if record_type not in RECORD_TYPES:
            result.errors.append(
                LineError(
                    number,
                    _("unbekannte Satzart „%(type)s“ (erwartet: 10, 20, 30, 40, 50 oder 60)") % {"type": record_type},
                )
            )
            continue
        record = _Record(line)
        land = record.digits(11, 12, _("Landesschlüssel"))
        status_raw = _cut(line, 3, 10)
        status = _date(status_raw)
        if status is None:
            record.problems.append(_("Gebietsstand „%(raw)s“ ist kein Datum (JJJJMMTT)") % {"raw": status_raw})
        if record.problems:
            result.errors.append(LineError(number, "; ".join(record.problems)))
            continue
        if land != NRW:
            result.skipped_other_laender += 1
            continue
        if first_status is None:
            first_status = (status_raw, number)
            result.territorial_status = status
        elif status_raw != first_status[0]:
            record.problems.append(
                _("Gebietsstand %(raw)s weicht vom Gebietsstand %(first)s in Zeile %(line)d ab")
                % {"raw": status_raw, "first": first_status[0], "line": first_status[1]}
            )
        parsed = _parse_nrw_record(record, record_type, number)
        if parsed is not None and not record.problems:
            key = parsed.key if isinstance(parsed, (RegierungsbezirkRecord, KreisRecord)) else parsed.ags
            if key in seen:
                record.problems.append(
                    _("Schlüssel %(key)s steht schon in Zeile %(line)d") % {"key": key, "line": seen[key]}
                )
            else:
                seen[key] = number
        if record.problems:
            result.errors.append(LineError(number, "; ".join(record.problems)))
        elif isinstance(parsed, RegierungsbezirkRecord):
            result.regierungsbezirke.append(parsed)
        elif isinstance(parsed, KreisRecord):
            result.kreise.append(parsed)
        elif isinstance(parsed, GemeindeRecord):
            result.gemeinden.append(parsed)
    return result


def _parse_nrw_record(
    record: _Record, record_type: str, number: int
) -> RegierungsbezirkRecord | KreisRecord | GemeindeRecord | None:
    """Fields of one NRW record; problems go to ``record.problems``. Satzart 10, 30 and 50 carry nothing we keep."""
    if record_type == "20":
        key = record.digits(11, 13, _("Regierungsbezirksschlüssel"))
        name = record.text(23, 72, _("Name"), required=True)
        return RegierungsbezirkRecord(number, key, name, record.text(73, 122, _("Sitz")))
    if record_type == "40":
        key = record.digits(11, 15, _("Kreisschlüssel"))
        name = record.text(23, 72, _("Name"), required=True)
        type_code = record.text(123, 124, _("Textkennzeichen"), required=True)
        if type_code and type_code not in KREIS_TYPES:
            record.problems.append(
                _("Textkennzeichen „%(code)s“ passt nicht zu einem Kreis (41 bis 45)") % {"code": type_code}
            )
        return KreisRecord(number, key, name, record.text(73, 122, _("Sitz der Verwaltung")), type_code)
    if record_type == "60":
        ags = record.digits(11, 18, _("Amtlicher Gemeindeschlüssel"))
        verband = record.digits(19, 22, _("Gemeindeverband"))
        name = record.text(23, 72, _("Name"), required=True)
        type_code = record.text(123, 124, _("Textkennzeichen"), required=True)
        if type_code and type_code not in GEMEINDE_TYPES:
            record.problems.append(
                _("Textkennzeichen „%(code)s“ ist für eine Gemeinde in NRW nicht vorgesehen (61, 63 oder 64)")
                % {"code": type_code}
            )
        area_ha = record.number(129, 139, _("Fläche in ha"))
        population = record.number(140, 150, _("Bevölkerung insgesamt"))
        male = record.number(151, 161, _("Bevölkerung männlich"))
        if population is not None and male is not None and male > population:
            record.problems.append(
                _("mehr männliche Einwohner (%(male)d) als Einwohner insgesamt (%(total)d)")
                % {"male": male, "total": population}
            )
        postal_code = record.text(166, 170, _("Postleitzahl"), required=True)
        if postal_code and not (len(postal_code) == 5 and postal_code.isdigit()):
            record.problems.append(_("Postleitzahl „%(plz)s“ ist ungültig") % {"plz": postal_code})
        several = _cut(record.line, 171, 175)
        if several.strip() not in {"", SEVERAL_POSTAL_CODES}:
            record.problems.append(
                _("Kennzeichen mehrerer Postleitzahlen „%(value)s“ ist ungültig (leer oder *****)")
                % {"value": several.strip()}
            )
        return GemeindeRecord(
            line=number,
            ags=ags,
            ars=ags[:5] + verband + ags[5:],
            name=name,
            type_code=type_code,
            area_km2=(Decimal(area_ha or 0) / 100).quantize(Decimal("0.01")),
            population=population or 0,
            population_male=male or 0,
            postal_code=postal_code,
            postal_code_unique=not several.strip(),
        )
    return None
