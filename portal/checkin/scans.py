"""A ticket scanned at a desk, the signed-in desk's or a device's: the fewest statements that find the ticket, record
the attendance and count it, reading only what the answer shows. Both desks check tickets in through `scan`."""
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from portal import tally
from portal.checkin import CheckinRefused, Outcome, names_ticket, require_window
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.models import Attendance, Commune, Event, Person, Registration
from portal.storage import writes


@dataclass(frozen=True)
class Seen:
    """An attendance as a scan's answer shows it (an Attendance reads the same): its id, when, whose name, the
    name of their unit (None: elsewhere)."""

    id: int
    created_at: datetime
    full_name: str
    unit: str | None


# One row: the ticket, its holder (what the counters need: sex, unit) and the attendance it already has, if any.
_TICKET = (select(Registration.id, Registration.event_id, Registration.person_id, Registration.person_key,
                  Registration.phone, Registration.status, Person.full_name, Person.sex, Person.commune_id,
                  Commune.name.label("unit"), Attendance.id.label("attendance_id"), Attendance.created_at)
           .join(Person, Person.id == Registration.person_id)
           .outerjoin(Commune, Commune.id == Person.commune_id)
           .outerjoin(Attendance, Attendance.registration_id == Registration.id))
_SEEN = (select(Attendance.id, Attendance.created_at, Person.full_name, Commune.name)
         .join(Person, Person.id == Attendance.person_id).outerjoin(Commune, Commune.id == Person.commune_id))


def scan(event, code, method, now, user_id=None):
    """Check in at event the ticket code names (method 'ticket' or 'manual', taken by the staff member user_id);
    return an Outcome ('new' or 'already') whose attendance is a Seen.

    Raises CheckinRefused as check_in_registration does: the code unknown, for another event, cancelled, outside
    the window, the campaign closed. Every scan writes (its attendance, or what the caller keeps of it: the audit
    entry, the device's answer), so it takes the write lock once the ticket is read.
    """
    ticket = db.session.execute(_TICKET.where(names_ticket(code))).first()
    writes.begin(db.session())
    if ticket is None:
        raise CheckinRefused("unknown", _l("Không tìm thấy vé với mã này."))
    if ticket.event_id != event.id:
        title = db.session.scalar(select(Event.title).where(Event.id == ticket.event_id))
        raise CheckinRefused("other_event", _l("Vé này dành cho hoạt động khác: %(title)s.", title=title))
    if ticket.status != "confirmed":
        raise CheckinRefused("cancelled", _l("Vé này đã bị hủy."))
    require_window(event, now)
    if ticket.attendance_id is not None:
        return Outcome("already", Seen(ticket.attendance_id, ticket.created_at, ticket.full_name, ticket.unit))
    row = dict(event_id=event.id, person_id=ticket.person_id, registration_id=ticket.id, phone=ticket.phone,
               person_key=ticket.person_key, method=method, recorded_by_id=user_id, created_at=now)
    try:
        with tally.change() as change:
            attendance_id = db.session.execute(insert(Attendance).values(row).returning(Attendance.id)).scalar_one()
            change.attendance(event, ticket, ticket.person_key, True)  # the row carries the holder's sex and unit
    except IntegrityError:
        # A simultaneous scan got there first: the unique constraint decided (only our savepoint is undone).
        return Outcome("already", _first(event.id, ticket.person_id, ticket.person_key))
    return Outcome("new", Seen(attendance_id, now, ticket.full_name, ticket.unit))


def seen(attendance_id):
    """The attendance as a scan's answer shows it, in one query."""
    return Seen(*db.session.execute(_SEEN.where(Attendance.id == attendance_id)).one())


def counted_earlier(outcome, when):
    """Someone already in was scanned earlier than the time they were counted at (a device's queued scan): they
    came at when. Return the outcome showing that time."""
    with tally.change():
        db.session.execute(update(Attendance).where(Attendance.id == outcome.attendance.id).values(created_at=when))
    attendance = outcome.attendance
    return replace(outcome, attendance=Seen(attendance.id, when, attendance.full_name, attendance.unit))


def _first(event_id, person_id, key):
    """The attendance at event of the person (by their row, or by their person_key) that got there first."""
    same = or_(Attendance.person_id == person_id, Attendance.person_key == key) if key else \
        Attendance.person_id == person_id
    return Seen(*db.session.execute(_SEEN.where(Attendance.event_id == event_id, same)).one())
