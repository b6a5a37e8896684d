"""The funding app's part of the start page: what each role can do today, with counts that link to exactly the
applications they count (the list's ?aufgabe= filter uses the same selector)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from teilhabe.core.navigation import TodayCard, TodayLine
from teilhabe.core.roles import Role
from teilhabe.core.scope import area_names, scope_of
from teilhabe.funding import selectors
from teilhabe.registry.models import Organisation

#: The heading of the application list filtered to one task.
TASK_TITLES = {
    "drafts": gettext_lazy("Ihre Entwürfe, noch nicht eingereicht"),
    "returned": gettext_lazy("Ihre Anträge mit Rückfragen (zur Ergänzung zurückgegeben)"),
    "payable": gettext_lazy("Ihre Vorhaben mit Mitteln des laufenden Haushaltsjahres zum Abruf"),
    "applicant_overdue": gettext_lazy("Ihre Vorhaben mit versäumter Frist für einen Verwendungsnachweis"),
    "to_check": gettext_lazy("Anträge zur formalen Prüfung"),
    "to_score": gettext_lazy("Anträge zur fachlichen Bewertung"),
    "to_decide": gettext_lazy("Entscheidungsvorschläge anderer, die Sie als zweite Person entscheiden"),
    "amendments_to_decide": gettext_lazy("Änderungsvorschläge anderer zur Entscheidung"),
    "to_issue": gettext_lazy("Entschiedene Anträge, deren Bescheid zu erlassen ist"),
    "payments_to_check": gettext_lazy("Anträge mit Mittelabrufen zur sachlichen Prüfung"),
    "payments_to_order": gettext_lazy("Anträge mit geprüften Mittelabrufen zur Anordnung (nicht von Ihnen geprüft)"),
    "proofs_to_check": gettext_lazy("Anträge mit eingereichtem Verwendungsnachweis zur Prüfung"),
    "overdue": gettext_lazy("Vorhaben mit versäumter Frist für einen Verwendungsnachweis"),
    "in_procedure": gettext_lazy("Anträge im Verfahren bei den Bewilligungsbehörden"),
}


def _euro(amount: Any) -> str:
    return f"{number_format(amount, decimal_pos=2, force_grouping=True)} €"


def _task_line(key: str, counts: dict[str, int], text: Callable[[int], str]) -> TodayLine:
    n = counts.get(key, 0)
    return TodayLine(text(n), f"{reverse('funding:application_list')}?aufgabe={key}", n)


def _applicant_lines(counts: dict[str, int], today: date) -> list[TodayLine]:
    texts: dict[str, Callable[[int], str]] = {
        "returned": lambda n: (
            ngettext(
                "%(n)d Antrag mit Rückfragen: bitte ergänzen und erneut einreichen",
                "%(n)d Anträge mit Rückfragen: bitte ergänzen und erneut einreichen",
                n,
            )
            % {"n": n}
        ),
        "drafts": lambda n: (
            ngettext("%(n)d Entwurf, noch nicht eingereicht", "%(n)d Entwürfe, noch nicht eingereicht", n) % {"n": n}
        ),
        "applicant_overdue": lambda n: (
            ngettext("%(n)d Vorhaben mit versäumter Nachweisfrist", "%(n)d Vorhaben mit versäumter Nachweisfrist", n)
            % {"n": n}
        ),
        "payable": lambda n: (
            ngettext(
                "%(n)d Vorhaben mit Mitteln %(year)d: abrufbar bis %(last)s",
                "%(n)d Vorhaben mit Mitteln %(year)d: abrufbar bis %(last)s",
                n,
            )
            % {"n": n, "year": today.year, "last": selectors.payment_year_window(today=today).strftime("%d.%m.%Y")}
        ),
    }
    return [_task_line(key, counts, text) for key, text in texts.items() if counts.get(key)]


def _deadline_lines(user: Any, today: date) -> list[TodayLine]:
    """The next three deadlines ahead (application closing, proofs of use), each leading to its application."""
    lines = []
    for application, label, due in selectors.kommune_deadlines(user)[:3]:
        text = _("%(label)s für %(reference)s bis %(date)s") % {
            "label": label,
            "reference": application.reference,
            "date": due.strftime("%d.%m.%Y"),
        }
        lines.append(TodayLine(text, reverse("funding:application_detail", args=[application.pk])))
    return lines


def _call_line(user: Any) -> list[TodayLine]:
    calls = [c for c in selectors.open_calls_for(user) if c.can_apply]
    if not calls:
        return []
    n = len(calls)
    text = ngettext(
        "%(n)d offener Förderaufruf, für den Sie einen Antrag stellen können: %(titles)s",
        "%(n)d offene Förderaufrufe, für die Sie einen Antrag stellen können: %(titles)s",
        n,
    ) % {"n": n, "titles": ", ".join(c.call.programme.name for c in calls[:3]) + (" …" if n > 3 else "")}
    return [TodayLine(text, f"{reverse('funding:application_list')}#calls-heading", n)]


def _formatted(text: Callable[[int], str]) -> Callable[[int], str]:
    return lambda n: text(n) % {"n": n}


def _case_worker_card(user: Any, counts: dict[str, int]) -> TodayCard:
    texts: dict[str, Callable[[int], str]] = {
        "to_check": lambda n: ngettext("%(n)d Antrag zur formalen Prüfung", "%(n)d Anträge zur formalen Prüfung", n),
        "to_score": lambda n: ngettext(
            "%(n)d Antrag zur fachlichen Bewertung", "%(n)d Anträge zur fachlichen Bewertung", n
        ),
        "to_decide": lambda n: ngettext(
            "%(n)d Vorschlag zur Entscheidung als zweite Person",
            "%(n)d Vorschläge zur Entscheidung als zweite Person",
            n,
        ),
        "amendments_to_decide": lambda n: ngettext(
            "%(n)d Änderungsvorschlag zur Entscheidung als zweite Person",
            "%(n)d Änderungsvorschläge zur Entscheidung als zweite Person",
            n,
        ),
        "to_issue": lambda n: ngettext("%(n)d Bescheid zu erlassen", "%(n)d Bescheide zu erlassen", n),
        "payments_to_check": lambda n: ngettext(
            "%(n)d Antrag mit Mittelabruf zur sachlichen Prüfung",
            "%(n)d Anträge mit Mittelabrufen zur sachlichen Prüfung",
            n,
        ),
        "payments_to_order": lambda n: ngettext(
            "%(n)d Antrag mit Mittelabruf zur Anordnung", "%(n)d Anträge mit Mittelabrufen zur Anordnung", n
        ),
        "proofs_to_check": lambda n: ngettext(
            "%(n)d Verwendungsnachweis zu prüfen", "%(n)d Verwendungsnachweise zu prüfen", n
        ),
        "overdue": lambda n: ngettext(
            "%(n)d Vorhaben mit versäumter Nachweisfrist", "%(n)d Vorhaben mit versäumter Nachweisfrist", n
        ),
    }
    lines = tuple(_task_line(key, counts, _formatted(text)) for key, text in texts.items())
    names = area_names(scope_of(user).ags.get(Role.BEWILLIGUNG, ()), Role.BEWILLIGUNG)
    return TodayCard(
        title=_("Förderverfahren: Ihre Aufgaben"),
        subline=", ".join(names.values()),
        url=reverse("funding:application_list"),
        lines=lines,
        order=10,
    )


def _land_card(user: Any, counts: dict[str, int], today: date) -> TodayCard:
    lines: list[TodayLine] = []
    overview = reverse("funding:overview")
    for budget in selectors.budgets_of_year(today.year):
        text = _("%(programme)s %(year)d: %(committed)s von %(total)s gebunden, %(paid)s ausgezahlt, %(left)s frei") % {
            "programme": budget.programme.name,
            "year": budget.year,
            "committed": _euro(budget.committed),
            "total": _euro(budget.total),
            "paid": _euro(budget.paid),
            "left": _euro(budget.available),
        }
        lines.append(TodayLine(text, f"{overview}?year={budget.year}&programme={budget.programme.key}"))
    lines.append(
        _task_line(
            "in_procedure",
            counts,
            lambda n: (
                ngettext(
                    "%(n)d Antrag im Verfahren bei den Bewilligungsbehörden",
                    "%(n)d Anträge im Verfahren bei den Bewilligungsbehörden",
                    n,
                )
                % {"n": n}
            ),
        )
    )
    vacant = selectors.vacancies_visible_to(user, today.year, today.month)
    posts = sum((v["vacant"] for v in vacant), 0)
    vacancy_text = ngettext(
        "%(n)d Kommunales Integrationszentrum mit unbesetzten Stellen (%(posts)s Stellen im Monat %(month)s)",
        "%(n)d Kommunale Integrationszentren mit unbesetzten Stellen (%(posts)s Stellen im Monat %(month)s)",
        len(vacant),
    ) % {"n": len(vacant), "posts": number_format(posts), "month": today.strftime("%m/%Y")}
    lines.append(TodayLine(vacancy_text, f"{reverse('funding:staff_overview')}#unbesetzt", len(vacant)))
    return TodayCard(
        title=_("Förderung des Landes: Programme, Haushalt und Antragslage"), url=overview, lines=tuple(lines), order=20
    )


def today(user: Any) -> list[TodayCard]:
    """Cards per role; a constant number of queries whatever the number of applications, calls or KIs."""
    if not user.has_perm("funding.view_funding"):
        return []
    now = timezone.localdate()
    scope = scope_of(user)
    counts = selectors.task_counts(user, today=now)
    cards: list[TodayCard] = []
    if scope.has_role(Role.KOMMUNE):
        names = area_names(scope.ags.get(Role.KOMMUNE, ()), Role.KOMMUNE)
        lines = _applicant_lines(counts, now) + _deadline_lines(user, now)
        if user.has_perm("funding.apply"):
            lines += _call_line(user)
        cards.append(
            TodayCard(
                title=_("Förderanträge von %(body)s") % {"body": ", ".join(names.values())},
                url=reverse("funding:application_list"),
                lines=tuple(lines)
                or (
                    TodayLine(
                        _("Zurzeit wartet kein Förderantrag auf Sie, und kein Förderaufruf richtet sich an Sie.")
                    ),
                ),
                order=10,
            )
        )
    elif scope.object_ids(Role.ORGANISATION, Organisation):
        organisation_names = list(
            Organisation.objects.filter(pk__in=scope.object_ids(Role.ORGANISATION, Organisation))
            .order_by("name")
            .values_list("name", flat=True)
        )
        lines = _applicant_lines(counts, now) + _deadline_lines(user, now)
        if user.has_perm("funding.apply"):
            lines += _call_line(user)
        cards.append(
            TodayCard(
                title=_("Förderanträge von %(body)s") % {"body": ", ".join(organisation_names)},
                url=reverse("funding:application_list"),
                lines=tuple(lines)
                or (
                    TodayLine(
                        _("Zurzeit wartet kein Förderantrag auf Sie, und kein Förderaufruf richtet sich an Sie.")
                    ),
                ),
                order=10,
            )
        )
    if scope.has_role(Role.BEWILLIGUNG):
        cards.append(_case_worker_card(user, counts))
    if scope.has_role(Role.LAND):
        cards.append(_land_card(user, counts, now))
    return cards
