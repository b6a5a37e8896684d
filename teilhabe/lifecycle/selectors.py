"""Reads of the lifecycle app, scoped to the user."""

from __future__ import annotations

from django.db.models import QuerySet

from teilhabe.core.models import User
from teilhabe.lifecycle.models import ErasureRequest, RetentionRule
from teilhabe.registry.models import Contact


def retention_rules(*, user: User) -> QuerySet[RetentionRule]:
    if not user.has_perm("lifecycle.view_retention"):
        return RetentionRule.objects.none()
    return RetentionRule.objects.all()


def subject_users(*, user: User, email: str = "") -> QuerySet[User]:
    """Accounts an operator may answer a data subject request for (not the system account)."""
    if not user.has_perm("lifecycle.handle_subject_requests"):
        return User.objects.none()
    accounts = User.objects.filter(is_system=False)
    return accounts.filter(email__icontains=email.strip()) if email.strip() else accounts


def subject_contacts(*, user: User, email: str = "") -> QuerySet[Contact]:
    if not user.has_perm("lifecycle.handle_subject_requests"):
        return Contact.objects.none()
    contacts = Contact.objects.select_related("organisation")
    if not email.strip():
        return contacts
    term = email.strip()
    return contacts.filter(email__icontains=term) | contacts.filter(name__icontains=term)


def erasure_requests(*, user: User) -> QuerySet[ErasureRequest]:
    if not user.has_perm("lifecycle.handle_subject_requests"):
        return ErasureRequest.objects.none()
    return ErasureRequest.objects.select_related("done_by")
