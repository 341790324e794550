"""Purging the personal data of campaigns closed longer ago than the retention period.

Names, birth years, phone numbers and device marks of every registration and attendance (walk-ins included) at the
campaign's events go; the counters, headcounts and the frozen report stay, so every number reads the same. A phone
number, and a person's key (what tells the people of one phone apart), is replaced, throughout the campaign, by a
random stand-in kept nowhere else (the same number or key gets the same stand-in, so "distinct people" still counts
the same); a person's own row is anonymised only once every registration and attendance naming them belongs to a
purged campaign. Running it again changes nothing.
"""
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, delete, func, or_, select, update

from portal import tally
from portal.accounts import audit
from portal.extensions import db
from portal.models import (
    Attendance,
    CampaignClosing,
    Event,
    Person,
    ReachMark,
    Registration,
)

ANONYMOUS = "—"
STAND_IN = "~"  # stand-in phone numbers and person keys start with it; real ones are digits and hexadecimal digits


def stand_ins(values, length):
    """For each real value (not None, not a stand-in already) a random stand-in of length characters kept nowhere
    else, as the {"old", "new"} pairs an executemany UPDATE takes: one value, one stand-in."""
    return [{"old": value, "new": STAND_IN + secrets.token_hex(length // 2)}
            for value in sorted(v for v in set(values) if v and not v.startswith(STAND_IN))]


PHONE_STAND_IN, KEY_STAND_IN = 15, 31  # lengths that fit Registration.phone and person_key


@dataclass(frozen=True)
class Purge:
    """What a purge of one campaign removes: counts only, never the data itself."""

    year: int
    registrations: int
    attendances: int
    persons: int
    reach_marks: int


def due(now, days):
    """The closings whose campaign's personal data is to be purged at now (closed at least days ago, not yet)."""
    return db.session.scalars(select(CampaignClosing).where(
        CampaignClosing.purged_at.is_(None), CampaignClosing.closed_at <= now - timedelta(days=days))
        .order_by(CampaignClosing.campaign_id)).all()


def purge(now, days, dry_run=False):
    """Purge every campaign due at now; return a Purge per campaign. dry_run: count only, change nothing.
    Only flushes."""
    closings = due(now, days)
    if not closings:
        return []
    gone = set(db.session.scalars(select(CampaignClosing.campaign_id).where(CampaignClosing.purged_at.is_not(None))))
    gone |= {c.campaign_id for c in closings}
    done = []
    for closing in closings:
        events = select(Event.id).where(Event.campaign_id == closing.campaign_id).scalar_subquery()
        persons = _persons_only_in(events, gone)
        done.append(Purge(closing.campaign.year, _count(Registration, events), _count(Attendance, events),
                          len(persons), db.session.scalar(select(func.count()).select_from(ReachMark).where(
                              ReachMark.campaign_id == closing.campaign_id))))
        if dry_run:
            continue
        with tally.change():
            _anonymise(events, persons, closing.campaign_id)
        closing.purged_at = now
        audit.add(audit.entry("data_purged", None, f"campaign:{closing.campaign_id}", "", now))
    db.session.flush()
    return done


def _count(model, events):
    """How many rows of model belong to the events."""
    return db.session.scalar(select(func.count()).select_from(model).where(model.event_id.in_(events)))


def _persons_only_in(events, gone):
    """Ids of people named by the events' registrations or attendances and by nothing outside purged campaigns."""
    linked = select(Registration.person_id).where(Registration.event_id.in_(events)).union(
        select(Attendance.person_id).where(Attendance.event_id.in_(events)))
    elsewhere = select(Event.id).where(Event.campaign_id.not_in(gone))
    kept = select(Registration.person_id).where(Registration.event_id.in_(elsewhere)).union(
        select(Attendance.person_id).where(Attendance.event_id.in_(elsewhere)))
    return set(db.session.scalars(linked)) - set(db.session.scalars(kept))


def _anonymise(events, persons, campaign_id):
    """Replace the phones and person keys, anonymise the people, drop device marks and the campaign's reach marks."""
    for column, length in (("phone", PHONE_STAND_IN), ("person_key", KEY_STAND_IN)):
        held = [value for model in (Registration, Attendance) for value in db.session.scalars(
            select(getattr(model, column)).where(model.event_id.in_(events)))]
        pairs = stand_ins(held, length)
        for table in (Registration.__table__, Attendance.__table__):
            if pairs:  # one statement run per value (executemany), on the table itself
                db.session.execute(update(table).where(table.c.event_id.in_(events),
                                                       table.c[column] == bindparam("old"))
                                   .values({column: bindparam("new")}), pairs)
    db.session.execute(update(Attendance).where(Attendance.event_id.in_(events), or_(
        Attendance.device.is_not(None), Attendance.address.is_not(None))).values(device=None, address=None))
    if persons:
        db.session.execute(update(Person).where(Person.id.in_(persons)).values(
            full_name=ANONYMOUS, name_key="", phone=None, birth_year=0))
    db.session.execute(delete(ReachMark).where(ReachMark.campaign_id == campaign_id))
    db.session.expire_all()
