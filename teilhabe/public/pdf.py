"""Printable PDFs of an offer and of a result list (WeasyPrint), in the visitor's language, right to left in
Arabic. Fonts come from the system (Debian: fonts-noto-core, fonts-dejavu-core); nothing is fetched."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language, get_language_bidi

from teilhabe.core.pdf import html_to_pdf


def render_pdf(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    html = render_to_string(
        template, {**context, "language": get_language() or "de", "rtl": get_language_bidi()}, request=request
    )
    # base_url only for static files of this app; WeasyPrint fetches nothing from the network.
    pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
