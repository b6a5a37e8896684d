"""Fill the .po files from the translation tables (run after `teilhabe makemessages`).

translations_public.py: the public finder, the shell and the taxonomy in all five languages.
translations_staff.py: the staff screens, English only (the other languages are for the public finder).
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from translations_public import PLURALS, T
from translations_staff import EN, EN_PLURALS

LANGS = ["en", "tr", "ar", "uk", "ru"]
LOCALE = Path(__file__).resolve().parents[1] / "teilhabe" / "locale"
UNESCAPE = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def unquote(block: str) -> str:
    text = "".join(re.findall(r'^"(.*)"$', block, re.M))
    return re.sub(r"\\(.)", lambda m: UNESCAPE.get(m.group(1), "\\" + m.group(1)), text)


def esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def unfuzzy(entry: str) -> str:
    """Drop the fuzzy flag and msgmerge's previous msgid (#| lines) of an entry that was just filled."""
    lines = []
    for line in entry.split("\n"):
        if line.startswith("#|"):
            continue
        if line.startswith("#,"):
            flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            if flags:
                lines.append("#, " + ", ".join(flags))
            continue
        lines.append(line)
    return "\n".join(lines)


def fill_entry(entry: str, table: dict[str, str], plurals: dict[str, list[str]], nplurals: int) -> str:
    match = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
    if not match:
        return entry
    msgid = unquote(match.group(1))
    if "msgid_plural" in entry and msgid in plurals:
        forms = plurals[msgid]
        forms = (forms + [forms[-1]] * nplurals)[:nplurals]
        head = entry[: entry.index("msgstr[0]")]
        return unfuzzy(head + "\n".join(f'msgstr[{k}] "{esc(f)}"' for k, f in enumerate(forms)))
    if "msgid_plural" not in entry and msgid in table:
        value = esc(table[msgid])
        filled = re.sub(r'^msgstr ((?:".*"\n?)+)$', lambda _: f'msgstr "{value}"', entry, flags=re.M)
        return unfuzzy(filled)
    return entry


def tables(index: int, lang: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    table = {msgid: values[index] if len(values) > 1 else values[0] for msgid, values in T.items()}
    plurals = {msgid: forms[lang] for msgid, forms in PLURALS.items() if lang in forms}
    if lang == "en":
        # The public tables win where both have a msgid: the public pages keep their wording.
        table = {**EN, **table}
        plurals = {**EN_PLURALS, **plurals}
    return table, plurals


def main() -> None:
    for index, lang in enumerate(LANGS):
        path = LOCALE / lang / "LC_MESSAGES" / "django.po"
        raw = path.read_text(encoding="utf-8")
        found = re.search(r"nplurals=(\d)", raw)
        nplurals = int(found.group(1)) if found else 2
        table, plurals = tables(index, lang)
        text = "\n\n".join(fill_entry(e, table, plurals, nplurals) for e in raw.split("\n\n"))
        text = text.replace(
            '"Content-Type: text/plain; charset=CHARSET\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"'
        )
        path.write_text(text, encoding="utf-8")
    print("filled")


if __name__ == "__main__":
    main()
