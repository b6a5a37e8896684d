from django.urls import path

from teilhabe.geo import views

app_name = "geo"

urlpatterns = [
    path("", views.kreis_list, name="kreis_list"),
]
