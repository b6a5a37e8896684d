from django.urls import path

from teilhabe.dialogue import views

app_name = "dialogue"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("neu/", views.event_create, name="event_create"),
    path("kalender.ics", views.my_calendar, name="my_calendar"),
    path("kalender/<str:token>.ics", views.feed, name="feed"),
    path("verzeichnis/", views.directory, name="directory"),
    path("verzeichnis.csv", views.directory_export, name="directory_export"),
    path("themen/", views.topic_list, name="topic_list"),
    path("themen/neu/", views.topic_create, name="topic_create"),
    path("themen/<uuid:pk>/", views.topic_detail, name="topic_detail"),
    path("themen/<uuid:pk>/dokumente/", views.topic_document_add, name="topic_document_add"),
    path("dokumente/<uuid:pk>/fassung/", views.document_version_add, name="document_version_add"),
    path("dokumente/<uuid:pk>/v<int:number>/", views.document_download, name="document_download"),
    path("aufgaben/<uuid:pk>/status/", views.action_status, name="action_status"),
    path("<uuid:pk>/", views.event_detail, name="event_detail"),
    path("<uuid:pk>/bearbeiten/", views.event_edit, name="event_edit"),
    path("<uuid:pk>/absagen/", views.event_cancel, name="event_cancel"),
    path("<uuid:pk>/einladen/", views.event_invite, name="event_invite"),
    path("<uuid:pk>/programm/", views.agenda_add, name="agenda_add"),
    path("<uuid:pk>/anmelden/", views.register, name="register"),
    path("<uuid:pk>/abmelden/", views.unregister, name="unregister"),
    path("<uuid:pk>/teilnehmende.pdf", views.attendance_pdf, name="attendance_pdf"),
    path("<uuid:pk>/teilnehmende.csv", views.attendance_csv, name="attendance_csv"),
    path("<uuid:pk>/protokoll/", views.minutes_save, name="minutes_save"),
    path("<uuid:pk>/aufgaben/", views.action_add, name="action_add"),
    path("<uuid:pk>/dokumente/", views.event_document_add, name="event_document_add"),
]
