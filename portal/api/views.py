"""The JSON API's routes."""
from flask import jsonify, request, url_for

from portal import clock, tally
from portal.api import batches
from portal.api.blueprint import (
    bp,
    current_device,
    device_event,
    snapshot_key,
    sync_grace,
    ticket_hash,
)
from portal.api.openapi import DOCUMENT
from portal.catalogue import list_communes
from portal.checkin import devices, people, scans
from portal.i18n import SEX_LABELS
from portal.self_checkin.forms import WalkInForm
from portal.tally import state


def _time(moment):
    """A naive local time as ISO 8601, or None."""
    return moment.isoformat() if moment else None


@bp.get("/events/<slug>")
def event(slug):
    """What the desk app shows and asks: the event, its window and how long queued scans may still be sent; the
    walk-in form's choices (units, sexes) and the notice walk-ins consent to."""
    found = device_event(slug)
    form = WalkInForm(list_communes(found.campaign), formdata=None, meta={"csrf": False})
    opens, closes = found.checkin_window
    return jsonify(
        event={"slug": found.slug, "title": found.title, "venue": found.venue,
               "unit": found.commune.name if found.commune else None, "starts_at": _time(found.starts_at),
               "ends_at": _time(found.ends_at), "checkin_opens_at": _time(opens), "checkin_closes_at": _time(closes),
               "sync_until": _time(current_device().expires_at + sync_grace()),
               "utc_offset": clock.utc_offset(found.starts_at)},
        units=[{"code": choice.value, "name": str(choice.label)} for choice in form.commune.choices if choice.value],
        sexes=[{"code": code, "label": str(label)} for code, label in SEX_LABELS.items()],
        notice={"version": form.notice.number, "url": url_for("public.notice", number=form.notice.number)},
        now=_time(clock.now()))


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
    """Record a batch of scans from the device, each exactly once by its id; answer each: new, already or refused.
    What the device queued offline may still be sent for a grace after its token expired."""
    event = device_event(slug, syncing=True)
    answers = devices.check_in_scans(event, current_device(), batches.scans(request.get_json(silent=True)),
                                     clock.now())
    return jsonify(results=[_answer(row, outcome) for row, outcome in answers])


@bp.post("/events/<slug>/walkins")
def walkins(slug):
    """Record a batch of walk-ins taken at the desk, each checked as the walk-in form checks it and recorded exactly
    once by its id; answer each as scans are answered, with a message per field for one the form refused."""
    event = device_event(slug, syncing=True)
    items = batches.walk_ins(request.get_json(silent=True), list_communes(event.campaign))
    answers = devices.check_in_walk_ins(event, current_device(), items, clock.now())
    return jsonify(results=[_answer(row, outcome) | {"errors": row.errors or {}} for row, outcome in answers])


def _answer(row, outcome):
    """What a scan was answered (the same for a replay of its id, whose outcome is None)."""
    attendance = outcome.attendance if outcome else scans.seen(row.attendance_id) if row.attendance_id else None
    return {"id": row.key, "status": row.status, "reason": row.reason, "message": row.message or "",
            "name": attendance.full_name if attendance else None, "unit": attendance.unit if attendance else None,
            "checked_in_at": _time(attendance.created_at) if attendance else None}


@bp.get("/events/<slug>/tickets")
def tickets(slug):
    """The event's confirmed tickets for recognising them offline: keyed hashes of each token and short code (the
    key is given with them, per device), name, unit, when checked in; nothing when the cursor is still current. And
    when the check-in window closes."""
    event = device_event(slug)
    key, closes = snapshot_key(current_device()), _time(event.checkin_window[1])
    cursor = state.event_version(event.id)  # moves with the event's tickets and check-ins, not other events'
    if request.args.get("cursor", "")[:20] == cursor:
        return jsonify(cursor=cursor, changed=False, hash_key=key, checkin_closes_at=closes, tickets=[])
    return jsonify(cursor=cursor, changed=True, hash_key=key, checkin_closes_at=closes, tickets=[
        {"token_hash": ticket_hash(key, "token", token), "code_hash": ticket_hash(key, "code", code), "name": name,
         "unit": unit, "checked_in": checked_in_at is not None, "checked_in_at": _time(checked_in_at)}
        for token, code, name, unit, checked_in_at in people.tickets(event)])


@bp.get("/openapi.json")
def openapi():
    """The API's OpenAPI 3 document."""
    return jsonify(DOCUMENT)
