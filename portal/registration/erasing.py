"""Erasing one person's data at their request: every registration and attendance held under their phone number
loses the name, phone number, year of birth and device marks, while every count and report stays the same.

The phone number is replaced everywhere (registrations, attendances, the reach marks that tell people apart) by one
random stand-in kept nowhere else, so "distinct people" still counts the same; sex, commune of residence and role
stay, because the aggregates are made of them. Tickets for events not yet started are cancelled first (their seats
are freed; a held event's registrations stay, anonymised, because the report counts them). Running it twice finds
nothing the second time.
"""
import secrets
from dataclasses import dataclass

from sqlalchemy import or_, select, update

from portal import tally
from portal.catalogue.purging import ANONYMOUS, STAND_IN
from portal.extensions import db
from portal.models import Attendance, Event, Person, ReachMark, Registration
from portal.registration import cancelling


@dataclass(frozen=True)
class Erasure:
    """What an erasure did: counts only."""

    registrations: int
    attendances: int
    cancelled: int


def erase(phone, now):
    """Erase everything held under phone at now; return an Erasure (all zero when nothing was held). Only flushes."""
    if not phone or phone.startswith(STAND_IN):
        return Erasure(0, 0, 0)
    registrations = db.session.scalars(select(Registration).join(Event).where(Registration.phone == phone)).all()
    cancelled = 0
    for registration in registrations:
        if registration.status == "confirmed" and registration.event.starts_at > now:
            try:
                cancelling.cancel(registration, now)
                cancelled += 1
            except cancelling.CancelRefused:
                pass  # checked in already: the attendance counts and stays, anonymised
    attendances = db.session.scalar(select(db.func.count()).select_from(Attendance).where(Attendance.phone == phone))
    persons = set(db.session.scalars(select(Registration.person_id).where(Registration.phone == phone)))
    persons |= set(db.session.scalars(select(Attendance.person_id).where(Attendance.phone == phone)))
    persons |= set(db.session.scalars(select(Person.id).where(Person.phone == phone)))
    stand_in = STAND_IN + secrets.token_hex(7)
    with tally.change():
        db.session.execute(update(Registration).where(Registration.phone == phone, Registration.consent_withdrawn_at
                                                      .is_(None)).values(consent_withdrawn_at=now))
        db.session.execute(update(Registration).where(Registration.phone == phone).values(phone=stand_in))
        db.session.execute(update(Attendance).where(Attendance.phone == phone).values(
            phone=stand_in, device=None, address=None))
        db.session.execute(update(ReachMark).where(ReachMark.phone == phone).values(phone=stand_in))
        if persons:
            db.session.execute(update(Person).where(or_(Person.id.in_(persons), Person.phone == phone)).values(
                full_name=ANONYMOUS, name_key="", phone=None, birth_year=0))
    db.session.expire_all()
    return Erasure(len(registrations), attendances, cancelled)
