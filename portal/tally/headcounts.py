"""Headcounts: people at an event not checked in one by one, entered as counts; each correction is a new one."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import tally
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.models import Headcount


def latest_headcount(event):
    """The event's headcount: its latest correction, or None."""
    return db.session.scalar(select(Headcount).where(Headcount.event_id == event.id).order_by(Headcount.id.desc()).limit(1))


def headcount_history(event):
    """Every headcount of event (the corrections), newest first."""
    return db.session.scalars(select(Headcount).where(Headcount.event_id == event.id).order_by(Headcount.id.desc())).all()


class HeadcountRefused(Exception):
    """The event takes no headcount now; str() is the reason."""


def headcount_refusal(event):
    """Return why the event takes no headcount now (a message), or None when it does."""
    if event.campaign.is_closed:
        return _l("Tháng hành động này đã khép lại; số liệu đã chốt nên không nhập hay sửa số lượng được nữa.")
    return None


class HeadcountConflict(Exception):
    """Someone saved a headcount for the event after the one this correction was based on; latest is theirs."""

    def __init__(self, latest):
        super().__init__("headcount changed meanwhile")
        self.latest = latest


def record_headcount(event, male, female, other, by_commune, note, user, now, revises):
    """Add a headcount correcting headcount `revises` (0 for the first); it becomes the one that counts.

    Raises HeadcountConflict when another headcount was saved since `revises`: the database judges, by the unique
    (event, revises) pair, so of two simultaneous corrections of one headcount exactly one is kept. Raises
    HeadcountRefused when the event's campaign is closed.
    """
    problem = headcount_refusal(event)
    if problem:
        raise HeadcountRefused(problem)
    latest = latest_headcount(event)
    if (latest.id if latest else 0) != revises:
        raise HeadcountConflict(latest)
    headcount = Headcount(event_id=event.id, male=male, female=female, other=other, by_commune=by_commune,
                      note=note or "", entered_by_id=user.id, created_at=now, revises=revises)
    try:
        with tally.change():
            db.session.add(headcount)
    except IntegrityError:
        raise HeadcountConflict(latest_headcount(event)) from None
    return headcount
