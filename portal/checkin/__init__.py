"""Check-in rules: one attendance per person per event, judged by the database, only while the window is open and
the campaign is not closed."""
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from portal import tally
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.models import Attendance, Person, Registration
from portal.registration import details_key, new_person, notices, person_key
from portal.tokens import CODE_LENGTH, clean_short_code

FLAG_AFTER = 2  # attendances already taken from one device at one event before the next is flagged
_TICKET_URL = re.compile(r"/t/([A-Za-z0-9_-]{20,64})/?$")


class CheckinRefused(Exception):
    """No attendance can be recorded; reason is a short code, str() the message, field the form field it is about
    (errors: each field's message, for a form refused whole)."""

    def __init__(self, reason, message, field=None, errors=None):
        super().__init__(message)
        self.reason = reason
        self.field = field
        self.errors = errors or {}


@dataclass(frozen=True)
class Outcome:
    """What a check-in did: 'new' for a first attendance, 'already' when the person was already in, 'refused'
    (with the refusal) when none could be recorded."""

    status: str
    attendance: Attendance | None = None  # or a scans.Seen, which reads the same
    refusal: CheckinRefused | None = None

    @property
    def message(self):
        """Why it was refused, for the screen ('' otherwise)."""
        return str(self.refusal or "")


def attempt(check_in):
    """Run check_in() (one of the check_in_* functions, bound to its arguments) and return its Outcome; a refusal
    is an Outcome too, so every screen shows green, yellow or red from the same thing."""
    try:
        return check_in()
    except CheckinRefused as refused:
        return Outcome("refused", refusal=refused)


def window_refusal(event, now):
    """Return why the event takes no check-in now (a message), or None when it does: every way in asks this."""
    if event.campaign.is_closed:
        return _l("Tháng hành động này đã khép lại; không nhận điểm danh nữa.")
    opens, closes = event.checkin_window
    if event.status != "published":
        return _l("Hoạt động này đã bị hủy hoặc chưa công bố.")
    if now < opens:
        return _l("Chưa đến giờ điểm danh (mở lúc %(time)s).", time=opens.strftime("%H:%M %d/%m"))
    if now > closes:
        return _l("Đã hết giờ điểm danh cho hoạt động này.")
    return None


def require_window(event, now):
    """Raise CheckinRefused when the event takes no check-in now."""
    refusal = window_refusal(event, now)
    if refusal is not None:
        reason = "closed" if event.campaign.is_closed else "window" if event.status == "published" else "cancelled"
        raise CheckinRefused(reason, refusal)


def require_ticket(event, ticket, now, other_title):
    """Raise CheckinRefused unless ticket (a registration, or a row with its event_id and status; None: no ticket
    has the code) checks in at event now: unknown, for another event (named by other_title()), cancelled, outside
    the window, the campaign closed. Every way a ticket checks in asks this."""
    if ticket is None:
        raise CheckinRefused("unknown", _l("Không tìm thấy vé với mã này."))
    if ticket.event_id != event.id:
        raise CheckinRefused("other_event", _l("Vé này dành cho hoạt động khác: %(title)s.", title=other_title()))
    if ticket.status != "confirmed":
        raise CheckinRefused("cancelled", _l("Vé này đã bị hủy."))
    require_window(event, now)


def ticket_key(code):
    """What a scanned or typed code names a ticket by: ("short_code", code) or ("token", token), from a ticket URL,
    a bare token, or a short code."""
    code = (code or "").strip()
    match = _TICKET_URL.search(code)
    short = clean_short_code(code)
    if match is None and len(short) == CODE_LENGTH:
        return "short_code", short
    return "token", match.group(1) if match else code


def names_ticket(code):
    """The condition on Registration that a scanned or typed code names."""
    column, value = ticket_key(code)
    return getattr(Registration, column) == value


def find_registration(code):
    """Return the registration a scanned or typed code names: a ticket URL, a bare token, or a short code."""
    person = joinedload(Registration.person)
    return db.session.scalar(select(Registration).options(person, person.joinedload(Person.commune),
                                                          joinedload(Registration.attendance))
                             .where(names_ticket(code)))


def check_in_registration(event, registration, method, now, user=None, device=None, address=None):
    """Record that the registration's person is at event; return an Outcome ('new' or 'already').

    Raises CheckinRefused when the code is unknown, for another event, cancelled, outside the window, or when the
    campaign is closed.
    """
    require_ticket(event, registration, now, lambda: registration.event.title)
    if registration.attendance is not None:
        return Outcome("already", registration.attendance)  # loaded with the ticket: a re-scan costs no further query
    outcome = _record(event, now, person_id=registration.person_id, key=registration.person_key,
                      phone=registration.phone, registration_id=registration.id, method=method,
                      recorded_by_id=user.id if user else None, device=device, address=address)
    set_committed_value(registration, "attendance", outcome.attendance)  # the registration now knows it was used
    return outcome


