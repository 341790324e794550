"""Organisers' work on events: save, publish, cancel, and the list of who registered and who came."""
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal import tally
from portal.catalogue import event_search_key
from portal.extensions import db
from portal.models import Attendance, Commune, Event, Headcount, Person, Registration
from portal.text import fold, like_pattern
from portal.tokens import clean_short_code, new_slug

EVENT_FIELDS = ("kind", "title", "venue", "description", "starts_at", "ends_at", "capacity", "registration_open",
                "checkin_opens_at", "checkin_closes_at", "rotating_qr")


class CapacityBelowSeats(ValueError):
    """The new capacity is smaller than the seats already taken (given as .seats)."""

    def __init__(self, seats):
        super().__init__(seats)
        self.seats = seats


def save_event(event, values, commune_id, campaign=None):
    """Apply values (EVENT_FIELDS) to event, or to a new draft event of campaign when event is None; return it.
    Raise CapacityBelowSeats when the capacity would be under the seats already taken."""
    if event is not None and values["capacity"] is not None and values["capacity"] < event.seats_taken:
        raise CapacityBelowSeats(event.seats_taken)
    commune = db.session.get(Commune, commune_id) if commune_id else None
    try:
        with tally.change():  # a registration may take a seat meanwhile: the seats check decides
            if event is None:
                event = Event(slug=new_slug(), campaign=campaign, status="draft", seats_taken=0)
                db.session.add(event)
            for name in EVENT_FIELDS:
                setattr(event, name, values[name])
            event.commune_id = commune_id
            event.search_key = event_search_key(event.title, event.venue, commune)
            db.session.flush()
    except IntegrityError as error:
        if "ck_event_seats" not in str(error.orig):
            raise
        db.session.refresh(event)
        raise CapacityBelowSeats(event.seats_taken) from error
    return event


def publish(event):
    """Make a draft event public."""
    if event.status == "draft":
        with tally.change():
            event.status = "published"


def cancel(event):
    """Cancel an event: it stays listed, marked cancelled, and takes no registration or check-in."""
    with tally.change() as change:
        event.status = "cancelled"
        db.session.flush()
        change.recount()  # its attendances no longer count, and whom they reached first may count elsewhere


def managed_events(user, campaign):
    """Return (event, registrations, attendances) for the events user manages in campaign, soonest first."""
    registrations = (select(func.count()).where(Registration.event_id == Event.id, Registration.status == "confirmed")
                     .correlate(Event).scalar_subquery())
    attendances = select(func.count()).where(Attendance.event_id == Event.id).correlate(Event).scalar_subquery()
    stmt = select(Event, registrations, attendances).where(Event.campaign_id == campaign.id)
    if not user.is_admin:
        stmt = stmt.where(Event.commune_id == user.commune_id)
    return db.session.execute(stmt.order_by(Event.starts_at, Event.id)).all()


@dataclass(frozen=True)
class Row:
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
    rows = [Row(r.person, r, a) for r, a in db.session.execute(registered.order_by(Person.name_key)).all()]
    rows += [Row(a.person, None, a) for a in db.session.scalars(walk_ins.order_by(Attendance.created_at))]
    return rows


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


def latest_headcount(event):
    """The current headcount of event (its latest entry), or None."""
    return db.session.scalar(select(Headcount).where(Headcount.event_id == event.id).order_by(Headcount.id.desc()).limit(1))


def headcount_history(event):
    """Every headcount entry of event, newest first."""
    return db.session.scalars(select(Headcount).where(Headcount.event_id == event.id).order_by(Headcount.id.desc())).all()


class HeadcountConflict(Exception):
    """Someone saved a headcount for the event after the one this correction was based on; latest is theirs."""

    def __init__(self, latest):
        super().__init__("headcount changed meanwhile")
        self.latest = latest


def record_headcount(event, male, female, other, by_commune, note, user, now, revises):
    """Add a headcount entry correcting entry `revises` (0 for the first); it becomes the one that counts.

    Raises HeadcountConflict when another entry was saved since `revises`: the database judges, by the unique
    (event, revises) pair, so of two simultaneous corrections of one entry exactly one is kept.
    """
    latest = latest_headcount(event)
    if (latest.id if latest else 0) != revises:
        raise HeadcountConflict(latest)
    entry = Headcount(event_id=event.id, male=male, female=female, other=other, by_commune=by_commune,
                      note=note or "", entered_by_id=user.id, created_at=now, revises=revises)
    try:
        with tally.change():
            db.session.add(entry)
    except IntegrityError:
        raise HeadcountConflict(latest_headcount(event)) from None
    return entry
