from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from teilhabe.core.models import AuditEvent, User
from teilhabe.registry.models import Offer, Organisation
from teilhabe.registry.tasks import mark_stale_and_remind
from tests.registry.factories import OrganisationFactory, make_offer, member_of

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - dt.timedelta(days=400)


def test_stale_entries_are_marked_and_their_keepers_reminded(make_user: Callable[..., User]) -> None:
    organisation = OrganisationFactory(name="Ukrainischer Verein Köln e.V.")
    first = member_of(make_user(email="olena@example.nrw"), organisation)
    member_of(make_user(email="taras@example.nrw"), organisation)
    member_of(make_user(email="ehemalig@example.nrw", is_active=False), organisation)
    old = make_offer(organisation, status="published", title="Sprachcafé")
    fresh = make_offer(organisation, status="published", title="Neuer Kurs")
    Offer.objects.filter(pk=old.pk).update(verified_at=LONG_AGO)
    Organisation.objects.filter(pk=organisation.pk).update(verified_at=LONG_AGO)
    lonely = make_offer(OrganisationFactory(), status="published", title="Ohne Mitglieder")
    Offer.objects.filter(pk=lonely.pk).update(verified_at=LONG_AGO)
    # make_offer wrote the offers as a member of each organisation; that helper account has left since.
    User.objects.filter(email__startswith="mitglied-").update(is_active=False)

    out = StringIO()
    call_command("registry_mark_stale", stdout=out)  # enqueues the task; tests run tasks at once
    assert "Auftrag eingereiht" in out.getvalue()

    assert Offer.objects.get(pk=old.pk).stale_since is not None
    assert Offer.objects.get(pk=fresh.pk).stale_since is None
    assert Offer.objects.get(pk=lonely.pk).stale_since is not None
    assert Organisation.objects.get(pk=organisation.pk).stale_since is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["olena@example.nrw", "taras@example.nrw"]
    message = next(m for m in mail.outbox if m.to == [first.email])
    assert "Bitte prüfen" in message.subject
    assert "Sprachcafé" in message.body and "Ukrainischer Verein Köln e.V." in message.body
    assert "Neuer Kurs" not in message.body
    assert AuditEvent.objects.filter(action="offer.marked_stale").count() == 2
    assert AuditEvent.objects.get(action="organisation.reminded_stale").data == {"entries": 2, "recipients": 2}

    mail.outbox.clear()
    assert mark_stale_and_remind.call() == 0  # marked once, reminded once
    assert mail.outbox == []
