"""Programmes, budgets and calls (Land sets up; the Bezirksregierungen read)."""

from __future__ import annotations

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
    ProgrammeForm,
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


def _programme_input(form: ProgrammeForm) -> services.ProgrammeInput:
    return services.ProgrammeInput(**form.cleaned_data)


@permission_required("funding.manage_programmes")
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_save(actor=_user(request), data=_programme_input(form))
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Programm angelegt. Legen Sie nun Haushaltsansätze und einen Aufruf an."))
            return HttpResponseRedirect(reverse("funding:programme_detail", args=[programme.key]))
    return render(request, "funding/programme_form.html", {"form": form, "programme": None})


@permission_required("funding.manage_programmes")
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, key: str) -> HttpResponse:
    programme = get_object_or_404(Programme, key=key)
    form = ProgrammeForm(
        request.POST if request.method == "POST" else None, initial=ProgrammeForm.initial_for(programme)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_save(actor=_user(request), data=_programme_input(form), programme=programme)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Änderungen gespeichert."))
            return HttpResponseRedirect(reverse("funding:programme_detail", args=[programme.key]))
    return render(request, "funding/programme_form.html", {"form": form, "programme": programme})


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
