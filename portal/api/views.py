"""The JSON API's routes."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, jsonify, request

from portal import clock, tally
from portal.api.blueprint import (
    ApiRefused,
    bp,
    current_device,
    device_event,
    snapshot_key,
    ticket_hash,
)
from portal.api.openapi import DOCUMENT
from portal.checkin import devices, people
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.models import Attendance
from portal.tally import state
from portal.web.guard import has_control

MAX_BATCH = 200


@bp.get("/events/<slug>/counts")
def counts(slug):
    """The event's numbers, as on the dashboard's page for it."""
    event = device_event(slug)
    _rows, totals = tally.compute(tally.Scope(event.campaign_id, event_id=event.id), clock.now())
    people = totals.participants
    return jsonify(event=event.slug, registrations=totals.registrations, registered_attended=totals.registered_attended,
                   attendances=totals.attendances.total, headcounts=totals.headcounts.total,
                   participants={"total": people.total, "male": people.male, "female": people.female,
                                 "other": people.other, "unknown": people.unknown})


@bp.post("/events/<slug>/checkins")
def checkins(slug):
    """Record a batch of scans from the device, each exactly once by its id; answer each: new, already or refused."""
    event = device_event(slug)
    scans = _scans(request.get_json(silent=True))
    now = clock.now()
    answers = devices.check_in_scans(event, current_device(), scans, now)
    return jsonify(results=[_answer(row) for row, _outcome in answers])


def _scans(body):
    """The batch's scans as (key, code, scanned_at); raises ApiRefused for a body that is not a valid batch."""
    if not isinstance(body, dict) or not isinstance(body.get("checkins"), list):
        raise ApiRefused(400, "bad_json", _l("Dữ liệu gửi lên không phải là một lô điểm danh hợp lệ (JSON)."))
    items = body["checkins"]
    if len(items) > MAX_BATCH:
        raise ApiRefused(400, "too_many_items", _l("Mỗi lần gửi tối đa %(count)s lượt quét.", count=MAX_BATCH))
    scans = []
    for item in items:
        key = item.get("id") if isinstance(item, dict) else None
        code = item.get("code") if isinstance(item, dict) else None
        if (not isinstance(key, str) or not 0 < len(key) <= 36 or has_control(key) or not isinstance(code, str)
                or len(code) > 300):
            raise ApiRefused(400, "bad_item", _l("Một lượt quét thiếu mã lượt (id) hoặc mã vé (code)."))
        scans.append((key, "" if has_control(code) else code, _scan_time(item.get("scanned_at"))))
    return scans


def _scan_time(text):
    """The device's scan time as naive local time (None when not given); raises ApiRefused when unreadable."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text) if isinstance(text, str) and len(text) <= 40 else None
    except ValueError:
        moment = None
    if moment is None:
        raise ApiRefused(400, "bad_item", _l("Thời điểm quét (scanned_at) phải theo dạng ISO 8601."))
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(current_app.config["TIMEZONE"])).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _answer(row):
    """What a scan was answered (the same for a replay of its id)."""
    attendance = db.session.get(Attendance, row.attendance_id) if row.attendance_id else None
    person = attendance.person if attendance else None
    return {"id": row.key, "status": row.status, "reason": row.reason, "message": row.message or "",
            "name": person.full_name if person else None,
            "unit": person.commune.name if person and person.commune else None,
            "checked_in_at": attendance.created_at.isoformat() if attendance else None}


@bp.get("/events/<slug>/tickets")
def tickets(slug):
    """The event's confirmed tickets for recognising them offline: keyed hashes of each token and short code (the
    key is given with them, per device), name, unit, whether checked in; nothing when the cursor is still current."""
    event = device_event(slug)
    key = snapshot_key(current_device())
    cursor = str(state.version())
    if request.args.get("cursor", "")[:20] == cursor:
        return jsonify(cursor=cursor, changed=False, hash_key=key, tickets=[])
    return jsonify(cursor=cursor, changed=True, hash_key=key, tickets=[
        {"token_hash": ticket_hash(key, "token", token), "code_hash": ticket_hash(key, "code", code), "name": name,
         "unit": unit, "checked_in": attended is not None}
        for token, code, name, unit, attended in people.tickets(event)])


@bp.get("/openapi.json")
def openapi():
    """The API's OpenAPI 3 document."""
    return jsonify(DOCUMENT)
