"""Safe defaults only; secrets and site settings come from instance/config.py or the environment."""

# The SQLite file in instance/ is used unless DATABASE_URL or the instance config names another database.
SQLALCHEMY_DATABASE_URI = None
# Failed statements are logged without their parameters: they hold names and phone numbers.
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}

TIMEZONE = "Asia/Ho_Chi_Minh"
BABEL_DEFAULT_LOCALE = "vi"
BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}

EVENTS_PER_PAGE = 12

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
PERMANENT_SESSION_LIFETIME = 60 * 60 * 8  # staff sign in again after 8 hours
SESSION_REFRESH_EACH_REQUEST = False  # the 8 hours count from sign-in; no cookie re-signed on every scan
WTF_CSRF_TIME_LIMIT = 60 * 60 * 8

# Rate limits (Flask-Limiter). Point the storage at Redis when running several processes.
RATELIMIT_STORAGE_URI = "memory://"
RATELIMIT_HEADERS_ENABLED = True
RECOVER_LIMIT_PER_ADDRESS = "20 per hour"
RECOVER_LIMIT_PER_PHONE = "5 per hour"
LOGIN_LIMIT_PER_ADDRESS = "30 per 15 minutes"
LOGIN_LIMIT_PER_USER = "10 per 15 minutes"
SELF_CHECKIN_LIMIT_PER_ADDRESS = "120 per minute"
SELF_CHECKIN_LIMIT_PER_DEVICE = "10 per 10 minutes"

# Pages travel compressed (rural 3G/4G); static files are cached for a year, their URLs carry a content hash.
COMPRESS_ALGORITHM = ["br", "gzip"]
COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript", "text/csv",
                      "image/svg+xml", "text/calendar"]
SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600

# The dashboard's table is computed at most once per this many seconds per process (and query); tests use 0.
TALLY_CACHE_SECONDS = 1
