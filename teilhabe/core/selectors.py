from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from teilhabe.core.models import AuditEvent, Membership, User


def current_memberships(*, user: User) -> QuerySet[Membership]:
    today = timezone.localdate()
    return Membership.objects.filter(user=user).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))


def audit_events_for(*, obj_type_id: int, obj_id: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type_id=obj_type_id, object_id=obj_id).select_related("actor")
