"""Safe defaults only; secrets and site settings come from instance/config.py or the environment."""

# The SQLite file in instance/ is used unless DATABASE_URL or the instance config names another database.
SQLALCHEMY_DATABASE_URI = None
# hide_parameters: a failed statement's values (names, phones) never reach an exception message or the log.
SQLALCHEMY_ENGINE_OPTIONS = {"hide_parameters": True}  # a server database is pinged before use (startup.finish)
# Connections each server process keeps open to PostgreSQL: one per gunicorn thread (`--threads 2` in `make run`),
# so no request waits for a connection, plus a few for a burst. Every process has its own pool: workers x (size +
# overflow) must stay under PostgreSQL's max_connections (100 by default). SQLite ignores both.
DATABASE_POOL_SIZE = 2
DATABASE_MAX_OVERFLOW = 2
# PostgreSQL's synchronous_commit for the portal's connections. "off": a commit returns once written, before it is on
# disk (a power cut may lose the last moment's commits, never half of one), the promise SQLite keeps here in WAL with
# synchronous NORMAL. "on": every commit waits for its flush.
DATABASE_SYNCHRONOUS_COMMIT = "off"

TIMEZONE = "Asia/Ho_Chi_Minh"
BABEL_DEFAULT_LOCALE = "vi"
BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}

EVENTS_PER_PAGE = 12

# How staff passwords are hashed (werkzeug's method string). Tests use a cheap one; keep scrypt in production.
PASSWORD_HASH_METHOD = "scrypt"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
PERMANENT_SESSION_LIFETIME = 60 * 60 * 8  # staff sign in again after 8 hours
SESSION_REFRESH_EACH_REQUEST = False  # the 8 hours count from sign-in; no cookie re-signed on every scan
WTF_CSRF_TIME_LIMIT = 60 * 60 * 8

# Behind nginx (or any reverse proxy) set PROXY_COUNT to the number of proxies in front of the app, so the client's
# own address (for rate limits) and scheme come from X-Forwarded-For/-Proto. At 0 those headers are ignored: a
# client could write anything in them. SERVED_OVER_HTTPS marks the session cookie Secure and sends HSTS.
PROXY_COUNT = 0
SERVED_OVER_HTTPS = False
HSTS_SECONDS = 365 * 24 * 3600

# Rate limits (Flask-Limiter). Point the storage at Redis when running several processes.
RATELIMIT_STORAGE_URI = "memory://"
RATELIMIT_HEADERS_ENABLED = True
# A moving window: no burst of twice the limit around a window's edge, and no count reset at a clock boundary.
RATELIMIT_STRATEGY = "moving-window"
RATELIMIT_FAIL_ON_FIRST_BREACH = False  # a refused try still counts against every limit (per event and overall)
# If Redis stops, each process keeps counting in its own memory (Flask-Limiter logs a warning) rather than
# answering 500 to everyone; it goes back to Redis once Redis answers again. Short timeouts: a hung Redis must
# not hold up sign-in. (The options go to redis-py; the memory storage ignores them.)
RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
RATELIMIT_SWALLOW_ERRORS = True
RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
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

# Hours after a device token expires (when its event's check-in window closes) that the desk app may still send the
# scans and walk-ins it queued offline; they count only at a believable time inside the window.
DEVICE_SYNC_GRACE_HOURS = 24

# How many people (a household sharing one phone) may register for one event with the same phone number.
HOUSEHOLD_SIZE = 5

# Pages travel compressed (rural 3G/4G); static files are cached for a year, their URLs carry a content hash.
COMPRESS_ALGORITHM = ["br", "gzip"]
COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript", "text/csv",
                      "image/svg+xml", "text/calendar"]
SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600

# The largest request body: a unit list's CSV file (portal.catalogue.unit_lists reads up to 1 MB) with room to spare.
# Anything larger is refused (413) before it is read.
MAX_CONTENT_LENGTH = 2 * 1024 * 1024

# Seconds a write waits for another writer before the person is asked to try again (503 with Retry-After).
WRITE_LOCK_TIMEOUT = 5

# Days after an admin closes a campaign before `flask purge` removes its personal data (the counts stay).
RETENTION_DAYS_AFTER_CLOSING = 90
