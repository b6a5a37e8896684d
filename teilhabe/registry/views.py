"""Screens of the registry for the people who keep it. Thin: parse input, call one selector or service, render.

Every view states its permission with @permission_required; objects come from scoped selectors, so an object outside
the user's scope answers 404. A refused workflow step (PermissionDenied from the service) answers 403.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core.decorators import permission_required
from teilhabe.core.listing import Column, Listing
from teilhabe.registry import exports, imports, selectors, services
from teilhabe.registry.forms import (
    TRANSLATION_LANGUAGES,
    ContactForm,
    EraseForm,
    OfferFilterForm,
    OfferForm,
    OrganisationFilterForm,
    OrganisationForm,
    QueueFilterForm,
    ReturnForm,
    StructureFilterForm,
    StructureForm,
)
from teilhabe.registry.models import Contact, Organisation, Structure

PER_PAGE = 50
EXPORT_FORMATS = ("csv", "xlsx")


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _export(listing: Listing, columns: list[str], rows: Callable[[Any], Any], queryset: Any, name: str) -> Any:
    """The registry's columns for the filtered rows; one pass over the rows, not one per column."""
    fmt = listing.request.GET.get("export")
    if fmt not in EXPORT_FORMATS:
        return None
    maker = exports.as_csv if fmt == "csv" else exports.as_xlsx
    return maker(columns, rows(listing.ordered(queryset).iterator(chunk_size=2000)), name)


# --- offers ------------------------------------------------------------------------------------


def _contacts_of(organisation: Organisation | None) -> Any:
    if organisation is None:
        return Contact.objects.none()
    return Contact.objects.filter(organisation=organisation, erased_at__isnull=True).order_by("name", "pk")


OFFER_COLUMNS = [
    Column("title", gettext_lazy("Titel"), ("title",)),
    Column("organisation", gettext_lazy("Organisation"), ("organisation__name",)),
    Column("place", gettext_lazy("Ort")),
    Column("topics", gettext_lazy("Themen")),
    Column("status", gettext_lazy("Status"), ("status",)),
    Column("verified", gettext_lazy("Zuletzt geprüft"), ("verified_at",)),
]
QUEUE_COLUMNS = [
    Column("submitted", gettext_lazy("Eingang"), ("submitted_at",)),
    Column("title", gettext_lazy("Titel"), ("title",)),
    Column("organisation", gettext_lazy("Organisation"), ("organisation__name",)),
]


def _queue_url(request: HttpRequest) -> str:
    """Back to the verification queue with the filters, sort and page the person worked with."""
    query = QueryDict(request.POST.get("queue_query", "")[:1000]).urlencode()
    return reverse("registry:verification_queue") + (f"?{query}" if query else "")


@permission_required("registry.view_registry")
@require_GET
def offer_list(request: HttpRequest) -> HttpResponse:
    listing = Listing(request, OfferFilterForm, OFFER_COLUMNS, default_sort="title", per_page=PER_PAGE)
    filters = listing.filters
    offers = selectors.offer_list(
        user=request.user,
        status=filters.get("status", ""),
        topic=filters.get("topic", ""),
        kreis=filters.get("kreis", ""),
        gemeinde=filters.get("gemeinde", ""),
        org_kind=filters.get("org_kind", ""),
        text=filters.get("q", ""),
        organisation=request.GET.get("organisation", ""),
    )
    if (download := _export(listing, exports.OFFER_COLUMNS, exports.offer_rows, offers, "angebote")) is not None:
        return download
    return render(
        request,
        "registry/offer_list.html",
        {"can_add": request.user.has_perm("registry.add_offer"), **listing.context(offers)},
    )


@permission_required("registry.verify_in_scope")
@require_GET
def verification_queue(request: HttpRequest) -> HttpResponse:
    listing = Listing(request, QueueFilterForm, QUEUE_COLUMNS, default_sort="submitted", per_page=PER_PAGE)
    filters = listing.filters
    offers = selectors.verification_queue(
        user=request.user,
        text=filters.get("q", ""),
        topic=filters.get("topic", ""),
        kreis=filters.get("kreis", ""),
        gemeinde=filters.get("gemeinde", ""),
    )
    if (download := _export(listing, exports.OFFER_COLUMNS, exports.offer_rows, offers, "pruefauftraege")) is not None:
        return download
    return render(
        request,
        "registry/verification_queue.html",
        {
            **listing.context(offers),
            "organisations": selectors.organisation_queue(user=request.user),
            "return_form": ReturnForm(),
        },
    )


