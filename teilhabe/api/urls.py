from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from teilhabe.api import views
from teilhabe.geo import api as geo_api
from teilhabe.public import api as public_api

app_name = "api"


class OpenApiView(SpectacularJSONAPIView):
    permission_required = "core.view_start"
    authentication_classes = []


urlpatterns = [
    path("", views.ApiRoot.as_view(), name="root"),
    path("openapi.json", OpenApiView.as_view(), name="openapi"),
    path("kreise", geo_api.KreisList.as_view(), name="kreis_list"),
    path("kreise/<str:key>", geo_api.KreisDetail.as_view(), name="kreis_detail"),
    path("gemeinden", geo_api.GemeindeList.as_view(), name="gemeinde_list"),
    path("gemeinden/<str:ags>", geo_api.GemeindeDetail.as_view(), name="gemeinde_detail"),
    path("offers", public_api.OfferSearch.as_view(), name="offer_search"),
]
