"""Registration rules: who may register, a few places per phone number (a household), capacity judged by the
database."""
import hashlib
from dataclasses import dataclass

from flask import current_app
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


class HouseholdFull(RegistrationRefused):
    """Every place of this phone number at this event is taken by other people; str() says so, for the phone
    field."""


class _Renewed(Exception):
    """Someone else gave the cancelled registration a new ticket meanwhile: look again."""


@dataclass(frozen=True)
class Details:
    """What a person gives when registering: already validated and normalised (phone None: they have none)."""

    full_name: str
    phone: str | None
    sex: str
    birth_year: int
    commune_id: int | None
    role: str


def person_key(phone, full_name, birth_year):
    """Who a person is, told apart from the others sharing their phone: a digest of the phone number, the name
    (folded: accents, case and spaces aside) and the year of birth; None without a phone (nobody to confuse them
    with). A digest, so the tables that only tell people apart (reach marks) hold no name or number."""
    if not phone:
        return None
    return hashlib.sha256(f"{phone}\x1f{fold(full_name)}\x1f{birth_year}".encode()).hexdigest()[:32]


def details_key(details):
    """The person_key of the person these details describe."""
    return person_key(details.phone, details.full_name, details.birth_year)


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

    Returns the existing ticket when the same person (same phone, folded name and year of birth) registers again; a
    cancelled registration of that person gets a new ticket (its old QR stays dead). Someone without a phone always
    gets a new registration. Raises HouseholdFull when HOUSEHOLD_SIZE other people hold the phone's places at the
    event, RegistrationRefused when the event is closed or full.
    """
    key = details_key(details)
    for _attempt in range(3):
        existing = _registration_for(event.id, key) if key else None
        if existing is not None and existing.status == "confirmed":
            return existing, False
        problem = refusal(event, now)
        if problem:
            raise RegistrationRefused(problem)
        try:
            shown = notice or notices.current(now.date())
            origin = {"source": source, "registered_by_id": registered_by.id if registered_by else None}
            if existing is None:
                return _insert(event, details, key, now, consent_at, shown, origin), True
            return _renew(event, existing, details, now, consent_at, shown, origin), True
        except (IntegrityError, _Renewed):
            pass  # someone took the person or the place (or a code collided) meanwhile: the database judged; look again
    raise RegistrationRefused(_l("Hệ thống đang bận, vui lòng thử lại."))


def _registration_for(event_id, key):
    return db.session.scalar(
        select(Registration).where(Registration.event_id == event_id, Registration.person_key == key)
        .execution_options(populate_existing=True)  # a retry must see what the database holds now
    )


def _insert(event, details, key, now, consent_at, notice, origin):
    with tally.change() as change:
        _take_seat(event)
        person = new_person(details, now)
        registration = Registration(
            event_id=event.id, person=person, phone=details.phone, person_key=key,
            household_place=_household_place(event, details.phone), token=new_token(), short_code=new_short_code(),
            consent_at=consent_at, consent_version=notice.number, consent_digest=notice.digest, created_at=now,
            **origin,
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


def _household_place(event, phone):
    """The lowest of the phone's HOUSEHOLD_SIZE places at event that no confirmed registration holds (None without a
    phone); raise HouseholdFull when none is free.

    Asked after taking the seat: registrations for one event queue there (on the event's row, or on SQLite's write
    lock), so this reads what the one before wrote; the unique (event, phone, place) judges should two still meet.
    """
    if not phone:
        return None
    size = current_app.config["HOUSEHOLD_SIZE"]
    taken = set(db.session.scalars(select(Registration.household_place).where(
        Registration.event_id == event.id, Registration.phone == phone, Registration.status == "confirmed")))
    free = [place for place in range(1, size + 1) if place not in taken]
    if not free:
        raise HouseholdFull(_l(
            "Số điện thoại này đã đăng ký đủ %(size)s người cho hoạt động này, mức tối đa cho một số. Hãy đăng ký bằng "
            "một số khác, hoặc đến nơi tổ chức và điểm danh tại chỗ.",
            size=size))
    return free[0]


def _renew(event, registration, details, now, consent_at, notice, origin):
    """Give a cancelled registration a seat, a place of its phone and a new ticket (token and short code), with the
    details given now (the same person: only their spelling, sex, commune and role may differ)."""
    with tally.change() as change:
        _take_seat(event)
        place = _household_place(event, registration.phone)
        renewed = db.session.execute(
            update(Registration)
            .where(Registration.id == registration.id, Registration.status == "cancelled")
            .values(status="confirmed", token=new_token(), short_code=new_short_code(), consent_at=consent_at,
                    consent_version=notice.number, consent_digest=notice.digest, created_at=now,
                    household_place=place, **origin)
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
    """Return every confirmed registration of this phone (a household's tickets), the latest event first, when one
    of them also matches the birth year or the short code given; else none."""
    if not phone or (birth_year is None and not short_code):
        return []
    held = select(Registration).join(Person).join(Event).where(
        Registration.phone == phone, Registration.status == "confirmed"
    )
    proof = held.where(Person.birth_year == birth_year) if birth_year is not None else held.where(
        Registration.short_code == short_code
    )
    if db.session.scalar(proof.limit(1)) is None:
        return []
    return db.session.scalars(held.order_by(Event.starts_at.desc(), Person.name_key)).all()


def by_token(token):
    """Return the registration whose ticket token this is, or None."""
    return db.session.scalar(select(Registration).where(Registration.token == token)) if token else None


def own_registrations(event_id, tokens):
    """Return this browser's confirmed registrations for the event (a household's, when several people registered
    on it), among the ticket tokens it remembers, by name."""
    if not tokens:
        return []
    return db.session.scalars(select(Registration).join(Person).where(
        Registration.event_id == event_id, Registration.status == "confirmed", Registration.token.in_(tokens))
        .order_by(Person.name_key)).all()
