from django.urls import path

from teilhabe.geo import views

app_name = "geo"

urlpatterns = [
    path("", views.kreis_list, name="kreis_list"),
    path("nrw.geojson", views.nrw_outline, name="nrw_outline"),
    path("gemeinden/", views.gemeinde_list, name="gemeinde_list"),
    path("kreise/<str:key>/", views.kreis_detail, name="kreis_detail"),
    path("kreise/<str:key>/grenzen.geojson", views.kreis_boundary, name="kreis_boundary"),
    path("gemeinden/<str:ags>/", views.gemeinde_detail, name="gemeinde_detail"),
    path("gemeinden/<str:ags>/grenze.geojson", views.gemeinde_boundary, name="gemeinde_boundary"),
]
