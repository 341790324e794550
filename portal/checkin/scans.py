"""A ticket scanned at a desk, the signed-in desk's or a device's: the fewest statements that find the ticket, record
the attendance and count it, reading only what the answer shows. Both desks check tickets in through `scan`."""
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import DateTime, bindparam, or_, select, text, update

from portal import tally
from portal.accounts import audit
from portal.checkin import Outcome, require_ticket, ticket_key, window_refusal
from portal.extensions import db
from portal.models import Attendance, Commune, Event, Person, Registration
from portal.storage import run, writes
from portal.tally import counters


@dataclass(frozen=True)
class Seen:
    """An attendance as a scan's answer shows it (an Attendance reads the same): its id, when, whose name, the
    name of their unit (None: elsewhere)."""

    id: int
    created_at: datetime
    full_name: str
    unit: str | None


# Statements built once, with their parameters bound at each scan: building a statement and its cache key costs more
# than running it.
# One row: the ticket, its holder (what the counters need: sex, unit) and the attendance it already has, if any.
_TICKET = (select(Registration.id, Registration.event_id, Registration.person_id, Registration.person_key,
                  Registration.phone, Registration.status, Person.full_name, Person.sex, Person.commune_id,
                  Commune.name.label("unit"), Attendance.id.label("attendance_id"), Attendance.created_at)
           .join(Person, Person.id == Registration.person_id)
           .outerjoin(Commune, Commune.id == Person.commune_id)
           .outerjoin(Attendance, Attendance.registration_id == Registration.id))
_TICKET_BY = {"short_code": _TICKET.where(Registration.short_code == bindparam("code")),
              "token": _TICKET.where(Registration.token == bindparam("code"))}
_SEEN = (select(Attendance.id, Attendance.created_at, Person.full_name, Commune.name)
         .join(Person, Person.id == Attendance.person_id).outerjoin(Commune, Commune.id == Person.commune_id))
_SEEN_BY_ID = _SEEN.where(Attendance.id == bindparam("id"))
_TITLE = select(Event.title).where(Event.id == bindparam("id"))  # of the event a ticket for another is for
# The attendance, unless the person is in already: a simultaneous scan's row (the unique constraints decide) makes it
# insert nothing and return no id, with nothing to undo. Plain SQL that SQLite (3.35+) and PostgreSQL both speak.
_ADD = text("""
INSERT INTO attendance (event_id, person_id, registration_id, phone, person_key, method, recorded_by_id, flagged,
                        created_at)
VALUES (:event_id, :person_id, :registration_id, :phone, :person_key, :method, :recorded_by_id, false, :created_at)
ON CONFLICT DO NOTHING RETURNING id
""").bindparams(bindparam("created_at", type_=DateTime()))
# PostgreSQL, in one round trip (a data-modifying WITH): the ticket as _TICKET reads it, and its attendance added
# and counted when the ticket checks in at this event now (:open, the event's window) and has none yet; added_id is
# None when nothing went in (a refusal, someone in already, or a simultaneous scan that got there first), slot_taken
# whether the counting took a change slot (portal.tally.counters.counting_scan). Audited (a desk's scan), the
# statement adds the audit entry too, whatever the answer: a part of a WITH that writes runs whether or not the
# rest reads it.
_AUDITED = """
logged AS (
  INSERT INTO audit_entry (created_at, user_id, action, target, address)
  VALUES (:audit_created_at, :audit_user_id, :audit_action, :audit_target, :audit_address)),"""


