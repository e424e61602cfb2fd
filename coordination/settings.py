"""InPlace settings: one module, driven by environment variables (see docs/configuration.md).

Development defaults need nothing: SQLite under var/, a filesystem Celery broker, email to files.
Production sets DEBUG=false and must supply SECRET_KEY, ALLOWED_HOSTS and SITE_URL.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp import constants as csp


def _tile_origin(url_template):
    """The scheme and host of a Leaflet tile URL template ("" → nothing), for img-src."""
    if not url_template:
        return []
    parts = urlsplit(url_template.replace("{s}", "*"))
    return [f"{parts.scheme}://{parts.netloc}"]


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("INPLACE_VAR_DIR", default=str(BASE_DIR / "var")))
# The test suite runs in several processes at once (pytest-xdist names each "gw0", "gw1", ...; the
# worker and web processes a test starts inherit the name). Each keeps its own run directory and
# Redis database, so one process's cache.clear() or broker folder never reaches another's.
TEST_PROCESS = environ.Env().str("PYTEST_XDIST_WORKER", default="")
if TEST_PROCESS:
    VAR_DIR = VAR_DIR / TEST_PROCESS

env = environ.Env()
VAR_DIR.mkdir(parents=True, exist_ok=True)
env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)
# Production secrets have no default: only a DEBUG run may fall back to a development key.
SECRET_KEY = env.str("SECRET_KEY", default="") or (
    "dev-only-insecure-key-do-not-use-in-production" if DEBUG else ""
)
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for a development run).")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # One fixed site (SITE_ID): allauth names it in its emails and keys each account's sign-in
    # lockout on its domain, which must not follow the Host header a request sends.
    "django.contrib.sites",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "csp",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "coordination.places",
    "coordination.accounts",
    "coordination.organisations",
    "coordination.vocabularies",
    "coordination.audit",
    "coordination.notifications",
    "coordination.ops",
    "coordination.webhooks",
    "coordination.api",
    "coordination.practice",
    "coordination.personal_data",
    "coordination.statements",
    "coordination.pickers",
    "coordination.search",
    "coordination.exports",
    "boards",
    "funding",
    "commissioning",
    "mapping",
    # Last: connects the public page cache's receivers once every registration.py has run.
    "coordination.caching",
]

MIDDLEWARE = [
    "coordination.log_context.RequestIdMiddleware",
    # Anonymous visitors' reads from DATABASE_REPLICA_URL; removes itself when it is unset.
    "coordination.replica.ReplicaReadsMiddleware",
    # Prometheus counts and timings; removes itself when METRICS_TOKEN is unset (docs/operations.md).
    "coordination.ops.metrics.MetricsMiddleware",
    # CORS headers on the public Open Referral endpoints only (CORS_URLS_REGEX below); before any
    # middleware that may answer by itself, as django-cors-headers asks.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response, with a fresh nonce for each (see CSP below).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every GET (a hash of the body) and 304 for If-None-Match / If-Modified-Since.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The place of /<place>/ and /api/v1/places/<place>/ (its process_view runs before CSRF's).
    "coordination.places.middleware.PlaceMiddleware",
    # A visitor's GET of a place's public page from the cache (docs/caching.md); before CSRF and
    # messages, so a page whose form or message sets a cookie is seen with it and not kept.
    "coordination.caching.middleware.PublicPageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "coordination.accounts.middleware.IdleTimeoutMiddleware",
    # The place whose pages a person last opened: where signing in takes them.
    "coordination.accounts.middleware.LastPlaceMiddleware",
    # Every signed-in person has accepted the current terms (coordination/statements/middleware.py).
    "coordination.statements.middleware.TermsAcceptedMiddleware",
    "coordination.accounts.mfa.AdminMfaMiddleware",
    "coordination.api.errors.RefuseNulBytesMiddleware",
    "coordination.api.idempotency.IdempotencyMiddleware",
    # Last, so its process_exception runs first: an outage in a view is a 503 (ops/outage.py).
    "coordination.ops.outage.OutageMiddleware",
]

ROOT_URLCONF = "coordination.urls"
WSGI_APPLICATION = "coordination.wsgi.application"

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
                "coordination.places.context_processors.place",
                "coordination.notifications.context_processors.notifications",
            ],
        },
    },
]

# Every form, ours and allauth's, renders as GOV.UK Frontend markup.
FORM_RENDERER = "coordination.forms_renderer.GovukFormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'inplace.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, but flush deletes rows rather than truncating (coordination/postgresql).
    DATABASES["default"]["ENGINE"] = "coordination.postgresql"
# "pgbouncer": DATABASE_URL is a PgBouncer in transaction mode (docs/scale-out.md). A connection then
# belongs to this process only for one transaction, so nothing may outlive one: Django's
# server-side cursors (.iterator() outside a transaction holds one open across transactions) are
# off, and a connection to the nearby pooler is kept for a minute rather than opened per request.
DATABASE_POOLER = env.str("DATABASE_POOLER", default="")
if DATABASE_POOLER not in ("", "pgbouncer"):
    raise environ.ImproperlyConfigured(
        f'DATABASE_POOLER is "pgbouncer" or empty: {DATABASE_POOLER!r}'
    )
if DATABASE_POOLER == "pgbouncer":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DATABASES["default"].setdefault(
    "CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60 if DATABASE_POOLER else 0)
)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# With persistent connections (CONN_MAX_AGE > 0), check one is alive before reusing it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica for anonymous visitors' reads (coordination/replica.py, docs/scale-out.md): the
# primary's settings, on the replica's address; in tests it mirrors the test database.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **DATABASES["default"],
        **env.db_url_config(DATABASE_REPLICA_URL),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["coordination.replica.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file-backed test database lets a real Celery worker process see what a test wrote.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-inplace.sqlite3")}
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files: uploads (organisation documents, bid attachments, board papers, evidence, imports, people's
# data downloads) in "default", the built open data files in "exports". The filesystem under
# MEDIA_ROOT unless STORAGE_S3_BUCKET names an S3-compatible bucket (AWS, MinIO, Ceph, ...), shared
# by every web and worker process of a cluster. Nothing is public in the bucket: every file goes out
# through Django, after the app's permission check (docs/operations.md, "Files").
STORAGE_S3_BUCKET = env.str("STORAGE_S3_BUCKET", default="")
if STORAGE_S3_BUCKET:
    _s3 = {
        "bucket_name": STORAGE_S3_BUCKET,
        "endpoint_url": env.str("STORAGE_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("STORAGE_S3_REGION", default="") or None,
        # Keys from the environment, or (unset) boto3's own chain: an instance or pod role.
        "access_key": env.str("STORAGE_S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("STORAGE_S3_SECRET_ACCESS_KEY", default="") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        # Path-style addresses (endpoint/bucket/key) work with every S3-compatible server.
        "addressing_style": env.str("STORAGE_S3_ADDRESSING_STYLE", default="path"),
        "signature_version": "s3v4",
    }
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        # An upload never replaces another file of the same name: it gets a name of its own.
        "OPTIONS": _s3 | {"location": "media", "file_overwrite": False},
    }
    _exports_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        # Export names end with their content's hash: the same name is the same bytes.
        "OPTIONS": _s3 | {"file_overwrite": True},
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _exports_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "exports": _exports_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"

# Open data exports (coordination/exports): a change to what a file holds queues its rebuild this
# many seconds later (changes meanwhile are built together); one build of a file at a time, its lock
# held for at most EXPORTS_BUILD_LOCK_SECONDS; browsers and caches may keep a file this long before
# asking again (with its ETag).
EXPORTS_REBUILD_DELAY_SECONDS = env.int("EXPORTS_REBUILD_DELAY_SECONDS", default=5)
EXPORTS_BUILD_LOCK_SECONDS = env.int("EXPORTS_BUILD_LOCK_SECONDS", default=10 * 60)
EXPORTS_MAX_AGE_SECONDS = env.int("EXPORTS_MAX_AGE_SECONDS", default=60)

# Email: files under var/mail in the demo, SMTP or a provider in production (EMAIL_URL).
_email_url = env.str("EMAIL_URL", default=f"filemail://{VAR_DIR / 'mail'}")
EMAIL_CONFIG = env.email_url_config(_email_url)
if EMAIL_CONFIG.get("EMAIL_BACKEND") == "django.core.mail.backends.filebased.EmailBackend":
    # django-environ drops the leading "/" of filemail:///abs/path; take the path as written
    # (absolute, or relative to the project), and default to var/mail.
    _mail_path = _email_url.split("://", 1)[1].split("?", 1)[0]
    EMAIL_CONFIG["EMAIL_FILE_PATH"] = str(BASE_DIR / _mail_path if _mail_path else VAR_DIR / "mail")
globals().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="InPlace <no-reply@inplace.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Cache and Celery: Redis when REDIS_URL is set, else a local cache and a filesystem broker.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and TEST_PROCESS.removeprefix("gw").isdigit():
    # Test process N takes database (the configured one + N): gw0 keeps it, gw1 the next, ...
    _redis = urlsplit(REDIS_URL)
    _redis_db = int(_redis.path.strip("/") or 0) + int(TEST_PROCESS.removeprefix("gw"))
    REDIS_URL = _redis._replace(path=f"/{_redis_db}").geturl()
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    _broker_dir = VAR_DIR / "celery-broker"
    # "localhost" only stops kombu warning that no host was given; the folders are the broker.
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        # Exchange bindings; kombu's default is "control" relative to the working directory.
        "control_folder": str(_broker_dir / "control"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'celery-results'}"
# Seconds a visitor's copy of a place's public page is kept in the cache (0 turns the page cache
# off; docs/caching.md). On by
# default only with a shared cache: in the embedded set-up each process has its own, and a
# worker's writes could not make the web process's copies stale.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300 if REDIS_URL else 0)
# Seconds a person's My work items are kept in the shared cache (the home page, My work and the
# API show them). The key holds the place's data version and the minute, so a write or a date
# drawing near shows on the next request; 0 works them out on every request. Off without Redis,
# for the same reason as the public page cache.
MY_WORK_CACHE_SECONDS = env.int("MY_WORK_CACHE_SECONDS", default=120 if REDIS_URL else 0)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Tasks are fire-and-forget (their effects are rows and emails), so no result is stored unless a
# task asks for one with ignore_result=False; otherwise every run would leave a result behind.
CELERY_TASK_IGNORE_RESULT = True
# Workers log through settings.LOGGING (request/task id and place on every line), not Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]

# Notifications (coordination/notifications): outbox retries, digests, and the beat schedules
# declared in coordination/notifications/schedules.py (synced after migrate or by sync_schedules).
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=6)
NOTIFICATIONS_RETRY_BASE_SECONDS = env.int("NOTIFICATIONS_RETRY_BASE_SECONDS", default=60)
NOTIFICATIONS_RETRY_MAX_SECONDS = env.int("NOTIFICATIONS_RETRY_MAX_SECONDS", default=6 * 60 * 60)
NOTIFICATIONS_SENDING_LEASE_SECONDS = env.int(
    "NOTIFICATIONS_SENDING_LEASE_SECONDS", default=15 * 60
)
NOTIFICATIONS_DELIVER_ON_COMMIT = env.bool("NOTIFICATIONS_DELIVER_ON_COMMIT", default=True)

# Imports of services, needs and assets (mapping/imports.py): every upload is bounded. A file larger
# than IMPORT_MAX_BYTES, with more than IMPORT_MAX_ROWS rows, or an .xlsx whose parts unpack to more
# than IMPORT_MAX_UNPACKED_BYTES is refused with the reason, before (or as soon as) it is read.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=40 * 1024 * 1024)

# Accounts: email sign-in, mandatory verification, TOTP available.
SITE_ID = 1
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[InPlace] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_PREVENT_ENUMERATION = True
# Failed password checks (browser sign-in, re-authentication, password change and the API's token
# endpoint) share this one limit: 10 a minute from one address, 5 in 5 minutes for one account.
# Past it, even the right password is refused until the window has passed.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_ADAPTER = "coordination.accounts.adapter.AccountAdapter"
# Dotted paths, not passwords.
ACCOUNT_FORMS = {
    "change_password": "coordination.accounts.allauth_forms.ChangePasswordForm",  # nosec B105
    "login": "coordination.accounts.allauth_forms.LoginForm",
}
ACCOUNT_SIGNUP_FORM_CLASS = "coordination.accounts.forms.SignupExtraForm"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "InPlace"
# Place admins and staff must set up two-factor authentication before using the site. On unless
# DEBUG (the local demo signs its admins straight in); set it explicitly in production anyway.
MFA_REQUIRED_FOR_ADMINS = env.bool("MFA_REQUIRED_FOR_ADMINS", default=not DEBUG)
# Personal API tokens (POST /api/v1/auth/token/) stop working this many days after they are made.
API_TOKEN_LIFETIME_DAYS = env.int("API_TOKEN_LIFETIME_DAYS", default=90)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# How many proxies (load balancer, TLS terminator) stand in front of gunicorn. 0: clients connect
# to gunicorn directly, so X-Forwarded-For and X-Forwarded-Proto are ignored (anyone can send them).
# N: the Nth address from the right of X-Forwarded-For is the client's
# (coordination/client_address.py), and X-Forwarded-Proto says whether the request reached the
# outermost proxy over https.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise environ.ImproperlyConfigured("TRUSTED_PROXY_COUNT is a number of proxies: 0 or more.")
# allauth's own reading of the address, for any code path that does not go through the adapter.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# How many levels of arrays and objects an API request's JSON body may nest
# (coordination/api/parsers.py).
API_JSON_MAX_DEPTH = 32
# Request bodies (other than uploaded files) past this many bytes are refused, before any parser
# runs: 413 in the API's error shape, 400 elsewhere. Django's default, said here on purpose.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

REST_FRAMEWORK = {
    # Client addresses for the throttles, read as coordination.client_address reads them.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # JSON nested deeper than API_JSON_MAX_DEPTH is a 400, not a RecursionError.
    "DEFAULT_PARSER_CLASSES": [
        "coordination.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Token first: its WWW-Authenticate header makes an anonymous request a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "coordination.api.authentication.TokenAuthentication",
        "coordination.api.partner_auth.PartnerKeyAuthentication",
        "coordination.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "coordination.api.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "coordination.api.filters.UpdatedSinceFilter",
        "coordination.api.filters.KnownParametersFilter",  # last: it asks the others
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "coordination.api.throttling.AnonRateThrottle",
        "coordination.api.partner_auth.PersonRateThrottle",
        "coordination.api.partner_auth.PartnerKeyRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/min"),
        "user": env.str("API_THROTTLE_USER", default="600/min"),
        "auth_token": env.str("API_THROTTLE_AUTH_TOKEN", default="20/min"),
        "partner": env.str("API_THROTTLE_PARTNER", default="1200/min"),
    },
    "EXCEPTION_HANDLER": "coordination.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "coordination.api.schema.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "InPlace API",
    "DESCRIPTION": (
        "Place-based coordination between the voluntary and community sector, councils, "
        "funders and partners. Every place-owned resource lives under /api/v1/places/{place}/."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "AreaKindEnum": "coordination.places.models.AreaKind",
        "OrganisationKindEnum": "coordination.organisations.models.OrganisationKind",
        "IncomeBandEnum": "coordination.organisations.models.IncomeBand",
        "RoleEnum": "coordination.accounts.models.Role",
        "ActionStatusEnum": "boards.models.ActionStatus",
        "InterestKindEnum": "boards.models.InterestKind",
        "VoteChoiceEnum": "boards.models.VoteChoice",
        "FundOutcomeEnum": "funding.models.FundOutcome",
        "BidStateEnum": "funding.models.BidState",
        "VariationStateEnum": "funding.models.VariationState",
        "VariationKindEnum": "funding.models.VariationKind",
        "DocumentKindEnum": "coordination.organisations.models.DocumentKind",
    },
    # Every operation gets request, response and error examples (coordination/api/examples.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "coordination.api.examples.add_examples",
    ],
    # Swagger UI and Redoc from the drf-spectacular-sidecar package: no CDN, no network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Security: strict by default, relaxed only for local http development.
# X-Forwarded-Proto is believed only from a proxy we were told is there (TRUSTED_PROXY_COUNT).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
# Health checks and the metrics scraper ask gunicorn directly over plain http, not through the proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
_https = SITE_URL.startswith("https://")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_https and not DEBUG)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): only this site's own files run or style a page, plus inline
# <script>/<style> elements carrying the response's nonce ({{ request.csp_nonce }}); no inline event
# handlers or style attributes. Map tiles are images from the one tile server mapping is set to use.
MAPPING_TILE_URL = env.str("MAPPING_TILE_URL", default="")
MAPPING_TILE_ATTRIBUTION = env.str("MAPPING_TILE_ATTRIBUTION", default="")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF, csp.NONCE],
        "img-src": [csp.SELF, "data:", *_tile_origin(MAPPING_TILE_URL)],
        "connect-src": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
        "base-uri": [csp.SELF],
        "object-src": [csp.NONE],
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)  # the absolute limit
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=60)

INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
# Dates that make sense (coordination/dates.py): how far ahead a typed date may be, and how far
# before its decision a grant may start without being recorded as awarded in the past.
DATES_MAX_YEARS_AHEAD = env.int("DATES_MAX_YEARS_AHEAD", default=10)
GRANT_START_MAX_DAYS_BEFORE = env.int("GRANT_START_MAX_DAYS_BEFORE", default=90)
# The licence every open dataset is published under (coordination/opendata.py lists the known ones).
OPEN_DATA_LICENCE = env.str(
    "OPEN_DATA_LICENCE",
    default="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
)
COMMISSIONING_OCID_PREFIX = env.str("COMMISSIONING_OCID_PREFIX", default="ocds-inplace")

# How long the first response to an API POST with an Idempotency-Key is kept for its retries.
IDEMPOTENCY_TTL_HOURS = env.int("IDEMPOTENCY_TTL_HOURS", default=24)

# Webhooks (coordination/webhooks): deliveries to partner systems.
WEBHOOKS_ALLOW_PRIVATE = env.bool("WEBHOOKS_ALLOW_PRIVATE", default=DEBUG)
WEBHOOKS_MAX_ATTEMPTS = env.int("WEBHOOKS_MAX_ATTEMPTS", default=8)
WEBHOOKS_PAUSE_AFTER = env.int("WEBHOOKS_PAUSE_AFTER", default=10)
WEBHOOKS_TIMEOUT_SECONDS = env.int("WEBHOOKS_TIMEOUT_SECONDS", default=10)
# A CA bundle (PEM file) that receivers' certificates are checked against; empty: the public CAs
# requests ships (certifi). For receivers whose certificates a private CA issues.
WEBHOOKS_CA_BUNDLE = env.str("WEBHOOKS_CA_BUNDLE", default="")

# /readyz fails when no Celery worker has run the minute heartbeat for this long.
OPS_HEARTBEAT_MAX_AGE_SECONDS = env.int("OPS_HEARTBEAT_MAX_AGE_SECONDS", default=180)
# /metrics (Prometheus) answers only a scraper sending "Authorization: Bearer <METRICS_TOKEN>";
# unset, metrics are off: no counting middleware, and /metrics is a 404.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# How long each web process reuses a place it looked up by slug (0: every request reads it).
PLACE_CACHE_SECONDS = env.int("PLACE_CACHE_SECONDS", default=5)
# The max-age of visitors' answers from the public page cache (see PUBLIC_PAGE_CACHE_SECONDS).
PUBLIC_PAGE_BROWSER_SECONDS = env.int("PUBLIC_PAGE_BROWSER_SECONDS", default=0)

# Every line carries the request (or Celery task) id and the place: coordination/log_context.py.
# "json" writes one JSON object a line for a log collector; "text" is for reading in a terminal.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "coordination.log_context.ContextFilter"}},
    "formatters": {
        "json": {"()": "coordination.log_context.JsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(place)s %(request_id)s] %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# Residents' posts on community groups: a new account posts at most so many ideas and comments a day.
INPLACE_NEW_ACCOUNT_DAYS = env.int("INPLACE_NEW_ACCOUNT_DAYS", default=7)
INPLACE_NEW_ACCOUNT_IDEAS_PER_DAY = env.int("INPLACE_NEW_ACCOUNT_IDEAS_PER_DAY", default=3)
INPLACE_NEW_ACCOUNT_COMMENTS_PER_DAY = env.int("INPLACE_NEW_ACCOUNT_COMMENTS_PER_DAY", default=10)

# How long InPlace keeps what it holds about people. The privacy notice states these figures from
# here, and the nightly retention task applies them (docs/privacy.md).
RETENTION_EXPORT_DAYS = env.int("RETENTION_EXPORT_DAYS", default=7)  # a "download my data" file
RETENTION_NOTIFICATION_DAYS = env.int("RETENTION_NOTIFICATION_DAYS", default=365)
RETENTION_OUTBOX_DAYS = env.int("RETENTION_OUTBOX_DAYS", default=90)  # emails sent or given up
# An account nobody has signed in to for this long is closed, after a warning this many days before.
RETENTION_DORMANT_ACCOUNT_DAYS = env.int("RETENTION_DORMANT_ACCOUNT_DAYS", default=3 * 365)
RETENTION_DORMANT_WARNING_DAYS = env.int("RETENTION_DORMANT_WARNING_DAYS", default=30)
# The log of people's requests to see or erase their data, kept to show each was answered.
RETENTION_REQUEST_LOG_DAYS = env.int("RETENTION_REQUEST_LOG_DAYS", default=6 * 365)

# Browser-based service finders on other sites read the public Open Referral (HSDS) endpoints:
# any origin may GET them, without cookies (no Access-Control-Allow-Credentials), and nothing else
# answers another origin (docs/open-data.md).
CORS_URLS_REGEX = r"^/api/v1/places/[^/]+/hsds(/.*)?$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
CORS_PREFLIGHT_MAX_AGE = 86400
