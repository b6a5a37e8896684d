"""Screens of the dialogue. Thin: parse input, call one service or selector, render.

Every view states its permission; an event, topic or document outside the user's target groups answers 404.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core.decorators import permission_required
from teilhabe.core.exports import SafeCsvWriter
from teilhabe.core.models import User
from teilhabe.core.pdf import html_to_pdf
from teilhabe.dialogue import ical, selectors, services
from teilhabe.dialogue.forms import (
    ActionItemForm,
    ActionStatusForm,
    AgendaItemForm,
    CancelEventForm,
    DocumentForm,
    EventForm,
    MinutesForm,
    RegistrationForm,
    TopicForm,
    VersionForm,
)
from teilhabe.dialogue.models import ActionItem, Audience, Event, MailLog, Minutes, Registration, Series, Topic

FEED_SALT = "teilhabe.dialogue.feed"


def _attachment(*, as_attachment: bool, filename: str) -> str:
    return content_disposition_header(as_attachment=as_attachment, filename=filename) or "attachment"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _event_or_404(request: HttpRequest, pk: Any) -> Event:
    event = selectors.event_for(user=request.user, pk=pk)
    if event is None:
        raise Http404
    return event


def _topic_or_404(request: HttpRequest, pk: Any) -> Topic:
    topic = selectors.topics_visible_to(request.user).filter(pk=pk).first()
    if topic is None:
        raise Http404
    return topic


def _detail(event: Event) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("dialogue:event_detail", args=[event.pk]))


def _errors_to_form(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _step(request: HttpRequest, service: Callable[..., Any], message: Any, **kwargs: Any) -> bool:
    """Run one step as the user; a refusal becomes a message on the page the user returns to."""
    try:
        service(actor=_user(request), **kwargs)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return False
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Dafür fehlt Ihnen die Berechtigung."))
        return False
    messages.success(request, str(message))
    return True


def _form_step(
    request: HttpRequest,
    form: Any,
    service: Callable[..., Any],
    message: Any,
    arguments: Callable[[dict[str, Any]], dict[str, Any]],
    **kwargs: Any,
) -> bool:
    """A step with a form: its errors become messages; a valid form runs the step with ``arguments(cleaned_data)``
    beside ``kwargs``."""
    if not form.is_valid():
        _form_errors(request, form)
        return False
    return _step(request, service, message, **kwargs, **arguments(form.cleaned_data))


def _form_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for text in errors:
            messages.error(request, text)


# --- events ---------------------------------------------------------------------------------------------------


@permission_required("dialogue.view_events")
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    events = selectors.events_visible_to(request.user)
    own = selectors.own_registrations(user=request.user)
    upcoming = list(selectors.upcoming(events))
    for event in upcoming:
        event.own = own.get(event.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "dialogue/event_list.html",
        {
            "upcoming": upcoming,
            "past": selectors.past(events)[:20],
            "topics": selectors.topics_visible_to(request.user),
            "can_manage": request.user.has_perm("dialogue.manage_events"),
            "feed_url": request.build_absolute_uri(
                reverse("dialogue:feed", args=[signing.dumps(request.user.pk, salt=FEED_SALT)])
            ),
        },
    )


def _event_input(form: EventForm, actor: User) -> services.EventInput:
    data = form.cleaned_data
    series = data["series"]
    if not series and data["new_series"].strip():
        series = Series.objects.filter(name=data["new_series"].strip()).first() or services.series_create(
            actor=actor, name=data["new_series"]
        )
    return services.EventInput(
        title=data["title"],
        description=data["description"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        place=data["place"],
        online_url=data["online_url"],
        capacity=data["capacity"],
        registration_deadline=data["registration_deadline"],
        audience=data["audience"],
        region=data["region"],
        series=series,
    )


@permission_required("dialogue.manage_events")
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None, initial={"capacity": 40, "audience": Audience.ALL, "region": "05"})
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=_user(request), data=_event_input(form, _user(request)))
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Veranstaltung angelegt."))
            return _detail(event)
    return render(request, "dialogue/event_form.html", {"form": form, "event": None})


@permission_required("dialogue.manage_events")
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    event = _event_or_404(request, pk)
    fmt = "%Y-%m-%dT%H:%M"
    initial = {
        "title": event.title,
        "description": event.description,
        "series": event.series_id,
        "starts_at": timezone.localtime(event.starts_at).strftime(fmt),
        "ends_at": timezone.localtime(event.ends_at).strftime(fmt),
        "place": event.place,
        "online_url": event.online_url,
        "capacity": event.capacity,
        "registration_deadline": timezone.localtime(event.registration_deadline).strftime(fmt),
        "audience": event.audience,
        "region": event.region,
    }
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=_user(request), event=event, data=_event_input(form, _user(request)))
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Veranstaltung geändert. Angemeldete Personen werden benachrichtigt."))
            return _detail(event)
    return render(request, "dialogue/event_form.html", {"form": form, "event": event})


@permission_required("dialogue.view_events")
@require_GET
def event_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    event = _event_or_404(request, pk)
    user = request.user
    manage = user.has_perm("dialogue.manage_event", event)
    minutes = Minutes.objects.filter(event=event).first()
    context: dict[str, Any] = {
        "event": event,
        "agenda": list(event.agenda.all()),
        "registration": selectors.registration_of(user=user, event=event),
        "can_register": user.has_perm("dialogue.register", event),
        "can_manage": manage,
        "register_form": RegistrationForm(),
        "documents": selectors.documents_for(user=user, event=event),
        "minutes": minutes if minutes and (minutes.published_at or manage) else None,
        "action_items": list(event.action_items.all()),
        "carried": selectors.open_action_items_before(event=event),
    }
    if manage:
        context.update(
            {
                "participants": list(selectors.participants(event=event)),
                "needs": selectors.needs_summary(event=event),
                "needs_notes": selectors.needs_notes(event=event),
                "mail_counts": {
                    MailLog.Kind(row["kind"]).label: row["n"]
                    for row in event.mails.values("kind").annotate(n=Count("id")).order_by()
                },
                "agenda_form": AgendaItemForm(),
                "cancel_form": CancelEventForm(),
                "minutes_form": MinutesForm(
                    initial={"summary": minutes.summary, "decisions": minutes.decisions} if minutes else None
                ),
                "action_form": ActionItemForm(),
                "document_form": DocumentForm(),
                "version_form": VersionForm(),
                "statuses": ActionItem.Status.choices,
            }
        )
    return render(request, "dialogue/event_detail.html", context)


@permission_required("dialogue.manage_events")
@require_POST
def event_cancel(request: HttpRequest, pk: Any) -> HttpResponse:
    event = _event_or_404(request, pk)
    form = CancelEventForm(request.POST)
    _form_step(
        request,
        form,
        services.event_cancel,
        _("Veranstaltung abgesagt. Die Angemeldeten werden benachrichtigt."),
        lambda data: {"reason": data["reason"]},
        event=event,
    )
    return _detail(event)


@permission_required("dialogue.manage_events")
@require_POST
def event_invite(request: HttpRequest, pk: Any) -> HttpResponse:
    event = _event_or_404(request, pk)
    _step(request, services.invitations_request, _("Die Einladungen werden versandt."), event=event)
    return _detail(event)


@permission_required("dialogue.manage_events")
@require_POST
def agenda_add(request: HttpRequest, pk: Any) -> HttpResponse:
    event = _event_or_404(request, pk)
    form = AgendaItemForm(request.POST)
    _form_step(
        request,
        form,
        services.agenda_item_add,
        _("Tagesordnungspunkt ergänzt."),
        lambda data: {"title": data["title"], "speaker": data["speaker"], "at": data["at"]},
        event=event,
    )
    return _detail(event)


# --- registration -------------------------------------------------------------------------------------------


@permission_required("dialogue.view_events")
@require_POST
def register(request: HttpRequest, pk: Any) -> HttpResponse:
    event = _event_or_404(request, pk)
    form = RegistrationForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _detail(event)
    try:
        registration = services.registration_create(
            actor=_user(request),
            event=event,
            needs=form.cleaned_data["needs"],
            needs_note=form.cleaned_data["needs_note"],
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except PermissionDenied:
        messages.error(request, _("Sie gehören nicht zur Zielgruppe dieser Veranstaltung."))
    else:
        if registration.status == Registration.Status.REGISTERED:
            messages.success(request, _("Sie sind angemeldet. Eine Bestätigung kommt per E-Mail."))
        else:
            messages.info(request, _("Die Veranstaltung ist ausgebucht: Sie stehen auf der Warteliste."))
    return _detail(event)


@permission_required("dialogue.view_events")
@require_POST
def unregister(request: HttpRequest, pk: Any) -> HttpResponse:
    event = _event_or_404(request, pk)
    registration = selectors.registration_of(user=request.user, event=event)
    if registration is None:
        raise Http404
    _step(request, services.registration_cancel, _("Sie sind abgemeldet."), registration=registration)
    return _detail(event)


# --- attendance list ----------------------------------------------------------------------------------------


def _attendance_rows(event: Event) -> list[dict[str, str]]:
    rows = []
    for number, r in enumerate(selectors.participants(event=event), start=1):
        rows.append(
            {
                "number": str(number),
                "name": r.user.full_name or r.user.email,
                "email": r.user.email,
                "status": str(r.get_status_display()),
                "registered_at": timezone.localtime(r.registered_at).strftime("%d.%m.%Y %H:%M"),
            }
        )
    return rows


@permission_required("dialogue.manage_events")
@require_GET
def attendance_csv(request: HttpRequest, pk: Any) -> HttpResponse:
    event = _event_or_404(request, pk)
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer, delimiter=";")
    writer.writerow([_("Nr."), _("Name"), _("E-Mail"), _("Status"), _("angemeldet am"), _("Unterschrift")])
    for row in _attendance_rows(event):
        writer.writerow([row["number"], row["name"], row["email"], row["status"], row["registered_at"], ""])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _attachment(
        as_attachment=True, filename=f"teilnehmende-{timezone.localtime(event.starts_at):%Y-%m-%d}.csv"
    )
    return response


@permission_required("dialogue.manage_events")
@require_GET
def attendance_pdf(request: HttpRequest, pk: Any) -> HttpResponse:

    event = _event_or_404(request, pk)
    rows = [r for r in _attendance_rows(event) if r["status"] == str(Registration.Status.REGISTERED.label)]
    with translation.override("de"):
        html = render_to_string(
            "dialogue/pdf/attendance.html",
            {"event": event, "rows": rows, "agenda": list(event.agenda.all()), "printed": timezone.localtime()},
        )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="anwesenheitsliste-{timezone.localtime(event.starts_at):%Y-%m-%d}.pdf"'
    )
    return response


# --- minutes and action items -------------------------------------------------------------------------------


@permission_required("dialogue.manage_events")
@require_POST
def minutes_save(request: HttpRequest, pk: Any) -> HttpResponse:
    event = _event_or_404(request, pk)
    form = MinutesForm(request.POST)
    _form_step(
        request,
        form,
        services.minutes_save,
        _("Protokoll gespeichert."),
        lambda data: {"summary": data["summary"], "decisions": data["decisions"], "publish": data["publish"]},
        event=event,
    )
    return _detail(event)


@permission_required("dialogue.manage_events")
@require_POST
def action_add(request: HttpRequest, pk: Any) -> HttpResponse:
    event = _event_or_404(request, pk)
    form = ActionItemForm(request.POST)
    _form_step(
        request,
        form,
        services.action_item_add,
        _("Aufgabe aufgenommen."),
        lambda data: {"title": data["title"], "owner": data["owner"], "due_on": data["due_on"]},
        event=event,
    )
    return _detail(event)


@permission_required("dialogue.manage_events")
@require_POST
def action_status(request: HttpRequest, pk: Any) -> HttpResponse:
    item = ActionItem.objects.filter(event__in=selectors.events_visible_to(request.user), pk=pk).first()
    if item is None:
        raise Http404
    form = ActionStatusForm(request.POST)
    _form_step(
        request,
        form,
        services.action_item_set_status,
        _("Status der Aufgabe geändert."),
        lambda data: {"status": data["status"]},
        item=item,
    )
    return _detail(item.event)


# --- documents and topics -----------------------------------------------------------------------------------


def _add_document(request: HttpRequest, *, event: Event | None = None, topic: Topic | None = None) -> None:
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return
    data = form.cleaned_data
    _step(
        request,
        services.document_add,
        _("Dokument hochgeladen."),
        data=services.DocumentInput(
            title=data["title"],
            file=data["file"],
            event=event,
            topic=topic,
            participants_only=data["participants_only"],
            note=data["note"],
        ),
    )


@permission_required("dialogue.manage_events")
@require_POST
def event_document_add(request: HttpRequest, pk: Any) -> HttpResponse:
    event = _event_or_404(request, pk)
    _add_document(request, event=event)
    return _detail(event)


@permission_required("dialogue.manage_events")
@require_POST
def topic_document_add(request: HttpRequest, pk: Any) -> HttpResponse:
    topic = _topic_or_404(request, pk)
    _add_document(request, topic=topic)
    return HttpResponseRedirect(reverse("dialogue:topic_detail", args=[topic.pk]))


@permission_required("dialogue.manage_events")
@require_POST
def document_version_add(request: HttpRequest, pk: Any) -> HttpResponse:
    document = selectors.document_for(user=request.user, pk=pk)
    if document is None:
        raise Http404
    form = VersionForm(request.POST, request.FILES)
    _form_step(
        request,
        form,
        services.document_version_add,
        _("Neue Fassung hochgeladen."),
        lambda data: {"file": data["file"], "note": data["note"]},
        document=document,
    )
    if document.event_id:
        return HttpResponseRedirect(reverse("dialogue:event_detail", args=[document.event_id]))
    return HttpResponseRedirect(reverse("dialogue:topic_detail", args=[document.topic_id]))


@permission_required("dialogue.view_events")
@require_GET
def document_download(request: HttpRequest, pk: Any, number: int) -> HttpResponse:
    """Always as a download with a neutral type: a document is never rendered in the platform's origin."""
    document = selectors.document_for(user=request.user, pk=pk)
    version = document.versions.filter(number=number).first() if document else None
    if version is None:
        raise Http404
    with version.file.open("rb") as file:
        content = file.read()
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = _attachment(as_attachment=True, filename=version.filename)
    return response


