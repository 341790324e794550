"""The queue of people's requests about their own data: recording them, their deadline, marking them done."""
from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import DataRequest
from portal.web.limits import keyed

WORKING_DAYS_TO_ANSWER = 2


def deadline(received_at, working_days=WORKING_DAYS_TO_ANSWER):
    """The time working_days working days (Monday to Friday) after received_at: Friday 10:30 → Tuesday 10:30."""
    due, left = received_at, working_days
    while left:
        due += timedelta(days=1)
        if due.weekday() < 5:
            left -= 1
    return due


def phone_hash(phone):
    """The queue's name for a phone number: a keyed hash, never the number."""
    return keyed("data-request", phone)


def record(kind, phone_hash, phone_last3, now, done=False, user=None):
    """Add a request of kind for the person named by phone_hash; actions done at once (by the portal itself, or by
    user) are recorded as done."""
    request = DataRequest(kind=kind, phone_hash=phone_hash, phone_last3=phone_last3, received_at=now,
                          due_at=deadline(now), status="done" if done else "received",
                          handled_at=now if done else None, handled_by_id=getattr(user, "id", None))
    db.session.add(request)
    db.session.flush()
    return request


def close_erasures(phone_hash, user, now):
    """Mark this person's erasure requests still waiting as handled by user (None: the portal itself) at now."""
    for request in db.session.scalars(select(DataRequest).where(
            DataRequest.phone_hash == phone_hash, DataRequest.kind == "erasure", DataRequest.status == "received")):
        request.status, request.handled_by_id, request.handled_at = "done", getattr(user, "id", None), now
    db.session.flush()


def queue():
    """Every request, the ones still to handle first (earliest deadline first), then the rest newest first."""
    return db.session.scalars(select(DataRequest).order_by(
        (DataRequest.status == "done"), DataRequest.due_at, DataRequest.received_at.desc())).all()


def mark_done(request_id, user, now):
    """Mark a received request handled by user at now; return it, or None when there is no such request."""
    request = db.session.get(DataRequest, request_id)
    if request is not None and request.status == "received":
        request.status, request.handled_by_id, request.handled_at = "done", user.id, now
        db.session.flush()
    return request
