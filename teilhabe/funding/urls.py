from django.urls import path

from teilhabe.funding import views

app_name = "funding"

urlpatterns = [
    path("antraege/", views.application_list, name="application_list"),
    path("aufrufe/<str:call_pk>/antrag/", views.application_create, name="application_create"),
    path("antraege/<str:pk>/", views.application_detail, name="application_detail"),
    path("antraege/<str:pk>/bearbeiten/", views.application_edit, name="application_edit"),
    path("antraege/<str:pk>/plan/", views.application_plan, name="application_plan"),
    path("antraege/<str:pk>/bewertung/", views.application_score, name="application_score"),
    path("antraege/<str:pk>/vorschlag/", views.application_propose, name="application_propose"),
    path("antraege/<str:pk>/aenderung/", views.application_amend, name="application_amend"),
    path("antraege/<str:pk>/aenderungsantrag/", views.change_request, name="change_request"),
    path("antraege/<str:pk>/anlagen/", views.attachment_upload, name="attachment_upload"),
    path("antraege/<str:pk>/anlagen/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
    path("antraege/<str:pk>/eingang-<int:number>.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("antraege/<str:pk>/bescheid.pdf", views.notice_pdf, name="notice_pdf"),
    path("antraege/<str:pk>/abrufe/neu/", views.payment_create, name="payment_create"),
    path(
        "antraege/<str:pk>/abrufe/<str:payment_pk>/auszahlung.pdf", views.payment_notice_pdf, name="payment_notice_pdf"
    ),
    path("antraege/<str:pk>/abrufe/<str:payment_pk>/<str:action>/", views.payment_action, name="payment_action"),
    path("antraege/<str:pk>/nachweise/neu/", views.proof_create, name="proof_create"),
    path("antraege/<str:pk>/nachweise/<str:proof_pk>/pruefen/", views.proof_check, name="proof_check"),
    path("antraege/<str:pk>/rueckforderung/<str:claim_pk>/", views.claim_detail, name="claim_detail"),
    path(
        "antraege/<str:pk>/rueckforderung/<str:claim_pk>/<slug:letter>.pdf",
        views.claim_letter_pdf,
        name="claim_letter_pdf",
    ),
    path("antraege/<str:pk>/rueckforderung/<str:claim_pk>/<str:action>/", views.claim_action, name="claim_action"),
    path("antraege/<str:pk>/<str:action>/", views.application_action, name="application_action"),
    path("mittelabrufe/", views.payment_list, name="payment_list"),
    path("nachweise/", views.proof_list, name="proof_list"),
    path("zahlungen.csv", views.payment_export, name="payment_export"),
    path("uebersicht/", views.overview, name="overview"),
    path("uebersicht/kreise.geojson", views.overview_geojson, name="overview_geojson"),
    path("programme/", views.programme_list, name="programme_list"),
    path("programme/neu/", views.programme_create, name="programme_create"),
    path("programme/<slug:key>/", views.programme_detail, name="programme_detail"),
    path("programme/<slug:key>/bearbeiten/", views.programme_edit, name="programme_edit"),
    path("ki-personal/", views.staff_overview, name="staff_overview"),
    path("ki-personal/saetze/", views.staff_rates, name="staff_rates"),
    path("ki-personal/<str:pk>/", views.centre_detail, name="centre_detail"),
    path("ki-personal/<str:pk>/bericht.csv", views.staff_report, name="staff_report"),
]
