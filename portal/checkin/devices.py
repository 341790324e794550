"""Device tokens: a key for one event's JSON API, issued by staff at the desk, stored only as a keyed hash (the
caller hashes), working until revoked or until the event's check-in window closes (and a grace after it, given by
the caller, for sending what was queued offline)."""
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import checkin
from portal.checkin import scans as scanning
from portal.extensions import db
from portal.models import DeviceCheckin, DeviceToken
from portal.storage import writes


def issue(event, user, digest, now):
    """Store a new device token for event whose keyed hash is digest; it expires when the check-in window closes."""
    device = DeviceToken(event_id=event.id, token_hash=digest, issued_by_id=user.id if user else None, created_at=now,
                         expires_at=event.checkin_window[1])
    db.session.add(device)
    db.session.flush()
    return device


def of_event(event):
    """The event's device tokens, newest first."""
    return db.session.scalars(select(DeviceToken).where(DeviceToken.event_id == event.id)
                              .order_by(DeviceToken.id.desc())).all()


def revoke(event, device_id, now):
    """Revoke the event's device token device_id; return it (None when the event has no such token)."""
    device = db.session.scalar(select(DeviceToken).where(DeviceToken.id == device_id,
                                                         DeviceToken.event_id == event.id))
    if device is not None and device.revoked_at is None:
        device.revoked_at = now
        db.session.flush()
    return device


def state(device, now, grace=timedelta()):
    """'revoked', 'expired' (grace after expires_at) or 'live'."""
    if device.revoked_at is not None:
        return "revoked"
    return "expired" if now > device.expires_at + grace else "live"


def find(digest):
    """The device token whose keyed hash is digest, or None."""
    return db.session.scalar(select(DeviceToken).where(DeviceToken.token_hash == digest))


def check_in_scans(event, device, scans, now):
    """Record a device's scans (key, code, scanned_at: naive local time or None), each exactly once: a key seen
    before gets its first answer again. Return one (DeviceCheckin, Outcome or None for a replay) per scan.

    A scan counts at the device's time when that is in the check-in window and not after now (else at now); a
    ticket already in gets the earlier of the two times.
    """
    def scan(code):
        return lambda when: scanning.scan(event, code, "ticket", when, user_id=device.issued_by_id)
    return _each_once(event, device, [(key, at, scan(code)) for key, code, at in scans], now)


def check_in_walk_ins(event, device, walk_ins, now):
    """Record a device's walk-ins (key, scanned_at, details, notice) as check_in_scans records scans; details is the
    CheckinRefused of one the form refused, answered as refused with nothing else written."""
    def walk_in(details, notice):
        def record(when):
            if isinstance(details, checkin.CheckinRefused):
                raise details
            return checkin.check_in_walk_in(event, details, when, notice=notice, user=device.issued_by)
        return record
    return _each_once(event, device, [(key, at, walk_in(details, notice)) for key, at, details, notice in walk_ins],
                      now)


def _each_once(event, device, items, now):
    """Run each item's record(when) once per key (key, scanned_at, record); the key is claimed first, so a retry
    sent at the same moment waits for this one and gets its answer."""
    writes.begin(db.session())  # the batch writes: the answers' rows go into the transaction the scans write in
    keys = [key for key, _at, _record in items]
    seen = {row.key: row for row in db.session.scalars(select(DeviceCheckin).where(
        DeviceCheckin.event_id == event.id, DeviceCheckin.key.in_(keys)))}
    answers = []
    for key, scanned_at, record in items:
        row = seen.get(key) or _claim(event, device, key, scanned_at, now)
        if row.status:
            seen[key] = row
            answers.append((row, None))
            continue
        when = scanned_at if _believable(event, scanned_at, now) else now
        outcome = checkin.attempt(lambda: record(when))  # noqa: B023  (called at once)
        if outcome.status == "already" and when < outcome.attendance.created_at:
            outcome = scanning.counted_earlier(outcome, when)  # the earliest scan of the person is when they came
        refusal = outcome.refusal
        row.status, row.reason, row.message = outcome.status, refusal and refusal.reason, outcome.message[:300] or None
        row.errors = (refusal and refusal.errors) or None
        row.attendance_id = outcome.attendance.id if outcome.attendance else None
        db.session.flush()
        seen[key] = row
        answers.append((row, outcome))
    return answers


def _claim(event, device, key, scanned_at, now):
    """A new answer row for key with no status yet, or the row another request stored for it meanwhile."""
    row = DeviceCheckin(event_id=event.id, device_token_id=device.id, key=key, status="", scanned_at=scanned_at,
                        created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:  # the same key sent at once by a retry: the first answer stands
        return db.session.scalar(select(DeviceCheckin).where(DeviceCheckin.event_id == event.id,
                                                             DeviceCheckin.key == key))
    return row


def _believable(event, scanned_at, now):
    """True when a device's scan time can stand: in the event's check-in window and not in the future."""
    if scanned_at is None or scanned_at > now:
        return False
    opens, closes = event.checkin_window
    return opens <= scanned_at <= closes
