"""Settings, read from environment variables (documented in README.md, "Configuration").

Nothing here is secret in development; production sets CCHC_SECRET_KEY, CCHC_DEBUG=0,
CCHC_ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


VAR_DIR = Path(os.environ.get("CCHC_VAR_DIR", REPO_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)

DEBUG = env_bool("CCHC_DEBUG", True)
SECRET_KEY = os.environ.get("CCHC_SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("CCHC_SECRET_KEY must be set when CCHC_DEBUG=0")
ALLOWED_HOSTS = env_list("CCHC_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CCHC_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "cchc.org",
    "cchc.notifications",
    "cchc.workdays",
    "cchc.procedures",
    "cchc.dossiers",
    "cchc.surveys",
    "cchc.feedback",
    "cchc.disclosure",
    "cchc.plans",
    "cchc.citizens",
    "cchc.national",
    "cchc.payments",
    "cchc.indicators",
    "cchc.reports",
    "cchc.demo",
    "cchc.portal",
    "cchc.backoffice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "cchc.urls"
WSGI_APPLICATION = "cchc.wsgi.application"

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
                "cchc.portal.context_processors.site",
                "cchc.backoffice.context_processors.staff_menu",
            ],
            # cchc.common holds helpers, not an app: its template library is named here.
            "libraries": {"cchc_formats": "cchc.common.templatetags.cchc_formats"},
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
# SQLite in var/ (WAL mode) unless DATABASE_URL is set (postgres://user:pass@host:5432/name).
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("CCHC_SQLITE_PATH", str(VAR_DIR / "cchc.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE: a write transaction takes the write lock at BEGIN, so two writers queue
                # instead of failing with "database is locked" half-way through.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                    "PRAGMA busy_timeout=20000; PRAGMA cache_size=-65536;"
                ),
            },
            # Tests use a file in WAL mode too, never SQLite's shared-cache in-memory database: there,
            # a second connection (the report job's background thread under the live server) fails at
            # once with "database table is locked" instead of waiting, and tests would not run the way
            # production does.
            "TEST": {"NAME": os.environ.get("CCHC_SQLITE_TEST_PATH") or str(VAR_DIR / "test.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHES: see the public page cache block at the end.

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Model permissions by group, with the Office group's only for staff of the Office (decision 0003).
AUTHENTICATION_BACKENDS = ["cchc.org.backends.RoleBackend"]
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:staff_home"

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("CCHC_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("CCHC_MANIFEST_STATIC", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files live outside any public URL; views serve them after their own checks.
MEDIA_ROOT = Path(os.environ.get("CCHC_MEDIA_ROOT", VAR_DIR / "media"))
# No URL pattern serves MEDIA_URL: it exists only because Django requires a value.
MEDIA_URL = "/_private-files-not-served/"
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("CCHC_MAX_REQUEST_BYTES", 2 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
CCHC_MAX_UPLOAD_BYTES = int(os.environ.get("CCHC_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
CCHC_MAX_IMPORT_BYTES = int(os.environ.get("CCHC_MAX_IMPORT_BYTES", 20 * 1024 * 1024))

# --- Security ------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# An expired or blocked form gets a page in the portal's language (cchc.portal.errors).
CSRF_FAILURE_VIEW = "cchc.portal.errors.csrf_failure"
# HTTPS, HSTS, secure cookies and the proxy: see "deployment" at the end of this file.

# Public endpoints are rate-limited per client IP (django-ratelimit, backed by the cache above).
RATELIMIT_ENABLE = env_bool("CCHC_RATELIMIT", True)
RATELIMIT_VIEW = "cchc.portal.views.ratelimited"
CCHC_PUBLIC_RATE = os.environ.get("CCHC_PUBLIC_RATE", "120/m")
CCHC_SEARCH_RATE = os.environ.get("CCHC_SEARCH_RATE", "60/m")
CCHC_SUBMIT_RATE = os.environ.get("CCHC_SUBMIT_RATE", "10/h")  # online submissions (page and API)
CCHC_TRACKING_FAIL_RATE = os.environ.get("CCHC_TRACKING_FAIL_RATE", "20/h")  # failed tracking look-ups
# Online form posts that only fill in or save a draft (the final submission counts in CCHC_SUBMIT_RATE).
CCHC_DRAFT_RATE = os.environ.get("CCHC_DRAFT_RATE", "60/h")
# How long a draft the applicant saved ("Lưu để nộp sau") and any other draft are kept, in seconds.
CCHC_DRAFT_MAX_AGE = int(os.environ.get("CCHC_DRAFT_MAX_AGE", 30 * 86400))
CCHC_DRAFT_UNSAVED_MAX_AGE = int(os.environ.get("CCHC_DRAFT_UNSAVED_MAX_AGE", 86400))
# Validity of the signed links in notices (receipt, supplement, result), in seconds.
CCHC_NOTICE_LINK_MAX_AGE = int(os.environ.get("CCHC_NOTICE_LINK_MAX_AGE", 60 * 86400))
CCHC_API_TOKEN_MAX_AGE = int(os.environ.get("CCHC_API_TOKEN_MAX_AGE", 8 * 3600))  # staff API tokens, seconds

# --- Working-day calendar (cchc.workdays) ------------------------------------------------------
# Office hours as "HH:MM-HH:MM" intervals; the last interval's end is the end of the office day.
CCHC_OFFICE_HOURS = os.environ.get("CCHC_OFFICE_HOURS", "07:30-11:30,13:30-17:00")
CCHC_CALENDAR_FIRST_YEAR = int(os.environ.get("CCHC_CALENDAR_FIRST_YEAR", 2015))
CCHC_CALENDAR_LAST_YEAR = int(os.environ.get("CCHC_CALENDAR_LAST_YEAR", 2045))
# How often (seconds) a process re-checks whether another process changed the overrides.
CCHC_CALENDAR_RECHECK_SECONDS = float(os.environ.get("CCHC_CALENDAR_RECHECK_SECONDS", 30))

CCHC_SYSTEM_NAME = os.environ.get("CCHC_SYSTEM_NAME", "CCHC")
# Place printed before the date on documents (ND 30/2020: "Bình Thuận, ngày … tháng … năm …").
CCHC_PLACE_NAME = os.environ.get("CCHC_PLACE_NAME", "Bình Thuận")
# Class with a send(recipient, body) method; the default writes SMS to the log. The former default
# "cchc.dossiers.notifications.LogSmsBackend" is still accepted (cchc.notifications.senders).
CCHC_SMS_BACKEND = os.environ.get("CCHC_SMS_BACKEND", "cchc.notifications.senders.LogSmsBackend")

EMAIL_BACKEND = os.environ.get("CCHC_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("CCHC_FROM_EMAIL", "mot-cua@example.gov.vn")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CCHC_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- feedback (Hỏi đáp, phản ánh kiến nghị; cchc.feedback) -------------------------------------
CCHC_FEEDBACK_SUBMIT_RATE = os.environ.get("CCHC_FEEDBACK_SUBMIT_RATE", "5/h")  # questions sent per IP
CCHC_FEEDBACK_VOTE_RATE = os.environ.get("CCHC_FEEDBACK_VOTE_RATE", "30/h")  # likes/dislikes per IP
CCHC_FEEDBACK_DUE_WORKING_DAYS = int(os.environ.get("CCHC_FEEDBACK_DUE_WORKING_DAYS", 15))  # QĐ 766 5.2
CCHC_FEEDBACK_MAX_UPLOAD_BYTES = int(os.environ.get("CCHC_FEEDBACK_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))

# --- disclosure (public disclosure, plan P-B6–P-B9, P-B21) ----------------------------------------
# A publication is "late" when more working days than this pass from issue to publication;
# the per-kind dict (kind value -> days, e.g. {"legal": 2, "recruitment": 5}) overrides it.
CCHC_DISCLOSURE_LATE_WORKING_DAYS = int(os.environ.get("CCHC_DISCLOSURE_LATE_WORKING_DAYS", 2))
CCHC_DISCLOSURE_LATE_WORKING_DAYS_BY_KIND: dict[str, int] = {}
CCHC_DISCLOSURE_MAX_FILE_BYTES = int(os.environ.get("CCHC_DISCLOSURE_MAX_FILE_BYTES", 20 * 1024 * 1024))
CCHC_DISCLOSURE_RATE = os.environ.get("CCHC_DISCLOSURE_RATE", "120/m")

# --- plans ------------------------------------------------------------------------------------
# Largest evidence file of a plan task or initiative (bytes); defaults to CCHC_MAX_UPLOAD_BYTES.
CCHC_PLAN_EVIDENCE_MAX_BYTES = int(os.environ.get("CCHC_PLAN_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024))

# --- surveys ---
# Open public survey: submissions per IP; survey link validity (seconds); base URL printed in QR codes.
CCHC_SURVEY_PUBLIC_RATE = os.environ.get("CCHC_SURVEY_PUBLIC_RATE", "5/h")
CCHC_SURVEY_LINK_MAX_AGE = int(os.environ.get("CCHC_SURVEY_LINK_MAX_AGE", 400 * 86400))
CCHC_PUBLIC_BASE_URL = os.environ.get("CCHC_PUBLIC_BASE_URL", "http://localhost:8000")
# Kiosk cookie lifetime (seconds): a counter tablet stays a kiosk this long unless closed.
CCHC_SURVEY_KIOSK_MAX_AGE = int(os.environ.get("CCHC_SURVEY_KIOSK_MAX_AGE", 30 * 86400))

# --- reports (periodic reform report, delay report; cchc.reports) --------------------------------
# Build a requested report in a thread of the web process after commit (so `make run` needs no
# worker); `cchc reports` (the worker command) builds whatever is left queued. Off: worker only.
CCHC_REPORTS_RUN_IN_THREAD = env_bool("CCHC_REPORTS_RUN_IN_THREAD", True)
# Printed on the reports (ND 30/2020 header and recipients); editable in the DOCX anyway.
CCHC_REPORTS_PARENT_NAME = os.environ.get("CCHC_REPORTS_PARENT_NAME", "")  # default: the agency's parent
CCHC_REPORTS_HOME_AFFAIRS = os.environ.get("CCHC_REPORTS_HOME_AFFAIRS", "Sở Nội vụ")
CCHC_REPORTS_SIGNER_TITLE = os.environ.get("CCHC_REPORTS_SIGNER_TITLE", "KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC")
CCHC_REPORTS_SIGNER_NAME = os.environ.get("CCHC_REPORTS_SIGNER_NAME", "")

# --- backups and the outbox's delivery (cchc.backups; cchc.notifications.senders) -----------------
INSTALLED_APPS.append("cchc.backups")
# Where `cchc backup` writes its sets, and how many it keeps: the newest set of each of the last N days,
# M ISO weeks and K months (the newest verified set is never pruned).
CCHC_BACKUP_DIR = Path(os.environ.get("CCHC_BACKUP_DIR", VAR_DIR / "backups"))
CCHC_BACKUP_KEEP_DAILY = int(os.environ.get("CCHC_BACKUP_KEEP_DAILY", 7))
CCHC_BACKUP_KEEP_WEEKLY = int(os.environ.get("CCHC_BACKUP_KEEP_WEEKLY", 4))
CCHC_BACKUP_KEEP_MONTHLY = int(os.environ.get("CCHC_BACKUP_KEEP_MONTHLY", 12))
# Folder of pg_dump / pg_restore of the server's major version (empty: found on PATH).
CCHC_PG_BINDIR = os.environ.get("CCHC_PG_BINDIR", "")
# A notice claimed by an outbox worker is left to it this long before another worker may send it again
# (after a crash); it must outlast one send, so sending e-mail gives up after EMAIL_TIMEOUT seconds.
CCHC_OUTBOX_LEASE_SECONDS = int(os.environ.get("CCHC_OUTBOX_LEASE_SECONDS", 300))
EMAIL_TIMEOUT = int(os.environ.get("CCHC_EMAIL_TIMEOUT", 60))

# --- deployment (production behind a reverse proxy: deploy/, README "Production", decision 0016) ---
# Each is on by default when CCHC_DEBUG=0 (so `cchc check --deploy` is clean) and off in development.
# The reverse proxy's addresses or networks (comma-separated, e.g. "127.0.0.1,::1" for Caddy on the same
# host). Only a request from one of them has its X-Forwarded-For believed (the client's address for rate
# limits and logs, cchc.common.clientip) and its X-Forwarded-Proto (is the request HTTPS?). Empty: no proxy,
# REMOTE_ADDR is the client. deploy/gunicorn.conf.py gives gunicorn the same list (forwarded_allow_ips).
CCHC_TRUSTED_PROXIES = env_list("CCHC_TRUSTED_PROXIES", "")
# Collected static files outside the var dir when the image carries them (Dockerfile: /app/static).
STATIC_ROOT = Path(os.environ.get("CCHC_STATIC_ROOT", STATIC_ROOT))
RATELIMIT_IP_META_KEY = "cchc.common.clientip.client_ip"
if CCHC_TRUSTED_PROXIES:
    # gunicorn must listen only where the proxy reaches it (127.0.0.1 or a socket): Django believes the
    # header from any peer, gunicorn from the proxies above.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("CCHC_SSL_REDIRECT", not DEBUG)
# Plain-HTTP probes from the host itself (health checks, Prometheus) are not redirected.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
SECURE_HSTS_SECONDS = int(os.environ.get("CCHC_HSTS_SECONDS", 0 if DEBUG else 365 * 86400))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CCHC_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
# Preload asks browsers to ship the domain as HTTPS-only: only for a domain whose every subdomain has HTTPS.
SECURE_HSTS_PRELOAD = env_bool("CCHC_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("CCHC_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CCHC_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Failed look-ups of one dossier code (tracking digits, tracking secret; pages and API) from all addresses
# together: past this rate the code answers "locked, try again in N minutes" until the window ends.
CCHC_TRACKING_CODE_FAIL_RATE = os.environ.get("CCHC_TRACKING_CODE_FAIL_RATE", "10/h")

# --- observability (health checks, metrics, logs; cchc.ops) ------------------------------------
INSTALLED_APPS += ["health_check", "django_prometheus", "cchc.ops"]
# Request id first (every later middleware logs with it), django-prometheus around everything.
MIDDLEWARE.insert(0, "cchc.ops.middleware.RequestIdMiddleware")
MIDDLEWARE.insert(0, "django_prometheus.middleware.PrometheusBeforeMiddleware")
MIDDLEWARE.append("django_prometheus.middleware.PrometheusAfterMiddleware")
# Query counts and durations per database (django-prometheus' wrappers of the same engines).
if env_bool("CCHC_METRICS_DATABASE", True):
    _engine = DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if _engine in {"sqlite3", "postgresql"}:
        DATABASES["default"]["ENGINE"] = f"django_prometheus.db.backends.{_engine}"
# Readiness detail and /metrics: only from these peers (addresses or networks, comma-separated;
# empty: any peer the proxy lets through) and/or with "Authorization: Bearer <token>".
CCHC_HEALTH_ALLOWED_IPS = env_list("CCHC_HEALTH_ALLOWED_IPS", "")
CCHC_HEALTH_TOKEN = os.environ.get("CCHC_HEALTH_TOKEN", "")
# A notice waiting longer than this makes the readiness check warn (seconds), then fail.
CCHC_HEALTH_OUTBOX_WARN_SECONDS = int(os.environ.get("CCHC_HEALTH_OUTBOX_WARN_SECONDS", 15 * 60))
CCHC_HEALTH_OUTBOX_FAIL_SECONDS = int(os.environ.get("CCHC_HEALTH_OUTBOX_FAIL_SECONDS", 2 * 3600))
# Logs: JSON lines (python-json-logger) in production, plain text in development; every line
# carries the request id (or the worker run's id) and, in a request, the user, method and path.
CCHC_LOG_FORMAT = os.environ.get("CCHC_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING["filters"] = {"context": {"()": "cchc.common.logcontext.ContextFilter"}}
LOGGING["formatters"] = {
    "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    "json": {
        "()": "cchc.common.logcontext.json_formatter",
        "fmt": "%(levelname)s %(name)s %(message)s",
        "timestamp": "time",  # ISO 8601 in UTC
        "rename_fields": {"levelname": "level", "name": "logger"},
    },
}
LOGGING["handlers"]["console"].update(
    {"filters": ["context"], "formatter": "json" if CCHC_LOG_FORMAT == "json" else "text"}
)

# --- accounts (staff sign-in: lock-out, second factor, idle timeout, password hashing; cchc.accounts) ---
INSTALLED_APPS += [
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "cchc.accounts",
]
# django-otp marks the request's user verified; then the staff-session rules (idle timeout, second factor
# required by role) run; django-axes last, as its documentation asks, to answer a locked-out sign-in.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "cchc.accounts.middleware.StaffSessionMiddleware",
)
# (before django-prometheus' closing middleware, which must stay last)
_LAST = "django_prometheus.middleware.PrometheusAfterMiddleware"
MIDDLEWARE.insert(
    MIDDLEWARE.index(_LAST) if _LAST in MIDDLEWARE else len(MIDDLEWARE), "axes.middleware.AxesMiddleware"
)
# Every password check goes through django-axes first (refuses a locked-out account).
AUTHENTICATION_BACKENDS.insert(0, "axes.backends.AxesStandaloneBackend")
# Argon2 first: new passwords are hashed with it and older PBKDF2 hashes are rehashed at sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Lock-out per account: the CCHC_LOCKOUT_FAILURES-th wrong password in a row locks the account (from any
# address) for CCHC_LOCKOUT_MINUTES, or until the Office unlocks it. Addresses are throttled, not locked
# (CCHC_SIGNIN_FAIL_RATE failures per client IP): the Department's staff often share one public address.
AXES_FAILURE_LIMIT = int(os.environ.get("CCHC_LOCKOUT_FAILURES", 5))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("CCHC_LOCKOUT_MINUTES", 30)))
AXES_LOCKOUT_PARAMETERS = [["username"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cchc.accounts.signin.locked_out"
AXES_CLIENT_IP_CALLABLE = "cchc.common.clientip.client_ip"
AXES_VERBOSE = False
# axes.W006 asks for "ip_address" in the lock-out parameters: addresses are throttled instead (above).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
CCHC_SIGNIN_FAIL_RATE = os.environ.get("CCHC_SIGNIN_FAIL_RATE", "30/15m")

# Second factor (TOTP + recovery codes) required of these roles: admin (superusers, staff of the Django
# admin, Quản trị hệ thống), leader (Lãnh đạo đơn vị, Lãnh đạo Sở), office (Văn phòng Sở), counter,
# specialist. Anyone who enrolled a device is asked for it too.
CCHC_OTP_REQUIRED_ROLES = env_list("CCHC_OTP_REQUIRED_ROLES", "admin,leader,office")
OTP_TOTP_ISSUER = os.environ.get("CCHC_OTP_ISSUER", CCHC_SYSTEM_NAME)
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret
# A staff session ends after this many seconds without a request (citizens' sessions are not affected).
CCHC_STAFF_IDLE_SECONDS = int(os.environ.get("CCHC_STAFF_IDLE_SECONDS", 30 * 60))

# --- need-to-know (personal data of dossiers; cchc.dossiers.privacy, decision 0018) --------------
# How long a director's or the Office's "break-glass" opening of a dossier's personal data (with a
# written reason, logged) lasts, in minutes.
CCHC_BREAK_GLASS_MINUTES = int(os.environ.get("CCHC_BREAK_GLASS_MINUTES", 30))

# --- headers (Content-Security-Policy, Permissions-Policy, Cross-Origin-Opener-Policy) -----------
# A strict policy: every script and stylesheet is a static file of this site; no inline <script>,
# no style="" attribute or <style> element, no eval (HTMX runs with allowEval off), so no nonce either
# (public pages can be cached whole). Images may be data: URIs (the QR codes).
from csp.constants import NONE, SELF  # noqa: E402

_CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "frame-ancestors": [NONE],
    "form-action": [SELF],
    "base-uri": [SELF],
    "object-src": [NONE],
}
# Browsers load http: sub-resources over https: (on by default when CCHC_DEBUG=0).
if env_bool("CCHC_CSP_UPGRADE_INSECURE_REQUESTS", not DEBUG):
    _CSP_DIRECTIVES["upgrade-insecure-requests"] = True
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}
# The browser features no page uses are switched off for the site and anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = os.environ.get("CCHC_CROSS_ORIGIN_OPENER_POLICY", "same-origin")
INSTALLED_APPS.append("csp")
# django-ninja's API docs page from its own static files (without the app: CDN scripts and an inline one).
INSTALLED_APPS.append("ninja")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware"
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1,
    "django_permissions_policy.PermissionsPolicyMiddleware",
)
# A NUL character in a query string is a 400 (PostgreSQL refuses it in any text parameter).
_NUL = "cchc.common.params.reject_nul_in_query"
MIDDLEWARE.insert(MIDDLEWARE.index(_LAST) if _LAST in MIDDLEWARE else len(MIDDLEWARE), _NUL)

# --- Public page cache (perf) ---
# One cache shared by every gunicorn worker of the host: file-based under var/cache by default (no extra
# service to run; a page read is one small file). Set CCHC_CACHE_BACKEND to Redis/Memcached when the
# portal runs on several hosts. Stored public pages and their generation keys live in "default"; the
# rate-limit counters in their own directory ("ratelimit"), so page files never slow the per-request
# counter writes and culling pages never resets a counter. (LocMemCache, the old default, kept a cache
# per worker: each worker counted its own rate limits and a page change was seen by one worker only.)
CCHC_CACHE_DIR = Path(os.environ.get("CCHC_CACHE_DIR", VAR_DIR / "cache"))
_FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache"
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CCHC_CACHE_BACKEND", _FILE_CACHE),
        "LOCATION": os.environ.get("CCHC_CACHE_LOCATION", str(CCHC_CACHE_DIR / "pages")),
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CCHC_CACHE_MAX_ENTRIES", 5000))},
    },
    "ratelimit": {
        "BACKEND": os.environ.get("CCHC_RATELIMIT_CACHE_BACKEND", _FILE_CACHE),
        "LOCATION": os.environ.get("CCHC_RATELIMIT_CACHE_LOCATION", str(CCHC_CACHE_DIR / "ratelimit")),
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CCHC_RATELIMIT_CACHE_MAX_ENTRIES", 20000))},
    },
}
RATELIMIT_USE_CACHE = "ratelimit"
# Anonymous public pages are served from the cache (cchc.common.public_cache); 0 turns it off.
CCHC_PUBLIC_CACHE = env_bool("CCHC_PUBLIC_CACHE", True)
# How long a stored page may live at most (a change renews it at once anyway: generation keys).
CCHC_PUBLIC_CACHE_SECONDS = int(os.environ.get("CCHC_PUBLIC_CACHE_SECONDS", 600))

# --- scale (a read replica for the dashboards, decision 0022; PostgreSQL without JIT) ---
# Off unless CCHC_REPLICA_DATABASE_URL names a PostgreSQL streaming replica of the primary: then the views
# named in CCHC_REPLICA_VIEWS (URL names, comma-separated) read from it; every write stays on the primary.
CCHC_REPLICA_DATABASE_URL = os.environ.get("CCHC_REPLICA_DATABASE_URL", "").strip()
CCHC_REPLICA_VIEWS = env_list(
    "CCHC_REPLICA_VIEWS",
    "backoffice:indicators_staff:dashboard,backoffice:indicators_staff:late_dossiers,"
    "backoffice:indicators_staff:paper_dossiers",
)
if CCHC_REPLICA_DATABASE_URL:
    DATABASES["replica"] = dj_database_url.parse(
        CCHC_REPLICA_DATABASE_URL, conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests: the same database under a second name
    DATABASE_ROUTERS = ["cchc.common.replica.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index(_LAST) if _LAST in MIDDLEWARE else len(MIDDLEWARE),
        "cchc.common.replica.ReplicaMiddleware",
    )
# PostgreSQL's JIT compiles any query whose estimated cost passes jit_above_cost; the dashboards' wide
# conditional aggregates (~170 FILTER clauses) over a few thousand rows spent 2.5 s compiling for 1 s of
# work at province scale (EXPLAIN ANALYZE, docs/benchmarks.md "Province scale"). Off unless CCHC_PG_JIT=1.
CCHC_PG_JIT = env_bool("CCHC_PG_JIT", False)
if not CCHC_PG_JIT:
    for _db in DATABASES.values():
        if _db["ENGINE"].endswith("postgresql"):
            _db.setdefault("OPTIONS", {})
            _db["OPTIONS"]["options"] = f"{_db['OPTIONS'].get('options', '')} -c jit=off".strip()
# --- Intake anywhere (decision 0021, "Codes") ---
# The prefix of a dossier code and whose day counter numbers it: "agency" (default) the competent agency's
# QCVN 102 code; "place" the code of the place of receipt (an online dossier: the competent agency's).
CCHC_CODE_PREFIX = os.environ.get("CCHC_CODE_PREFIX", "agency").strip().lower()
if CCHC_CODE_PREFIX not in ("agency", "place"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("CCHC_CODE_PREFIX phải là 'agency' hoặc 'place'.")
# --- national connector, outbound (cchc.national: client, outbox worker; decision 0023) ---
# Off by default: no message is queued until the province's connection to Cổng DVCQG is configured.
CCHC_DVCQG_ENABLED = env_bool("CCHC_DVCQG_ENABLED", False)
# The adapter (the provincial integration platform in front of DVCQG) and its endpoints [S].
CCHC_DVCQG_URL = os.environ.get("CCHC_DVCQG_URL", "http://127.0.0.1:8770").rstrip("/")
CCHC_DVCQG_AUTH_PATH = os.environ.get("CCHC_DVCQG_AUTH_PATH", "/auth")
CCHC_DVCQG_INTEGRATION_PATH = os.environ.get("CCHC_DVCQG_INTEGRATION_PATH", "/integration")
CCHC_DVCQG_DSTCODE = os.environ.get("CCHC_DVCQG_DSTCODE", "VPCP")
CCHC_DVCQG_USERNAME = os.environ.get("CCHC_DVCQG_USERNAME", "cchc")
CCHC_DVCQG_SECRET = os.environ.get("CCHC_DVCQG_SECRET", "cchc-standin")
# Agency.code → the agency's code on the portal (madonvi), "local=national,…"; an agency not listed is
# sent under its own code (QCVN 102 codes are what the portal issues).
CCHC_DVCQG_AGENCY_CODES = dict(
    pair.split("=", 1) for pair in env_list("CCHC_DVCQG_AGENCY_CODES", "") if "=" in pair
)
# The field of every record that carries CCHC's idempotency key [S].
CCHC_DVCQG_KEY_FIELD = os.environ.get("CCHC_DVCQG_KEY_FIELD", "MaDongBo")
CCHC_DVCQG_CONNECT_TIMEOUT = float(os.environ.get("CCHC_DVCQG_CONNECT_TIMEOUT", 5))
CCHC_DVCQG_TIMEOUT = float(os.environ.get("CCHC_DVCQG_TIMEOUT", 30))
# The worker: records per call, lease of a claimed message (must outlast a call), backoff, give-up age.
CCHC_DVCQG_BATCH = int(os.environ.get("CCHC_DVCQG_BATCH", 50))
CCHC_DVCQG_LEASE_SECONDS = int(os.environ.get("CCHC_DVCQG_LEASE_SECONDS", 120))
CCHC_DVCQG_BACKOFF_SECONDS = int(os.environ.get("CCHC_DVCQG_BACKOFF_SECONDS", 30))
CCHC_DVCQG_BACKOFF_MAX_SECONDS = int(os.environ.get("CCHC_DVCQG_BACKOFF_MAX_SECONDS", 30 * 60))
CCHC_DVCQG_GIVE_UP_HOURS = int(os.environ.get("CCHC_DVCQG_GIVE_UP_HOURS", 72))
# Readiness warns when the oldest message waiting for the portal is older than this.
CCHC_HEALTH_DVCQG_WARN_SECONDS = int(os.environ.get("CCHC_HEALTH_DVCQG_WARN_SECONDS", 3600))
# --- national: reconciliation (decision 0023, "Reconciliation and indicators 1.4, 4.4") ---
# A change the portal acknowledged more than this many minutes after it was queued is "late" [S].
CCHC_DVCQG_SYNC_LATE_MINUTES = int(os.environ.get("CCHC_DVCQG_SYNC_LATE_MINUTES", 60))
# Dossiers checked per batch (one portal lookup each over one kept-alive connection, lines saved per batch).
CCHC_DVCQG_RECONCILE_BATCH = int(os.environ.get("CCHC_DVCQG_RECONCILE_BATCH", 200))

# --- national portal: inbound and catalogue (decision 0023, "Inbound and catalogue") ---
# The portal codes (madonvi) of the province's agencies whose dossiers filed on the portal CCHC takes (the
# pull asks for each; the catalogue reads the national database under the first). Empty: no pull.
CCHC_DVCQG_PULL_AGENCIES = env_list("CCHC_DVCQG_PULL_AGENCIES", "")
# Inbound: the service that lists the dossiers filed on the portal [S], the pull's period, and the push
# endpoint's shared secret (HMAC-SHA256 of the raw body, hex, in X-DVCQG-Signature [S]), body limit and rate.
CCHC_DVCQG_LIST_SERVICE = os.environ.get("CCHC_DVCQG_LIST_SERVICE", "LayDanhSachHoSo")
CCHC_DVCQG_PULL_SECONDS = int(os.environ.get("CCHC_DVCQG_PULL_SECONDS", 300))
CCHC_DVCQG_PUSH_SECRET = os.environ.get("CCHC_DVCQG_PUSH_SECRET", "")
CCHC_DVCQG_PUSH_MAX_BYTES = int(os.environ.get("CCHC_DVCQG_PUSH_MAX_BYTES", 1024 * 1024))
CCHC_DVCQG_PUSH_RATE = os.environ.get("CCHC_DVCQG_PUSH_RATE", "600/m")
# Where an inbound dossier's documents may be fetched from (URL prefixes; default: the adapter's URL), so a
# record cannot make CCHC fetch an arbitrary address; each file is limited as an upload
# (CCHC_MAX_UPLOAD_BYTES).
CCHC_DVCQG_FILE_URL_PREFIXES = env_list("CCHC_DVCQG_FILE_URL_PREFIXES", CCHC_DVCQG_URL)
# Catalogue: the service reading a procedure of the national database, and national codes to check besides
# the procedures CCHC has (the province's published list), so the ones CCHC lacks are listed.
CCHC_DVCQG_PROCEDURE_SERVICE = os.environ.get("CCHC_DVCQG_PROCEDURE_SERVICE", "LayThuTuc")
CCHC_DVCQG_CATALOGUE_EXTRA_CODES = env_list("CCHC_DVCQG_CATALOGUE_EXTRA_CODES", "")

# --- Payment (the national payment platform; decision 0023 "Payment", README "### Payment") ---
# The platform's API base URL (empty: online payment is off everywhere), this province's merchant code and
# the shared secret of the HMAC-SHA256 checksums. The callback URL is registered with the platform; CCHC
# sends its return URL (CCHC_PUBLIC_BASE_URL + the return page) with each request.
CCHC_PAYGATE_URL = os.environ.get("CCHC_PAYGATE_URL", "").rstrip("/")
CCHC_PAYGATE_MERCHANT = os.environ.get("CCHC_PAYGATE_MERCHANT", "CCHC")
CCHC_PAYGATE_SECRET = os.environ.get("CCHC_PAYGATE_SECRET", "paygate-standin-secret")
CCHC_PAYGATE_VERSION = os.environ.get("CCHC_PAYGATE_VERSION", "1.0.0")
CCHC_PAYGATE_CREATE_PATH = os.environ.get("CCHC_PAYGATE_CREATE_PATH", "/api/giao-dich")
CCHC_PAYGATE_REPORT_PATH = os.environ.get("CCHC_PAYGATE_REPORT_PATH", "/api/doi-soat")
CCHC_PAYGATE_TIMEOUT = float(os.environ.get("CCHC_PAYGATE_TIMEOUT", "10"))
# The origin of the platform's payment pages (empty: the API's): the browser is sent there and nowhere else.
CCHC_PAYGATE_PAGE_ORIGIN = os.environ.get("CCHC_PAYGATE_PAGE_ORIGIN", "").rstrip("/")
# The callback endpoint: requests per minute per client IP, and the largest body taken.
CCHC_PAYGATE_CALLBACK_RATE = os.environ.get("CCHC_PAYGATE_CALLBACK_RATE", "600/m")
CCHC_PAYGATE_CALLBACK_MAX_BYTES = int(os.environ.get("CCHC_PAYGATE_CALLBACK_MAX_BYTES", "16384"))
CCHC_PAY_RATE = os.environ.get("CCHC_PAY_RATE", "30/h")  # "Thanh toán trực tuyến" clicks per client IP
# --- Sign-on (national identity, OIDC; decision 0023 "Sign-on") ---
# Citizens sign in through the national identity service (VNeID via Cổng DVCQG) with OpenID Connect:
# authorization code + PKCE S256, state and nonce, the ID token checked against the provider's JWKS.
# Off unless CCHC_SSO_ENABLED=1 and a discovery URL and client id are set. Claim names and account-type
# codes are the provider's [S: learnt from public DVCQG SSO integrations]; change them here, not in code.
CCHC_SSO_ENABLED = env_bool("CCHC_SSO_ENABLED", False)
CCHC_SSO_DISCOVERY_URL = os.environ.get(
    "CCHC_SSO_DISCOVERY_URL", "http://127.0.0.1:8771/.well-known/openid-configuration"
)
CCHC_SSO_CLIENT_ID = os.environ.get("CCHC_SSO_CLIENT_ID", "cchc-demo")
CCHC_SSO_CLIENT_SECRET = os.environ.get("CCHC_SSO_CLIENT_SECRET", "cchc-demo-secret")
CCHC_SSO_SCOPES = os.environ.get("CCHC_SSO_SCOPES", "openid profile")
CCHC_SSO_CLAIM_PERSONAL_ID = os.environ.get("CCHC_SSO_CLAIM_PERSONAL_ID", "SoDinhDanh")
CCHC_SSO_CLAIM_FULL_NAME = os.environ.get("CCHC_SSO_CLAIM_FULL_NAME", "HoVaTen")
CCHC_SSO_CLAIM_ACCOUNT_TYPE = os.environ.get("CCHC_SSO_CLAIM_ACCOUNT_TYPE", "LoaiTaiKhoan")
CCHC_SSO_CLAIM_LEVEL = os.environ.get("CCHC_SSO_CLAIM_LEVEL", "loAs")
CCHC_SSO_CLAIM_TAX_CODE = os.environ.get("CCHC_SSO_CLAIM_TAX_CODE", "MaSoThue")
# The provider's account-type codes → CCHC's names ("code=name,…").
CCHC_SSO_ACCOUNT_TYPES = os.environ.get("CCHC_SSO_ACCOUNT_TYPES", "1=citizen,2=organisation")
CCHC_SSO_MIN_LEVEL = os.environ.get("CCHC_SSO_MIN_LEVEL", "2")  # the lowest VNeID level accepted ("" any)
CCHC_SSO_TIMEOUT = float(os.environ.get("CCHC_SSO_TIMEOUT", 5))  # seconds for each call to the provider
CCHC_SSO_LEEWAY = int(os.environ.get("CCHC_SSO_LEEWAY", 60))  # clock skew allowed on exp/iat, seconds
CCHC_SSO_SESSION_SECONDS = int(os.environ.get("CCHC_SSO_SESSION_SECONDS", 3600))  # a citizen's sign-in lives
CCHC_SSO_RATE = os.environ.get("CCHC_SSO_RATE", "30/m")  # sign-in starts, callbacks and sign-outs per IP
