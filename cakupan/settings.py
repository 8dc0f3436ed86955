"""The one settings module. Every variable is listed, with its default, in .env.example."""

from __future__ import annotations

import importlib.util
import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cakupan.common.env import envbool, envchoice, envint, envlist, envsecret, envstr, envsubset
from cakupan.ops.logs import logging_config

PACKAGE_DIR = Path(__file__).resolve().parent
# django-ninja's templates and static files (the API docs' Swagger UI, served locally: no CDN, CSP-clean),
# found where the package is installed without importing it: as an installed app, every process (each
# command, each test worker) would import it and pydantic at start, 0.1 s, for the one page that uses them.
_ninja = importlib.util.find_spec("ninja")
if _ninja is None or _ninja.origin is None:
    raise ImproperlyConfigured("django-ninja is not installed: run make install")
NINJA_DIR = Path(_ninja.origin).parent

# Where the embedded database, staged uploads and generated files live.
DATA_DIR = Path(envstr("CAKUPAN_DATA_DIR", "var")).resolve()

ENVIRONMENT = envchoice("CAKUPAN_ENV", "development", {"development", "production", "test"})
DEBUG = envbool("CAKUPAN_DEBUG", False)


def _secret_key() -> str:
    key = envsecret("CAKUPAN_SECRET_KEY")
    if key:
        return key
    if ENVIRONMENT == "production":
        raise ImproperlyConfigured(
            "CAKUPAN_SECRET_KEY (or CAKUPAN_SECRET_KEY_FILE) must be set in production"
        )
    # Development and the demo: a key kept beside the embedded database, so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("CAKUPAN_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

_database_url = envstr("CAKUPAN_DATABASE_URL", "")
if _database_url:
    try:
        DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    except ValueError as exc:
        raise ImproperlyConfigured(f"CAKUPAN_DATABASE_URL: {exc}") from None
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "cakupan.sqlite3"),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets pages read while an import writes; IMMEDIATE takes the write lock when a transaction
    # starts, so two writers queue instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=15000;",
        "transaction_mode": "IMMEDIATE",
    }
DATABASES["default"]["TEST"] = {"NAME": envstr("CAKUPAN_TEST_DATABASE_NAME", "") or None}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "csp",
    "cakupan.common",
    "cakupan.audit",
    "cakupan.accounts",
    "cakupan.regions",
    "cakupan.indicators",
    "cakupan.imports",
    "cakupan.dashboards",
    "cakupan.opendata",
    "cakupan.maps",
    "cakupan.jobs",
    "cakupan.reports",
    "cakupan.compliance",
    "cakupan.monev",
    "cakupan.packs",
    "cakupan.participants",
    "cakupan.ops",
    "cakupan.throttle",
    "cakupan.tasks",
    "cakupan.datacalls",
]
# The example app of docs/architecture.md (tests/example_app), only while pytest runs: it is not shipped.
if "pytest" in sys.modules and (Path(__file__).resolve().parent.parent / "tests" / "example_app").is_dir():
    INSTALLED_APPS.append("tests.example_app")