@permission_required("registry.view_registry")
@require_GET
def offer_detail(request: HttpRequest, pk: str) -> HttpResponse:
    offer = selectors.offer_for(user=request.user, pk=pk)
    if offer is None:
        raise Http404
    user = request.user
    actions = {
        name: user.has_perm(f"registry.{name}_offer", offer)
        for name in ("change", "submit", "verify", "return", "publish", "archive")
    }
    contact = offer.contact
    show_contact = contact is not None and (contact.is_public or user.has_perm("registry.manage_contact", contact))
    return render(
        request,
        "registry/offer_detail.html",
        {
            "offer": offer,
            "actions": actions,
            "return_form": ReturnForm(),
            "show_contact": show_contact,
            "translation_rows": _translation_rows(offer),
        },
    )


@permission_required("registry.add_offer")
@require_http_methods(["GET", "POST"])
def offer_create(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_for_new_offer(user=request.user)
    chosen = request.POST.get("organisation") or request.GET.get("organisation") or ""
    only = organisations[0] if len(organisations) == 1 else None
    organisation = next((o for o in organisations if str(o.pk) == chosen), only)
    form = OfferForm(request.POST if request.method == "POST" else None, contacts=_contacts_of(organisation))
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


def _translation_rows(offer: Any) -> list[dict[str, Any]]:
    """Per public language: its name, the state of the translation and its title (for organisation and Kommune)."""
    labels = dict(TRANSLATION_LANGUAGES)
    titles = {t.language_id: t.title for t in offer.translations.all()}
    return [
        {"code": code, "label": labels.get(code, code), "state": state, "title": titles.get(code, "")}
        for code, state in offer.translation_states()
    ]


@permission_required("registry.view_registry")
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, pk: str) -> HttpResponse:
    offer = selectors.offer_for(user=request.user, pk=pk)
    if offer is None:
        raise Http404
    if not request.user.has_perm("registry.change_offer", offer):
        raise PermissionDenied
    form = OfferForm(
        request.POST if request.method == "POST" else None,
        initial=OfferForm.initial_for(offer),
        contacts=_contacts_of(offer.organisation),
    )
    form.translation_states = offer.translation_states()
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


OFFER_ACTIONS: dict[str, tuple[Callable[..., Any], Any]] = {
    "submit": (services.offer_submit, gettext_lazy("Zur Prüfung eingereicht. Die Kommune prüft das Angebot.")),
    "verify": (
        services.offer_verify,
        gettext_lazy("Geprüft und veröffentlicht. Das Angebot ist in der Suche zu finden."),
    ),
    "return": (services.offer_return, gettext_lazy("An die Organisation zurückgegeben.")),
    "publish": (services.offer_publish, gettext_lazy("Veröffentlicht.")),
    "archive": (services.offer_archive, gettext_lazy("Archiviert. Das Angebot ist nicht mehr öffentlich.")),
}


def _run_action(request: HttpRequest, service: Callable[..., Any], action: str, message: Any, **kwargs: Any) -> None:
    if action in ("return", "archive"):
        kwargs["reason"] = request.POST.get("reason", "")[:2000]
    try:
        service(actor=request.user, **kwargs)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, str(message))


@permission_required("registry.view_registry")
@require_POST
def offer_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    offer = selectors.offer_for(user=request.user, pk=pk)
    if offer is None or action not in OFFER_ACTIONS:
        raise Http404
    service, message = OFFER_ACTIONS[action]
    _run_action(request, service, action, message, offer=offer)
    if request.POST.get("next") == "queue":
        return HttpResponseRedirect(_queue_url(request))
    return HttpResponseRedirect(reverse("registry:offer_detail", args=[offer.pk]))