@permission_required("dialogue.view_events")
@require_GET
def topic_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "dialogue/topic_list.html",
        {
            "topics": selectors.topics_visible_to(request.user),
            "form": TopicForm() if request.user.has_perm("dialogue.manage_events") else None,
        },
    )


@permission_required("dialogue.manage_events")
@require_POST
def topic_create(request: HttpRequest) -> HttpResponse:
    form = TopicForm(request.POST)
    if form.is_valid():
        try:
            topic = services.topic_create(actor=_user(request), **form.cleaned_data)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("Thema angelegt."))
            return HttpResponseRedirect(reverse("dialogue:topic_detail", args=[topic.pk]))
    else:
        _form_errors(request, form)
    return HttpResponseRedirect(reverse("dialogue:topic_list"))


@permission_required("dialogue.view_events")
@require_GET
def topic_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    topic = _topic_or_404(request, pk)
    manage = request.user.has_perm("dialogue.manage_events")
    return render(
        request,
        "dialogue/topic_detail.html",
        {
            "topic": topic,
            "documents": selectors.documents_for(user=request.user, topic=topic),
            "can_manage": manage,
            "document_form": DocumentForm() if manage else None,
            "version_form": VersionForm() if manage else None,
        },
    )


# --- calendars ----------------------------------------------------------------------------------------------


