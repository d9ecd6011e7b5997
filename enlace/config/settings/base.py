"""Settings shared by every environment.

Secure by default: the production module only adds what needs the environment
(secret key, hosts); development and test relax what they must, and say why.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]  # the enlace package
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("ENLACE_VAR_DIR", PROJECT_DIR / "var"))

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.forms",  # the form widgets' own templates, under FORM_RENDERER below
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_htmx",
    "ninja",
    "django_q",
    # Enlace, one app per domain area (docs/architecture.md is the map).
    "enlace.core",
    "enlace.audit",
    "enlace.geo",
    "enlace.accounts",
    "enlace.persons",
    "enlace.cases",
    "enlace.screening",
    "enlace.referrals",
    "enlace.links",
    "enlace.capacity",
    "enlace.prosecution",
    "enlace.cooperation",
    "enlace.monitoring",
    "enlace.techniques",
    "enlace.reports",
    "enlace.demo",
    "enlace.web",
    "enlace.api",
    "enlace.ops",
    "enlace.backup",
]

MIDDLEWARE = [
    "enlace.ops.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "enlace.core.memo.RequestMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "enlace.core.middleware.BadInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "enlace.accounts.middleware.SessionIdleTimeoutMiddleware",
    "enlace.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "enlace.web.middleware.NoStoreForSignedInMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost: sees request.user (the API's token too) and writes the request's read entry.
    "enlace.audit.reads.ReadAuditMiddleware",
]

ROOT_URLCONF = "enlace.config.urls"
WSGI_APPLICATION = "enlace.config.wsgi.application"

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
                "enlace.web.context.enlace",
            ],
        },
    }
]

# Widgets render through the project's templates, so that enlace/templates/django/forms/ can
# replace a built-in widget template: the select list writes its options in one loop instead of
# two template includes per option (a list page's filters have about 80 options: 6 ms a page).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"


def database_from_env(default_sqlite: Path) -> dict[str, Any]:
    """One place that turns DATABASE_URL (or the embedded default) into Django config.

    SQLite runs in WAL mode with IMMEDIATE transactions so that concurrent writers
    queue instead of failing mid-transaction (the audit chain needs serialised appends).
    """
    url = os.environ.get("DATABASE_URL")
    if url:
        cfg = dj_database_url.parse(url, conn_max_age=60)
        if cfg["ENGINE"].endswith("postgresql"):
            # No JIT compilation: it pays off for long analytical queries, but a case list's count
            # crosses its cost threshold and spent 150-180 ms compiling to save a few (a URL's
            # own ``?options=`` wins; docs/benchmarks.md).
            cfg.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
        if cfg["ENGINE"].endswith("sqlite3"):  # a SQLite file named by URL runs like the embedded one
            cfg["CONN_MAX_AGE"] = 0
            cfg["OPTIONS"] = {**SQLITE_OPTIONS, **cfg.get("OPTIONS", {})}
        return dict(cfg)
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite), "OPTIONS": dict(SQLITE_OPTIONS)}


SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}


DATABASES = {"default": database_from_env(VAR_DIR / "enlace.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"

# Login throttling (django-axes): lock the account+address pair after repeated failures, and an
# address after many failures across usernames (password spraying): enlace/accounts/throttle.py.
AXES_ACCOUNT_FAILURE_LIMIT = 5
AXES_IP_FAILURE_LIMIT = 30
AXES_FAILURE_LIMIT = "enlace.accounts.throttle.failure_limit"
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = "enlace.accounts.throttle.lockout_parameters"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "enlace.accounts.views_auth.lockout_response"

# Sessions expire: absolute lifetime and an idle timeout (enforced by middleware).
SESSION_COOKIE_AGE = 8 * 3600
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Second factor: roles that can see victims must have a confirmed TOTP device.
ENLACE_ENFORCE_TOTP = True
# Personal API tokens expire: default lifetime and the longest a user may choose (days).
ENLACE_API_TOKEN_DAYS = int(os.environ.get("ENLACE_API_TOKEN_DAYS", "90"))
ENLACE_API_TOKEN_MAX_DAYS = int(os.environ.get("ENLACE_API_TOKEN_MAX_DAYS", "365"))
# Break-glass access (``enlace breakglass``): the longest an emergency grant lasts (hours).
ENLACE_BREAK_GLASS_MAX_HOURS = int(os.environ.get("ENLACE_BREAK_GLASS_MAX_HOURS", "12"))
OTP_TOTP_ISSUER = "Enlace"

LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English")), ("pt-br", _("Portuguese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The workspace's time zone: dates on pages and the wall-clock times of scheduled jobs.
TIME_ZONE = os.environ.get("ENLACE_TIME_ZONE", "America/La_Paz")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# `enlace web` collects static files here at every start (production never serves without them).
STATIC_ROOT = Path(os.environ.get("ENLACE_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
CSRF_FAILURE_VIEW = "enlace.web.errors.csrf_failure"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "enlace.core.staticfiles.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Content Security Policy: no inline scripts, nothing from outside the server.
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
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Field encryption: keys come from ENLACE_FIELD_KEYS (env) or a key file.
ENLACE_KEY_FILE = VAR_DIR / "keys.json"
# Backups are sealed under their own key, never a field key and never inside a backup
# (ENLACE_BACKUP_KEY, base64, wins over this file; docs/operations.md).
ENLACE_BACKUP_KEY_FILE = Path(__import__("os").environ.get("ENLACE_BACKUP_KEY_FILE", VAR_DIR / "backup.key"))
# Scheduled backups: when ENLACE_BACKUP_DIR is set, the job worker writes a timestamped backup
# there every day at ENLACE_BACKUP_AT (workspace time) and keeps the newest ENLACE_BACKUP_KEEP.
ENLACE_BACKUP_DIR = __import__("os").environ.get("ENLACE_BACKUP_DIR", "")
ENLACE_BACKUP_AT = __import__("os").environ.get("ENLACE_BACKUP_AT", "02:00")
ENLACE_BACKUP_KEEP = int(__import__("os").environ.get("ENLACE_BACKUP_KEEP", 14))
# Encrypted file store (enlace.core.storage): evidence and attachments, sealed with the same keyring.
# Backups include this directory.
ENLACE_FILE_STORE = Path(__import__("os").environ.get("ENLACE_FILE_STORE", VAR_DIR / "files"))
# Evidence uploads stream to the encrypted store with their own limit, apart from the limits on
# ordinary form and API bodies (docs/prosecution.md).
ENLACE_EVIDENCE_UPLOAD_MAX_BYTES = int(__import__("os").environ.get("ENLACE_EVIDENCE_UPLOAD_MAX_BYTES", 500 * 1024 * 1024))
ENLACE_CREATE_KEY_FILE = False  # only development creates one on first use
# Encrypted values written before they were bound to their row (column-bound, "enc1") are read
# while this is on; turn it off (ENLACE_READ_UNBOUND_CIPHERTEXTS=0) once `enlace keys status`
# shows none left, so that an old value cannot be planted in another row (docs/security.md).
ENLACE_READ_UNBOUND_CIPHERTEXTS = os.environ.get("ENLACE_READ_UNBOUND_CIPHERTEXTS", "1") == "1"
# Audit key (HMAC of the audit chain): ENLACE_AUDIT_KEY (env, JSON) or this file, never the database.
ENLACE_AUDIT_KEY_FILE = Path(__import__("os").environ.get("ENLACE_AUDIT_KEY_FILE", VAR_DIR / "audit-key.json"))
# Anchor of the audit chain's head: append-only, outside the database. Put it on another disk or a
# mount the database owner cannot write (docs/security.md).
ENLACE_AUDIT_ANCHOR = Path(__import__("os").environ.get("ENLACE_AUDIT_ANCHOR", VAR_DIR / "audit-anchor.jsonl"))
# A missing anchor is tampering unless this is on (development and tests start one on first use).
ENLACE_AUDIT_ANCHOR_AUTO_INIT = False
ENLACE_DEFAULT_COUNTRY = "BO"

# Capacity: a unit or team with fewer members trained in a competency than this share shows a gap;
# certificates expiring within this many days are listed for refresh (docs/capacity.md).
ENLACE_CAPACITY_COVERAGE_THRESHOLD = "0.5"
ENLACE_CAPACITY_EXPIRY_DAYS = 90
# Who issues the Open Badges exported from training records; with a key file (PEM, Ed25519 private
# key) the certificates are downloaded signed as VC-JWT, without one as unsigned JSON-LD.
ENLACE_BADGE_ISSUER = {"id": "urn:enlace:issuer", "name": "Enlace"}
ENLACE_BADGE_ISSUER_KEY_FILE = __import__("os").environ.get("ENLACE_BADGE_ISSUER_KEY_FILE", "")

# Statistics (docs/statistics.md): published cells below this count show as "<5"; the privacy-loss
# budget (epsilon) of the victim data that all differentially private releases together may spend.
ENLACE_MONITORING_MIN_CELL = 5
ENLACE_DP_BUDGET_EPSILON = "4"

# Logs never carry identifying data: request paths use opaque ids only, and the
# error reporter is replaced by one that prints no local variables or POST data.
DEFAULT_EXCEPTION_REPORTER_FILTER = "enlace.core.logging.RedactingExceptionReporterFilter"
# Each line carries the request id (X-Request-ID) of the request that wrote it, so an error line
# can be matched to its access-log line without either holding anything identifying.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {"()": "enlace.core.logging.RedactFilter"},
        "request_id": {"()": "enlace.core.logging.RequestIdFilter"},
    },
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s rid=%(request_id)s %(message)s"},
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}",
                          "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id", "redact"], "formatter": "line"},
        # The development server's access log (``enlace serve``): query strings (searches) redacted.
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["redact"],
                          "level": "INFO"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("ENLACE_LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django-q": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "enlace": {"handlers": ["console"], "level": os.environ.get("ENLACE_LOG_LEVEL", "INFO"),
                   "propagate": False},
    },
}

# Background jobs: django-q2 with its ORM broker (the queue is a table in the same database, so
# the embedded SQLite install needs no other server). docs/decisions.md says why.
ENLACE_JOB_TIMEOUT = int(os.environ.get("ENLACE_JOB_TIMEOUT", "3600"))
Q_CLUSTER = {
    "name": "enlace",
    "orm": "default",
    "workers": int(os.environ.get("ENLACE_WORKER_PROCESSES", "2")),
    "timeout": ENLACE_JOB_TIMEOUT,
    "retry": ENLACE_JOB_TIMEOUT + 300,  # a failed job is delivered again after this many seconds
    "max_attempts": 3,  # then it stays in the failed list for administrators
    "save_limit": 500,
    "catch_up": False,  # a worker that was stopped runs a missed daily job once, not once per missed day
    "time_zone": TIME_ZONE,
    "poll": 0.5,
    "label": "Jobs",
}

NINJA_PAGINATION_PER_PAGE = 50
ENLACE_DEMO_MODE = False
