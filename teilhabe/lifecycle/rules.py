"""Permissions of the lifecycle app."""

from __future__ import annotations

import rules

from teilhabe.core.rules import is_admin, is_land, is_system

# The deletion concept is shown to the ministry and the operators.
rules.add_perm("lifecycle.view_retention", is_land | is_admin)
# The daily purge runs as the system actor; an operator may start it by hand.
rules.add_perm("lifecycle.purge", is_system | is_admin)
# Access and erasure requests and the audit export for the data protection officer: the operators.
rules.add_perm("lifecycle.handle_subject_requests", is_admin)
rules.add_perm("lifecycle.export_audit", is_admin)
# A restore re-applies the journalled erasures as the system actor.
rules.add_perm("lifecycle.reapply_erasures", is_system | is_admin)
