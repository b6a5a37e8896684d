from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core.decorators import permission_required
from teilhabe.core.roles import Role
from teilhabe.core.scope import scope_of
from teilhabe.registry import exports, imports, selectors, services
from teilhabe.registry.forms import OfferFilterForm, OfferForm, OrganisationForm, ReturnForm
from teilhabe.registry.models import Organisation, Status, Structure

PER_PAGE = 50


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_GET
@permission_required("registry.view_registry")
def offer_list(request: HttpRequest) -> HttpResponse:
    form = OfferFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    offers = selectors.offer_list(
        user=request.user,
        status=filters.get("status", ""),
        topic=filters.get("topic", ""),
        kreis=filters.get("kreis", ""),
        org_kind=filters.get("org_kind", ""),
        text=filters.get("q", ""),
        organisation=request.GET.get("organisation", ""),
    )
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        rows = exports.offer_rows(offers.iterator(chunk_size=2000))
        maker = exports.as_csv if export == "csv" else exports.as_xlsx
        return maker(exports.OFFER_COLUMNS, rows, "angebote")
    page = Paginator(offers, PER_PAGE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "registry/offer_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_add": request.user.has_perm("registry.add_offer"),
        },
    )


@require_GET
@permission_required("registry.verify_in_scope")
def verification_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registry/verification_queue.html",
        {"offers": selectors.verification_queue(user=request.user), "return_form": ReturnForm()},
    )


@require_GET
@permission_required("registry.view_registry")
def offer_detail(request: HttpRequest, pk: str) -> HttpResponse:
    offer = selectors.offer_for(user=request.user, pk=pk)
    if offer is None:
        raise Http404
    user = request.user
    actions = {
        name: user.has_perm(f"registry.{name}_offer", offer)
        for name in ("change", "submit", "verify", "return", "publish", "archive")
    }
    return render(
        request, "registry/offer_detail.html", {"offer": offer, "actions": actions, "return_form": ReturnForm()}
    )


def _organisations_for_new_offer(request: HttpRequest) -> list[Organisation]:
    return [
        o
        for o in selectors.organisations_visible_to(request.user).order_by("name")
        if request.user.has_perm("registry.change_organisation", o)
    ]


@require_http_methods(["GET", "POST"])
@permission_required("registry.add_offer")
def offer_create(request: HttpRequest) -> HttpResponse:
    organisations = _organisations_for_new_offer(request)
    chosen = request.POST.get("organisation") or request.GET.get("organisation") or ""
    only = organisations[0] if len(organisations) == 1 else None
    organisation = next((o for o in organisations if str(o.pk) == chosen), only)
    form = OfferForm(request.POST or None)
    if request.method == "POST":
        if organisation is None:
            form.add_error(None, _("Bitte wählen Sie die Organisation, die das Angebot macht."))
        elif form.is_valid():
            try:
                offer = services.offer_create(
                    actor=request.user,  # type: ignore[arg-type]
                    organisation=organisation,
                    data=form.to_input(),
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(
                    request, _("Entwurf gespeichert. Reichen Sie ihn zur Prüfung ein, wenn er fertig ist.")
                )
                return HttpResponseRedirect(reverse("registry:offer_detail", args=[offer.pk]))
    return render(
        request,
        "registry/offer_form.html",
        {"form": form, "organisations": organisations, "organisation": organisation, "offer": None},
    )


@require_http_methods(["GET", "POST"])
@permission_required("registry.view_registry")
def offer_edit(request: HttpRequest, pk: str) -> HttpResponse:
    offer = selectors.offer_for(user=request.user, pk=pk)
    if offer is None:
        raise Http404
    if not request.user.has_perm("registry.change_offer", offer):
        raise PermissionDenied
    form = OfferForm(request.POST or None, initial=OfferForm.initial_for(offer))
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(actor=request.user, offer=offer, data=form.to_input())  # type: ignore[arg-type]
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Änderungen gespeichert."))
            return HttpResponseRedirect(reverse("registry:offer_detail", args=[offer.pk]))
    return render(
        request, "registry/offer_form.html", {"form": form, "offer": offer, "organisation": offer.organisation}
    )


@require_POST
@permission_required("registry.view_registry")
def offer_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    offer = selectors.offer_for(user=request.user, pk=pk)
    if offer is None:
        raise Http404
    actor = request.user
    try:
        if action == "submit":
            services.offer_submit(actor=actor, offer=offer)  # type: ignore[arg-type]
            messages.success(request, _("Zur Prüfung eingereicht. Die Kommune prüft das Angebot."))
        elif action == "verify":
            services.offer_verify(actor=actor, offer=offer, publish=True)  # type: ignore[arg-type]
            messages.success(request, _("Geprüft und veröffentlicht. Das Angebot ist in der Suche zu finden."))
        elif action == "return":
            form = ReturnForm(request.POST)
            reason = form.data.get("reason", "")
            services.offer_return(actor=actor, offer=offer, reason=reason)  # type: ignore[arg-type]
            messages.success(request, _("An die Organisation zurückgegeben."))
        elif action == "publish":
            services.offer_publish(actor=actor, offer=offer)  # type: ignore[arg-type]
            messages.success(request, _("Veröffentlicht."))
        elif action == "archive":
            services.offer_archive(actor=actor, offer=offer, reason=request.POST.get("reason", ""))  # type: ignore[arg-type]
            messages.success(request, _("Archiviert. Das Angebot ist nicht mehr öffentlich."))
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    next_url = request.POST.get("next", "")
    if next_url == "queue":
        return HttpResponseRedirect(reverse("registry:verification_queue"))
    return HttpResponseRedirect(reverse("registry:offer_detail", args=[offer.pk]))


@require_GET
@permission_required("registry.view_registry")
def organisation_list(request: HttpRequest) -> HttpResponse:
    orgs = selectors.organisation_list(
        user=request.user,
        kind=request.GET.get("kind", ""),
        kreis=request.GET.get("kreis", "")[:5],
        text=request.GET.get("q", "")[:100],
    )
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        maker = exports.as_csv if export == "csv" else exports.as_xlsx
        return maker(
            exports.ORGANISATION_COLUMNS, exports.organisation_rows(orgs.iterator(chunk_size=2000)), "organisationen"
        )
    page = Paginator(orgs, PER_PAGE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "registry/organisation_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "kinds": Organisation.Kind.choices,
            "can_add": request.user.has_perm("registry.add_organisation"),
        },
    )


