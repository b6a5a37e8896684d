from django.urls import path

from teilhabe.lifecycle import views

app_name = "lifecycle"

urlpatterns = [
    path("loeschkonzept/", views.retention_rules, name="retention_rules"),
    path("betroffene/", views.subject_requests, name="subject_requests"),
    path("betroffene/konto/<int:pk>/auskunft/", views.user_access, name="user_access"),
    path("betroffene/konto/<int:pk>/loeschen/", views.user_erase, name="user_erase"),
    path("betroffene/ansprechperson/<uuid:pk>/auskunft/", views.contact_access, name="contact_access"),
    path("betroffene/ansprechperson/<uuid:pk>/loeschen/", views.contact_erase, name="contact_erase"),
    path("protokoll.csv", views.audit_export, name="audit_export"),
]
