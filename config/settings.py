"""Settings for Jingxin. Everything that differs between machines comes from the environment.

DATABASE_URL (default: embedded SQLite in var/), REDIS_URL (Huey on Redis when set, else on
SQLite), SECRET_KEY, DEBUG, ALLOWED_HOSTS, HTTPS (secure cookies, HSTS and SSL redirect;
on by default, `make run` turns it off to serve plain http on 127.0.0.1).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("JINGXIN_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """SECRET_KEY from the environment; on a developer machine a random key kept in var/."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
HTTPS = env_bool("HTTPS", True)
TESTING = False  # set by tests/conftest.py

# Jingxin apps, one per domain (docs/architecture.md); `accounts.roles.PROJECT_APPS` is this list without core and home
JINGXIN_APPS = [
    "core",
    "regions",
    "accounts",
    "enterprises",
    "jobs",
    "audit",
    "targets",
    "reporting",
    "monitoring",
    "assessment",
    "projects",
    "mujun",
    "bulletins",
    "home",
    "workdays",
    "notifications",
    "appeals",
    "policies",
    "chains",
    "investment",
    "tiers",
    "smart",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "treebeard",
    "simple_history",
    "axes",
    "csp",
    "huey.contrib.djhuey",
    *JINGXIN_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionRefreshMiddleware",
    "core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "core.context_processors.navigation",
            ],
        },
    },
]

# --- Database: embedded SQLite by default (WAL, busy timeout), PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jingxin.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # Django 5.1+ applies these PRAGMAs on every new connection.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "timeout": 20,  # busy timeout, seconds
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication and security
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "core.hashers.BoundedArgon2PasswordHasher",  # Argon2id (OWASP's parameters), one hash at a time per process
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock-out after repeated failures (django-axes): 5 failures per user+IP lock for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind the bureau's reverse proxy every request comes from the proxy's address: TRUSTED_PROXY_COUNT
# (the number of proxies in front of gunicorn, 0 = none) says how many X-Forwarded-For entries, counted
# from the right, were written by proxies we trust; the client is the right-most entry not theirs
# (core/client_address.py). The lock-out keys on user name AND that address, so nobody can lock a user out
# from another address, and the entries a client writes itself (the left ones) change nothing.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"

# Sessions expire after 2 hours without activity (give or take the minute between two saves of a session,
# core.middleware.SessionRefreshMiddleware, instead of a database write on every request) and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(2 * 60 * 60)))
SESSION_REFRESH_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Content-Security-Policy (django-csp 4): everything from our own origin, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # ECharts and Tabler set style attributes
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Internationalisation: Simplified Chinese first, English by Django's i18n.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# --- REST API: session (for the pages) and token (for scripts); OpenAPI by drf-spectacular.
REST_FRAMEWORK = {
    # Token first: an anonymous call then gets 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.ModelPermissions"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.Pagination",
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",  # services' refusals → 400/403/409
    "PAGE_SIZE": 50,
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,  # throttling, if any, keys on the same client address as the lock-out
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "经信 API",
    "DESCRIPTION": "经信：市经信局工业投资与技术改造业务的接口（企业库、目标任务、月报、监测、考核、重点项目、亩均评价、通报）。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs are for signed-in users and token holders, like the rest of the API.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI served from the vendored sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One schema name per choice set: several models have a `status`, and the 亩均 class appears as
    # klass, after and final_class.
    "ENUM_NAME_OVERRIDES": {
        "ReportStatusEnum": "reporting.choices.ReportStatus",
        "JobStatusEnum": "jobs.choices.JobStatus",
        "TargetStatusEnum": "targets.choices.TargetStatus",
        "DutyProgressStatusEnum": "assessment.choices.ProgressStatus",
        "ProjectUpdateStatusEnum": "projects.choices.UpdateStatus",
        "ProblemStatusEnum": "projects.choices.ProblemStatus",
        "RuleSetStatusEnum": "mujun.choices.RuleSetStatus",
        "EvaluationRunStatusEnum": "mujun.choices.RunStatus",
        "ObjectionStatusEnum": "mujun.choices.ObjectionStatus",
        "RectificationStatusEnum": "mujun.choices.RectificationStatus",
        "EvaluationClassEnum": "mujun.choices.Klass",
        "BulletinVersionStatusEnum": "bulletins.choices.VersionStatus",
        "ChainRiskStatusEnum": "chains.choices.RiskStatus",
        "LeadStageEnum": "investment.choices.LeadStage",
        "AppealLevelEnum": "appeals.choices.Level",
        "ChainRiskKindEnum": "chains.choices.RiskKind",
        "ChainRiskLevelEnum": "chains.choices.RiskLevel",
        "PlatformKindEnum": "investment.choices.PlatformKind",
        "LeadVisitKindEnum": "investment.choices.VisitKind",
        "PolicyCriterionKindEnum": "policies.choices.CriterionKind",
        "ServiceCompanyLevelEnum": "smart.choices.CompanyLevel",
        "SmartKindEnum": "smart.choices.Kind",
        "MaturityLevelEnum": "smart.choices.Maturity",
        "DemonstrationStageEnum": "smart.choices.DemoStage",
        "SubsidyAwardKindEnum": "smart.choices.AwardKind",
        "TierLevelEnum": "tiers.choices.Level",
        "ProjectStageEnum": "projects.choices.Stage",
    },
}

DJANGO_TABLES2_TEMPLATE = "tables/table.html"  # the library's Bootstrap 5 table, body rows drawn in Python
# Every list table's <table> attributes, stated once; a table whose Meta gives `attrs` (the unstriped ones) keeps its own.
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-vcenter card-table table-striped"}
FORM_RENDERER = "core.renderers.Renderer"  # Django's renderer, selects drawn in Python (core/renderers.py)

# --- Monthly reporting (domain.md §4): defaults the city can override per month (reporting.ReportingDeadline).
REPORTING_DEADLINE_DAY = int(os.environ.get("REPORTING_DEADLINE_DAY", "5"))  # day of the next month
REPORTING_REMINDER_DAYS = int(os.environ.get("REPORTING_REMINDER_DAYS", "2"))  # reminders start this many days before

# --- Background jobs (Huey): Redis when REDIS_URL is set, else a SQLite file in var/.
REDIS_URL = os.environ.get("REDIS_URL", "")
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",
        "name": os.environ.get("HUEY_NAME", "jingxin"),
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": int(os.environ.get("HUEY_WORKERS", "2")), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "jingxin",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": int(os.environ.get("HUEY_WORKERS", "2")), "worker_type": "thread"},
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every step of every PDF at INFO ("Step 5 - Creating layout - Page 3").
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

# The operation log and list pages show this many rows per page.
PAGE_SIZE = 50
NAV_TITLE = _("经信")

# Notifications by e-mail only when an SMTP server is configured (notifications.services.notify).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "jingxin@localhost")
# --- Uploads (core/uploads.py): one size limit for every import and attachment, and how long job input files
# are kept (jobs: purged daily, and at once when an import has been applied).
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_MB", "20")) * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "core.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# The demo's day (core/clock.py): load_demo writes it here and the server it starts reads it; absent in production.
DEMO_TODAY_FILE: Path | None = VAR_DIR / "demo-today"
JOB_INPUT_RETENTION_DAYS = int(os.environ.get("JOB_INPUT_RETENTION_DAYS", "7"))
PASSWORD_HASH_CONCURRENCY = int(os.environ.get("PASSWORD_HASH_CONCURRENCY", "1"))
