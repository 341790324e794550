"""Cancelling a registration: the ticket stops working and the seat (and the place of its phone) is free again at
once."""
from sqlalchemy import exists, update

from portal import tally
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.models import Attendance, Event, Registration


class CancelRefused(Exception):
    """The registration cannot be cancelled; str() is the reason for the person."""


def cancel_refusal(registration, now):
    """Return why the registration cannot be cancelled now (a message), or None when it can."""
    if registration.event.campaign.is_closed:
        return _l("Tháng hành động này đã khép lại; số liệu đã chốt nên không thể hủy đăng ký nữa.")
    if registration.attendance is not None:
        return _l("Bạn đã điểm danh tại hoạt động này nên không thể hủy đăng ký.")
    if registration.event.ends_at < now:
        return _l("Hoạt động này đã kết thúc nên không thể hủy đăng ký.")
    return None


def cancel(registration, now):
    """Cancel a confirmed registration: its ticket stops working and its seat is freed at once.

    Cancelling twice frees one seat. Raises CancelRefused when the person attended, the event is over or its
    campaign is closed.
    """
    problem = cancel_refusal(registration, now)
    if problem:
        raise CancelRefused(problem)
    with tally.change() as change:
        # Conditional, like taking a seat: of two simultaneous cancels (or a cancel and a check-in) one wins.
        cancelled = db.session.execute(
            update(Registration)
            .where(Registration.id == registration.id, Registration.status == "confirmed",
                   ~exists().where(Attendance.registration_id == Registration.id))
            .values(status="cancelled", household_place=None)  # the phone's place is free for someone else
            .execution_options(synchronize_session=False)
        )
        if cancelled.rowcount == 1:
            db.session.execute(
                update(Event).where(Event.id == registration.event_id, Event.seats_taken > 0)
                .values(seats_taken=Event.seats_taken - 1).execution_options(synchronize_session=False))
            change.registration_cancelled(registration.event, registration.person)
    db.session.expire(registration)
    db.session.expire(registration.event, ["seats_taken"])
    if registration.status == "confirmed":
        raise CancelRefused(cancel_refusal(registration, now))  # checked in meanwhile