@permission_required("registry.add_offer")
@require_http_methods(["GET", "POST"])
def offer_import(request: HttpRequest) -> HttpResponse:
    """Upload CSV/XLSX: the import runs in the background; its page shows the progress and the report."""
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Bitte wählen Sie eine Datei.")
        else:
            try:
                started = imports.start_import(
                    actor=request.user,  # type: ignore[arg-type]
                    file=upload,
                    filename=upload.name or "import",
                    only_valid=request.POST.get("only_valid") == "on",
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                return HttpResponseRedirect(reverse("registry:offer_import_status", args=[started.pk]))
    context = {"error": error, "columns": imports.COLUMNS, "imports": selectors.offer_imports_of(request.user)}
    return render(request, "registry/offer_import.html", context)


@permission_required("registry.add_offer")
@require_GET
def offer_import_status(request: HttpRequest, pk: str) -> HttpResponse:
    """The progress of one import (the user may leave and come back); refreshes itself until it is finished."""
    offer_import = selectors.offer_import_for(user=request.user, pk=pk)
    if offer_import is None:
        raise Http404
    template = "registry/offer_import_progress.html" if request.htmx else "registry/offer_import_status.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": offer_import})


@permission_required("registry.add_offer")
@require_POST
def offer_import_cancel(request: HttpRequest, pk: str) -> HttpResponse:
    offer_import = selectors.offer_import_for(user=request.user, pk=pk)
    if offer_import is None:
        raise Http404
    if not offer_import.finished:
        imports.cancel_import(actor=request.user, offer_import=offer_import)  # type: ignore[arg-type]
        messages.info(request, _("Der Import wird abgebrochen; bereits geschriebene Angebote werden verworfen."))
    return HttpResponseRedirect(reverse("registry:offer_import_status", args=[offer_import.pk]))


# --- organisations -----------------------------------------------------------------------------


ORGANISATION_COLUMNS = [
    Column("name", gettext_lazy("Name"), ("name",)),
    Column("kind", gettext_lazy("Art"), ("kind",)),
    Column("seat", gettext_lazy("Sitz"), ("gemeinde__name_short",)),
    Column("languages", gettext_lazy("Sprachen")),
    Column("status", gettext_lazy("Status"), ("status",)),
]


@permission_required("registry.view_registry")
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    listing = Listing(request, OrganisationFilterForm, ORGANISATION_COLUMNS, default_sort="name", per_page=PER_PAGE)
    filters = listing.filters
    organisations = selectors.organisation_list(
        user=request.user,
        kind=filters.get("kind", ""),
        kreis=filters.get("kreis", ""),
        gemeinde=filters.get("gemeinde", ""),
        text=filters.get("q", ""),
        status=filters.get("status", ""),
    )
    columns = exports.ORGANISATION_COLUMNS
    download = _export(listing, columns, exports.organisation_rows, organisations, "organisationen")
    if download is not None:
        return download
    return render(
        request,
        "registry/organisation_list.html",
        {"can_add": request.user.has_perm("registry.add_organisation"), **listing.context(organisations)},
    )


@permission_required("registry.view_registry")
@require_GET
def organisation_detail(request: HttpRequest, pk: str) -> HttpResponse:
    organisation = selectors.organisation_for(user=request.user, pk=pk)
    if organisation is None:
        raise Http404
    user = request.user
    actions = {
        name: user.has_perm(f"registry.{name}_organisation", organisation)
        for name in ("change", "keep", "submit", "verify", "return", "publish", "archive")
    }
    can_manage_contacts = user.has_perm("registry.manage_contact", organisation)
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "organisation": organisation,
            "offers": selectors.offer_list(user=user, organisation=str(organisation.pk))[:200],
            "contacts": organisation.contacts.all() if can_manage_contacts else [],
            "can_manage_contacts": can_manage_contacts,
            "actions": actions,
            "return_form": ReturnForm(),
        },
    )


@permission_required("registry.add_organisation")
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST if request.method == "POST" else None, with_publish=True)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                actor=request.user,  # type: ignore[arg-type]
                data=form.to_input(),
                publish=form.cleaned_data.get("publish", False),
            )
        except ValidationError as error:
            _form_errors(form, error)
        except PermissionDenied as error:
            form.add_error("gemeinde", str(error))
        else:
            messages.success(request, _("Organisation angelegt."))
            return HttpResponseRedirect(reverse("registry:organisation_detail", args=[organisation.pk]))
    return render(request, "registry/organisation_form.html", {"form": form, "organisation": None})


@permission_required("registry.view_registry")
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: str) -> HttpResponse:
    organisation = selectors.organisation_for(user=request.user, pk=pk)
    if organisation is None:
        raise Http404
    if not request.user.has_perm("registry.change_organisation", organisation):
        raise PermissionDenied
    form = OrganisationForm(
        request.POST if request.method == "POST" else None, initial=OrganisationForm.initial_for(organisation)
    )
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


