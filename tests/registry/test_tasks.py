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
from tests.registry.factories import OrganisationFactory, kommune_for, make_offer, member_of

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


def test_a_run_interrupted_after_marking_is_made_up_by_the_next(
    make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A task run again after its worker died (teilhabe task_worker) reminds of what the first run marked."""
    from teilhabe.registry import tasks

    organisation = OrganisationFactory(name="Kulturverein Bonn")
    member_of(make_user(email="aylin@example.nrw"), organisation)
    old = make_offer(organisation, status="published", title="Elterncafé")
    Offer.objects.filter(pk=old.pk).update(verified_at=LONG_AGO)
    User.objects.filter(email__startswith="mitglied-").update(is_active=False)

    class WorkerDied(BaseException):
        pass

    def died(*args: object) -> None:
        raise WorkerDied

    monkeypatch.setattr(tasks, "send_mail", died)
    with pytest.raises(WorkerDied):
        mark_stale_and_remind.call()
    assert Offer.objects.get(pk=old.pk).stale_since is not None and mail.outbox == []
    monkeypatch.undo()

    assert mark_stale_and_remind.call() == 1
    assert mail.outbox[0].to == ["aylin@example.nrw"] and "Elterncafé" in mail.outbox[0].body
    assert Offer.objects.get(pk=old.pk).stale_reminded_at is not None
    assert mark_stale_and_remind.call() == 0  # once


def test_a_new_verification_lifts_the_mark_and_the_reminder(make_user: Callable[..., User]) -> None:
    from teilhabe.registry import services

    organisation = OrganisationFactory(name="Kulturverein Bonn")
    member_of(make_user(email="aylin@example.nrw"), organisation)
    old = make_offer(organisation, status="published", title="Elterncafé")
    Offer.objects.filter(pk=old.pk).update(verified_at=LONG_AGO)
    mark_stale_and_remind.call()
    offer = Offer.objects.get(pk=old.pk)
    assert offer.stale_reminded_at is not None
    services.offer_verify(actor=kommune_for(offer.ags), offer=offer)
    offer.refresh_from_db()
    assert offer.stale_since is None and offer.stale_reminded_at is None
