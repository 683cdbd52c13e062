"""Settings for libreport, driven by the environment.

Unset DATABASE_URL means an SQLite file in the project folder; SECRET_KEY is
required whenever DEBUG is off.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")
# When the scheduler queues the daily reminders (crontab line, Europe/Riga time).
REMINDERS_CRON = envstr("REMINDERS_CRON", "0 8 * * *")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_tables2",
    "django_tasks",
    "django_tasks_db",
    "core",  # the shared helpers (no models)
    "notifications",
    "django_prose_editor",  # the rich-text editor's assets (static/js/rich-text.js)
    "libraries",
    "indicators",  # its migrations only (the tables' history)
    "catalogue",
    "submissions",
    "workbooks",
    "entry",
    "figures",
    "reports",
    "quality",
    "review",
    "dashboards",
    # Security (issue 9): login throttling, two-factor sign-in, the security log.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "opendata",
    "cycle",
    "demo",  # seed_demo and the demo world it writes
    "national",
    "public",  # the public pages of published figures (issue 20)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "accounts.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LatvianUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.context.CurrentRequestMiddleware",
    "accounts.sessions.SessionLifetimeMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "libreport.urls"
WSGI_APPLICATION = "libreport.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "libraries.context_processors.access",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        # a connection cut while idle is replaced before use, not answered with a 500
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web process and the task worker share the file: wait for a lock instead of
    # failing, take the write lock up front, and let readers run beside a writer (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "libraries.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Working sessions last a full working day and are renewed on every request, so
# no time-out loses a librarian's typing (autosave also keeps each change).
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60 * 24 * 14)
SESSION_SAVE_EVERY_REQUEST = False  # no session write per autosave

LANGUAGE_CODE = "lv"
LANGUAGES = [("lv", "Latviešu"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Riga"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "core.storage.StaticStorage"  # compressed, hashed, imports rewritten
        )
    },
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "libreport@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

# Background jobs (PDF rendering): django-tasks with its database backend; run
# `python manage.py worker` beside the web server. Tests use the immediate backend.
TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# The public pages (issue 20) of a region are built by the worker after each publishing
# and kept until its published state changes (public.receivers); off, the first request
# for a page builds it.
PUBLIC_PAGES_AFTER_PUBLISHING = envbool("PUBLIC_PAGES_AFTER_PUBLISHING", True)

# Open data API (/api/v1/, the opendata app): published figures, anonymous read unless
# OPENDATA_REQUIRE_TOKEN; clients with a token send "Authorization: Bearer <token>", the
# tokens being OPENDATA_TOKENS (comma-separated secrets). Anonymous clients are limited per
# address to OPENDATA_ANON_RATE ("120/min"; empty: no limit), counted in the "ratelimit"
# cache shared by every process (below); the address is read as for the lockouts
# (accounts.ip.client_ip, TRUSTED_PROXY_COUNT).
OPENDATA_REQUIRE_TOKEN = envbool("OPENDATA_REQUIRE_TOKEN", False)
OPENDATA_TOKENS = envlist("OPENDATA_TOKENS", [])
OPENDATA_ANON_RATE = envstr("OPENDATA_ANON_RATE", "120/min")

# Caches. The default one is each process's own memory. The open data API's rate limit
# ("ratelimit") is counted where every process (gunicorn workers, several machines)
# sees the same count: a table of the database (libreport_ratelimit, made by the
# migration opendata 0001, so `migrate` in ./scripts/start, the tests and docker
# deployments creates it).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "libreport_ratelimit",
        # one row per client address seen in the last window; beyond this the expired
        # rows (then a third of the rest) are deleted
        "OPTIONS": {"MAX_ENTRIES": envint("RATELIMIT_MAX_ENTRIES", 50_000)},
    },
}

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Secure cookies unless told otherwise (docker-compose on plain http localhost).
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# --- Security (issue 9, OWASP ASVS level 2) ------------------------------------------
# Login throttling (django-axes): a user name from one address is locked after
# AXES_FAILURE_LIMIT wrong passwords for AXES_COOLOFF_MINUTES, on the portal's login and
# the admin's; administrators unlock in the admin (Axes → access attempts).
AUTHENTICATION_BACKENDS = [
    "accounts.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every manage.py command
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the security log (accounts.SecurityEvent)
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Behind this many reverse proxies the client's address is taken from X-Forwarded-For
# (for the lockouts and the security log); 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)

# Password reset requests per hour (counted in the default cache): for one email address,
# and from one client address; past either the page answers the same and sends nothing.
# 0: no limit.
PASSWORD_RESET_PER_EMAIL_HOUR = envint("PASSWORD_RESET_PER_EMAIL_HOUR", 3)
PASSWORD_RESET_PER_CLIENT_HOUR = envint("PASSWORD_RESET_PER_CLIENT_HOUR", 10)

# Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_ABSOLUTE_HOURS
# after sign-in (accounts.sessions.SessionLifetimeMiddleware).
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 30)
SESSION_ABSOLUTE_HOURS = envint("SESSION_ABSOLUTE_HOURS", 12)

# Two-factor sign-in (django-otp: TOTP plus recovery codes) for administrators, staff and
# methodologists; required before anything else when REQUIRE_2FA_FOR_STAFF is on.
REQUIRE_2FA_FOR_STAFF = envbool("REQUIRE_2FA_FOR_STAFF", False)
OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "libreport")

# Content-Security-Policy (django-csp 4): no inline script, no inline style; a page that
# needs an inline import map uses request.csp_nonce. Permissions-Policy and
# Cache-Control: no-store for signed-in users: accounts.middleware.SecurityHeadersMiddleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
# --- end of security settings ----------------------------------------------------------

# Every log line is printed once, by the root's console handler. Django's own default
# configuration gives the "django" logger a console handler of its own (in DEBUG) that
# would print each of its lines a second time through the root: it is replaced here by
# the e-mail to ADMINS alone, and the line propagates to the root. "django.server"
# (runserver's request lines) keeps its own handler and does not propagate.
# WeasyPrint logs every step at INFO ("Step 2 - Fetching and parsing CSS", also when it is
# imported); only warnings are printed (the PDF job listens to its steps on its own).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {"server": {"()": "django.utils.log.ServerFormatter",
                              "format": "[{server_time}] {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "server": {"class": "logging.StreamHandler", "formatter": "server"},
        "mail_admins": {"level": "ERROR", "filters": ["require_debug_false"],
                        "class": "django.utils.log.AdminEmailHandler"},
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