ORGANISATION_ACTIONS: dict[str, tuple[Callable[..., Any], Any]] = {
    "submit": (
        services.organisation_submit,
        gettext_lazy("Zur Prüfung eingereicht. Die Kommune prüft die Organisation."),
    ),
    "verify": (services.organisation_verify, gettext_lazy("Geprüft und veröffentlicht.")),
    "return": (services.organisation_return, gettext_lazy("An die Organisation zurückgegeben.")),
    "publish": (services.organisation_publish, gettext_lazy("Veröffentlicht.")),
    "archive": (services.organisation_archive, gettext_lazy("Archiviert, mit allen ihren Angeboten.")),
}


@permission_required("registry.view_registry")
@require_POST
def organisation_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    organisation = selectors.organisation_for(user=request.user, pk=pk)
    if organisation is None or action not in ORGANISATION_ACTIONS:
        raise Http404
    service, message = ORGANISATION_ACTIONS[action]
    _run_action(request, service, action, message, organisation=organisation)
    if request.POST.get("next") == "queue":
        return HttpResponseRedirect(reverse("registry:verification_queue"))
    return HttpResponseRedirect(reverse("registry:organisation_detail", args=[organisation.pk]))


# --- structures --------------------------------------------------------------------------------


STRUCTURE_COLUMNS = [
    Column("name", gettext_lazy("Bezeichnung"), ("name",)),
    Column("kind", gettext_lazy("Art"), ("kind",)),
    Column("area", gettext_lazy("Gebiet"), ("gemeinde__name_short", "kreis__name_short")),
    Column("contact", gettext_lazy("Kontakt")),
    Column("status", gettext_lazy("Status"), ("status",)),
]


@permission_required("registry.view_registry")
@require_GET
def structure_list(request: HttpRequest) -> HttpResponse:
    listing = Listing(request, StructureFilterForm, STRUCTURE_COLUMNS, default_sort="name", per_page=PER_PAGE)
    filters = listing.filters
    structures = selectors.structure_list(
        user=request.user,
        kind=filters.get("kind", ""),
        kreis=filters.get("kreis", ""),
        text=filters.get("q", ""),
        status=filters.get("status", ""),
    )
    download = _export(listing, exports.STRUCTURE_COLUMNS, exports.structure_rows, structures, "strukturen")
    if download is not None:
        return download
    return render(
        request,
        "registry/structure_list.html",
        {"can_add": request.user.has_perm("registry.add_structure"), **listing.context(structures)},
    )


@permission_required("registry.view_registry")
@require_GET
def structure_detail(request: HttpRequest, pk: str) -> HttpResponse:
    structure = selectors.structure_for(user=request.user, pk=pk)
    if structure is None:
        raise Http404
    user = request.user
    return render(
        request,
        "registry/structure_detail.html",
        {
            "structure": structure,
            "can_change": user.has_perm("registry.change_structure", structure),
            "can_archive": user.has_perm("registry.archive_structure", structure),
            "show_contact": structure.contact is not None
            and (structure.contact.is_public or user.has_perm("registry.manage_contact", structure.contact)),
        },
    )


def _structure_form(request: HttpRequest, structure: Structure | None) -> StructureForm:
    contacts = selectors.contacts_visible_to(request.user).filter(erased_at__isnull=True).order_by("name", "pk")
    initial = StructureForm.initial_for(structure) if structure is not None else None
    return StructureForm(request.POST if request.method == "POST" else None, initial=initial, contacts=contacts)


@permission_required("registry.add_structure")
@require_http_methods(["GET", "POST"])
def structure_create(request: HttpRequest) -> HttpResponse:
    form = _structure_form(request, None)
    if request.method == "POST" and form.is_valid():
        try:
            structure = services.structure_create(actor=request.user, data=form.to_input())  # type: ignore[arg-type]
        except ValidationError as error:
            _form_errors(form, error)
        except PermissionDenied as error:
            form.add_error("gemeinde", str(error))
        else:
            messages.success(request, _("Struktur angelegt."))
            return HttpResponseRedirect(reverse("registry:structure_detail", args=[structure.pk]))
    return render(request, "registry/structure_form.html", {"form": form, "structure": None})


