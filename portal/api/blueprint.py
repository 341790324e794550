"""The /api/v1 blueprint: CSRF-exempt (a device token in the Authorization header, never a cookie), JSON answers."""
import hashlib
import hmac
from datetime import timedelta

from flask import Blueprint, current_app, g, request

from portal import clock
from portal.catalogue import select_event
from portal.checkin import devices
from portal.extensions import csrf, db
from portal.i18n import lazy_gettext as _l
from portal.models import Event
from portal.web.errors import api_error
from portal.web.limits import keyed

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


class ApiRefused(Exception):
    """The request cannot be answered: status, a machine code, and the message for people."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code = status, code


@bp.errorhandler(ApiRefused)
def _refused(error):
    return api_error(error.status, error.code, error)


def device_digest(token):
    """The keyed hash a device token is stored and looked up by."""
    return keyed("device-token", token)


def sync_grace():
    """How long after its expiry a device token may still send what it queued offline."""
    return timedelta(hours=current_app.config["DEVICE_SYNC_GRACE_HOURS"])


def device_event(slug, syncing=False):
    """The event a request's device token opens: the event with this address, checked against the token (when
    syncing, a write of what the device queued, an expired token works for the grace after); raises ApiRefused (401
    for a missing, unknown, revoked or expired token; 404 for no such event; 403 for another event's token)."""
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        raise ApiRefused(401, "token_missing", _l("Thiếu mã thiết bị. Hãy cấp mã cho thiết bị tại bàn điểm danh."))
    device = devices.find(device_digest(token))
    if device is None:
        raise ApiRefused(401, "token_unknown", _l("Mã thiết bị không đúng."))
    state = devices.state(device, clock.now(), sync_grace() if syncing else timedelta())
    if state == "revoked":
        raise ApiRefused(401, "token_revoked", _l("Mã thiết bị này đã bị thu hồi."))
    if state == "expired":
        raise ApiRefused(401, "token_expired", _l("Mã thiết bị này đã hết hạn (đã hết giờ điểm danh)."))
    event = db.session.scalar(select_event(Event.slug == slug))
    if event is None:
        raise ApiRefused(404, "not_found", _l("Không tìm thấy hoạt động này."))
    if event.id != device.event_id:
        raise ApiRefused(403, "other_event", _l("Mã thiết bị này dành cho hoạt động khác."))
    g.api_device = device
    return event


def current_device():
    """The device token device_event() accepted for this request."""
    return g.api_device


def snapshot_key(device):
    """The key (hex) a device's ticket snapshot is hashed with: its own, so one device's copy says nothing about
    another's."""
    return hmac.new(current_app.config["SECRET_KEY"].encode(), f"ticket-snapshot:{device.id}".encode(),
                    hashlib.sha256).hexdigest()


def ticket_hash(key, kind, value):
    """HMAC-SHA256 of 'kind:value' under the snapshot key: what the device computes from a scanned token ('token')
    or a typed short code ('code', as printed without its dash) to look it up."""
    return hmac.new(bytes.fromhex(key), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
