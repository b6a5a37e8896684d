from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from teilhabe.api import views

app_name = "api"

urlpatterns = [
    path("", views.api_root, name="root"),
    path("openapi.json", SpectacularAPIView.as_view(permission_classes=[], authentication_classes=[]), name="openapi"),
]