def _ics(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@permission_required("dialogue.view_events")
@require_GET
def event_ics(request: HttpRequest, pk: Any) -> HttpResponse:
    event = _event_or_404(request, pk)
    return _ics(ical.calendar([event], name=event.title), f"veranstaltung-{event.pk}.ics")


def _feed_events(user: Any) -> list[Event]:
    """The events the person is registered or waiting for, and the upcoming ones of their target groups."""
    events = selectors.events_visible_to(user).prefetch_related("agenda")
    since = timezone.now() - timedelta(days=90)
    return list(events.filter(ends_at__gte=since).order_by("starts_at"))


@permission_required("dialogue.view_events")
@require_GET
def my_calendar(request: HttpRequest) -> HttpResponse:
    return _ics(ical.calendar(_feed_events(request.user), name=_("Teilhabe NRW – Veranstaltungen")), "dialog.ics")


@permission_required("dialogue.open_feed")
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's feed for a calendar app, which cannot log in: the signed token in the address stands for them."""
    try:
        user_pk = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        raise Http404 from None
    user = User.objects.filter(pk=user_pk, is_active=True).first()
    if user is None or not user.has_perm("dialogue.view_events"):
        raise Http404
    return _ics(ical.calendar(_feed_events(user), name=_("Teilhabe NRW – Veranstaltungen")), "dialog.ics")


# --- directory ----------------------------------------------------------------------------------------------


@permission_required("dialogue.view_directory")
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    audience = request.GET.get("gruppe", Audience.ALL)
    if audience not in Audience.values:
        audience = Audience.ALL
    region = request.GET.get("gebiet", "05")
    if not region.isdigit() or not region.startswith("05") or len(region) > 8:
        region = "05"
    entries = selectors.directory(query=query, audience=audience, region=region)[:500]
    from teilhabe.dialogue.forms import region_choices

    return render(
        request,
        "dialogue/directory.html",
        {
            "entries": entries,
            "query": query,
            "audience": audience,
            "audiences": Audience.choices,
            "region": region,
            "regions": region_choices(),
            "can_export": request.user.has_perm("dialogue.export_directory"),
            "public_page": not request.user.is_authenticated,
        },
    )


@permission_required("dialogue.export_directory")
@require_GET
def directory_export(request: HttpRequest) -> HttpResponse:
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer, delimiter=";")
    writer.writerow(
        [
            _("Art"),
            _("Bezeichnung"),
            _("Kreis"),
            _("Gemeinde"),
            _("E-Mail"),
            _("Telefon"),
            _("Ansprechperson"),
            _("Funktion"),
            _("E-Mail der Ansprechperson"),
            _("Telefon der Ansprechperson"),
        ]
    )
    for s in selectors.directory(query=request.GET.get("q", "").strip()[:100]):
        contact = s.contact if s.contact is not None and s.contact.is_public else None
        writer.writerow(
            [
                s.get_kind_display(),
                s.name,
                s.kreis.name if s.kreis else "",
                s.gemeinde.name if s.gemeinde else "",
                s.email,
                s.phone,
                contact.name if contact else "",
                contact.function if contact else "",
                contact.email if contact else "",
                contact.phone if contact else "",
            ]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _attachment(
        as_attachment=True,
        filename=f"verzeichnis-integration-{datetime.now(tz=timezone.get_current_timezone()):%Y-%m-%d}.csv",
    )
    return response
