"""Factories shared by the whole suite. Domain factories live next to their app's tests."""

from __future__ import annotations

import factory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.models import Membership, User
from teilhabe.core.roles import Role

DEFAULT_PASSWORD = "ein-sicheres-Testpasswort-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.nrw")
    full_name = factory.Faker("name", locale="de_DE")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.KOMMUNE
    ags = "05315"
    #: Test memberships are in force; the approval of privileged roles is tested in tests/core/test_services.py.
    approved_at = factory.LazyFunction(timezone.now)


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator"
    confirmed = True
