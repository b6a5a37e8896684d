"""Fill the .po files with the public finder's translations (run after `teilhabe makemessages`)."""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from translations_public import PLURALS, T

LANGS = ["en", "tr", "ar", "uk", "ru"]
LOCALE = Path(__file__).resolve().parents[1] / "teilhabe" / "locale"


def esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def fill_entry(entry: str, index: int, lang: str, nplurals: int) -> str:
    match = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
    if not match:
        return entry
    msgid = "".join(re.findall(r'"(.*)"', match.group(1))).replace('\\"', '"')
    if "msgid_plural" in entry and msgid in PLURALS:
        forms = PLURALS[msgid][lang]
        forms = (forms + [forms[-1]] * nplurals)[:nplurals]
        head = entry[: entry.index("msgstr[0]")]
        filled = head + "\n".join(f'msgstr[{k}] "{esc(f)}"' for k, f in enumerate(forms))
        return filled.replace("#, fuzzy\n", "")
    if "msgid_plural" not in entry and msgid in T:
        values = T[msgid]
        value = values[index] if len(values) > 1 else values[0]
        filled = re.sub(r'^msgstr ((?:".*"\n?)+)$', f'msgstr "{esc(value)}"', entry, flags=re.M)
        return filled.replace("#, fuzzy\n", "")
    return entry


def main() -> None:
    for index, lang in enumerate(LANGS):
        path = LOCALE / lang / "LC_MESSAGES" / "django.po"
        raw = path.read_text(encoding="utf-8")
        found = re.search(r"nplurals=(\d)", raw)
        nplurals = int(found.group(1)) if found else 2
        text = "\n\n".join(fill_entry(e, index, lang, nplurals) for e in raw.split("\n\n"))
        text = text.replace(
            '"Content-Type: text/plain; charset=CHARSET\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"'
        )
        path.write_text(text, encoding="utf-8")
    print("filled")


if __name__ == "__main__":
    main()
