"""Settings for the Sanctuary platform, read from the environment.

Without any environment the platform runs embedded: SQLite, tasks in-process,
a local-memory cache and mail to the console. Production sets DATABASE_URL,
REDIS_URL, SECRET_KEY and the mail settings (see README.md and .env.example).
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file that NAME_FILE points at (Docker secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


DEBUG = env_bool("DEBUG", default=False)
# The embedded mode is what `make run` and the tests use: defaults that need nothing installed.
EMBEDDED = env_bool("SANCTUARY_EMBEDDED", default=False)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or EMBEDDED:
        SECRET_KEY = "embedded-only-secret-key-never-used-in-production-0123456789"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off. "
            "For a local demo use `make run`, which sets DEBUG=1."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or EMBEDDED) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "sanctuary",
    "members",
    "streams",
    "awards",
]

MIDDLEWARE = [
    # First, so that an oversized body is refused before anything reads it.
    "sanctuary.http.RequestSizeLimitMiddleware",
    "sanctuary.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files stay cacheable: private answers are never stored.
    "sanctuary.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.access: what this person may do here, read once (members/access.py).
    "members.middleware.AccessMiddleware",
    "sanctuary.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sanctuary.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Kept public pages for visitors not signed in (sanctuary/page_cache.py): after what it
    # reads (session, language, CSRF, user, messages, htmx), before the network read.
    "sanctuary.page_cache.PageCacheMiddleware",
    "sanctuary.middleware.NetworkScopeMiddleware",
    "members.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "sanctuary.urls"
WSGI_APPLICATION = "sanctuary.wsgi.application"
ASGI_APPLICATION = "sanctuary.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sanctuary.context_processors.platform",
            ],
        },
    },
]

# Django's form renderer, with the common widgets written in Python (same HTML, less time).
FORM_RENDERER = "sanctuary.forms_renderer.FastWidgetRenderer"

# Database: SQLite unless DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'sanctuary.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite locks the whole file for a write; wait for it rather than fail at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL prices a random read at 4 sequential ones by default, a spinning disk's
    # ratio. The platform's data sits in memory or on SSD, where 1.1 is the usual setting:
    # with 4, a network's activity log page was read along the movement's whole log by time
    # (every other network's entries dropped on the way) rather than along its own index.
    # Added to any options the URL gives (the benchmark's `-c search_path=...`), never instead.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c random_page_cost=1.1".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, otherwise memory in this process.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "sanctuary.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "sanctuary"),
        }
    }
    # A signed-in request reads its session from Redis, not with a query of its own; every
    # change is written to the database too. Only with Redis: each process's own memory
    # would keep a session another process had ended.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: a broker URL sends tasks to workers; without one they run in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/London"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The queue tasks go to and workers read; one broker can carry several deployments' (or
# tests') queues apart.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")

# Renewals and reminders (awards/renewals.py). An award lapses this many days after it
# expires unless renewed; a reminder claimed but not sent for this many seconds (its sweep
# crashed) is sent by the next sweep; reviews are overdue, and drafts idle, after these days.
SANCTUARY_AWARD_GRACE_DAYS = env_int("SANCTUARY_AWARD_GRACE_DAYS", 30)
SANCTUARY_REMINDER_RETRY_SECONDS = env_int("SANCTUARY_REMINDER_RETRY_SECONDS", 600)
SANCTUARY_REVIEW_DUE_DAYS = env_int("SANCTUARY_REVIEW_DUE_DAYS", 21)
SANCTUARY_DRAFT_IDLE_DAYS = env_int("SANCTUARY_DRAFT_IDLE_DAYS", 60)
# Mail that cannot block (members/emails.py): a recipient that a server defers (SMTP 4xx) is
# tried this many times, then given up. Tasks have a soft and a hard time limit (seconds),
# these by default and their own where they run longer.
# Retention (members.services.privacy.apply_retention, daily on the beat): signatures never
# confirmed, invitations expired and API tokens revoked are removed after these many days.
# A draft application idle for SANCTUARY_DRAFT_IDLE_DAYS gets a nudge that gives a date
# this many days later; untouched by the end of that day, it goes with its uploaded files
# (awards/services/retention.py).
SANCTUARY_RETENTION_UNCONFIRMED_DAYS = env_int("SANCTUARY_RETENTION_UNCONFIRMED_DAYS", 30)
SANCTUARY_RETENTION_INVITATION_DAYS = env_int("SANCTUARY_RETENTION_INVITATION_DAYS", 30)
SANCTUARY_RETENTION_TOKEN_DAYS = env_int("SANCTUARY_RETENTION_TOKEN_DAYS", 90)
SANCTUARY_RETENTION_DRAFT_DAYS = env_int("SANCTUARY_RETENTION_DRAFT_DAYS", 30)
# Invitations to a role in a network (members/services/invitations.py) stay open this long.
SANCTUARY_INVITATION_DAYS = env_int("SANCTUARY_INVITATION_DAYS", 14)
SANCTUARY_MAIL_MAX_ATTEMPTS = env_int("SANCTUARY_MAIL_MAX_ATTEMPTS", 5)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 180)
# The panellists are reminded first; the network's coordinators hear of a review still
# overdue this many days later (awards/coordinator_notices.py).
SANCTUARY_REVIEW_ESCALATE_DAYS = env_int("SANCTUARY_REVIEW_ESCALATE_DAYS", 7)

# Accounts: people sign in with their e-mail address.
AUTH_USER_MODEL = "members.User"
# Django's and allauth's backends, each finding the signed-in person in the cache while
# nothing was written (members/auth_backends.py).
AUTHENTICATION_BACKENDS = [
    "members.auth_backends.CachedModelBackend",
    "members.auth_backends.CachedAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "members:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "members.forms.people.SignupForm"}
# Sign-up, sign-in and password reset never tell whether an address has an account: the same
# page and an e-mail to the address either way (members.forms.people.SignupForm: the same work
# too).
ACCOUNT_PREVENT_ENUMERATION = True
# Failed sign-ins: 10 a minute from one client address, and 5 in 5 minutes for one e-mail
# address *from one client address* (the key is address and IP: members.adapters), so an
# attacker elsewhere cannot lock the real person out.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
# Two-step sign-in that works on one phone: a passkey first (the phone's own screen lock, no
# second device), an authenticator app whose secret can be pasted or opened by a link, and
# recovery codes to print. A passkey signs in on its own (it is both steps at once).
MFA_SUPPORTED_TYPES = ["webauthn", "totp", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_ADAPTER = "members.adapters.MFAAdapter"
MFA_FORMS = {"add_webauthn": "members.adapters.AddPasskeyForm"}
MFA_TOTP_ISSUER = "City of Sanctuary"
# The password is asked again only before changes that would let someone at an unattended,
# signed-in phone take the account over: adding or removing a sign-in method, showing or
# replacing recovery codes (allauth's "allauth.mfa" checks) and adding or changing e-mail
# addresses, through which a password can be reset ("allauth.account"). Changing the password
# asks for the current one anyway. Fifteen minutes, not five: installing an authenticator app
# on a slow phone takes a while, and the code would otherwise be refused after it.
MFA_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 15 * 60
# Staff, coordinators and panellists must set up MFA before reaching their areas.
# Only the embedded demo may switch this off, so a newcomer can click through.
SANCTUARY_REQUIRE_MFA = env_bool("SANCTUARY_REQUIRE_MFA", default=True)
# Whole public pages kept for visitors who are not signed in, and a signed-in person's own
# pages kept for them until anything is written (sanctuary/page_cache.py). The first switch
# turns both off.
SANCTUARY_PAGE_CACHE = env_bool("SANCTUARY_PAGE_CACHE", default=True)
SANCTUARY_PERSONAL_PAGE_CACHE = env_bool("SANCTUARY_PERSONAL_PAGE_CACHE", default=True)
if not SANCTUARY_REQUIRE_MFA and not (DEBUG or EMBEDDED):
    raise ImproperlyConfigured(
        "SANCTUARY_REQUIRE_MFA may be switched off only in the embedded demo."
    )

# Languages: English and Welsh first, then the languages many people seeking sanctuary read.
LANG_INFO.setdefault("ti", {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"})
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("cy", _("Welsh")),
    ("ar", _("Arabic")),
    ("fa", _("Persian (Farsi)")),
    ("ckb", _("Kurdish (Sorani)")),
    ("uk", _("Ukrainian")),
    ("ti", _("Tigrinya")),
]
LANGUAGES_BIDI = ["ar", "fa", "ckb", "he", "ur"]
# The platform's strings first, then the accounts library's and Django's own strings that
# those libraries do not ship in every language (Django has no Tigrinya at all).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_allauth", BASE_DIR / "locale_django"]
# Formats Django lacks (Tigrinya) or has in US style (English): day-first dates.
FORMAT_MODULE_PATH = ["sanctuary.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/London"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Private files (award evidence) live outside MEDIA_ROOT, so no URL serves them directly:
# only views that check who may see them do, as attachments.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not (DEBUG or EMBEDDED)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Embedded runs serve static files straight from the source folders; production collects them.
WHITENOISE_USE_FINDERS = DEBUG or EMBEDDED
WHITENOISE_AUTOREFRESH = DEBUG or EMBEDDED
# Evidence uploads: the largest file accepted, and the malware scanner every upload passes
# (a dotted path to a callable; see sanctuary/uploads.py). The embedded default scans nothing.
SANCTUARY_UPLOAD_MAX_BYTES = env_int("SANCTUARY_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Request bodies (sanctuary/http.py refuses larger ones from Content-Length, before reading):
# the pages that take a file allow one file and the form around it, every other path
# SANCTUARY_REQUEST_MAX_BYTES. The proxy in compose refuses anything larger than the largest.
SANCTUARY_REQUEST_MAX_BYTES = env_int("SANCTUARY_REQUEST_MAX_BYTES", 1024 * 1024)
_UPLOAD_REQUEST_BYTES = SANCTUARY_UPLOAD_MAX_BYTES + 256 * 1024
SANCTUARY_REQUEST_LIMITS = [
    (r"^/awards/applications/\d+/criteria/\d+/$", _UPLOAD_REQUEST_BYTES),
    (r"^/api/v1/me/applications/\d+/criteria/\d+/files/$", _UPLOAD_REQUEST_BYTES),
    (r"^/groups/apply/$", _UPLOAD_REQUEST_BYTES),
    (r"^/staff/import/$", _UPLOAD_REQUEST_BYTES),
]
# Django's own limits, for bodies that arrive without a Content-Length: form fields other than
# files, the number of files, and the size above which an upload goes to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = SANCTUARY_REQUEST_MAX_BYTES
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
SANCTUARY_UPLOAD_SCANNER = env_str("SANCTUARY_UPLOAD_SCANNER", "sanctuary.uploads.scan_nothing")
# Where clamd listens, for sanctuary.scanning.ClamAVScanner (docker-compose.yml runs it and
# switches the scanner on): tcp://host:3310 or unix:///path/to/clamd.sock; seconds to wait.
SANCTUARY_CLAMAV_URL = env_str("SANCTUARY_CLAMAV_URL", "tcp://127.0.0.1:3310")
SANCTUARY_CLAMAV_TIMEOUT = env_int("SANCTUARY_CLAMAV_TIMEOUT", 30)
# Office files are zip archives: at most this many parts, this many bytes once expanded, and
# no part of over 1 MiB squeezed more than this many times (documents squeeze 5 to 20 times).
SANCTUARY_ARCHIVE_MAX_ENTRIES = env_int("SANCTUARY_ARCHIVE_MAX_ENTRIES", 2000)
SANCTUARY_ARCHIVE_MAX_BYTES = env_int("SANCTUARY_ARCHIVE_MAX_BYTES", 100 * 1024 * 1024)
SANCTUARY_ARCHIVE_MAX_RATIO = env_int("SANCTUARY_ARCHIVE_MAX_RATIO", 100)

# Mail: the console unless an SMTP host is given (Django 6.1 mailers), or a provider's API
# through django-anymail (SANCTUARY_MAIL_PROVIDER: "postmark", "mailgun", "brevo", "sendgrid",
# "amazon_ses", ...; its key in SANCTUARY_MAIL_API_KEY or SANCTUARY_MAIL_API_KEY_FILE). With a
# provider, its bounce and complaint webhook is at /mail/provider/<provider>/tracking/, behind
# the basic-auth secret SANCTUARY_MAIL_WEBHOOK_SECRET ("user:password"), and marks addresses
# undeliverable (members/mail_tracking.py).
SANCTUARY_MAIL_PROVIDER = env_str("SANCTUARY_MAIL_PROVIDER")
EMAIL_HOST = env_str("EMAIL_HOST")
if SANCTUARY_MAIL_PROVIDER:
    # Most providers call their key "api_key"; these few another name.
    _key_option = {"postmark": "server_token", "sparkpost": "api_key"}.get(
        SANCTUARY_MAIL_PROVIDER, "api_key"
    )
    _key = env_secret("SANCTUARY_MAIL_API_KEY")
    MAILERS = {
        "default": {
            "BACKEND": f"anymail.backends.{SANCTUARY_MAIL_PROVIDER}.EmailBackend",
            "OPTIONS": {_key_option: _key} if _key else {},
        }
    }
    ANYMAIL = {"WEBHOOK_SECRET": env_secret("SANCTUARY_MAIL_WEBHOOK_SECRET")}
    del _key, _key_option
elif EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_secret("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": env_int("EMAIL_TIMEOUT", 20),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "City of Sanctuary <hello@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Production runs behind a TLS-terminating proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not (DEBUG or EMBEDDED))
# Health checks inside the container speak plain HTTP to the web; they carry nothing private.
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ready/$"]
SESSION_COOKIE_SECURE = not (DEBUG or EMBEDDED)
CSRF_COOKIE_SECURE = not (DEBUG or EMBEDDED)
SESSION_COOKIE_HTTPONLY = True
# Sessions: signed out after an hour without a request, and twelve hours after signing in
# whatever happens (sanctuary/middleware.py). The cookie lasts no longer either (a browser
# session when people do not ask to be remembered).
SANCTUARY_SESSION_IDLE_SECONDS = env_int("SANCTUARY_SESSION_IDLE_SECONDS", 60 * 60)
SANCTUARY_SESSION_MAX_SECONDS = env_int("SANCTUARY_SESSION_MAX_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = SANCTUARY_SESSION_MAX_SECONDS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if (DEBUG or EMBEDDED) else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not (DEBUG or EMBEDDED))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A strict policy: no inline script or style anywhere, everything from our own origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# The proxies in front of the app that append the visitor's address to X-Forwarded-For (1
# behind the proxy in docker-compose.yml). The sign-in limits, the API throttles and the logs
# all read the visitor's address through this one number (sanctuary/http.py); left at 0
# behind a proxy, every visitor shares the proxy's address and one attacker's failed
# sign-ins block everyone. Never set it higher than the real number of proxies: the visitor
# could then choose their own address.
SANCTUARY_TRUSTED_PROXIES = env_int("SANCTUARY_TRUSTED_PROXIES", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = SANCTUARY_TRUSTED_PROXIES

# The API (sanctuary/api.py; tokens and sign-in in members/api_auth.py): personal tokens
# first, so a request without credentials answers 401; sessions for the pages' own use, with
# CSRF. Rate limits count in the cache (Redis in production), per visitor's address as
# SANCTUARY_TRUSTED_PROXIES finds it.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "members.api_auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["members.api_auth.SignedIn"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "sanctuary.api.Pagination",
    "EXCEPTION_HANDLER": "sanctuary.api.api_exception_handler",
    # OPTIONS answers 405 like any method an endpoint does not have: the schema describes it.
    "DEFAULT_METADATA_CLASS": None,
    "DEFAULT_THROTTLE_CLASSES": [
        "sanctuary.api.AnonThrottle",
        "sanctuary.api.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("SANCTUARY_API_ANON_RATE", "60/minute"),
        "user": env_str("SANCTUARY_API_USER_RATE", "600/minute"),
    },
    "NUM_PROXIES": SANCTUARY_TRUSTED_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "City of Sanctuary platform API",
    "DESCRIPTION": (
        "The public directory and award verification, and the same operations as the "
        "platform's pages, with the same rules. Create a personal token on your dashboard "
        "and send it as `Authorization: Bearer <token>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choices that share a field name get names of their own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "NetworkKindEnum": "sanctuary.enums.NetworkKind",
        "OrganisationKindEnum": "members.enums.OrganisationKind",
        "ApplicationKindEnum": "awards.enums.ApplicationKind",
        "AwardStatusEnum": "awards.enums.AwardState",
        "CurrentAwardStatusEnum": "awards.serializers.CURRENT_STATE_CHOICES",
        "ConflictEnum": "awards.enums.ConflictDeclaration",
        "DeclaredConflictEnum": "awards.serializers.CONFLICT_CHOICES",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge from validator.swagger.io: the documentation loads nothing from elsewhere.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
    "REDOC_DIST": "SIDECAR",
}

# Logs: JSON lines in production (one object a line, with the request id and the visitor's
# address), readable text in the embedded demo. LOG_FORMAT=json or text chooses.
from sanctuary.observability import init_sentry, logging_config  # noqa: E402

LOG_FORMAT = env_str("LOG_FORMAT", "text" if (DEBUG or EMBEDDED) else "json")
LOGGING = logging_config(json_lines=LOG_FORMAT == "json", level=env_str("LOG_LEVEL", "INFO"))

# Error reports go to Sentry when a DSN is given, without personal data (see observability.py).
SENTRY_DSN = env_secret("SENTRY_DSN")
if SENTRY_DSN:
    init_sentry(
        SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0") or 0),
    )

# Machine translation of applicants' text for panels (sanctuary/machine_translation.py): "none"
# sends nothing anywhere; "libretranslate" uses the self-hosted service at the URL below
# (docker-compose.yml, profile "translate").
SANCTUARY_TRANSLATION_PROVIDER = env_str("SANCTUARY_TRANSLATION_PROVIDER", "none")
SANCTUARY_LIBRETRANSLATE_URL = env_str("SANCTUARY_LIBRETRANSLATE_URL", "")
SANCTUARY_LIBRETRANSLATE_API_KEY = env_secret("SANCTUARY_LIBRETRANSLATE_API_KEY", "")
