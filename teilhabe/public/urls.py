from django.urls import path

from teilhabe.public import views

app_name = "public"

urlpatterns = [
    path("", views.finder_view, name="finder"),
    path("karte.geojson", views.finder_points, name="finder_points"),
    path("<str:pk>/", views.offer_detail, name="offer_detail"),
]