def check_in_identified(event, phone, birth_year, now, full_name=None, device=None, address=None):
    """Check in the confirmed registration for event of this phone and birth year (and name, when given or when
    two people of the phone share the year); return an Outcome.

    Raises CheckinRefused outside the window before looking anything up (so nothing is learnt then), (field 'phone')
    when no registration matches, and (field 'full_name') when the name is needed to tell two people apart or matches
    none of them.
    """
    require_window(event, now)
    matching = select(Registration).join(Person).where(
        Registration.event_id == event.id, Registration.phone == phone, Registration.status == "confirmed",
        Person.birth_year == birth_year)
    if full_name:
        matching = matching.where(Registration.person_key == person_key(phone, full_name, birth_year))
    found = db.session.scalars(matching.limit(2)).all()
    if not found and full_name:
        raise CheckinRefused("not_registered", _l(
            "Không tìm thấy người đăng ký có họ tên này với số điện thoại và năm sinh trên. Hãy nhập họ và tên như khi "
            "đăng ký."), field="full_name")
    if not found:
        raise CheckinRefused("not_registered", not_registered_message(), field="phone")
    if len(found) > 1:
        raise CheckinRefused("which_person", _l(
            "Số điện thoại và năm sinh này khớp với nhiều người đã đăng ký. Vui lòng nhập họ và tên của bạn như khi "
            "đăng ký."), field="full_name")
    return check_in_registration(event, found[0], "self", now, device=device, address=address)


def check_in_walk_in(event, details, now, device=None, address=None, notice=None, user=None):
    """Record a walk-in (creating their person), consenting now to notice (the current one when None), taken by user
    when staff took it; return an Outcome.

    The people of one phone are told apart by name and year of birth, never by the phone alone: a walk-in whose
    phone, name and year match a confirmed registration for event checks that ticket in, one who matches an earlier
    walk-in is already in, and anyone else on the same phone is a person of their own. Raises CheckinRefused outside
    the window.
    """
    require_window(event, now)
    key = details_key(details)
    if key is not None:
        registration = db.session.scalar(select(Registration).where(
            Registration.event_id == event.id, Registration.person_key == key, Registration.status == "confirmed"))
        if registration is not None:
            return check_in_registration(event, registration, "self", now, user=user, device=device, address=address)
        existing = _existing(event.id, None, key)  # a cancelled ticket stays dead, but its holder may walk in
        if existing is not None:
            return Outcome("already", existing)
    notice = notice or notices.current(now.date())
    return _record(event, now, person=new_person(details, now), phone=details.phone, key=key,
                   method="walk_in", recorded_by_id=user.id if user else None, device=device, address=address,
                   consent_version=notice.number, consent_digest=notice.digest, consent_at=now)


def _record(event, now, person_id=None, key=None, person=None, **fields):
    """Insert the attendance (callers have checked the window and looked for an earlier one) and count it."""
    attendance = Attendance(event_id=event.id, person_key=key, created_at=now, **fields)
    if person is not None:
        attendance.person = person
    else:
        attendance.person_id = person_id
    if fields.get("device"):
        # One phone checking in a crowd is flagged for the organiser (a family of two is not).
        attendance.flagged = _device_count(event.id, fields["device"]) >= FLAG_AFTER
    try:
        with tally.change() as change:
            db.session.add(attendance)
            db.session.flush()
            change.attendance(event, attendance.person, key, fields.get("registration_id") is not None)
    except IntegrityError:
        # A simultaneous scan got there first: the unique constraint decided (only our savepoint is undone).
        existing = _existing(event.id, person_id, key)
        if existing is None:
            raise
        return Outcome("already", existing)
    return Outcome("new", attendance)


def _existing(event_id, person_id, key):
    """The event's attendance of this person (by their row, or by their person_key), or None."""
    conditions = [Attendance.person_id == person_id] if person_id else []
    if key:
        conditions.append(Attendance.person_key == key)
    if not conditions:
        return None
    person = joinedload(Attendance.person)
    return db.session.scalar(select(Attendance).options(person, person.joinedload(Person.commune))
                             .where(Attendance.event_id == event_id, db.or_(*conditions)))


def _device_count(event_id, device):
    return db.session.scalar(select(db.func.count()).select_from(Attendance).where(
        Attendance.event_id == event_id, Attendance.device == device))


def not_registered_message():
    """What a person is told when their phone and year match no registration for the event."""
    return _l("Không tìm thấy đăng ký với số điện thoại và năm sinh này. Bạn có thể điểm danh như người chưa đăng ký ở dưới.")

