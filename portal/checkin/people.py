"""Who is on an event's list: its registrations with their attendance, then walk-ins; and its check-in counts."""
from dataclasses import dataclass

from sqlalchemy import bindparam, func, literal_column, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Attendance, Commune, Person, Registration
from portal.storage import run
from portal.tally import counters
from portal.text import fold, like_pattern
from portal.tokens import clean_short_code


@dataclass(frozen=True)
class ListedPerson:
    """One person on an event's list: their registration (if any) and attendance (if any)."""

    person: Person
    registration: Registration | None
    attendance: Attendance | None


def people(event, query=""):
    """Return the event's registrations with their attendance, then walk-ins, matching query (name or code)."""
    key, code = fold(query), clean_short_code(query)
    registered = (select(Registration, Attendance).join(Person, Registration.person_id == Person.id)
                  .outerjoin(Attendance, (Attendance.event_id == event.id) & (Attendance.person_id == Person.id))
                  .where(Registration.event_id == event.id))
    walk_ins = (select(Attendance).join(Person, Attendance.person_id == Person.id)
                .where(Attendance.event_id == event.id, Attendance.registration_id.is_(None)))
    if key:
        name_match = Person.name_key.like(like_pattern(key), escape="\\")
        registered = registered.where(name_match | (Registration.short_code == code))
        walk_ins = walk_ins.where(name_match)
    rows = [ListedPerson(r.person, r, a) for r, a in db.session.execute(registered.order_by(Person.name_key)).all()]
    rows += [ListedPerson(a.person, None, a) for a in db.session.scalars(walk_ins.order_by(Attendance.created_at))]
    return rows


def confirmed(event, ids=None):
    """The event's confirmed registrations (only those with these ids when given), in the order they were made, with
    their person loaded."""
    stmt = (select(Registration).options(joinedload(Registration.person))
            .where(Registration.event_id == event.id, Registration.status == "confirmed"))
    if ids:
        stmt = stmt.where(Registration.id.in_(ids))
    return db.session.scalars(stmt.order_by(Registration.id)).all()


def attendance_count(event):
    """How many people have been checked in at event."""
    return db.session.scalar(select(func.count()).select_from(Attendance).where(Attendance.event_id == event.id))


def checked_in_by_sex(event):
    """The event's individual check-ins by sex: {"male": n, "female": n, "other": n, "total": n}."""
    counts = dict(db.session.execute(select(Person.sex, func.count()).select_from(Attendance)
                                     .join(Person, Attendance.person_id == Person.id)
                                     .where(Attendance.event_id == event.id).group_by(Person.sex)).all())
    counts = {sex: counts.get(sex, 0) for sex in ("male", "female", "other")}
    return counts | {"total": sum(counts.values())}


def tickets(event):
    """(token, short code, name, unit name or None, when checked in or None) of the event's confirmed
    registrations."""
    return db.session.execute(
        select(Registration.token, Registration.short_code, Person.full_name, Commune.name, Attendance.created_at)
        .join(Person, Registration.person_id == Person.id).outerjoin(Commune, Person.commune_id == Commune.id)
        .outerjoin(Attendance, Attendance.registration_id == Registration.id)
        .where(Registration.event_id == event.id, Registration.status == "confirmed").order_by(Registration.id)).all()


RECENT = 8  # the last scans a desk shows
# Built once (building it costs more than running it): the newest RECENT check-ins of an event, each row carrying
# the event's count from its counters. The limit is written into the statement: as a parameter, PostgreSQL would
# judge a plan made for its value better than the one it keeps, and plan the statement again at every scan.
_DESK_COUNTS = (select(Attendance.created_at, Attendance.method, Person.full_name,
                       counters.attendances(bindparam("event_id")).label("checked_in"))
                .join(Person, Attendance.person_id == Person.id).where(Attendance.event_id == bindparam("event_id"))
                .order_by(Attendance.id.desc()).limit(literal_column(str(RECENT))))


def desk_counts(event):
    """The desk's count of the event's check-ins (from its counters) and its last RECENT scans (the newest rows of
    an index), in one query whose cost does not grow with the event: {"count": n, "recent": rows}."""
    rows = run(_DESK_COUNTS, {"event_id": event.id}).all()
    return {"count": rows[0].checked_in if rows else 0, "recent": rows}