MIDDLEWARE = [
    "cakupan.common.middleware.server_timing_middleware",
    "cakupan.ops.middleware.request_log_middleware",
    "cakupan.ops.middleware.health_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cakupan.common.middleware.language_middleware",
    "cakupan.ops.middleware.nul_refusing_middleware",
    "cakupan.throttle.middleware.rate_limit_middleware",
    "django.middleware.common.CommonMiddleware",
    "cakupan.common.middleware.api_error_middleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "cakupan.audit.middleware.audit_context_middleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before checking the password
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: after this many failures for a username from an address, that pair is locked; after
# ten times as many from one address, whatever the usernames, the address is (cakupan/accounts/lockout.py).
# Requests a minute (0: no limit): per API token, per address on the API, per address on the login form.
CAKUPAN_RATE_API_TOKEN_PER_MINUTE = envint("CAKUPAN_RATE_API_TOKEN_PER_MINUTE", 300, minimum=0)
CAKUPAN_RATE_API_ADDRESS_PER_MINUTE = envint("CAKUPAN_RATE_API_ADDRESS_PER_MINUTE", 600, minimum=0)
CAKUPAN_RATE_LOGIN_PER_MINUTE = envint("CAKUPAN_RATE_LOGIN_PER_MINUTE", 20, minimum=0)
# Addresses never limited (the host running benchmarks or the soak). The test suite's client is exempt by
# default; the rate-limit tests come from other addresses.
CAKUPAN_RATE_EXEMPT = envlist("CAKUPAN_RATE_EXEMPT", "127.0.0.1" if ENVIRONMENT == "test" else "")
AXES_FAILURE_LIMIT = envint("CAKUPAN_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_IP_FAILURE_LIMIT = 10 * AXES_FAILURE_LIMIT
AXES_COOLOFF_TIME = envint("CAKUPAN_LOGIN_LOCKOUT_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_HANDLER = "cakupan.accounts.lockout.TwoLimitLockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = 1 if envbool("CAKUPAN_BEHIND_PROXY", False) else 0

# Content-Security-Policy: only this site's own scripts, styles and images; no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

ROOT_URLCONF = "cakupan.urls"
WSGI_APPLICATION = "cakupan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates", NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cakupan.context_processors.site",
            ],
        },
    }
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:national"
LOGOUT_REDIRECT_URL = "dashboards:national"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "cakupan_lang"
TIME_ZONE = envstr("CAKUPAN_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static", NINJA_DIR / "static"]
# Outside production the files are served straight from the package; production runs collectstatic.
WHITENOISE_USE_FINDERS = ENVIRONMENT != "production"
if WHITENOISE_USE_FINDERS:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Staged uploads and generated files: outside any web root, served only through views that check access.
MEDIA_ROOT = DATA_DIR / "files"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
CAKUPAN_UPLOAD_MAX_BYTES = envint("CAKUPAN_UPLOAD_MAX_MB", 50, minimum=1) * 1024 * 1024
# What an imported file (CSV or XLSX) may hold before it is refused, checked before and while it is read.
CAKUPAN_IMPORT_MAX_ROWS = envint("CAKUPAN_IMPORT_MAX_ROWS", 1_000_000, minimum=1)
CAKUPAN_IMPORT_MAX_COLUMNS = envint("CAKUPAN_IMPORT_MAX_COLUMNS", 200, minimum=1)
CAKUPAN_IMPORT_MAX_CELLS = envint("CAKUPAN_IMPORT_MAX_CELLS", 10_000_000, minimum=1)
CAKUPAN_IMPORT_MAX_UNPACKED_BYTES = envint("CAKUPAN_IMPORT_MAX_UNPACKED_MB", 400, minimum=1) * 1024 * 1024
CAKUPAN_IMPORT_MAX_COMPRESSION_RATIO = envint("CAKUPAN_IMPORT_MAX_COMPRESSION_RATIO", 200, minimum=1)
CAKUPAN_IMPORT_HEADER_ROWS = envint("CAKUPAN_IMPORT_HEADER_ROWS", 10, minimum=1)
# How much of a regency's boundary may lie outside its province's before the file is refused, in percent.
CAKUPAN_BOUNDARY_OUTSIDE_PERCENT = envint("CAKUPAN_BOUNDARY_OUTSIDE_PERCENT", 30, minimum=0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Computed figures, charts and maps are cached per process under keys that change with the figures, so
# a stale entry is never read; a shared cache (e.g. Redis) only saves recomputing in each worker.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": envint("CAKUPAN_CACHE_ENTRIES", 5000, minimum=100)},
    },
    # Drawn and compiled charts, keyed by what they draw (so never stale), on disk: shared by every process
    # and kept across restarts, so a chart is drawn once per change of its figures. Django's file cache,
    # whose writes count the folder's files only now and then (cakupan/charts/store.py).
    "charts": {
        "BACKEND": "cakupan.charts.store.ChartStore",
        "LOCATION": str(DATA_DIR / "cache" / "charts"),
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": envint("CAKUPAN_CHART_STORE_ENTRIES", 20000, minimum=100)},
    },
}
# Region pages' charts are drawn by the reader's browser (docs/adr/0007-charts-in-the-page.md); false: by
# the server, as SVG in the page (as before; 50–150 ms of CPU a chart, best drawn ahead, below).
CAKUPAN_CHARTS_IN_BROWSER = envbool("CAKUPAN_CHARTS_IN_BROWSER", True)
# Languages whose server-drawn charts (PDF reports, pages without JavaScript) the worker draws after each
# import for the nation, provinces and regencies; empty (the default): drawn when first asked for.
CAKUPAN_CHART_PREDRAW_LANGUAGES = envsubset("CAKUPAN_CHART_PREDRAW_LANGUAGES", "", ("id", "en"))

CAKUPAN_SERVE_WORKER = envbool("CAKUPAN_SERVE_WORKER", True)
CAKUPAN_JOB_POLL_SECONDS = envint("CAKUPAN_JOB_POLL_SECONDS", 1, minimum=1)
CAKUPAN_JOB_STALE_SECONDS = envint("CAKUPAN_JOB_STALE_SECONDS", 120, minimum=10)
CAKUPAN_JOB_MAX_ATTEMPTS = envint("CAKUPAN_JOB_MAX_ATTEMPTS", 3, minimum=1)
# Finished background jobs keep their files (report batch zips) this many days; see jobs/retention.py.
CAKUPAN_JOB_RETENTION_DAYS = envint("CAKUPAN_JOB_RETENTION_DAYS", 30, minimum=1)

