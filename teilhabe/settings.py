"""Settings of Teilhabe, read from the environment.

There is one settings module for every environment: development, tests and production differ only
in environment variables (see README.md, "Konfiguration"). Every setting that can be changed is
documented where it is read.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

env = environ.Env()

#: Folder for the SQLite database, the search index, uploaded files and generated secrets.
VAR_DIR = Path(env.str("TEILHABE_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

#: Debug mode: never in production. Shows tracebacks and relaxes nothing else.
DEBUG = env.bool("TEILHABE_DEBUG", default=False)

#: Whether the platform is served over HTTPS (production: yes). Turns on secure cookies, HSTS and the
#: redirect to HTTPS. ``make run`` serves plain HTTP on 127.0.0.1 and sets it to false.
HTTPS = env.bool("TEILHABE_HTTPS", default=True)


def _secret_key() -> str:
    """The secret key from TEILHABE_SECRET_KEY, or from the file named by TEILHABE_SECRET_KEY_FILE."""
    if key := env.str("TEILHABE_SECRET_KEY", default=""):
        return key
    if key_file := env.str("TEILHABE_SECRET_KEY_FILE", default=""):
        return Path(key_file).read_text(encoding="utf-8").strip()
    raise environ.ImproperlyConfigured(
        "Set TEILHABE_SECRET_KEY or TEILHABE_SECRET_KEY_FILE (make run creates var/secret_key)."
    )


#: Secret key for sessions, tokens and signatures. At least 50 random characters in production.
SECRET_KEY = _secret_key()

#: Host names the platform answers to, comma separated.
ALLOWED_HOSTS = env.list("TEILHABE_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

#: Origins trusted for CSRF behind a proxy, e.g. https://teilhabe.nrw.de
CSRF_TRUSTED_ORIGINS = env.list("TEILHABE_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_htmx",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # Domain apps, lowest first: a lower app never imports a higher one.
    "teilhabe.core",
    "teilhabe.geo",
    "teilhabe.registry",
    "teilhabe.funding",
    "teilhabe.dialogue",
    "teilhabe.workforce",
    "teilhabe.lifecycle",
    "teilhabe.public",
    "teilhabe.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Nothing is served while a restore is unfinished or was killed (teilhabe restore leaves a marker in var/).
    "teilhabe.lifecycle.middleware.RestoreGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "teilhabe.core.middleware.SessionLimitMiddleware",
    "teilhabe.core.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "teilhabe.core.middleware.NoStoreForAuthenticatedMiddleware",
    # Inside the header middleware, so a 413 carries them too; before anything reads the body.
    "teilhabe.core.middleware.RequestSizeLimitMiddleware",
    # Axes last, as its documentation asks: it turns lockouts into its response.
    "axes.middleware.AxesMiddleware",
]

#: Widgets rendered from Django's Jinja2 widget templates (teilhabe/core/renderers.py).
FORM_RENDERER = "teilhabe.core.renderers.WidgetRenderer"

ROOT_URLCONF = "teilhabe.urls"
WSGI_APPLICATION = "teilhabe.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "teilhabe.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------

#: Database URL. Default: SQLite under var/. Production: postgres://user:pass@host/name
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'teilhabe.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend with the writers queueing in the kernel for the write lock (see teilhabe/core/sqlite).
    DATABASES["default"]["ENGINE"] = "teilhabe.core.sqlite"
    # Tests in memory, as with Django's own engine name (pytest-django recognises only that name).
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN, so two
    # transactions never both read a budget and then both write it (select_for_update is a no-op here).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
if DATABASES["default"]["ENGINE"] in ("django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"):
    # Django's backend with a health check that needs no round trip while the connection is quiet (see
    # teilhabe/core/postgresql).
    DATABASES["default"]["ENGINE"] = "teilhabe.core.postgresql"
    if env.bool("TEILHABE_DB_PREPARED", default=True):
        # Parameters bound by the server, and a statement prepared from its third run on the connection: parsing
        # and planning every statement again had cost the server 4.0 ms of the 33 ms of opening an offer's form and
        # saving it (1.7 ms prepared, in process). Off behind a pooler that keeps no prepared statements (PgBouncer
        # in transaction mode before 1.21).
        DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 2})
# Each web thread keeps its connection between requests. On SQLite too: opening one (file, schema, pragmas) had
# cost more than /health itself (95 requests/s against 1,450 on PostgreSQL at the same load). A restore writes
# into the same file through SQLite's backup API, so kept connections see the restored database.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("TEILHABE_DB_CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, login, second factor -----------------------------------------------------------

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # The password check; no permissions from Django's tables (rights come from memberships).
    "teilhabe.core.backends.PasswordBackend",
    "rules.permissions.ObjectPermissionBackend",
    "teilhabe.core.backends.OperatorPermissionBackend",
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "core:start"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

#: How long a password reset link works (it also ends once used: the token covers the password hash).
PASSWORD_RESET_TIMEOUT = 3600 * env.int("TEILHABE_PASSWORD_RESET_HOURS", default=24)

#: Roles whose members must confirm every login with a TOTP code.
TEILHABE_SECOND_FACTOR_ROLES = ("land", "bewilligung", "admin")
#: Issuer shown in authenticator apps.
OTP_TOTP_ISSUER = "Teilhabe NRW"
#: Never show a TOTP secret in the admin (core's admin also keeps devices read-only; operators only reset them).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
#: The admin's history pages only show old versions; a revert would write past the services and their audit.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Login throttling (django-axes): keyed on account and address together, with a cool-off instead of
# a permanent lock, so an attacker cannot lock a colleague out from elsewhere for good.
AXES_FAILURE_LIMIT = env.int("TEILHABE_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("TEILHABE_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_VERBOSE = False

# --- Sessions and cookies ---------------------------------------------------------------------

#: Idle limit and absolute limit of a logged-in session (SessionLimitMiddleware enforces both).
TEILHABE_SESSION_IDLE = timedelta(minutes=env.int("TEILHABE_SESSION_IDLE_MINUTES", default=30))
TEILHABE_SESSION_MAX = timedelta(hours=env.int("TEILHABE_SESSION_MAX_HOURS", default=12))
SESSION_COOKIE_AGE = int(TEILHABE_SESSION_MAX.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "__Host-teilhabe-session" if HTTPS else "teilhabe-session"
CSRF_COOKIE_NAME = "__Host-teilhabe-csrf" if HTTPS else "teilhabe-csrf"

# --- Security headers -------------------------------------------------------------------------

SECURE_SSL_REDIRECT = HTTPS and env.bool("TEILHABE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("TEILHABE_BEHIND_PROXY", default=False) else None
)
SECURE_HSTS_SECONDS = 63072000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS: list[str] = []

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # KERN and Leaflet set styles from their own scripts; no inline <style> or style="" in our HTML.
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Uploads ----------------------------------------------------------------------------------

#: Largest accepted upload in bytes: each file (teilhabe.core.uploads.validate_upload), the form fields of a
#: request (DATA_UPLOAD_MAX_MEMORY_SIZE) and, with 256 KiB of room for the form, the whole request body
#: (RequestSizeLimitMiddleware answers 413 before reading it).
TEILHABE_MAX_UPLOAD_BYTES = env.int("TEILHABE_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = TEILHABE_MAX_UPLOAD_BYTES
#: Longest address (path and query) the platform answers; longer ones get the 414 page. Below gunicorn's
#: --limit-request-line in scripts/serve.sh (8190), so gunicorn's own bare 414 only meets absurd addresses.
TEILHABE_MAX_URL_LENGTH = env.int("TEILHABE_MAX_URL_LENGTH", default=4000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# --- Languages --------------------------------------------------------------------------------

LANGUAGE_CODE = "de"
#: Languages. The staff interface offers German and English; the public offer finder all six.
LANGUAGES = [
    ("de", _("Deutsch")),
    ("en", _("Englisch")),
    ("tr", _("Türkisch")),
    ("ar", _("Arabisch")),
    ("uk", _("Ukrainisch")),
    ("ru", _("Russisch")),
]
#: Languages offered on pages for staff (the others are for the public finder only).
TEILHABE_STAFF_LANGUAGES = ("de", "en")
#: The project's catalogues first (makemessages writes there), then the formal wording ("Sie") of messages that
#: libraries ship informally in German (teilhabe/locale_formal, see its django.po).
LOCALE_PATHS = [PACKAGE_DIR / "locale", PACKAGE_DIR / "locale_formal"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at start-up when it is missing
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Mail -------------------------------------------------------------------------------------

#: Mail transport as a URL: smtp+tls://user:pass@host:587, consolemail:// or filemail:////absolute/path (django-environ
#: drops the first slash of the path: with three slashes the folder would be relative to the working directory).
EMAIL_CONFIG = env.email_url("TEILHABE_EMAIL_URL", default=f"filemail:///{(VAR_DIR / 'mail').resolve()}")
globals().update(EMAIL_CONFIG)
#: Sender of all mail.
DEFAULT_FROM_EMAIL = env.str("TEILHABE_DEFAULT_FROM_EMAIL", default="Teilhabe NRW <noreply@teilhabe.nrw>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -------------------------------------------------------------------------

#: "database" (a worker runs `teilhabe task_worker`) or "immediate" (run in the request, for tests).
TASKS_BACKEND = env.str("TEILHABE_TASKS_BACKEND", default="database")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TASKS_BACKEND == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        # "opendata" (registry.tasks.build_open_data) has its own worker: see scripts/serve.sh.
        "QUEUES": ["default", "opendata"],
    }
}

# --- API --------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["teilhabe.api.permissions.DeclaredRulePermission"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "teilhabe.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Teilhabe NRW API",
    "DESCRIPTION": "Öffentliche und geschützte Schnittstelle der Integrationsplattform Teilhabe NRW.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    #: Every operation declares 400, 403, 404, 406 and 429 besides its own answers (teilhabe.api.schema).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "teilhabe.api.schema.declare_error_responses",
        "teilhabe.api.schema.declare_known_keys",
    ],
}

# --- Logging ----------------------------------------------------------------------------------

#: Every line as "time level [process] logger: message", the time in TIME_ZONE with its offset (one zone for the
#: app, its commands and workers; scripts/serve.sh sets gunicorn's TZ to the same). A refused request (403, 404 …)
#: is one line without a traceback (teilhabe.core.logs.OneLineRefusals).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_refusals": {"()": "teilhabe.core.logs.OneLineRefusals"}},
    "formatters": {
        "zoned": {
            "()": "teilhabe.core.logs.ZonedFormatter",
            "format": "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s",
            "zone": TIME_ZONE,
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "zoned", "filters": ["one_line_refusals"]}},
    "root": {"handlers": ["console"], "level": env.str("TEILHABE_LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint reports each step of each PDF at INFO: noise in the server log.
        "weasyprint": {"level": "WARNING"},
        # Django's own handlers (mail_admins, console when DEBUG) stay off; its records go to the root handler.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
    },
}

#: Password of the demo accounts created by `teilhabe seed_demo`.
TEILHABE_DEMO_PASSWORD = env.str("TEILHABE_DEMO_PASSWORD", default="teilhabe-demo")
CSRF_FAILURE_VIEW = "teilhabe.core.views.csrf_failure"

#: Folder of this app server's search index (tantivy); rebuilt from the database by `teilhabe rebuild_search_index`.
TEILHABE_SEARCH_DIR = Path(env.str("TEILHABE_SEARCH_DIR", default=str(VAR_DIR / "search")))
#: A web worker looks for the index worker's newest commit at most this often (seconds), so a change reaches the
#: public search within this and the index worker's second. Each new snapshot empties the worker's kept results:
#: with a commit every second under steady editing, every worker searched again at once (at 1,000,000 offers 10 to
#: 14 ms for the API or the finder instead of 1 to 2). Withdrawals leave result pages at once anyway (the pages
#: check that each offer shown is still published).
TEILHABE_SEARCH_RELOAD_SECONDS = env.float("TEILHABE_SEARCH_RELOAD_SECONDS", default=3.0)

# --- Staff survey (workforce) ---------------------------------------------------------------------------------
#: Minimum count of a published cell of the staff survey (and of its complement within its row); campaigns copy it.
TEILHABE_WORKFORCE_THRESHOLD = env.int("TEILHABE_WORKFORCE_THRESHOLD", default=5)
#: Protection level p of the disclosure audit: a suppressed cell must be able to lie anywhere in [v - p, v + p];
#: 0 means the threshold.
TEILHABE_WORKFORCE_PROTECTION = env.int("TEILHABE_WORKFORCE_PROTECTION", default=0)
#: The share of NRW's population the published results are compared with, in percent, and its source.
TEILHABE_WORKFORCE_REFERENCE_SHARE = env.str("TEILHABE_WORKFORCE_REFERENCE_SHARE", default="29.3")
TEILHABE_WORKFORCE_REFERENCE_SOURCE = env.str(
    "TEILHABE_WORKFORCE_REFERENCE_SOURCE",
    default="IT.NRW, Mikrozensus 2018: Bevölkerung in Privathaushalten mit Migrationshintergrund "
    "(Pressemitteilung vom 20. Mai 2020)",
)
#: URL paths kept out of the access logs (teilhabe.workforce.logging.SurveyPathFilter): the anonymous survey.
TEILHABE_UNLOGGED_PATHS = ("/befragung/",)

# --- Backup, restore, retention (teilhabe/lifecycle) ------------------------------------------------------------

#: How many backups `teilhabe backup` keeps in its folder: the newest of each of the last N days, ISO weeks, months.
TEILHABE_BACKUP_KEEP = env.str("TEILHABE_BACKUP_KEEP", default="daily=7,weekly=4,monthly=12")
#: Journal of erasure requests (ids only), kept outside the database so a restore of an older backup re-applies
#: them. In production put it on storage that is not restored with the database.
TEILHABE_ERASURE_JOURNAL = Path(env.str("TEILHABE_ERASURE_JOURNAL", default=str(VAR_DIR / "erasure-journal.jsonl")))

#: The registry's open-data files, built in the background (teilhabe/registry/opendata.py).
TEILHABE_OPENDATA_DIR = Path(env.str("TEILHABE_OPENDATA_DIR", default=str(VAR_DIR / "opendata")))
#: Anonymous requests per client to the expensive public endpoints (teilhabe/registry/ratelimit.py); 429 beyond.
TEILHABE_RATE_LIMITS_ENABLED = env.bool("TEILHABE_RATE_LIMITS_ENABLED", default=True)
TEILHABE_RATE_LIMITS = {
    "search": env.str("TEILHABE_RATE_LIMIT_SEARCH", default="300/m"),
    "map": env.str("TEILHABE_RATE_LIMIT_MAP", default="60/m"),
    "pdf": env.str("TEILHABE_RATE_LIMIT_PDF", default="20/m"),
    "download": env.str("TEILHABE_RATE_LIMIT_DOWNLOAD", default="30/h"),
}
#: The shared counters of the rate limits (one SQLite file per host).
TEILHABE_RATE_LIMIT_FILE = Path(env.str("TEILHABE_RATE_LIMIT_FILE", default=str(VAR_DIR / "ratelimit.sqlite3")))
