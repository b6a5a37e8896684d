from django.urls import path

from teilhabe.registry import views

app_name = "registry"

urlpatterns = [
    path("angebote/", views.offer_list, name="offer_list"),
    path("angebote/neu/", views.offer_create, name="offer_create"),
    path("angebote/pruefen/", views.verification_queue, name="verification_queue"),
    path("angebote/import/", views.offer_import, name="offer_import"),
    path("angebote/import/<str:pk>/", views.offer_import_status, name="offer_import_status"),
    path("angebote/import/<str:pk>/abbrechen/", views.offer_import_cancel, name="offer_import_cancel"),
    path("angebote/<str:pk>/", views.offer_detail, name="offer_detail"),
    path("angebote/<str:pk>/bearbeiten/", views.offer_edit, name="offer_edit"),
    path("angebote/<str:pk>/<str:action>/", views.offer_action, name="offer_action"),
    path("organisationen/", views.organisation_list, name="organisation_list"),
    path("organisationen/neu/", views.organisation_create, name="organisation_create"),
    path("organisationen/<str:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisationen/<str:pk>/bearbeiten/", views.organisation_edit, name="organisation_edit"),
    path("organisationen/<str:pk>/<str:action>/", views.organisation_action, name="organisation_action"),
    path("strukturen/", views.structure_list, name="structure_list"),
    path("strukturen/neu/", views.structure_create, name="structure_create"),
    path("strukturen/<str:pk>/", views.structure_detail, name="structure_detail"),
    path("strukturen/<str:pk>/bearbeiten/", views.structure_edit, name="structure_edit"),
    path("strukturen/<str:pk>/archivieren/", views.structure_archive, name="structure_archive"),
    path("ansprechpersonen/neu/<str:owner>/<str:pk>/", views.contact_create, name="contact_create"),
    path("ansprechpersonen/<str:pk>/", views.contact_detail, name="contact_detail"),
    path("ansprechpersonen/<str:pk>/bearbeiten/", views.contact_edit, name="contact_edit"),
    path("ansprechpersonen/<str:pk>/auskunft.json", views.contact_export, name="contact_export"),
    path("ansprechpersonen/<str:pk>/loeschen/", views.contact_erase, name="contact_erase"),
]