# Email over SMTP: address verification and the daily digest of what waits for each user. Off while
# CAKUPAN_EMAIL_HOST is empty: nothing is sent, the digest job says so in the log, the account page says so.
EMAIL_HOST = envstr("CAKUPAN_EMAIL_HOST", "").strip()
_email_security = envchoice("CAKUPAN_EMAIL_SECURITY", "starttls", {"starttls", "ssl", "none"})
EMAIL_USE_TLS = _email_security == "starttls"
EMAIL_USE_SSL = _email_security == "ssl"
_email_port = envstr("CAKUPAN_EMAIL_PORT", "").strip()
EMAIL_PORT = (
    envint("CAKUPAN_EMAIL_PORT", 0, minimum=1)
    if _email_port
    else {"starttls": 587, "ssl": 465, "none": 25}[_email_security]
)
EMAIL_HOST_USER = envstr("CAKUPAN_EMAIL_USER", "").strip()
EMAIL_HOST_PASSWORD = envsecret("CAKUPAN_EMAIL_PASSWORD") or ""
EMAIL_TIMEOUT = envint("CAKUPAN_EMAIL_TIMEOUT_SECONDS", 30, minimum=1)
DEFAULT_FROM_EMAIL = envstr("CAKUPAN_EMAIL_FROM", "Cakupan <cakupan@localhost>").strip()
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# The address users open the site at: links in emails are built on it (no request to read it from).
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CAKUPAN_SITE_URL = envstr("CAKUPAN_SITE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
if not CAKUPAN_SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"CAKUPAN_SITE_URL={CAKUPAN_SITE_URL!r}: expected http://… or https://…")
if ENVIRONMENT == "production" and EMAIL_HOST and urlsplit(CAKUPAN_SITE_URL).hostname in _LOOPBACK:
    raise ImproperlyConfigured(
        "CAKUPAN_SITE_URL must be the address users open the site at when CAKUPAN_EMAIL_HOST is set in "
        "production: links in emails are built on it"
    )
# The local hour (in the time zone of each user's region: WIB, WITA, WIT) the daily digest is sent at.
CAKUPAN_DIGEST_HOUR = envint("CAKUPAN_DIGEST_HOUR", 7, minimum=0)
if CAKUPAN_DIGEST_HOUR > 23:
    raise ImproperlyConfigured(f"CAKUPAN_DIGEST_HOUR={CAKUPAN_DIGEST_HOUR}: expected an hour from 0 to 23")
# Hours a link that verifies an email address stays valid.
CAKUPAN_EMAIL_VERIFY_HOURS = envint("CAKUPAN_EMAIL_VERIFY_HOURS", 48, minimum=1)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = envint("CAKUPAN_SESSION_HOURS", 10, minimum=1) * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_https = envbool("CAKUPAN_HTTPS", ENVIRONMENT == "production")
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https and envbool("CAKUPAN_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = envint("CAKUPAN_HSTS_SECONDS", 31536000 if _https else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("CAKUPAN_HSTS_INCLUDE_SUBDOMAINS", _https)
SECURE_HSTS_PRELOAD = envbool("CAKUPAN_HSTS_PRELOAD", False)
# Browser preload lists bind the whole parent domain (often go.id or bpjsketenagakerjaan.go.id): that is
# the domain owner's decision, not this application's, so the reminder is silenced unless it is chosen.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("CAKUPAN_BEHIND_PROXY", False) else None
)
CSRF_TRUSTED_ORIGINS = envlist("CAKUPAN_CSRF_TRUSTED_ORIGINS", "")

LOGGING = logging_config(
    level=envchoice("CAKUPAN_LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"}),
    # json: one object a line for a log collector; plain: for a terminal. NIK-like numbers are masked in both.
    fmt=envchoice(
        "CAKUPAN_LOG_FORMAT", "json" if ENVIRONMENT == "production" else "plain", {"json", "plain"}
    ),
)

# The production server (gunicorn, cakupan/ops/gunicorn_conf.py); `cakupan serve` uses waitress instead.
CAKUPAN_BIND = envstr("CAKUPAN_BIND", "127.0.0.1:8000")
CAKUPAN_WORKERS = envint("CAKUPAN_WORKERS", (os.cpu_count() or 1) + 1, minimum=1)
CAKUPAN_WORKER_THREADS = envint("CAKUPAN_WORKER_THREADS", 2, minimum=1)
CAKUPAN_REQUEST_TIMEOUT_SECONDS = envint("CAKUPAN_REQUEST_TIMEOUT_SECONDS", 120, minimum=10)
CAKUPAN_WORKER_MAX_REQUESTS = envint("CAKUPAN_WORKER_MAX_REQUESTS", 5000, minimum=0)
CAKUPAN_PROXY_ADDRESSES = envlist("CAKUPAN_PROXY_ADDRESSES", "127.0.0.1,::1")

# Shown on every page and export while the data is the bundled simulation.
CAKUPAN_SITE_NAME = "Cakupan"
