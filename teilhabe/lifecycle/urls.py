from django.urls import path

from teilhabe.lifecycle import views

app_name = "lifecycle"

#: Mounted at the root: the deletion concept at /loeschkonzept/, the operators' pages under /datenschutz/ (two
#: menu entries, told apart by their first path segment).
urlpatterns = [
    path("loeschkonzept/", views.retention_rules, name="retention_rules"),
    path("datenschutz/betroffene/", views.subject_requests, name="subject_requests"),
    path("datenschutz/betroffene/konto/<int:pk>/auskunft/", views.user_access, name="user_access"),
    path("datenschutz/betroffene/konto/<int:pk>/loeschen/", views.user_erase, name="user_erase"),
    path("datenschutz/betroffene/ansprechperson/<uuid:pk>/auskunft/", views.contact_access, name="contact_access"),
    path("datenschutz/betroffene/ansprechperson/<uuid:pk>/loeschen/", views.contact_erase, name="contact_erase"),
    path("datenschutz/protokoll.csv", views.audit_export, name="audit_export"),
]
