"""Organisers' work on events: save, publish, cancel, restore, each kept in the event's history and refused once
the campaign is closed; the list of the events they manage."""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal import clock, tally
from portal.catalogue import event_search_key
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.models import Attendance, Commune, Event, EventChange, Registration
from portal.tokens import new_slug

EVENT_FIELDS = ("kind", "title", "venue", "description", "starts_at", "ends_at", "capacity", "registration_open",
                "checkin_opens_at", "checkin_closes_at", "rotating_qr")


class CapacityBelowSeats(ValueError):
    """The new capacity is smaller than the seats already taken (given as .seats)."""

    def __init__(self, seats):
        super().__init__(seats)
        self.seats = seats


class ChangeRefused(Exception):
    """The campaign's events no longer change (it is closed); str() is the reason."""


def change_refusal(campaign):
    """Return why the campaign's events cannot be created or changed now (a message), or None when they can."""
    if campaign.is_closed:
        return _l("Tháng hành động này đã khép lại; số liệu đã chốt nên không thể tạo, sửa, công bố, hủy hay khôi "
                  "phục hoạt động nữa.")
    return None


def _require_open(campaign):
    """Raise ChangeRefused when the campaign's events no longer change."""
    problem = change_refusal(campaign)
    if problem:
        raise ChangeRefused(problem)


def save_event(event, values, commune_id, campaign=None, user=None):
    """Apply values (EVENT_FIELDS) to event, or to a new draft event of campaign when event is None, as user; return
    it. Raise CapacityBelowSeats when the capacity would be under the seats already taken, ChangeRefused when the
    campaign is closed."""
    _require_open(event.campaign if event is not None else campaign)
    if event is not None and values["capacity"] is not None and values["capacity"] < event.seats_taken:
        raise CapacityBelowSeats(event.seats_taken)
    commune = db.session.get(Commune, commune_id) if commune_id else None
    try:
        with tally.change():  # a registration may take a seat meanwhile: the seats check decides
            what = "edited" if event else "created"
            if event is None:
                event = Event(slug=new_slug(), campaign=campaign, status="draft", seats_taken=0)
                db.session.add(event)
            for name in EVENT_FIELDS:
                setattr(event, name, values[name])
            event.commune_id = commune_id
            event.search_key = event_search_key(event.title, event.venue, commune)
            db.session.flush()
            _record(event, what, user)
    except IntegrityError as error:
        if "ck_event_seats" not in str(error.orig):
            raise
        db.session.refresh(event)
        raise CapacityBelowSeats(event.seats_taken) from error
    return event


def publish(event, user=None):
    """Make a draft event public (ChangeRefused once the campaign is closed, as for cancel and restore)."""
    _require_open(event.campaign)
    if event.status == "draft":
        with tally.change():
            event.status = "published"
            _record(event, "published", user)


def cancel(event, user=None):
    """Cancel an event: it stays listed, marked cancelled, and takes no registration or check-in; its
    registrations are kept, so it can be restored."""
    _require_open(event.campaign)
    if event.status == "cancelled":
        return
    with tally.change() as change:
        event.status = "cancelled"
        _record(event, "cancelled", user)
        db.session.flush()
        change.recount()  # its attendances no longer count, and whom they reached first may count elsewhere


def restore(event, user=None):
    """Publish a cancelled event again, with the registrations and attendances it had."""
    _require_open(event.campaign)
    if event.status != "cancelled":
        return
    with tally.change() as change:
        event.status = "published"
        _record(event, "restored", user)
        db.session.flush()
        change.recount()  # its attendances count again, and may now be the first to reach someone


def registration_count(event):
    """How many confirmed registrations event holds."""
    return db.session.scalar(select(func.count()).where(Registration.event_id == event.id,
                                                        Registration.status == "confirmed"))


def history(event):
    """The changes to event, oldest first."""
    return db.session.scalars(select(EventChange).where(EventChange.event_id == event.id)
                              .order_by(EventChange.created_at, EventChange.id)).all()


def _record(event, what, user):
    """Keep one change to event in its history."""
    db.session.add(EventChange(event_id=event.id, what=what, user_id=user.id if user else None,
                               created_at=clock.now()))


def managed_events(user, campaign):
    """Return (event, registrations, attendances) for the events user manages in campaign, soonest first."""
    registrations = (select(func.count()).where(Registration.event_id == Event.id, Registration.status == "confirmed")
                     .correlate(Event).scalar_subquery())
    attendances = select(func.count()).where(Attendance.event_id == Event.id).correlate(Event).scalar_subquery()
    stmt = select(Event, registrations, attendances).where(Event.campaign_id == campaign.id)
    if not user.is_admin:
        stmt = stmt.where(Event.commune_id == user.commune_id)
    return db.session.execute(stmt.order_by(Event.starts_at, Event.id)).all()
