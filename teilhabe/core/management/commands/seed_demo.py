from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from teilhabe.core.demo import ACCOUNTS, DEMO_DOMAIN, DEMO_TOTP_SECRET
from teilhabe.core.models import User


class Command(BaseCommand):
    help = (
        "Legt Demo-Daten an (idempotent): ein Konto je Rolle und die Demo-Daten aller Apps "
        "(jede App mit einem Modul demo.py trägt bei, in der Reihenfolge von INSTALLED_APPS)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        users: dict[str, User] = {}
        with transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("teilhabe."):
                    continue
                module_name = f"{config.name}.demo"
                if importlib.util.find_spec(module_name) is None:
                    continue
                importlib.import_module(module_name).seed(stdout=self.stdout, users=users)
        self._print_logins(users)

    def _print_logins(self, users: dict[str, User]) -> None:
        password = settings.TEILHABE_DEMO_PASSWORD
        lines = [
            "",
            f"Demo-Zugänge (Passwort für alle: {password})",
            f"{'Rolle':<14} {'Anmeldung':<36} {'Zweiter Faktor'}",
        ]
        for account in ACCOUNTS:
            user = users[account.key]
            roles = ", ".join(sorted({m.role for m in user.memberships.all()})) or "–"
            totp = "TOTP" if any(r in settings.TEILHABE_SECOND_FACTOR_ROLES for r in roles.split(", ")) else "–"
            lines.append(f"{roles:<14} {account.key + '@' + DEMO_DOMAIN:<36} {totp}")
        lines += [
            "",
            f"TOTP-Schlüssel der Demo-Konten mit zweitem Faktor: {DEMO_TOTP_SECRET}",
            f"otpauth://totp/Teilhabe%20NRW:demo?secret={DEMO_TOTP_SECRET}&issuer=Teilhabe%20NRW&digits=6&period=30",
            "",
        ]
        self.stdout.write("\n".join(lines))
