"""Events, people and documents for the dialogue tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from teilhabe.core.models import User
from teilhabe.core.roles import Role
from teilhabe.dialogue import services
from teilhabe.dialogue.models import Audience, Event, Series
from tests.factories import MembershipFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def land_user() -> User:
    user = UserFactory()
    MembershipFactory(user=user, role=Role.LAND, ags="05")
    return user


def kommune_user(ags: str = "05315", **kwargs: Any) -> User:
    user = UserFactory(**kwargs)
    MembershipFactory(user=user, role=Role.KOMMUNE, ags=ags)
    return user


def event_input(**overrides: Any) -> services.EventInput:
    start = timezone.now() + timedelta(days=14)
    values: dict[str, Any] = {
        "title": "Dialogforum Köln",
        "starts_at": start,
        "ends_at": start + timedelta(hours=5),
        "capacity": 3,
        "registration_deadline": start - timedelta(days=2),
        "place": "Bezirksregierung Köln",
        "audience": Audience.COMMISSIONERS,
        "region": "053",
    }
    values.update(overrides)
    return services.EventInput(**values)


def make_event(actor: User | None = None, **overrides: Any) -> Event:
    return services.event_create(actor=actor or land_user(), data=event_input(**overrides))


def make_series(name: str = "Dialogforum RB Köln") -> Series:
    return Series.objects.create(name=name)


def pdf_file(name: str = "praesentation.pdf") -> ContentFile:
    return ContentFile(PDF, name=name)
