"""The one place where the platform turns HTML into PDF (WeasyPrint): every document is accessible.

Every PDF is tagged as PDF/UA-1 (structure tree in reading order, the language of ``<html lang>``, the title of
``<title>`` shown in the viewer's title bar, MarkInfo). Decisions (Bescheide), which are archived administrative
acts, are PDF/A-3a instead: the archival format at its *accessible* level A, which is tagged the same way. (WeasyPrint
writes one variant per file; PDF/A-3a carries the same structure tree, language and title as PDF/UA-1.)

Templates must therefore give ``<html lang="…">`` and a ``<title>``; tests/core/test_pdf.py checks every kind.
Fonts come from the system (Debian: fonts-noto-core, fonts-dejavu-core); nothing is fetched from the network.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any, Literal

#: WeasyPrint's variant names (weasyprint.pdf.VARIANTS).
ACCESSIBLE = "pdf/ua-1"
ARCHIVAL = "pdf/a-3a"

Kind = Literal["document", "archival"]


def html_to_pdf(html: str, *, base_url: str | None = None, kind: Kind = "document") -> bytes:
    """The PDF of ``html``: tagged PDF/UA-1, or PDF/A-3a for a document that is archived (``kind="archival"``).

    ``base_url`` only for static files of this app; without it WeasyPrint resolves nothing outside the HTML.
    """
    from weasyprint import HTML  # imported here: loading pango takes a moment and most requests need no PDF

    options: dict[str, Any] = {"pdf_variant": ACCESSIBLE, "pdf_tags": True}
    if kind == "archival":
        # PDF/A names an output intent; WeasyPrint's own "srgb" opens its ICC file without closing it (a
        # ResourceWarning per notice), so the same profile comes from here, read once.
        options = {"pdf_variant": ARCHIVAL, "pdf_tags": True, "output_intent": OUTPUT_INTENT}
        options["color_profiles"] = {OUTPUT_INTENT: _srgb_profile()}
    return bytes(HTML(string=html, base_url=base_url).write_pdf(**options))


#: Key of the sRGB output intent of archived documents.
OUTPUT_INTENT = "teilhabe-srgb"


@cache
def _srgb_profile() -> Any:
    from weasyprint.css import ColorProfile

    with (files("weasyprint.pdf") / "sRGB2014.icc").open("rb") as icc:
        return ColorProfile(icc, "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"]))
