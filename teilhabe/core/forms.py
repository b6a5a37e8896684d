from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from teilhabe.core.formstyle import KernFormMixin


class EmailAuthenticationForm(KernFormMixin, AuthenticationForm):
    """Login with e-mail and password. Unknown address and wrong password give the same message."""

    username = forms.EmailField(
        label=_("E-Mail-Adresse"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("E-Mail-Adresse oder Passwort ist falsch."),
        "inactive": _("E-Mail-Adresse oder Passwort ist falsch."),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class AccountPasswordChangeForm(KernFormMixin, PasswordChangeForm):
    """Change one's own password on the account page.

    The current password is checked through ``authenticate()``, not ``check_password()``: django-axes then counts
    a wrong one like a failed login, so a stolen session cannot try passwords without limit.
    """

    def __init__(self, user: Any, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        self.request = request
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"].widget.attrs.pop("autofocus", None)

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        if authenticate(self.request, username=self.user.email, password=old_password) is None:
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return str(old_password)


class TokenForm(KernFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Sechsstelliger Code aus Ihrer Authenticator-App"),
        max_length=9,  # apps show the code as "123 456"
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]{6,9}", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if len(token) != 6 or not token.isdigit():
            raise forms.ValidationError(_("Der Code besteht aus sechs Ziffern."))
        return token
