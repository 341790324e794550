"""Rotating self-check-in codes: the projected QR changes every period, so a photo sent home soon stops working."""
import base64
import hashlib
import hmac

PERIOD = 30  # seconds each projected code is shown
GRACE = 1  # how many previous codes are still accepted (someone scanning as it changes)


def code(secret, checkin_code, timestamp):
    """Return the code shown at timestamp (Unix seconds) for an event's check-in code."""
    window = int(timestamp) // PERIOD
    digest = hmac.new(secret.encode(), f"{checkin_code}:{window}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode().lower()


def is_current(secret, checkin_code, candidate, timestamp):
    """True when candidate is the code of now or of the previous GRACE periods."""
    return any(
        hmac.compare_digest(candidate or "", code(secret, checkin_code, timestamp - back * PERIOD))
        for back in range(GRACE + 1)
    )
