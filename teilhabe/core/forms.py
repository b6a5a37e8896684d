from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
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


class TokenForm(KernFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Sechsstelliger Code aus Ihrer Authenticator-App"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}", "autofocus": True}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("Der Code besteht aus sechs Ziffern."))
        return token
