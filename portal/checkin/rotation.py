"""Rotating self-check-in codes: the projected QR changes every period, so a photo sent home soon stops working."""
import base64
import hashlib
import hmac
import time

PERIOD = 30  # seconds each projected code is shown
GRACE = 1  # how many previous codes are still accepted (someone scanning as it changes)


def now():
    """Return the current Unix time in seconds: the clock of codes and scans (tests move it)."""
    return time.time()


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


def scan(device_mark, timestamp):
    """Return what a session keeps of a scan: when, and which device (as a keyed hash, so a copy cannot rebuild it)."""
    return [int(timestamp), device_mark]


def scan_is_fresh(kept, device_mark, timestamp, grace):
    """True when kept is a scan by this device (device_mark) no more than grace seconds before timestamp."""
    if not (device_mark and isinstance(kept, list) and len(kept) == 2):
        return False
    scanned_at, mark = kept
    return hmac.compare_digest(str(mark), device_mark) and timestamp - scanned_at <= grace
