"""Public open data of the funding app: the 360Giving file of all decided grants at /opendata/360giving.json."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from teilhabe.core.decorators import permission_required
from teilhabe.funding import giving


@permission_required("funding.view_open_data")
@require_safe  # HEAD too: download managers ask for the size first
def opendata_360giving(request: HttpRequest) -> HttpResponse:
    """All decided grants as one 360Giving package (JSON), public like the HSDS download."""
    body = giving.export_json(base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="teilhabe-nrw-360giving.json"'
    return response