@require_GET
@permission_required("registry.view_registry")
def organisation_detail(request: HttpRequest, pk: str) -> HttpResponse:
    organisation = selectors.organisation_for(user=request.user, pk=pk)
    if organisation is None:
        raise Http404
    offers = selectors.offer_list(user=request.user, organisation=str(organisation.pk))
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "organisation": organisation,
            "offers": offers[:200],
            "can_change": request.user.has_perm("registry.change_organisation", organisation),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("registry.add_organisation")
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(actor=request.user, data=form.to_input())  # type: ignore[arg-type]
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                form.add_error("gemeinde", str(error))
            else:
                _form_errors(form, error)
        else:
            messages.success(request, _("Organisation angelegt."))
            return HttpResponseRedirect(reverse("registry:organisation_detail", args=[organisation.pk]))
    return render(request, "registry/organisation_form.html", {"form": form, "organisation": None})


@require_http_methods(["GET", "POST"])
@permission_required("registry.view_registry")
def organisation_edit(request: HttpRequest, pk: str) -> HttpResponse:
    organisation = selectors.organisation_for(user=request.user, pk=pk)
    if organisation is None:
        raise Http404
    if not request.user.has_perm("registry.change_organisation", organisation):
        raise PermissionDenied
    initial = {
        f: getattr(organisation, f)
        for f in (
            "name",
            "kind",
            "spitzenverband",
            "description",
            "street",
            "postal_code",
            "city",
            "email",
            "phone",
            "website",
        )
    }
    initial["gemeinde"] = organisation.gemeinde
    initial["languages"] = [lang.code for lang in organisation.languages.all()]
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                data=form.to_input(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        except PermissionDenied as error:
            form.add_error("gemeinde", str(error))
        else:
            messages.success(request, _("Änderungen gespeichert."))
            return HttpResponseRedirect(reverse("registry:organisation_detail", args=[organisation.pk]))
    return render(request, "registry/organisation_form.html", {"form": form, "organisation": organisation})


@require_GET
@permission_required("registry.view_registry")
def structure_list(request: HttpRequest) -> HttpResponse:
    structures = selectors.structure_list(
        user=request.user, kind=request.GET.get("kind", ""), kreis=request.GET.get("kreis", "")[:5]
    )
    return render(
        request,
        "registry/structure_list.html",
        {
            "structures": structures[:500],
            "kinds": Structure.Kind.choices,
            "is_kommune": scope_of(request.user).has_role(Role.KOMMUNE),
            "statuses": Status,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("registry.add_offer")
def offer_import(request: HttpRequest) -> HttpResponse:
    """Upload CSV/XLSX; the report lists every row. Nothing is imported while a row is bad, unless asked."""
    report = None
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Bitte wählen Sie eine Datei.")
        else:
            try:
                report = imports.import_offers(
                    actor=request.user,  # type: ignore[arg-type]
                    file=upload,
                    only_valid=request.POST.get("only_valid") == "on",
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                if report.imported:
                    messages.success(
                        request, _("%(count)d Angebote als Entwurf importiert.") % {"count": report.imported}
                    )
    return render(request, "registry/offer_import.html", {"report": report, "error": error, "columns": imports.COLUMNS})
