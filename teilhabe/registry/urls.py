from django.urls import path

from teilhabe.registry import views

app_name = "registry"

urlpatterns = [
    path("angebote/", views.offer_list, name="offer_list"),
    path("angebote/neu/", views.offer_create, name="offer_create"),
    path("angebote/pruefen/", views.verification_queue, name="verification_queue"),
    path("angebote/import/", views.offer_import, name="offer_import"),
    path("angebote/<str:pk>/", views.offer_detail, name="offer_detail"),
    path("angebote/<str:pk>/bearbeiten/", views.offer_edit, name="offer_edit"),
    path("angebote/<str:pk>/<str:action>/", views.offer_action, name="offer_action"),
    path("organisationen/", views.organisation_list, name="organisation_list"),
    path("organisationen/neu/", views.organisation_create, name="organisation_create"),
    path("organisationen/<str:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisationen/<str:pk>/bearbeiten/", views.organisation_edit, name="organisation_edit"),
    path("strukturen/", views.structure_list, name="structure_list"),
]
