"""Demo data of the lifecycle app: what the purge's dry run has to show on the demo.

A former employee whose account has not been used for three years (warned first, then anonymised) and a
round table that ended a year ago, with its contact person (anonymised after six months). Idempotent.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, TextIO

from django.utils import timezone

from teilhabe.core.models import User
from teilhabe.geo.models import Kreis
from teilhabe.registry.models import Contact, Status, Structure

FORMER_EMAIL = "ehemalig@demo.teilhabe.nrw"
ENDED_NETWORK = "Runder Tisch Integration (beendet)"


def seed(*, stdout: TextIO, users: dict[str, User], **_: Any) -> None:
    now = timezone.now()
    if not User.objects.filter(email=FORMER_EMAIL).exists():
        former = User(email=FORMER_EMAIL, full_name="Frieda Früher", last_login=now - timedelta(days=3 * 365))
        former.set_unusable_password()
        former.save()
        User.objects.filter(pk=former.pk).update(date_joined=now - timedelta(days=5 * 365))
    kreis = Kreis.objects.order_by("key").first()
    if kreis is not None and not Structure.objects.filter(name=ENDED_NETWORK).exists():
        contact = Contact.objects.create(name="Ben Beispiel", function="Moderation", email="ben@example.invalid")
        structure = Structure.objects.create(
            kind=Structure.Kind.NETZWERK, kreis=kreis, name=ENDED_NETWORK, contact=contact, status=Status.ARCHIVED
        )
        Structure.objects.filter(pk=structure.pk).update(updated_at=now - timedelta(days=365))
    stdout.write(
        "Löschkonzept: ein lange ungenutztes Konto und ein beendeter Runder Tisch für teilhabe purge --dry-run\n"
    )
