"""Settings, read from the environment so one build serves a laptop, CI and production.

SALONBOOK_DATA_DIR   where the SQLite database and uploaded files live (default ./var)
DATABASE_URL         postgres://... to use PostgreSQL instead of the embedded SQLite
SECRET_KEY, DEBUG, ALLOWED_HOSTS  the usual Django meanings
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("SALONBOOK_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("DEBUG", "0") in ("1", "true", "True")
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-change-me-in-production"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
if os.environ.get("SALONBOOK_TESTING"):
    ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Listed so the API docs page uses the Swagger UI files ninja ships, not a CDN.
    "ninja",
    # Background jobs: the django.tasks API and its database backend (the db_worker command).
    "django_tasks",
    "django_tasks_db",
    "salonbook.tenancy",
    "salonbook.accounts",
    "salonbook.staff",
    "salonbook.catalog",
    "salonbook.scheduling",
    "salonbook.clients",
    "salonbook.bookings",
    "salonbook.inventory",
    "salonbook.sync",
    "salonbook.checkout",
    "salonbook.loyalty",
    "salonbook.visits",
    "salonbook.clientbase",
    "salonbook.web",
    "salonbook.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a logged-in user's saved language wins over the browser's.
    "salonbook.web.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "salonbook.http.RefuseNulCharacters",
    "salonbook.sync.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "salonbook.urls"
ASGI_APPLICATION = "salonbook.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "salonbook.web.context.shell",
            ],
        },
    },
]

_SQLITE_PATH = DATA_DIR / "salonbook.sqlite3"
# SQLite is tuned for a small server: WAL lets readers run beside the one writer, and
# IMMEDIATE transactions take the write lock up front, so two bookings for one slot queue
# behind each other instead of both reading "free" and failing at commit.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA temp_store=MEMORY;"
        "PRAGMA cache_size=-20000;"
    ),
}

if os.environ.get("DATABASE_URL"):
    # Connections close at the end of each request: under ASGI a request's sync code may run in
    # any thread of the pool, so a kept connection would rarely be reused and pile up instead.
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=0)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(_SQLITE_PATH),
            "OPTIONS": SQLITE_OPTIONS,
            # Tests use a file, not :memory:, so that threads racing for a slot each get
            # their own connection to the same database.
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
        }
    }

if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language choice of a visitor who is not logged in (a logged-in user's is on their row).
LANGUAGE_COOKIE_NAME = "salonbook_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
# Files on client cards and uploaded imports: outside every served root, handed out only by
# views that check the right (clients.files.views.download_file).
PRIVATE_FILES_ROOT = Path(os.environ.get("SALONBOOK_PRIVATE_FILES", DATA_DIR / "private")).resolve()

# Background jobs (docs/decisions/0002-background-jobs.md): stored in the database and run by
# `salonbook db_worker`, which `make run` starts beside the server. SALONBOOK_TASKS_BACKEND
# names another django.tasks backend class (e.g. an RQ one) for a bigger installation.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("SALONBOOK_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
