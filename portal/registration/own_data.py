"""What the portal holds about one phone number, for the people using it: proving who they are, listing and
exporting their registrations and attendances, withdrawing their consent.

A household shares a phone: whoever proves it (the phone, their year of birth and one of their tickets' codes) sees
what is held under it for every person of the household, since the phone is what proves who they are; each person
is told apart by their person_key (phone, name and year of birth)."""
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import Attendance, Event, Person, Registration


def proven(phone, birth_year, short_code):
    """Return the registration (confirmed or cancelled) of phone whose year of birth and short code both match,
    or None. All three facts must match one registration."""
    if not (phone and birth_year and short_code):
        return None
    return db.session.scalar(select(Registration).join(Person).where(
        Registration.phone == phone, Registration.short_code == short_code, Person.birth_year == birth_year,
        Registration.status.in_(("confirmed", "cancelled"))))


def held(phone, birth_year):
    """Whether anything (a registration or an attendance) is held under phone for someone born in birth_year."""
    if not (phone and birth_year):
        return False
    return db.session.scalar(select(Registration.id).join(Person).where(
        Registration.phone == phone, Person.birth_year == birth_year).limit(1)) is not None or db.session.scalar(
        select(Attendance.id).join(Person, Attendance.person_id == Person.id).where(
            Attendance.phone == phone, Person.birth_year == birth_year).limit(1)) is not None


def keys_born(phone, birth_year):
    """The person keys of the people held under phone (registered or walked in) born in birth_year."""
    registered = db.session.scalars(select(Registration.person_key).join(Person).where(
        Registration.phone == phone, Person.birth_year == birth_year))
    walked_in = db.session.scalars(select(Attendance.person_key).join(Person, Attendance.person_id == Person.id).where(
        Attendance.phone == phone, Person.birth_year == birth_year))
    return (set(registered) | set(walked_in)) - {None}


def registrations(phone):
    """Every registration held under phone, the latest event first."""
    return db.session.scalars(select(Registration).join(Event).where(Registration.phone == phone)
                              .order_by(Event.starts_at.desc())).all()


def attendances(phone):
    """Every attendance held under phone (registered or walk-in), the latest event first."""
    return db.session.scalars(select(Attendance).join(Event).where(Attendance.phone == phone)
                              .order_by(Event.starts_at.desc())).all()


def withdraw_consent(phone, now):
    """Record at now that the person withdrew consent, on each of their registrations not withdrawn before."""
    db.session.execute(update(Registration).where(Registration.phone == phone,
                                                  Registration.consent_withdrawn_at.is_(None))
                       .values(consent_withdrawn_at=now).execution_options(synchronize_session=False))
    db.session.flush()


def _when(value):
    """A datetime as ISO text, or None."""
    return value.isoformat() if value else None


def registration_record(registration):
    """One registration as the person's data: the event, and everything stored with it."""
    person = registration.person
    return {"event": registration.event.title, "starts_at": _when(registration.event.starts_at),
            "status": registration.status, "full_name": person.full_name, "phone": registration.phone,
            "sex": person.sex, "birth_year": person.birth_year,
            "commune": person.commune.name if person.commune else None, "role": person.role,
            "consent_version": registration.consent_version, "consent_at": _when(registration.consent_at),
            "consent_withdrawn_at": _when(registration.consent_withdrawn_at),
            "registered_at": _when(registration.created_at)}


def attendance_record(attendance):
    """One attendance as the person's data: the event, when and how it was recorded, and the person's details."""
    person = attendance.person
    return {"event": attendance.event.title, "starts_at": _when(attendance.event.starts_at),
            "checked_in_at": _when(attendance.created_at), "method": attendance.method,
            "full_name": person.full_name, "sex": person.sex, "birth_year": person.birth_year,
            "commune": person.commune.name if person.commune else None, "role": person.role,
            "consent_version": attendance.consent_version, "consent_at": _when(attendance.consent_at)}


def export(phone):
    """Everything held under phone as plain data (for JSON)."""
    return {"phone": phone, "registrations": [registration_record(r) for r in registrations(phone)],
            "attendances": [attendance_record(a) for a in attendances(phone)]}


REGISTRATION_COLUMNS = ("event", "starts_at", "status", "full_name", "phone", "sex", "birth_year", "commune", "role",
                        "consent_version", "consent_at", "consent_withdrawn_at", "registered_at")
ATTENDANCE_COLUMNS = ("event", "starts_at", "checked_in_at", "method", "full_name", "sex", "birth_year", "commune",
                      "role", "consent_version", "consent_at")


def lines(phone):
    """Everything held under phone as spreadsheet lines: a section of registrations, then one of attendances."""
    held = export(phone)
    out = [["registrations"], list(REGISTRATION_COLUMNS)]
    out += [[record[name] for name in REGISTRATION_COLUMNS] for record in held["registrations"]]
    out += [[], ["attendances"], list(ATTENDANCE_COLUMNS)]
    out += [[record[name] for name in ATTENDANCE_COLUMNS] for record in held["attendances"]]
    return out
