"""Registration rules: who may register, one place per phone number, capacity judged by the database."""
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal import tally
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.models import Event, Person, Registration
from portal.registration import notices
from portal.registration.cancelling import CancelRefused, cancel, cancel_refusal  # noqa: F401
from portal.text import fold
from portal.tokens import new_short_code, new_token


class RegistrationRefused(Exception):
    """The event does not take this registration; str() is the reason for the person."""


class PhoneTaken(Exception):
    """The phone number is already registered for this event with other details."""


class _Renewed(Exception):
    """Someone else gave the cancelled registration a new ticket meanwhile: look again."""


@dataclass(frozen=True)
class Details:
    """What a person gives when registering: already validated and normalised."""

    full_name: str
    phone: str
    sex: str
    birth_year: int
    commune_id: int | None
    role: str


def new_person(details, now):
    """A Person (not yet added to the session) with these details, as given at now."""
    return Person(full_name=details.full_name, name_key=fold(details.full_name), phone=details.phone, sex=details.sex,
                  birth_year=details.birth_year, commune_id=details.commune_id, role=details.role, created_at=now)


def refusal(event, now):
    """Return why the event takes no registrations now (a message), or None when it does."""
    if event.campaign.is_closed:
        return _l("Tháng hành động này đã khép lại; không nhận đăng ký nữa.")
    if event.status == "cancelled":
        return _l("Hoạt động này đã bị hủy.")
    if event.status != "published":
        return _l("Hoạt động này chưa được công bố.")
    if event.starts_at <= now:
        return _l("Hoạt động này đã bắt đầu hoặc đã kết thúc; không nhận đăng ký trực tuyến nữa.")
    if not event.registration_open:
        return _l("Ban tổ chức đã đóng đăng ký cho hoạt động này.")
    if event.seats_left == 0:
        return _l("Hoạt động này đã hết chỗ.")
    return None


def register(event, details, now, consent_at, notice=None, source="public", registered_by=None):
    """Register details for event, consented at consent_at to notice (the current one when None); return
    (registration, created). source and registered_by: who made a new ticket (a collaborator, named).

    Returns the existing ticket when the same person registers again; a cancelled registration of this number gets
    a new ticket (its old QR stays dead). Raises PhoneTaken when the number is registered with other details,
    RegistrationRefused when the event is closed or full.
    """
    for _attempt in range(3):
        existing = _registration_for(event.id, details.phone)
        if existing is not None and existing.status == "confirmed":
            return _same_person(existing, details), False
        problem = refusal(event, now)
        if problem:
            raise RegistrationRefused(problem)
        try:
            shown = notice or notices.current(now.date())
            origin = {"source": source, "registered_by_id": registered_by.id if registered_by else None}
            if existing is None:
                return _insert(event, details, now, consent_at, shown, origin), True
            return _renew(event, existing, details, now, consent_at, shown, origin), True
        except (IntegrityError, _Renewed):
            pass  # someone else took the number (or a code collided) meanwhile: the database judged; look again
    raise RegistrationRefused(_l("Hệ thống đang bận, vui lòng thử lại."))


def _registration_for(event_id, phone):
    return db.session.scalar(
        select(Registration).where(Registration.event_id == event_id, Registration.phone == phone)
        .execution_options(populate_existing=True)  # a retry must see what the database holds now
    )


def _same_person(registration, details):
    person = registration.person
    if fold(person.full_name) == fold(details.full_name) and person.birth_year == details.birth_year:
        return registration
    raise PhoneTaken()


def _insert(event, details, now, consent_at, notice, origin):
    with tally.change() as change:
        _take_seat(event)
        person = new_person(details, now)
        registration = Registration(
            event_id=event.id, person=person, phone=details.phone, token=new_token(),
            short_code=new_short_code(), consent_at=consent_at, consent_version=notice.number,
            consent_digest=notice.digest, created_at=now, **origin,
        )
        db.session.add(registration)
        change.registration(event, person)
    db.session.expire(event, ["seats_taken"])  # the database changed it; read it again when needed
    return registration


def _take_seat(event):
    """Take a seat: one conditional UPDATE, so concurrent registrations queue on the row (or on SQLite's write
    lock) and the last seats go to exactly as many people as there are seats."""
    taken = db.session.execute(
        update(Event)
        .where(Event.id == event.id, (Event.capacity.is_(None)) | (Event.seats_taken < Event.capacity))
        .values(seats_taken=Event.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        raise RegistrationRefused(_l("Hoạt động này đã hết chỗ."))


def _renew(event, registration, details, now, consent_at, notice, origin):
    """Give a cancelled registration a seat and a new ticket (token and short code), with the details given now."""
    with tally.change() as change:
        _take_seat(event)
        renewed = db.session.execute(
            update(Registration)
            .where(Registration.id == registration.id, Registration.status == "cancelled")
            .values(status="confirmed", token=new_token(), short_code=new_short_code(), consent_at=consent_at,
                    consent_version=notice.number, consent_digest=notice.digest, created_at=now, **origin)
            .execution_options(synchronize_session=False)
        )
        if renewed.rowcount != 1:
            raise _Renewed()
        person = registration.person
        for name in ("full_name", "sex", "birth_year", "commune_id", "role"):
            setattr(person, name, getattr(details, name))
        person.name_key = fold(details.full_name)
        change.registration(event, person)
    db.session.expire(registration)
    db.session.expire(event, ["seats_taken"])
    return registration


def find_by_phone(phone, birth_year=None, short_code=None):
    """Return the confirmed registrations of this phone whose birth year or short code also matches."""
    if birth_year is None and not short_code:
        return []
    stmt = select(Registration).join(Person).join(Event).where(
        Registration.phone == phone, Registration.status == "confirmed"
    )
    stmt = stmt.where(Person.birth_year == birth_year) if birth_year is not None else stmt.where(
        Registration.short_code == short_code
    )
    return db.session.scalars(stmt.order_by(Event.starts_at.desc())).all()


def by_token(token):
    """Return the registration whose ticket token this is, or None."""
    return db.session.scalar(select(Registration).where(Registration.token == token)) if token else None


def own_registration(event_id, tokens):
    """Return this browser's registration for the event, among the ticket tokens it remembers, or None."""
    if not tokens:
        return None
    return db.session.scalar(select(Registration).where(Registration.event_id == event_id,
                                                        Registration.status == "confirmed",
                                                        Registration.token.in_(tokens)))
