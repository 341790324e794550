"""Where participants came from: registered on the public form, registered by a collaborator, walked in, or counted
in a headcount; with the registrations of the first two. Each participant counts under exactly one source, so the
participants of all four add up to the dashboard's total for the same events."""
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from portal.extensions import db
from portal.models import (
    REGISTRATION_SOURCES,
    Attendance,
    Event,
    Headcount,
    Person,
    Registration,
)
from portal.tally.counting import TOTAL, Sexes, counted

SOURCES = REGISTRATION_SOURCES + ("walk_in", "headcount")


@dataclass
class SourceRow:
    """One source's registrations (None for walk-ins and headcounts, which have none) and participants by sex."""

    source: str
    registrations: int | None = None
    participants: Sexes = field(default_factory=Sexes)


def by_source(scope, host_id=None):
    """Return one SourceRow per source (in SOURCES order) and a totals row last, for the events scope counts (only
    those hosted by the unit host_id when given). Registrations: confirmed ones, for sessions held or still ahead."""
    conditions = counted(scope) + ([Event.commune_id == host_id] if host_id is not None else [])
    rows = {source: SourceRow(source, 0 if source in REGISTRATION_SOURCES else None) for source in SOURCES}
    for source, number in db.session.execute(
            select(Registration.source, func.count()).join(Event, Registration.event_id == Event.id)
            .where(*conditions, Registration.status == "confirmed").group_by(Registration.source)):
        rows[source].registrations = number
    came_as = case((Attendance.registration_id.is_(None), "walk_in"), else_=Registration.source)
    for source, sex, number in db.session.execute(
            select(came_as, Person.sex, func.count()).select_from(Attendance)
            .join(Event, Attendance.event_id == Event.id).join(Person, Attendance.person_id == Person.id)
            .outerjoin(Registration, Attendance.registration_id == Registration.id)
            .where(*conditions).group_by(came_as, Person.sex)):
        _add(rows[source].participants, sex, number)
    latest = select(func.max(Headcount.id)).join(Event).where(*conditions).group_by(Headcount.event_id)
    male, female, other = db.session.execute(select(
        func.coalesce(func.sum(Headcount.male), 0), func.coalesce(func.sum(Headcount.female), 0),
        func.coalesce(func.sum(Headcount.other), 0)).where(Headcount.id.in_(latest))).one()
    rows["headcount"].participants = Sexes(male, female, other)
    totals = SourceRow(TOTAL, sum(r.registrations or 0 for r in rows.values()))
    for row in rows.values():
        totals.participants += row.participants
    return list(rows.values()) + [totals]


def _add(sexes, sex, number):
    setattr(sexes, sex, getattr(sexes, sex) + number)
