from django.urls import path

from teilhabe.core import views
from teilhabe.core.decorators import public

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("konto/", views.account, name="account"),
    path("konto/anmelden/", public(views.LoginView.as_view()), name="login"),
    path("konto/abmelden/", public(views.LogoutView.as_view()), name="logout"),
    path("konto/rollenfreigaben/", views.role_approvals, name="role_approvals"),
    path("konto/rollenfreigaben/<int:pk>/<str:action>/", views.role_approval_action, name="role_approval_action"),
    path("konto/zweiter-faktor/", views.second_factor, name="second_factor"),
    path("konto/passwort-vergessen/", public(views.PasswordResetView.as_view()), name="password_reset"),
    path(
        "konto/passwort-vergessen/gesendet/", public(views.PasswordResetDoneView.as_view()), name="password_reset_done"
    ),
    path(
        "konto/passwort-neu/<uidb64>/<token>/",
        public(views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "konto/passwort-neu/fertig/", public(views.PasswordResetCompleteView.as_view()), name="password_reset_complete"
    ),
]
