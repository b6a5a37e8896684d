"""The German register courts (Registergerichte) with their code in the GLEIF Registration Authorities List.

org-id.guide has one list for every German register kept by the courts, "DE-CR" (Common Register Portal of the
German Federal States: Handels-, Genossenschafts-, Partnerschafts- and Vereinsregister); an identifier is
``DE-CR-<court's GLEIF code>-<register and number without spaces>``, e.g. ``DE-CR-RA000220-VR8726`` for VR 8726 at
the Amtsgericht Bonn. There is no separate list for the Vereinsregister.

Source: org-id.guide register, ``lists/de/de-cr.json`` (confirmed entry, last updated 2018-08-23), which names the
court codes of the GLEIF Registration Authorities List (https://www.gleif.org/en/about-lei/code-lists/
gleif-registration-authorities-list, published by GLEIF under CC0). Copied on 2026-12-06.
"""

from __future__ import annotations

#: Court (seat of the Amtsgericht) → GLEIF Registration Authority code.
GLEIF_CODES: dict[str, str] = {
    "Aachen": "RA000197",
    "Ahlen": "RA000198",
    "Altenburg": "RA000199",
    "Amberg": "RA000200",
    "Ansbach": "RA000201",
    "Apolda": "RA000202",
    "Arnsberg": "RA000203",
    "Arnstadt": "RA000204",
    "Aschaffenburg": "RA000205",
    "Augsburg": "RA000206",
    "Aurich": "RA000207",
    "Bad Hersfeld": "RA000208",
    "Bad Homburg v. d. Höhe": "RA000209",
    "Bad Kreuznach": "RA000210",
    "Bad Langensalza": "RA000211",
    "Bad Lobenstein": "RA000212",
    "Bad Oeynhausen": "RA000213",
    "Bad Salzungen": "RA000214",
    "Bamberg": "RA000215",
    "Bayreuth": "RA000216",
    "Berlin-Charlottenburg": "RA000217",
    "Bielefeld": "RA000218",
    "Bochum": "RA000219",
    "Bonn": "RA000220",
    "Braunschweig": "RA000221",
    "Bremen": "RA000222",
    "Bünde": "RA000223",
    "Chemnitz": "RA000224",
    "Coburg": "RA000225",
    "Coesfeld": "RA000226",
    "Cottbus": "RA000227",
    "Darmstadt": "RA000228",
    "Deggendorf": "RA000229",
    "Dortmund": "RA000230",
    "Dresden": "RA000231",
    "Duisburg": "RA000232",
    "Düren": "RA000233",
    "Düsseldorf": "RA000234",
    "Eisenach": "RA000235",
    "Erfurt": "RA000236",
    "Erkelenz": "RA000237",
    "Eschwege": "RA000238",
    "Essen": "RA000239",
    "Flensburg": "RA000240",
    "Frankfurt (Oder)": "RA000241",
    "Frankfurt am Main": "RA000242",
    "Freiburg": "RA000243",
    "Friedberg (Hessen)": "RA000244",
    "Fritzlar": "RA000245",
    "Fulda": "RA000246",
    "Fürth": "RA000247",
    "Geldern": "RA000248",
    "Gelsenkirchen": "RA000249",
    "Gera": "RA000250",
    "Gießen": "RA000251",
    "Gotha": "RA000252",
    "Göttingen": "RA000253",
    "Greifswald": "RA000254",
    "Greiz": "RA000255",
    "Güstrow": "RA000256",
    "Gütersloh": "RA000257",
    "Hagen": "RA000258",
    "Hamburg": "RA000259",
    "Hamm": "RA000260",
    "Hanau": "RA000261",
    "Hannover": "RA000262",
    "Heilbad Heiligenstadt": "RA000263",
    "Herford": "RA000264",
    "Herne": "RA000265",
    "Hildburghausen": "RA000266",
    "Hildesheim": "RA000267",
    "Hof": "RA000268",
    "Homburg": "RA000269",
    "Ilmenau": "RA000270",
    "Ingolstadt": "RA000271",
    "Iserlohn": "RA000272",
    "Jena": "RA000273",
    "Kaiserslautern": "RA000274",
    "Kassel": "RA000275",
    "Kempten": "RA000276",
    "Kiel": "RA000277",
    "Kleve": "RA000278",
    "Koblenz": "RA000279",
    "Köln": "RA000280",
    "Königstein im Taunus": "RA000281",
    "Korbach": "RA000282",
    "Krefeld": "RA000283",
    "Landau in der Pfalz": "RA000284",
    "Landshut": "RA000285",
    "Lebach": "RA000286",
    "Leipzig": "RA000287",
    "Lemgo": "RA000288",
    "Limburg a. d. Lahn": "RA000289",
    "Lübeck": "RA000290",
    "Ludwigshafen am Rhein": "RA000291",
    "Ludwigslust": "RA000292",
    "Lüneburg": "RA000293",
    "Lünen": "RA000294",
    "Mainz": "RA000295",
    "Mannheim": "RA000296",
    "Marburg": "RA000297",
    "Meiningen": "RA000298",
    "Memmingen": "RA000299",
    "Merzig": "RA000300",
    "Mönchengladbach": "RA000301",
    "Montabaur": "RA000302",
    "Mühlhausen": "RA000303",
    "München": "RA000304",
    "Münster": "RA000305",
    "Neubrandenburg": "RA000306",
    "Neunkirchen": "RA000307",
    "Neuruppin": "RA000308",
    "Neuss": "RA000309",
    "Nordhausen": "RA000310",
    "Nürnberg": "RA000311",
    "Oberhausen": "RA000312",
    "Offenbach am Main": "RA000313",
    "Oldenburg": "RA000314",
    "Osnabrück": "RA000315",
    "Ottweiler": "RA000316",
    "Paderborn": "RA000317",
    "Pasewalk": "RA000318",
    "Passau": "RA000319",
    "Pinneberg": "RA000320",
    "Pößneck": "RA000321",
    "Potsdam": "RA000322",
    "Ratingen": "RA000323",
    "Recklinghausen": "RA000324",
    "Regensburg": "RA000325",
    "Remscheid": "RA000326",
    "Ribnitz": "RA000327",
    "Rostock": "RA000328",
    "Rudolstadt": "RA000329",
    "Saalfeld": "RA000330",
    "Saarbrücken": "RA000331",
    "Saarlouis": "RA000332",
    "Sankt Ingbert": "RA000333",
    "Sankt Wendel": "RA000334",
    "Schleiden": "RA000335",
    "Schweinfurt": "RA000336",
    "Schwerin": "RA000337",
    "Siegburg": "RA000338",
    "Siegen": "RA000339",
    "Soest": "RA000340",
    "Solingen": "RA000341",
    "Sömmerda": "RA000342",
    "Sondershausen": "RA000343",
    "Sonneberg": "RA000344",
    "Stadthagen": "RA000345",
    "Stadtroda": "RA000346",
    "Steinfurt": "RA000347",
    "Stendal": "RA000348",
    "Stralsund": "RA000349",
    "Straubing": "RA000350",
    "Stuttgart": "RA000351",
    "Suhl": "RA000352",
    "Tostedt": "RA000353",
    "Traunstein": "RA000354",
    "Ulm": "RA000355",
    "Völklingen": "RA000356",
    "Wadern": "RA000357",
    "Walsrode": "RA000358",
    "Warburg": "RA000359",
    "Waren": "RA000360",
    "Warstein": "RA000361",
    "Weiden i.d. OPf.": "RA000362",
    "Weimar": "RA000363",
    "Wetzlar": "RA000364",
    "Wiesbaden": "RA000365",
    "Wismar": "RA000366",
    "Witten": "RA000367",
    "Wittlich": "RA000368",
    "Wuppertal": "RA000369",
    "Würzburg": "RA000370",
    "Zweibrücken": "RA000371",
}

_PREFIXES = ("amtsgericht ", "ag ")


def _key(text: str) -> str:
    text = " ".join(text.split()).casefold()
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text


_BY_KEY = {_key(name): code for name, code in GLEIF_CODES.items()}


def gleif_code(court: str) -> str | None:
    """The GLEIF code of a register court given as "Amtsgericht Köln", "AG Köln" or "Köln"; None if unknown."""
    return _BY_KEY.get(_key(court))


_UMLAUTS: dict[str, str | int | None] = {"ä": "a", "ö": "o", "ü": "u", "ß": "ss"}


def _sort_key(name: str) -> str:
    """German dictionary order: an umlaut sorts with its vowel."""
    return name.casefold().translate(str.maketrans(_UMLAUTS))


def court_choices() -> list[tuple[str, str]]:
    """The courts as the form offers them ("Amtsgericht Köln"), in alphabetical order."""
    return [(f"Amtsgericht {name}", f"Amtsgericht {name}") for name in sorted(GLEIF_CODES, key=_sort_key)]