def _ticket_adding(column, audited):
    """The statement for a ticket named by column ('short_code' or 'token'), with the audit entry's part if
    audited."""
    times = ("created_at", "audit_created_at") if audited else ("created_at",)
    return text(f"""
WITH {_AUDITED if audited else ""}
ticket AS (
  SELECT r.id, r.event_id, r.person_id, r.person_key, r.phone, r.status, p.full_name, p.sex, p.commune_id,
         c.name AS unit, a.id AS attendance_id, a.created_at
  FROM registration r JOIN person p ON p.id = r.person_id LEFT OUTER JOIN commune c ON c.id = p.commune_id
  LEFT OUTER JOIN attendance a ON a.registration_id = r.id
  WHERE r.{column} = :code),
added AS (
  INSERT INTO attendance (event_id, person_id, registration_id, phone, person_key, method, recorded_by_id, flagged,
                          created_at)
  SELECT :event, person_id, id, phone, person_key, :method, :recorded_by_id, false, :created_at FROM ticket
  WHERE event_id = :event AND status = 'confirmed' AND attendance_id IS NULL AND :open
  ON CONFLICT DO NOTHING RETURNING id),
{counters.counting_scan("added", "ticket")}
SELECT ticket.*, (SELECT id FROM added) AS added_id, EXISTS (SELECT FROM taken) AS slot_taken FROM ticket
""").bindparams(*[bindparam(name, type_=DateTime()) for name in times])


_TICKET_ADDING = {(column, audited): _ticket_adding(column, audited)
                  for column in ("short_code", "token") for audited in (False, True)}


def scan(event, code, method, now, user_id=None, audit_entry=None):
    """Check in at event the ticket code names (method 'ticket' or 'manual', taken by the staff member user_id);
    return an Outcome ('new' or 'already') whose attendance is a Seen. audit_entry: the values of the audit entry
    of a desk's scan (portal.accounts.audit.entry), added in the scan's transaction whatever its answer.

    Raises CheckinRefused (checkin.require_ticket): the code unknown, for another event, cancelled, outside
    the window, the campaign closed. Every scan writes (its attendance, or what the caller keeps of it: the audit
    entry, the device's answer), so it takes the write lock once the ticket is read; on PostgreSQL, where one
    statement reads the ticket, writes its attendance and adds the audit entry, before.
    """
    column, value = ticket_key(code)
    session = db.session()
    together = writes.on_postgresql(session)
    if together:
        writes.begin(session)
        audited = {f"audit_{name}": given for name, given in (audit_entry or {}).items()}
        ticket = run(_TICKET_ADDING[column, bool(audited)], dict(
            code=value, event=event.id, method=method, recorded_by_id=user_id, created_at=now,
            open=window_refusal(event, now) is None, campaign=event.campaign_id, host=event.commune_id or 0,
            **audited)).first()
    else:
        ticket = run(_TICKET_BY[column], {"code": value}).first()
        writes.begin(session)
        if audit_entry:
            audit.add(audit_entry)  # the transaction holds the write lock: inserted now
    require_ticket(event, ticket, now, lambda: run(_TITLE, {"id": ticket.event_id}).scalar())
    if ticket.attendance_id is not None:
        return Outcome("already", Seen(ticket.attendance_id, ticket.created_at, ticket.full_name, ticket.unit))
    attendance_id = ticket.added_id if together else run(_ADD, dict(
        event_id=event.id, person_id=ticket.person_id, registration_id=ticket.id, phone=ticket.phone,
        person_key=ticket.person_key, method=method, recorded_by_id=user_id, created_at=now)).scalar()
    if attendance_id is None:  # a simultaneous scan got there first
        return Outcome("already", _first(event.id, ticket.person_id, ticket.person_key))
    with tally.change(savepoint=False) as change:
        if together:
            change.attendance_counted(event, ticket.slot_taken)
        else:
            change.attendance(event, ticket, ticket.person_key, True)  # the row carries the holder's sex and unit
    return Outcome("new", Seen(attendance_id, now, ticket.full_name, ticket.unit))


def seen(attendance_id):
    """The attendance as a scan's answer shows it, in one query."""
    return Seen(*run(_SEEN_BY_ID, {"id": attendance_id}).one())


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
    return Seen(*run(_SEEN.where(Attendance.event_id == event_id, same)).one())
