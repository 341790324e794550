"""The queue of people's requests about their own data: recording them, their deadline, marking them done."""
from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import DataRequest

WORKING_DAYS_TO_ANSWER = 2


def deadline(received_at, working_days=WORKING_DAYS_TO_ANSWER):
    """The time working_days working days (Monday to Friday) after received_at: Friday 10:30 → Tuesday 10:30."""
    due, left = received_at, working_days
    while left:
        due += timedelta(days=1)
        if due.weekday() < 5:
            left -= 1
    return due


def record(kind, phone_hash, phone_last3, now, done=False):
    """Add a request of kind for the person named by phone_hash; actions the portal does itself are done at once."""
    request = DataRequest(kind=kind, phone_hash=phone_hash, phone_last3=phone_last3, received_at=now,
                          due_at=deadline(now), status="done" if done else "received",
                          handled_at=now if done else None)
    db.session.add(request)
    db.session.flush()
    return request


def pending_erasures(phone_hash):
    """The erasure requests of this person not yet handled, oldest first."""
    return db.session.scalars(select(DataRequest).where(
        DataRequest.phone_hash == phone_hash, DataRequest.kind == "erasure", DataRequest.status == "received",
    ).order_by(DataRequest.received_at)).all()


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
