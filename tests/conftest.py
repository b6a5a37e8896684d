"""Fixtures of the whole suite: users per role, logged-in clients (with the second factor where needed)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from teilhabe.core.models import User
from teilhabe.core.roles import Role
from tests.factories import MembershipFactory, TOTPDeviceFactory, UserFactory

#: Default scope per role used by the fixtures: Köln (05315) for kommune, Regierungsbezirk Köln for bewilligung.
DEFAULT_AGS = {Role.LAND: "05", Role.BEWILLIGUNG: "053", Role.KOMMUNE: "05315"}

ROLES = [r.value for r in Role]
ROLES_AND_ANONYMOUS = ["anonymous", *ROLES]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``@pytest.mark.postgres`` run only on PostgreSQL (make test-postgres); skipped on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason=f"needs PostgreSQL (make test-postgres), this run uses {connection.vendor}")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def _flush_may_empty_the_audit_log() -> Any:
    """Transactional tests end with a flush (DELETE FROM every table on SQLite), which the audit log's append-only
    triggers would refuse: the flush runs as if it were the retention purge (teilhabe/core/auditchain.py)."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from teilhabe.core import auditchain

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self: Any, sql_list: Any) -> None:
        auditchain._state.unlocked = True
        try:
            original(self, sql_list)
        finally:
            auditchain._state.unlocked = False

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseOperations, "execute_sql_flush", execute_sql_flush)
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    settings.TEILHABE_HTTPS = False
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.TASKS = {
        "default": {**settings.TASKS["default"], "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # An empty STATIC_ROOT: WhiteNoise indexes that folder for every new test client, and a developer's
    # collected var/static (1,400 files) costs 0.3 s per client. Static files are not under test here.
    static_root = tmp_path / "static"
    static_root.mkdir(exist_ok=True)
    settings.STATIC_ROOT = static_root
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = True
    # Never the developer's own index under var/.
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"
    # Thousands of requests from one test client: the rate limits are tested on their own (tests/registry).
    settings.TEILHABE_RATE_LIMITS_ENABLED = False
    settings.TEILHABE_RATE_LIMIT_FILE = tmp_path / "ratelimit.sqlite3"
    settings.TEILHABE_OPENDATA_DIR = tmp_path / "opendata"


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    """make_user(role, ags=..., scope_object=..., second_factor=True) -> a user with that membership."""

    def make(role: str | None = None, *, ags: str | None = None, scope_object: Any = None, **user_kwargs: Any) -> User:
        user = UserFactory(**user_kwargs)
        if role is not None:
            kwargs: dict[str, Any] = {"user": user, "role": role, "ags": ""}
            if scope_object is not None:
                from django.contrib.contenttypes.models import ContentType

                kwargs["scope_type"] = ContentType.objects.get_for_model(scope_object)
                kwargs["scope_id"] = scope_object.pk
            else:
                kwargs["ags"] = ags if ags is not None else DEFAULT_AGS.get(Role(role), "")
            MembershipFactory(**kwargs)
        if role == Role.ADMIN:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        return user

    return make


def login(client: Client, user: User) -> Client:
    """Log ``user`` in, confirming the second factor when their role requires it."""
    client.force_login(user)
    if any(m.role in settings.TEILHABE_SECOND_FACTOR_ROLES for m in user.memberships.all()):
        device = TOTPDeviceFactory(user=user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def database_tasks(settings: Any) -> None:
    """Tasks go to django-tasks-db's queue (as in production) instead of running at once."""
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}}


def ended_process_id() -> int:
    """The id of a process of this host that has ended."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def ended_worker_id() -> str:
    """A task worker id (``teilhabe.core.workers.worker_id``) of this host whose process has ended."""
    from teilhabe.core.workers import worker_id

    return worker_id(pid=ended_process_id())


@pytest.fixture
def client_for(make_user: Callable[..., User]) -> Callable[..., Client]:
    """client_for("kommune", ags="05315") -> a logged-in test client; client_for("anonymous") -> anonymous."""

    def make(role: str, **kwargs: Any) -> Client:
        client = Client()
        if role == "anonymous":
            return client
        return login(client, make_user(role, **kwargs))

    return make


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Every test database holds the real NRW master data (5 RB, 53 Kreise, 396 Gemeinden, postcodes)."""
    from teilhabe.geo.models import Gemeinde
    from teilhabe.geo.services import load_master_data

    with django_db_blocker.unblock():
        if not Gemeinde.objects.exists():
            load_master_data()


@pytest.fixture(autouse=True)
def _fresh_master_data() -> None:
    """Master data and other values kept per process (teilhabe/core/memo.py: result pages, API answers, rendered
    finder and offer pages) are read again in every test: rolled-back rows send no signal."""
    from teilhabe.core.memo import clear_all

    clear_all()
