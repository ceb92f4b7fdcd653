"""Django settings, read from CONFIDE_* environment variables only.

Safe by default: debug off, secure cookies, strict CSP, short idle sessions. Unsafe
combinations are refused by the system checks in confide.checks.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from confide.clientaddress import parse_proxies
from confide.paths import data_dir, secret_from_env_or_file


def _flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parent
# Production settings never switch to test behaviour, whatever the environment says: the test
# suite uses its own settings module (tests/settings.py), which is not part of the package.
TESTING = False
DATA_DIR = data_dir()

DEBUG = _flag("CONFIDE_DEBUG")
SECRET_KEY = secret_from_env_or_file("CONFIDE_SECRET_KEY", "secret_key")
# The data-encryption key ring: comma-separated base64 keys, newest first (see confide.crypto).
# A new ring also holds the blind index's own entry (`index:<base64>`).
DATA_KEYS = secret_from_env_or_file("CONFIDE_DATA_KEYS", "data_keys", make="ring")

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("CONFIDE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CONFIDE_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
# Behind a TLS-terminating proxy, set CONFIDE_HTTPS=1: cookies become Secure and HSTS is sent.
HTTPS = _flag("CONFIDE_HTTPS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    # Only for its static files: /api/v1/docs serves Swagger UI from here, not from a CDN the
    # CSP would block.
    "ninja",
    "confide.accounts",
    "confide.audit",
    "confide.practice",
    "confide.agreements",
    "confide.records",
    "confide.disclosures",
    "confide.incidents",
    "confide.consultation",
    "confide.portal",
    "confide.notices",
    "confide.training",
    "confide.api",
    "confide.operations",
    "confide.followup",
]

MIDDLEWARE = [
    "confide.uploads.RequestSizeLimitMiddleware",  # before anything reads the body
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions (it may read the session), before CommonMiddleware (which may redirect):
    # the request's language comes from the language cookie, then Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every time on every page in the practice's zone (Practice.time_zone).
    "confide.practice.middleware.TimeZoneMiddleware",
    # A signed-in client reads the portal in the language on their record unless they chose
    # another with the switch (needs request.user, so after authentication).
    "confide.portal.middleware.ClientLanguageMiddleware",
    "confide.accounts.middleware.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "confide.accounts.middleware.SessionRenewalMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the header middleware, so even the redirects and 401s it answers with carry
    # frame-options and CSP.
    "confide.accounts.middleware.LoginRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so it sees every Http404 a view raises: each refusal writes `access_denied`.
    "confide.practice.middleware.RefusalAuditMiddleware",
    # Innermost: sees a decryption failure leave the view, logs and audits it (then 500).
    "confide.keyfailure.KeyFailureMiddleware",
]

ROOT_URLCONF = "confide.urls"
WSGI_APPLICATION = "confide.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]


def _database() -> dict[str, object]:
    url = os.environ.get("CONFIDE_DATABASE_URL")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("CONFIDE_SQLITE_PATH", str(DATA_DIR / "confide.sqlite3")),
        # A worker keeps its connection (and SQLite's page cache) between requests, as on
        # PostgreSQL: opening one per request cost 5-9 ms of CPU on the dashboard. Restore
        # writes through SQLite's backup API into the same file, so kept connections see it.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        # WAL lets readers and one writer work at once; the busy timeout waits out a lock
        # instead of failing; IMMEDIATE takes the write lock at BEGIN so two writers never
        # deadlock on an upgrade.
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # An email address in the user-name box, found through its blind index (accounts.identity).
    "confide.accounts.backends.EmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "practice:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
# The only paths reachable without signing in (see confide.accounts.middleware).
PUBLIC_PATH_PREFIXES = [
    "/accounts/login/",
    "/static/",
    "/portal/invite/",
    "/portal/reset/",
    "/disclosures/public/",
    "/notices/public/",
    "/healthz",
    "/i18n/",  # the language switch, also on the public invitation and reset pages
]
OTP_TOTP_ISSUER = os.environ.get("CONFIDE_OTP_ISSUER", "confide")

# Sessions end after 30 minutes idle: activity renews the expiry, at most once a minute
# (confide.accounts.middleware.SessionRenewalMiddleware), so pages do not each write.
SESSION_COOKIE_AGE = int(os.environ.get("CONFIDE_SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Off by default: only REMOTE_ADDR counts. Behind a proxy, name it (e.g. 127.0.0.1) so the audit
# trail and the lockout see the real caller from X-Forwarded-For (see confide.clientaddress).
TRUSTED_PROXIES = parse_proxies(os.environ.get("CONFIDE_TRUSTED_PROXIES", ""))
AXES_CLIENT_IP_CALLABLE = "confide.clientaddress.client_ip"
# What axes stores of the name typed: an email address only as its keyed digest.
AXES_USERNAME_CALLABLE = "confide.accounts.identity.lockout_username"

# Lockout after repeated failures: per user name and address, released after an hour or by
# an administrator (`confide axes_reset`).
AXES_FAILURE_LIMIT = int(os.environ.get("CONFIDE_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("CONFIDE_TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
# The languages clients can read confide in. English is the source text; the Spanish catalog
# (confide/locale/es) ships compiled inside the package, so no gettext tools are needed to run.
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
USE_TZ = True

STATIC_URL = "/static/"
# The project-wide stylesheet and print styles live outside any app.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns at every start when it is missing
STORAGES = {
    "default": {"BACKEND": "confide.storage.EncryptedStorage"},  # uploads sealed at rest
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
# The counting handler runs first, so it sees every chunk before the others store it.
FILE_UPLOAD_HANDLERS = [
    "confide.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Shared by every gunicorn worker (a local-memory cache would give each worker its own count,
# multiplying the public form's rate limit by the number of workers). Only counters live here.
# On PostgreSQL several app servers (each with its own data folder) share one database, so the
# counters live there: a file cache per server would give each server its own count. The table
# is made by migration confide.operations 0002 (and by `confide serve`).
CACHE_TABLE = "confide_cache"
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
        if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    )
}

EMAIL_BACKEND = os.environ.get(
    "CONFIDE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("CONFIDE_FROM_EMAIL", "confide@localhost")
# The address staff reach confide at (https://confide.example.org), for the links in emails
# sent without a request: `confide remind` from its daily timer.
SITE_URL = os.environ.get("CONFIDE_SITE_URL", "").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CONFIDE_LOG_LEVEL", "WARNING")},
}
