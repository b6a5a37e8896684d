from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from rules.contrib.views import permission_required

from teilhabe.geo.models import Kreis


@require_GET
@permission_required("geo.view_gebiete")
def kreis_list(request: HttpRequest) -> HttpResponse:
    return render(request, "geo/kreis_list.html", {"kreise": Kreis.objects.select_related("regierungsbezirk")})
