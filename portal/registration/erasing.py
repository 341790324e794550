"""Erasing one person's data at their request: every registration and attendance held under their phone number (of
the people they name, when the phone is a household's) loses the name, phone number, year of birth and device marks,
while every count and report stays the same.

The phone number is replaced in those rows by one random stand-in kept nowhere else, and each person's key (what
tells the people of one phone apart, in registrations, attendances and the reach marks) by one of its own, so
"distinct people" still counts the same; sex, commune of residence and role stay, because the aggregates are made of
them. Tickets for events not yet started are cancelled first (their seats are freed; a held event's registrations
stay, anonymised, because the report counts them). Running it twice finds nothing the second time.
"""
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update

from portal import tally
from portal.catalogue.purging import (
    ANONYMOUS,
    KEY_STAND_IN,
    PHONE_STAND_IN,
    STAND_IN,
    stand_ins,
)
from portal.extensions import db
from portal.models import Attendance, Event, Person, ReachMark, Registration
from portal.registration import cancelling, data_requests


@dataclass(frozen=True)
class Erasure:
    """What an erasure did: counts only."""

    registrations: int
    attendances: int
    cancelled: int


def erase(phone, now, keys=None):
    """Erase everything held under phone at now, or only what belongs to the people of keys (person keys) when
    given; return an Erasure (all zero when nothing was held). Only flushes."""
    if not phone or phone.startswith(STAND_IN):
        return Erasure(0, 0, 0)
    held_registrations, held_attendances = [Registration.phone == phone], [Attendance.phone == phone]
    if keys is not None:
        held_registrations.append(Registration.person_key.in_(keys))
        held_attendances.append(Attendance.person_key.in_(keys))
    registrations = db.session.scalars(select(Registration).join(Event).where(*held_registrations)).all()
    cancelled = 0
    for registration in registrations:
        if registration.status == "confirmed" and registration.event.starts_at > now:
            try:
                cancelling.cancel(registration, now)
                cancelled += 1
            except cancelling.CancelRefused:
                pass  # checked in already: the attendance counts and stays, anonymised
    attendances = db.session.scalars(select(Attendance).where(*held_attendances)).all()
    persons = {r.person_id for r in registrations} | {a.person_id for a in attendances}
    if keys is None:
        persons |= set(db.session.scalars(select(Person.id).where(Person.phone == phone)))
    phone_stand_in = stand_ins([phone], PHONE_STAND_IN)[0]["new"]
    key_stand_ins = stand_ins([r.person_key for r in registrations] + [a.person_key for a in attendances], KEY_STAND_IN)
    registration_ids, attendance_ids = [r.id for r in registrations], [a.id for a in attendances]
    with tally.change():
        if registration_ids:
            db.session.execute(update(Registration).where(Registration.id.in_(registration_ids),
                                                          Registration.consent_withdrawn_at.is_(None))
                               .values(consent_withdrawn_at=now))
            db.session.execute(update(Registration).where(Registration.id.in_(registration_ids))
                               .values(phone=phone_stand_in))
        if attendance_ids:
            db.session.execute(update(Attendance).where(Attendance.id.in_(attendance_ids)).values(
                phone=phone_stand_in, device=None, address=None))
        for table in (Registration.__table__, Attendance.__table__, ReachMark.__table__):
            if key_stand_ins:  # one statement run per person (executemany), on the table itself
                db.session.execute(update(table).where(table.c.person_key == bindparam("old"))
                                   .values(person_key=bindparam("new")), key_stand_ins)
        if persons:
            db.session.execute(update(Person).where(Person.id.in_(persons)).values(
                full_name=ANONYMOUS, name_key="", phone=None, birth_year=0))
    db.session.expire_all()
    return Erasure(len(registrations), len(attendances), cancelled)


def erase_on_request(phone, now, keys=None, user=None):
    """Erase as erase() does, and record it in the request queue as done by user (None: the portal itself, when the
    person did it), closing the phone's erasure requests still waiting; return (Erasure, the queue's entry)."""
    erased = erase(phone, now, keys)
    entry = data_requests.record("erasure", data_requests.phone_hash(phone), phone[-3:], now, done=True, user=user)
    data_requests.close_erasures(data_requests.phone_hash(phone), user, now)
    return erased, entry
