from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from teilhabe.core import demo as core_demo
from teilhabe.core.models import User


def demo_modules() -> list[str]:
    """``teilhabe.<app>.demo`` of every installed app besides core that has one, in INSTALLED_APPS order."""
    names = []
    for config in apps.get_app_configs():
        if not config.name.startswith("teilhabe.") or config.name == "teilhabe.core":
            continue
        module_name = f"{config.name}.demo"
        if importlib.util.find_spec(module_name) is not None:
            names.append(module_name)
    return names


class Command(BaseCommand):
    help = (
        "Legt Demo-Daten an (idempotent): ein Konto je Rolle, dann die Demo-Daten der Apps (jede App mit einem "
        "Modul demo.py und einer Funktion seed(*, stdout, users), in der Reihenfolge von INSTALLED_APPS). "
        "Am Ende stehen die Zugänge mit Passwort und TOTP-Schlüssel."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        users: dict[str, User] = {}
        with transaction.atomic():
            core_demo.seed(stdout=self.stdout, users=users)
            for module_name in demo_modules():
                importlib.import_module(module_name).seed(stdout=self.stdout, users=users)
        core_demo.print_logins(stdout=self.stdout, users=users)
