"""Every action the code writes to the audit log has words for people who read it (teilhabe/core/audit_labels.py)."""

from __future__ import annotations

import re
from pathlib import Path

from teilhabe.core.audit_labels import ACTION_LABELS, action_label

SOURCE = Path(__file__).resolve().parents[2] / "teilhabe"


def written_actions() -> set[str]:
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text()
        found |= set(re.findall(r'action="([a-z_]+\.[a-z_.]+)"', text))
        found |= set(re.findall(r'"((?:offer|organisation)\.[a-z_]+)", Status\.', text))  # registry transitions
        found |= {f"funding.{name}" for name in re.findall(r'_move\(\s*\w+,\s*\w+,\s*"([a-z_]+)"', text)}
    return found


def test_every_action_written_has_a_label() -> None:
    actions = written_actions()
    assert len(actions) > 90  # the patterns still find them
    assert actions - set(ACTION_LABELS) == set()


def test_an_unknown_action_is_shown_as_it_is() -> None:
    assert action_label("membership.granted") == "Rolle erteilt"
    assert action_label("something.new") == "something.new"