@permission_required("registry.view_registry")
@require_http_methods(["GET", "POST"])
def structure_edit(request: HttpRequest, pk: str) -> HttpResponse:
    structure = selectors.structure_for(user=request.user, pk=pk)
    if structure is None:
        raise Http404
    if not request.user.has_perm("registry.change_structure", structure):
        raise PermissionDenied
    form = _structure_form(request, structure)
    if request.method == "POST" and form.is_valid():
        try:
            services.structure_update(actor=request.user, structure=structure, data=form.to_input())  # type: ignore[arg-type]
        except ValidationError as error:
            _form_errors(form, error)
        except PermissionDenied as error:
            form.add_error("gemeinde", str(error))
        else:
            messages.success(request, _("Änderungen gespeichert."))
            return HttpResponseRedirect(reverse("registry:structure_detail", args=[structure.pk]))
    return render(request, "registry/structure_form.html", {"form": form, "structure": structure})


@permission_required("registry.view_registry")
@require_POST
def structure_archive(request: HttpRequest, pk: str) -> HttpResponse:
    structure = selectors.structure_for(user=request.user, pk=pk)
    if structure is None:
        raise Http404
    _run_action(request, services.structure_archive, "archive", _("Archiviert."), structure=structure)
    return HttpResponseRedirect(reverse("registry:structure_detail", args=[structure.pk]))


# --- contact persons ---------------------------------------------------------------------------


@permission_required("registry.add_contact")
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, owner: str, pk: str) -> HttpResponse:
    """A new contact person of an organisation (/organisation/<id>/) or a structure (/struktur/<id>/)."""
    organisation = selectors.organisation_for(user=request.user, pk=pk) if owner == "organisation" else None
    structure = selectors.structure_for(user=request.user, pk=pk) if owner == "struktur" else None
    if organisation is None and structure is None:
        raise Http404
    allowed = (
        request.user.has_perm("registry.keep_organisation", organisation)
        if organisation is not None
        else request.user.has_perm("registry.change_structure", structure)
    )
    if not allowed:
        raise PermissionDenied
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(
                actor=request.user,  # type: ignore[arg-type]
                data=form.to_input(),
                organisation=organisation,
                structure=structure,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Ansprechperson angelegt."))
            return HttpResponseRedirect(reverse("registry:contact_detail", args=[contact.pk]))
    return render(
        request,
        "registry/contact_form.html",
        {"form": form, "contact": None, "organisation": organisation, "structure": structure},
    )


def _contact_or_404(request: HttpRequest, pk: str) -> Contact:
    contact = selectors.contact_for(user=request.user, pk=pk)
    if contact is None:
        raise Http404
    if not request.user.has_perm("registry.manage_contact", contact):
        raise Http404
    return contact


@permission_required("registry.view_registry")
@require_GET
def contact_detail(request: HttpRequest, pk: str) -> HttpResponse:
    contact = _contact_or_404(request, pk)
    return render(request, "registry/contact_detail.html", {"contact": contact, "erase_form": EraseForm()})


@permission_required("registry.view_registry")
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: str) -> HttpResponse:
    contact = _contact_or_404(request, pk)
    if contact.erased_at:
        raise Http404
    form = ContactForm(request.POST if request.method == "POST" else None, initial=ContactForm.initial_for(contact))
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(actor=request.user, contact=contact, data=form.to_input())  # type: ignore[arg-type]
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Änderungen gespeichert."))
            return HttpResponseRedirect(reverse("registry:contact_detail", args=[contact.pk]))
    return render(
        request,
        "registry/contact_form.html",
        {"form": form, "contact": contact, "organisation": contact.organisation, "structure": None},
    )


@permission_required("registry.view_registry")
@require_GET
def contact_export(request: HttpRequest, pk: str) -> HttpResponse:
    """Everything stored about the person as a JSON download (Art. 15 GDPR)."""
    contact = _contact_or_404(request, pk)
    data = services.contact_export(actor=request.user, contact=contact)  # type: ignore[arg-type]
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="ansprechperson-{contact.pk}.json"'
    return response


@permission_required("registry.view_registry")
@require_POST
def contact_erase(request: HttpRequest, pk: str) -> HttpResponse:
    contact = _contact_or_404(request, pk)
    form = EraseForm(request.POST)
    try:
        services.contact_erase(
            actor=request.user,  # type: ignore[arg-type]
            contact=contact,
            reason=form.data.get("reason", "")[:500],
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Die Daten der Ansprechperson wurden unwiderruflich gelöscht."))
    return HttpResponseRedirect(reverse("registry:contact_detail", args=[contact.pk]))
