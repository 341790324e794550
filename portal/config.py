"""Safe defaults only; secrets and site settings come from instance/config.py or the environment."""

# The SQLite file in instance/ is used unless DATABASE_URL or the instance config names another database.
SQLALCHEMY_DATABASE_URI = None
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

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
RATELIMIT_FAIL_ON_FIRST_BREACH = False  # a refused try still counts against every limit (per event and overall)
RECOVER_LIMIT_PER_ADDRESS = "20 per hour"
RECOVER_LIMIT_PER_PHONE = "5 per hour"
LOGIN_LIMIT_PER_ADDRESS = "30 per 15 minutes"
LOGIN_LIMIT_PER_USER = "10 per 15 minutes"
SELF_CHECKIN_LIMIT_PER_ADDRESS = "120 per minute"
SELF_CHECKIN_IDENTIFY_LIMIT_PER_ADDRESS = "30 per 10 minutes"
SELF_CHECKIN_LIMIT_PER_PHONE = "5 per hour"  # tries naming one phone number at one event (identify, walk-in)
# Tries naming one phone number anywhere (self check-in and ticket recovery together): a year of birth is not
# found by guessing, whatever cookies or addresses are used.
PHONE_TRIES_LIMIT = "6 per hour;12 per day"
SELF_CHECKIN_LIMIT_PER_DEVICE = "10 per 10 minutes"
# Seconds after opening a rotating QR that the same device may still check in (a few minutes at most: a photo of the
# code, or a copied cookie, soon stops working); and after opening the fixed QR of a printed poster (time enough
# to fill the four walk-in fields on a slow phone).
SELF_CHECKIN_SCAN_GRACE = 180
SELF_CHECKIN_POSTER_GRACE = 15 * 60

# Pages travel compressed (rural 3G/4G); static files are cached for a year, their URLs carry a content hash.
COMPRESS_ALGORITHM = ["br", "gzip"]
COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript", "text/csv",
                      "image/svg+xml", "text/calendar"]
SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600
