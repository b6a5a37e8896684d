"""Programmes, budgets and calls (Land sets up; the Bezirksregierungen read)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from teilhabe.core.decorators import permission_required
from teilhabe.funding import services
from teilhabe.funding.forms import (
    BudgetForm,
    CallForm,
    CostCategoryFormSet,
    CriterionFormSet,
    ProgrammeForm,
    formset_rows,
)
from teilhabe.funding.models import (
    Programme,
)
from teilhabe.funding.views._base import (
    _errors_to_form,
    _user,
)


@permission_required("funding.view_overview")
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.prefetch_related("budgets", "calls").order_by("name")
    return render(
        request,
        "funding/programme_list.html",
        {"programmes": programmes, "can_manage": request.user.has_perm("funding.manage_programmes")},
    )


class _ProgrammeForms:
    """The programme's fields and its two row sets (cost categories, scoring criteria), bound or unbound together."""

    def __init__(self, request: HttpRequest, programme: Programme | None = None) -> None:
        data = request.POST if request.method == "POST" else None
        self.form = ProgrammeForm(data, initial=ProgrammeForm.initial_for(programme) if programme else None)
        # Initial rows only for the empty form: bound rows are read as posted (an unchanged row with initial values
        # would count as "not filled in" and be dropped).
        rows = programme if programme is not None and data is None else None
        self.costs = CostCategoryFormSet(data, prefix="cost", initial=rows.cost_categories if rows else None)
        self.criteria = CriterionFormSet(data, prefix="criteria", initial=rows.criteria if rows else None)

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.costs.is_valid(), self.criteria.is_valid()])

    def input(self) -> services.ProgrammeInput:
        return services.ProgrammeInput(
            **self.form.cleaned_data,
            cost_categories=formset_rows(self.costs, ("key", "label")),
            criteria=formset_rows(self.criteria, ("key", "label", "max")),
        )

    def context(self, programme: Programme | None) -> dict[str, Any]:
        return {"form": self.form, "costs": self.costs, "criteria": self.criteria, "programme": programme}


@permission_required("funding.manage_programmes")
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    forms = _ProgrammeForms(request)
    if request.method == "POST" and forms.is_valid():
        try:
            programme = services.programme_save(actor=_user(request), data=forms.input())
        except ValidationError as error:
            _errors_to_form(forms.form, error)
        else:
            messages.success(request, _("Programm angelegt. Legen Sie nun Haushaltsansätze und einen Aufruf an."))
            return HttpResponseRedirect(reverse("funding:programme_detail", args=[programme.key]))
    return render(request, "funding/programme_form.html", forms.context(None))


@permission_required("funding.manage_programmes")
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, key: str) -> HttpResponse:
    programme = get_object_or_404(Programme, key=key)
    forms = _ProgrammeForms(request, programme)
    if request.method == "POST" and forms.is_valid():
        try:
            services.programme_save(actor=_user(request), data=forms.input(), programme=programme)
        except ValidationError as error:
            _errors_to_form(forms.form, error)
        else:
            messages.success(request, _("Änderungen gespeichert."))
            return HttpResponseRedirect(reverse("funding:programme_detail", args=[programme.key]))
    return render(request, "funding/programme_form.html", forms.context(programme))


@permission_required("funding.view_overview")
@require_http_methods(["GET", "POST"])
def programme_detail(request: HttpRequest, key: str) -> HttpResponse:
    programme = get_object_or_404(Programme, key=key)
    can_manage = request.user.has_perm("funding.manage_programmes")
    budget_form = BudgetForm(request.POST if request.POST.get("form") == "budget" else None)
    call_form = CallForm(request.POST if request.POST.get("form") == "call" else None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            if request.POST.get("form") == "budget" and budget_form.is_valid():
                services.budget_set(actor=_user(request), programme=programme, **budget_form.cleaned_data)
                messages.success(request, _("Haushaltsansatz gespeichert."))
                return HttpResponseRedirect(request.path)
            if request.POST.get("form") == "call" and call_form.is_valid():
                services.call_create(actor=_user(request), programme=programme, **call_form.cleaned_data)
                messages.success(request, _("Förderaufruf angelegt."))
                return HttpResponseRedirect(request.path)
        except ValidationError as error:
            _errors_to_form(budget_form if request.POST.get("form") == "budget" else call_form, error)
    return render(
        request,
        "funding/programme_detail.html",
        {
            "programme": programme,
            "budgets": programme.budgets.order_by("year"),
            "calls": programme.calls.order_by("-opens_at"),
            "modules": programme.modules.all(),
            "can_manage": can_manage,
            "budget_form": budget_form,
            "call_form": call_form,
        },
    )
