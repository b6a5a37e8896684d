from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SubjectSearchForm(forms.Form):
    q = forms.CharField(label=_("E-Mail-Adresse oder Name"), max_length=200, required=False)


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Anlass der Löschung"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Zum Beispiel: Antrag nach Art. 17 DSGVO vom …"),
    )


class AuditExportForm(forms.Form):
    start = forms.DateField(label=_("von"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("bis einschließlich"), widget=forms.DateInput(attrs={"type": "date"}))
