from django.urls import path

from teilhabe.public import views

app_name = "public"

urlpatterns = [
    path("", views.finder_view, name="finder"),
    path("karte.geojson", views.finder_points, name="finder_points"),
    path("liste.pdf", views.finder_pdf, name="finder_pdf"),
    path("<str:pk>/", views.offer_detail, name="offer_detail"),
    path("<str:pk>/angebot.pdf", views.offer_pdf, name="offer_pdf"),
]
