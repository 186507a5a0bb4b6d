"""
Settings for the site, read from environment variables.

Every value has a default that is safe for the demo: DEBUG is off unless
asked for, the database is an SQLite file under var/, and the secret key is
generated into var/ on first run rather than committed. The functions that
read and parse the variables (URLs, lists, the SMTP connection, the media
bucket's origins) are in config/environment.py; this module is the settings.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config import environment
from config.environment import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

TESTING = "pytest" in sys.modules or env_bool("TESTING")

SECRET_KEY = environment.secret_key(VAR_DIR)
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = os.environ.get("SITE_NAME", "Common Ground")
SITE_TAGLINE = os.environ.get("SITE_TAGLINE", "Honest advice on love, trust and therapy")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "markdownx",
    # The task queue's database backend: its tasks table and `db_worker`.
    "django_tasks_db",
    # What every app shares (no models): the sanitiser, the image gate and
    # renditions, the page cache, seals, revisions. Then the apps, in their
    # one-way order.
    "core",
    "authors",
    "blog",
    "comments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body: an oversize request is refused unread.
    "config.uploads.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Inside CommonMiddleware, so a redirect answers /blog/old-slug in one hop
    # before APPEND_SLASH adds the slash (core.redirects).
    "core.redirects.RedirectFallbackMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Inside the header middleware above, so a 405 carries the headers too.
    "config.http_methods.AllowedMethodsMiddleware",
    # Before any form reads the submission: textareas arrive with CRLF.
    "config.line_breaks.LineBreaksMiddleware",
]

ROOT_URLCONF = "config.urls"

# The public pages are Jinja2 (issue 19: Django's engine was half of a cold
# page), from templates/ through config.jinja2.PublicLoader, which leaves the
# admin's templates (and its overrides in templates/admin/) and the emails to
# Django's engine below.
_CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "django.template.context_processors.csp",
    "core.context_processors.site",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "context_processors": _CONTEXT_PROCESSORS,
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": _CONTEXT_PROCESSORS,
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# --- Database -------------------------------------------------------------

# DATABASE_URL, else an SQLite file in var/ (in WAL mode, writers queueing
# for the lock: config/environment.py says why).
DATABASES = {"default": environment.database(VAR_DIR)}


# --- Cache ----------------------------------------------------------------

# Redis at REDIS_URL (a database per pytest-xdist worker in tests), else
# local memory, one per process.
CACHES = {"default": environment.cache(TESTING)}

# --- Auth -----------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Where a login goes when its ?next= is missing or unsafe (another site,
# "//evil.example"): the admin, not Django's /accounts/profile/ (a 404 here).
LOGIN_REDIRECT_URL = "admin:index"

# --- Internationalisation -------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not (DEBUG or TESTING)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# The live server in browser tests serves static files through whitenoise
# from the finders, so the admin's JavaScript works without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# Behind nginx, let it serve MEDIA_ROOT and set SERVE_MEDIA=off.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

# Uploaded images: what Pillow must decode them as, and how large they may be.
IMAGE_UPLOAD_MAX_BYTES = int(os.environ.get("IMAGE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
# A decoded image costs 4 bytes a pixel and re-encoding holds two copies, so
# 24 million (6000 × 4000, a full-frame camera) keeps any upload's processing
# under 256 MB (tests/test_image_gate_memory.py measures it).
IMAGE_UPLOAD_MAX_PIXELS = int(os.environ.get("IMAGE_UPLOAD_MAX_PIXELS", 24_000_000))
# Frames × canvas pixels of an animation: each frame is decoded onto the whole
# canvas, so this, not the file size, is what an animated upload costs in memory.
IMAGE_UPLOAD_MAX_ANIMATION_PIXELS = int(
    os.environ.get("IMAGE_UPLOAD_MAX_ANIMATION_PIXELS", 25_000_000)
)
# Room for a form's other fields beside its largest image: a request body
# larger than IMAGE_UPLOAD_MAX_BYTES plus this is answered 413 unread.
REQUEST_BODY_FORM_MARGIN = int(os.environ.get("REQUEST_BODY_FORM_MARGIN", 2 * 1024 * 1024))
# Ours first: it stops storing a file part once it passes IMAGE_UPLOAD_MAX_BYTES.
FILE_UPLOAD_HANDLERS = [
    "config.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- django-markdownx -----------------------------------------------------

# The admin preview runs the same sanitising function that renders posts, so
# the preview is exactly what gets published. Both endpoints are our own
# staff-only views (config/urls.py), not markdownx's anonymous ones.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "core.markdown.render_markdown"
# Who may use the editor's preview and image upload (core.views).
MARKDOWN_EDITOR_PERMISSION = "blog.change_post"
# What robots.txt keeps crawlers out of (core.views.robots_txt).
ROBOTS_DISALLOW = ["/admin/", "/admin-tools/", "/search/", "/comments/"]
MARKDOWNX_URLS_PATH = "/admin-tools/markdown/preview/"
MARKDOWNX_UPLOAD_URLS_PATH = "/admin-tools/markdown/upload/"
MARKDOWNX_SERVER_CALL_LATENCY = 400

# --- Security -------------------------------------------------------------

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

# Behind a TLS-terminating proxy: HTTPS=on turns on every HTTPS-only setting.
if env_bool("HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# --- Email ----------------------------------------------------------------

# Django 6.1's MAILERS. EMAIL_BACKEND picks the backend (the console in the
# demo, decoded so that links can be copied: core/console_mail.py; SMTP
# otherwise); the SMTP connection comes from the EMAIL_* variables.
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND",
    "core.console_mail.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = environment.smtp_options()
# A mail provider's API instead of SMTP, with its bounce and complaint webhooks
# at /anymail/<provider>/tracking/ (pip install ".[provider]"; core/mail_provider.py):
# MAIL_PROVIDER=postmark, mailgun, sendgrid, amazon_ses... and its ANYMAIL_*
# variables (ANYMAIL_POSTMARK_SERVER_TOKEN, ANYMAIL_WEBHOOK_SECRET=user:password).
MAIL_PROVIDER = os.environ.get("MAIL_PROVIDER", "")
if MAIL_PROVIDER:
    INSTALLED_APPS += ["anymail"]
    MAILERS["default"] = {"BACKEND": f"anymail.backends.{MAIL_PROVIDER}.EmailBackend"}
    ANYMAIL = {
        name.removeprefix("ANYMAIL_"): value
        for name, value in os.environ.items()
        if name.startswith("ANYMAIL_")
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# "Name:address" or "address" items; Django 6 takes address strings.
ADMINS = environment.admins("ADMINS")

# --- Task queue and outgoing mail -----------------------------------------

# Django's Tasks framework. TASKS_BACKEND: "database" (django-tasks-db, tasks in
# this project's database, run by `manage.py task_worker`), "immediate" (each
# task runs at once in the process that queues it: the tests' default), or a
# dotted backend path (README: a Redis-backed backend).
TASKS = {"default": environment.task_backend(TESTING)}
# A running task's worker renews its lease every quarter of this; a task whose
# lease ran out (its worker was killed) runs again, and so does a message held
# this long. Well above the SMTP timeout.
TASKS_LEASE_SECONDS = int(os.environ.get("TASKS_LEASE_SECONDS", "600"))
# Temporary mail failures (4xx, connection refused) are retried after
# MAIL_RETRY_SECONDS, doubling each time up to MAIL_RETRY_MAX_SECONDS, until
# MAIL_MAX_ATTEMPTS attempts in all (with the defaults: about 1.5 days).
MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "10"))
MAIL_RETRY_SECONDS = float(os.environ.get("MAIL_RETRY_SECONDS", "60"))
MAIL_RETRY_MAX_SECONDS = float(os.environ.get("MAIL_RETRY_MAX_SECONDS", str(6 * 60 * 60)))

# --- Logging --------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
    },
}

# --- Tests ----------------------------------------------------------------

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# --- Comments ---------------------------------------------------------------

# Comments close by themselves this many days after a post is published (0: never).
COMMENTS_CLOSE_AFTER_DAYS = int(os.environ.get("COMMENTS_CLOSE_AFTER_DAYS", "0"))
COMMENTS_PER_PAGE = int(os.environ.get("COMMENTS_PER_PAGE", "50"))  # top-level threads
# Levels of nesting (a comment, a reply, a reply to a reply); the database
# holds no deeper one (a check constraint: changing this needs a migration).
COMMENTS_MAX_DEPTH = 3
COMMENTS_EDIT_MINUTES = int(os.environ.get("COMMENTS_EDIT_MINUTES", "10"))
# Spam defence: the signed form token's age window, and a per-address limit.
COMMENTS_MIN_SUBMIT_SECONDS = int(os.environ.get("COMMENTS_MIN_SUBMIT_SECONDS", "3"))
COMMENTS_TOKEN_MAX_AGE = 24 * 60 * 60
COMMENTS_RATE_LIMIT = int(os.environ.get("COMMENTS_RATE_LIMIT", "5"))
COMMENTS_RATE_LIMIT_SECONDS = 60
# Behind nginx, every request comes from the proxy: take the address it adds
# to X-Forwarded-For instead, so the rate limit is per visitor.
COMMENTS_BEHIND_PROXY = env_bool("COMMENTS_BEHIND_PROXY")
# What holds a comment for a moderator (comments/moderation.py).
COMMENTS_HOLD_FIRST_COMMENT = env_bool("COMMENTS_HOLD_FIRST_COMMENT", True)
COMMENTS_MAX_LINKS = int(os.environ.get("COMMENTS_MAX_LINKS", "2"))
COMMENTS_HOLD_BLOCKLIST = True
COMMENTS_HOLD_CRISIS = True
COMMENTS_HOLD_CONTACT_DETAILS = True
# Where the crisis help message's phone numbers are read (ISO country codes,
# the first for national numbers): comments/phone_links.py.
COMMENTS_PHONE_REGIONS = env_list("COMMENTS_PHONE_REGIONS", "US,GB,IE,CA")
# The spam filter (comments/spam_rules.py): on, the classifier's score from
# which a comment is filed as spam on its word alone, and from which it is held;
# how long spam stays in the spam folder before purge_spam deletes it; how
# many stored decisions and fingerprints each judgement reads.
COMMENTS_SPAM_FILTER = True
COMMENTS_SPAM_SCORE = float(os.environ.get("COMMENTS_SPAM_SCORE", "0.99"))
COMMENTS_SPAM_HOLD_SCORE = float(os.environ.get("COMMENTS_SPAM_HOLD_SCORE", "0.8"))
# At or under this, a long enough text reads as a reader's: evidence against spam.
COMMENTS_SPAM_HAM_SCORE = 0.2
COMMENTS_SPAM_KEEP_DAYS = int(os.environ.get("COMMENTS_SPAM_KEEP_DAYS", "30"))
COMMENTS_SPAM_EXAMPLES_READ = 5000
COMMENTS_SPAM_FINGERPRINTS_READ = 5000
# Besides staff who may moderate comments, these addresses get held-comment mail.
COMMENTS_MODERATOR_EMAILS = env_list("COMMENTS_MODERATOR_EMAILS")

# --- Writing (blog/models/evidence.py) ---------------------------------------

# A post with at least this many headings (second and third level) opens with
# a table of contents linking to them.
BLOG_CONTENTS_MIN_HEADINGS = int(os.environ.get("BLOG_CONTENTS_MIN_HEADINGS", "4"))

# --- Newsletter (blog/newsletter.py, blog/newsletter_sending.py) -------------

# The site's public address: links in mail sent by the worker, with no request
# to take it from (confirmation, unsubscribe and post links).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# A confirmation link works this many days.
NEWSLETTER_CONFIRM_DAYS = 7
# Messages per second a send may go out at (0: as fast as the server takes them).
NEWSLETTER_MAX_PER_SECOND = float(os.environ.get("NEWSLETTER_MAX_PER_SECOND", "10"))
# The weekly digest goes out on Monday from this hour, in TIME_ZONE.
NEWSLETTER_DIGEST_HOUR = int(os.environ.get("NEWSLETTER_DIGEST_HOUR", "7"))
# The mailto of List-Unsubscribe (RFC 2369): a mailbox someone reads.
NEWSLETTER_UNSUBSCRIBE_MAILBOX = os.environ.get(
    "NEWSLETTER_UNSUBSCRIBE_MAILBOX", DEFAULT_FROM_EMAIL
)
# Subscribe attempts per keyed IP hash per window (the comments' rate limit).
NEWSLETTER_RATE_LIMIT = int(os.environ.get("NEWSLETTER_RATE_LIMIT", "5"))
NEWSLETTER_RATE_LIMIT_SECONDS = 600

# --- Login throttling (django-axes) ---------------------------------------

# Failed admin logins are counted per username and IP address together: an
# attacker guessing one account's password is locked out of that account from
# that address, while its owner can still log in from elsewhere. A superuser
# unlocks early in the admin (Axes > Access attempts) or with
# `manage.py axes_reset` / `axes_reset_username NAME`.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last, as axes requires
AUTHENTICATION_BACKENDS = [
    "config.auth_backends.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.auth_backends.lockout_response"
AXES_VERBOSE = False
LOGIN_CLIENT_IP_HEADER = os.environ.get("LOGIN_CLIENT_IP_HEADER", "")
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_ip"

# --- Revisions (django-reversion) -----------------------------------------

# Every admin save of a post or profile keeps a version (core.revisions).
INSTALLED_APPS += ["reversion"]
if TESTING:
    # Every test login would log a line; failures and lockouts still do.
    LOGGING["loggers"]["axes"] = {"level": "WARNING"}

# --- Availability (config/availability.py) -------------------------------------

# Last, so it sees a view's database errors first: a 503 page, not a 500.
MIDDLEWARE += ["config.availability.DatabaseUnavailableMiddleware"]
# Load balancers probe /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# With Redis, sessions are read from the shared cache and written through to
# the database: one query less per request, the same session on every server.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Media on object storage (optional: pip install ".[s3]") -------------------

# MEDIA_STORAGE=s3 stores uploads in an S3 (or S3-compatible) bucket through
# django-storages; credentials come from boto3's usual chain (AWS_ACCESS_KEY_ID
# and AWS_SECRET_ACCESS_KEY, or an instance role). The default stays on disk.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem").strip().lower() or "filesystem"
if MEDIA_STORAGE == "s3":
    AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "media")
    # Uploads have random names: never overwrite one. Plain public URLs by
    # default, since signed ones expire inside pages a cache may keep.
    AWS_S3_FILE_OVERWRITE = False
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
    SERVE_MEDIA = False
    # The pages show images from the bucket: allow its origin in the CSP.
    media_origins = environment.s3_media_origins(
        AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, AWS_S3_CUSTOM_DOMAIN, AWS_S3_REGION_NAME
    )
    SECURE_CSP["img-src"] = [*SECURE_CSP["img-src"], *env_list("MEDIA_ORIGINS"), *media_origins]
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"MEDIA_STORAGE is 'filesystem' or 's3', not {MEDIA_STORAGE!r}.")

# --- Page cache (issue 8) -------------------------------------------------

# Whole pages for anonymous visitors, invalidated per object (authors/page_cache.py).
# On by default only where the cache is shared by every worker (Redis) or the
# server is one process (tests, runserver with DEBUG): with a per-process
# LocMemCache, a save in one worker could not reach the pages another keeps.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", bool(os.environ.get("REDIS_URL")) or DEBUG or TESTING)
# A request carrying one of these cookies (or the session cookie) belongs to one
# visitor: it is never answered from, nor stored into, the shared page cache.
# Apps add their own (core.page_cache.private_cookies).
PAGE_CACHE_PRIVATE_COOKIES = ["messages"]
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", 24 * 3600))
# Each worker also keeps this many recent pages in memory (versions still
# checked in the shared cache on every hit).
PAGE_CACHE_RECENT_PAGES = int(os.environ.get("PAGE_CACHE_RECENT_PAGES", 200))
# A page rendered within this many seconds after a bump of one of its tags is
# not stored: its reads may predate the change (clocks of different hosts).
PAGE_CACHE_CLOCK_SKEW = float(os.environ.get("PAGE_CACHE_CLOCK_SKEW", "0.5"))
# For the benchmark: "X-Page-Cache: bypass" renders the page as on a miss (reusing
# cached fragments), "bypass-all" renders it with nothing cached.
PAGE_CACHE_ALLOW_BYPASS = env_bool("PAGE_CACHE_ALLOW_BYPASS")
# What cacheable anonymous pages say to browsers and CDNs: revalidate in the
# browser, a minute in a shared cache, then served stale while it refreshes.
PAGE_CACHE_CONTROL = os.environ.get(
    "PAGE_CACHE_CONTROL", "public, max-age=0, s-maxage=60, stale-while-revalidate=600"
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "core.page_cache.PageCacheMiddleware",
)
# Outside the page cache, so cached pages answer If-None-Match with 304 too.
MIDDLEWARE.insert(
    MIDDLEWARE.index("core.page_cache.PageCacheMiddleware"),
    "django.middleware.http.ConditionalGetMiddleware",
)
