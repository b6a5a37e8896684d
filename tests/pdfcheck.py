"""Read the accessibility structure of a PDF without a PDF library: inflate every stream (WeasyPrint keeps the
catalog in a compressed object stream) and look for the entries PDF/UA and PDF/A ask for."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass


@dataclass(frozen=True)
class PdfStructure:
    tagged: bool  # StructTreeRoot and MarkInfo /Marked true in the catalog
    lang: str  # /Lang of the catalog
    title: str  # dc:title of the XMP metadata (the /Title the viewer shows, DisplayDocTitle)
    display_title: bool
    ua_part: str  # pdfuaid:part ("1" for PDF/UA-1)
    pdfa: str  # pdfaid part and conformance ("3A" for PDF/A-3a), empty if none
    struct_elements: set[str]  # the structure types used (/H1, /P, /Table …)
    output_intent: bool  # an /OutputIntent with an ICC profile (PDF/A needs one)


def _inflated(data: bytes) -> bytes:
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        if end < 0:
            continue
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end() : end]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def pdf_structure(data: bytes) -> PdfStructure:
    assert data.startswith(b"%PDF-"), "not a PDF"
    text = _inflated(data)
    lang = re.search(rb"/Lang \((.*?)\)", text)
    title = re.search(rb"<dc:title><rdf:Alt><rdf:li[^>]*>(.*?)</rdf:li>", text, re.S)
    ua = re.search(rb'pdfuaid:part="(\d)"', text)
    pdfa_part = re.search(rb'pdfaid:part="(\d)"', text)
    pdfa_conf = re.search(rb'pdfaid:conformance="([ABU])"', text)
    elements = {m.decode() for m in re.findall(rb"/S /([A-Za-z0-9]+)", text)}
    return PdfStructure(
        tagged=b"/StructTreeRoot" in text and re.search(rb"/MarkInfo\s*<<\s*/Marked true", text) is not None,
        lang=lang.group(1).decode("latin-1") if lang else "",
        title=title.group(1).decode() if title else "",
        display_title=re.search(rb"/DisplayDocTitle true", text) is not None,
        ua_part=ua.group(1).decode() if ua else "",
        pdfa=(pdfa_part.group(1) + pdfa_conf.group(1)).decode() if pdfa_part and pdfa_conf else "",
        struct_elements=elements,
        output_intent=re.search(rb"/Type /OutputIntent.*?/DestOutputProfile", text, re.S) is not None,
    )


def assert_accessible(data: bytes, *, lang: str, title: str = "", archival: bool = False) -> PdfStructure:
    """Tagged, with language and title shown; PDF/UA-1, or PDF/A-3a for an archived document."""
    found = pdf_structure(data)
    assert found.tagged, "no structure tree (StructTreeRoot, MarkInfo)"
    assert found.lang == lang, f"language {found.lang!r}, expected {lang!r}"
    assert found.title.strip(), "no title"
    if title:
        assert title in found.title, (found.title, title)
    assert found.display_title, "the viewer would show the file name, not the title"
    assert "Document" in found.struct_elements, found.struct_elements
    if archival:
        assert found.pdfa == "3A", f"PDF/A {found.pdfa!r}, expected 3A"
        assert found.output_intent, "PDF/A without an output intent"
    else:
        assert found.ua_part == "1", f"PDF/UA part {found.ua_part!r}, expected 1"
    return found
