"""Device tokens: a key for one event's JSON API, issued by staff at the desk, stored only as a keyed hash (the
caller hashes), working until revoked or until the event's check-in window closes."""
from sqlalchemy import select

from portal.extensions import db
from portal.models import DeviceToken


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
