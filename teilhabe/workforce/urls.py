from django.urls import path

from teilhabe.workforce import views

app_name = "workforce"

urlpatterns = [
    # the anonymous survey: everything under /befragung/ stays out of the access logs (TEILHABE_UNLOGGED_PATHS)
    path("befragung/", views.survey, name="survey"),
    path("befragung/absenden/", views.survey_submit, name="survey_submit"),
    # published results
    path("oeffentlicher-dienst/", views.published, name="published"),
    path("oeffentlicher-dienst/<int:year>.csv", views.published_csv, name="published_csv"),
    path("oeffentlicher-dienst/<int:year>.pdf", views.published_pdf, name="published_pdf"),
    # back office of Land and the authorities
    path("dienst/", views.home, name="home"),
    path("dienst/befragungen/neu/", views.campaign_create, name="campaign_create"),
    path("dienst/befragungen/<str:pk>/", views.campaign_detail, name="campaign_detail"),
    path("dienst/befragungen/<str:pk>/<slug:action>/", views.campaign_action, name="campaign_action"),
    path("dienst/behoerden/<str:pk>/", views.authority_detail, name="authority_detail"),
    path("dienst/behoerden/<str:pk>/einheiten/neu/", views.unit_create, name="unit_create"),
    path("dienst/behoerden/<str:pk>/codes/", views.codes_issue, name="codes_issue"),
    path("dienst/behoerden/<str:pk>/einstellungen/<int:year>/", views.hiring_edit, name="hiring_edit"),
    path(
        "dienst/behoerden/<str:pk>/auswertung/<str:campaign_pk>/",
        views.authority_statistics,
        name="authority_statistics",
    ),
    path("dienst/einheiten/<str:pk>/", views.unit_edit, name="unit_edit"),
    path("dienst/codes/<str:pk>/briefe.pdf", views.batch_letters, name="batch_letters"),
    path("dienst/codes/<str:pk>/codes.csv", views.batch_csv, name="batch_csv"),
]
