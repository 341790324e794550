"""Device tokens: a key for one event's JSON API, issued by staff at the desk, stored only as a keyed hash (the
caller hashes), working until revoked or until the event's check-in window closes."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import checkin, tally
from portal.extensions import db
from portal.models import DeviceCheckin, DeviceToken


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


def state(device, now):
    """'revoked', 'expired' or 'live'."""
    if device.revoked_at is not None:
        return "revoked"
    return "expired" if now > device.expires_at else "live"


def find(digest):
    """The device token whose keyed hash is digest, or None."""
    return db.session.scalar(select(DeviceToken).where(DeviceToken.token_hash == digest))


def check_in_scans(event, device, scans, now):
    """Record a device's scans (key, code, scanned_at: naive local time or None), each exactly once: a key seen
    before gets its first answer again. Return one (DeviceCheckin, Outcome or None for a replay) per scan.

    A scan counts at the device's time when that is in the check-in window and not after now (else at now); a
    ticket already in gets the earlier of the two times.
    """
    keys = [key for key, _code, _at in scans]
    seen = {row.key: row for row in db.session.scalars(select(DeviceCheckin).where(
        DeviceCheckin.event_id == event.id, DeviceCheckin.key.in_(keys)))}
    answers = []
    for key, code, scanned_at in scans:
        if key in seen:
            answers.append((seen[key], None))
            continue
        when = scanned_at if _believable(event, scanned_at, now) else now
        outcome = checkin.attempt(lambda: checkin.check_in_registration(  # noqa: B023  (called at once)
            event, checkin.find_registration(code), "ticket", when, user=device.issued_by))
        if outcome.status == "already" and when < outcome.attendance.created_at:
            with tally.change():
                outcome.attendance.created_at = when  # the earliest scan of the ticket is when they came
        row = DeviceCheckin(event_id=event.id, device_token_id=device.id, key=key, status=outcome.status,
                            reason=outcome.refusal.reason if outcome.refusal else None,
                            message=outcome.message[:300] or None,
                            attendance_id=outcome.attendance.id if outcome.attendance else None,
                            scanned_at=scanned_at, created_at=now)
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:  # the same key sent at once by a retry: the first answer stands
            row = db.session.scalar(select(DeviceCheckin).where(DeviceCheckin.event_id == event.id,
                                                                DeviceCheckin.key == key))
            outcome = None
        seen[key] = row
        answers.append((row, outcome))
    return answers


def _believable(event, scanned_at, now):
    """True when a device's scan time can stand: in the event's check-in window and not in the future."""
    if scanned_at is None or scanned_at > now:
        return False
    opens, closes = event.checkin_window
    return opens <= scanned_at <= closes
