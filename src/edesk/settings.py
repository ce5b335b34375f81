"""edesk settings: one module, configured by environment variables (see docs/configuration.md)."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edesk.core.env import ConfigError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("EDESK_DATA_DIR", str(BASE_DIR.parent.parent / "var")))

DEFAULT_SECRET_KEY = "edesk-insecure-development-key-change-me"  # noqa: S105 - refused in production
SECRET_KEY = env_str("EDESK_SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("EDESK_DEBUG", False)
PRODUCTION = env_bool("EDESK_PRODUCTION", False)
if PRODUCTION and DEBUG:
    raise ConfigError("EDESK_DEBUG must be off when EDESK_PRODUCTION is on")
if PRODUCTION and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ConfigError("EDESK_SECRET_KEY must be set to a private value in production")

ALLOWED_HOSTS = env_list("EDESK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("EDESK_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "edesk.core",
    "edesk.orgs",
    "edesk.accounts",
    "edesk.audit",
    "edesk.documents",
    "edesk.search",
    "edesk.signing",
    "edesk.inbound",
    "edesk.outbound",
    "edesk.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, except that pages ignore Accept-Language (see the class).
    "edesk.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "edesk.core.middleware.UserErrorMiddleware",
]

ROOT_URLCONF = "edesk.urls"
WSGI_APPLICATION = "edesk.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # LANGUAGE_CODE and LANGUAGES (with the names as written here) for the language switcher.
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "edesk.core.context.site",
                "edesk.accounts.context_processors.nav",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'edesk.sqlite3'}"),
        conn_max_age=env_int("EDESK_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one clerk writes; IMMEDIATE takes the write lock at BEGIN so
    # two concurrent registrations queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["edesk.accounts.backends.LockoutBackend"]
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
LOGIN_REDIRECT_URL = "inbound:desk"
LOGOUT_REDIRECT_URL = "accounts:login"
EDESK_LOGIN_MAX_FAILURES = env_int("EDESK_LOGIN_MAX_FAILURES", 5)
EDESK_LOGIN_LOCK_MINUTES = env_int("EDESK_LOGIN_LOCK_MINUTES", 15)
EDESK_API_TOKEN_DAYS = env_int("EDESK_API_TOKEN_DAYS", 30)

SESSION_COOKIE_AGE = env_int("EDESK_SESSION_SECONDS", 8 * 3600)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
CSRF_FAILURE_VIEW = "edesk.core.views.csrf_failure"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["edesk.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "files"
# The embedded database and collected static files live here; a fresh checkout has neither folder.
for _folder in (DATA_DIR, STATIC_ROOT):
    _folder.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": {
        "BACKEND": env_str("EDESK_FILE_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": {"location": str(MEDIA_ROOT / "blobs")}
        if env_str("EDESK_FILE_STORAGE", "").endswith("FileSystemStorage")
        or not env_str("EDESK_FILE_STORAGE", "")
        else {},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

EDESK_MAX_UPLOAD_BYTES = env_int("EDESK_MAX_UPLOAD_MB", 50) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = EDESK_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
EDESK_ORG_CODE_PATTERN = env_str("EDESK_ORG_CODE_PATTERN", r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
EDESK_DUE_SOON_DAYS = env_int("EDESK_DUE_SOON_DAYS", 2)
EDESK_PAGE_SIZE = env_int("EDESK_PAGE_SIZE", 50)
# Signing (docs/signing.md). Trust roots: a PEM bundle of the CAs whose certificates are trusted (in
# production the national root CAs); empty means the development CA made by `manage.py signing_dev_ca`.
EDESK_PKI_DIR = Path(env_str("EDESK_PKI_DIR", str(DATA_DIR / "pki")))
EDESK_TRUST_ROOTS = env_str("EDESK_TRUST_ROOTS", "")
# Key that wraps every stored PKCS#12 (on top of its own PIN); derived from SECRET_KEY when unset.
EDESK_KEY_WRAP_SECRET = env_str("EDESK_KEY_WRAP_SECRET", "")
EDESK_PKCS11_MODULE = env_str("EDESK_PKCS11_MODULE", "/usr/lib/softhsm/libsofthsm2.so")
EDESK_REMOTE_SIGNING_SECONDS = env_int("EDESK_REMOTE_SIGNING_SECONDS", 300)
# The place in the date line of issued documents ("Huế, ngày 05 tháng 01 năm 2026") for agencies
# whose address does not end with it.
EDESK_PLACE_NAME = env_str("EDESK_PLACE_NAME", "Huế")
# LibreOffice for DOCX/DOC → PDF; absent means conversion is unavailable and a PDF is asked for.
EDESK_SOFFICE = env_str("EDESK_SOFFICE", "soffice")
EDESK_CONVERT_SECONDS = env_int("EDESK_CONVERT_SECONDS", 120)
# Adds /_bench/empty/, a logged-in page that does nothing: the floor the benchmarks compare pages with.
EDESK_BENCH = env_bool("EDESK_BENCH", False)

# Background work: Celery with a broker in production; in-process ("eager") in the embedded run.
REDIS_URL = env_str("REDIS_URL", "")
# Eager tasks never reach a broker; the in-memory transport only keeps Celery from looking for one.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
# Periodic sweeps for `celery -A edesk beat` (production). Each is a plain query that claims due rows,
# so running it late or twice is harmless.
CELERY_BEAT_SCHEDULE = {
    "signing.remote_expire_due": {"task": "signing.remote_expire_due", "schedule": 60.0},
}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "edesk.accounts.api_auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "edesk.core.api_errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "edesk API",
    # Lazy texts: /api/schema/ and /api/docs/ answer in the language asked for (?lang=, Accept-Language).
    "DESCRIPTION": _("Hệ thống Quản lý văn bản và Điều hành — REST API v1"),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # /api/docs/ runs inside closed networks: Swagger UI is served from the sidecar package, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "TAGS": [
        {
            "name": pgettext_lazy("API tag", "Tài khoản"),
            "description": _("Mã truy cập (Authorization: Token …), người dùng."),
        },
        {"name": pgettext_lazy("API tag", "Cơ quan, đơn vị"), "description": _("Danh bạ cây tổ chức.")},
        {
            "name": pgettext_lazy("API tag", "Văn bản đến"),
            "description": _("Vào sổ, sổ văn bản đến, mở văn bản, tệp, trình, chỉ đạo."),
        },
        {
            "name": pgettext_lazy("API tag", "Phần việc"),
            "description": _("Bàn làm việc: giao tiếp, cập nhật tiến độ, hoàn thành."),
        },
    ],
    # Several choice sets share a field name ("state", "role"); name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "IncomingStateEnum": "edesk.inbound.models.State",
        "AssignmentStateEnum": "edesk.inbound.models.AssignmentState",
        "ReceivedStateEnum": "edesk.inbound.models.ReceivedState",
        "AssignmentRoleEnum": "edesk.inbound.models.AssignmentRole",
        "RoleEnum": "edesk.accounts.roles.Role",
        "OutgoingStateEnum": "edesk.outbound.models.State",
        "RecipientStateEnum": "edesk.outbound.models.RecipientState",
        "RecipientKindEnum": "edesk.outbound.models.RecipientKind",
        "StepKindEnum": "edesk.outbound.models.StepKind",
        "AttachmentKindEnum": "edesk.documents.models.AttachmentKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("EDESK_LOG_LEVEL", "WARNING")},
}
