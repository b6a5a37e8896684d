"""The system actor: the account under which background tasks and commands act.

Services never skip a rule because the actor is missing. Work that nobody triggers by hand (reminders, notices that
become final, purges, invitations sent in the background) runs as this account, whose rights are granted
explicitly per permission with the predicate ``is_system`` in the apps' ``rules.py``, and whose every step lands in
the audit log like a person's. It cannot log in: it is inactive and has no usable password.
"""

from __future__ import annotations

from teilhabe.core.models import User

SYSTEM_EMAIL = "system@teilhabe.invalid"


def system_actor() -> User:
    """The one system account (created on first use)."""
    user = User.objects.filter(email=SYSTEM_EMAIL).first()
    if user is None:
        user = User(email=SYSTEM_EMAIL, full_name="Teilhabe (automatisch)", is_active=False, is_system=True)
        user.set_unusable_password()
        user.save()
    return user
