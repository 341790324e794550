"""The public catalogue: the current campaign and its events, filtered by kind, commune, date and text."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, select
from sqlalchemy.orm import joinedload

from portal import params
from portal.extensions import db
from portal.models import KINDS, Campaign, Commune, Event
from portal.text import fold, like_pattern

WHENS = ("upcoming", "week", "all")


@dataclass(frozen=True)
class EventFilter:
    """What a person asked the list for; every field has a harmless default (default_when: the time asked for when
    none is given, left out of links)."""

    q: str = ""
    kind: str = ""
    commune: str = ""
    when: str = "upcoming"
    date_from: date | None = None
    date_to: date | None = None
    default_when: str = "upcoming"

    @classmethod
    def from_args(cls, args, default_when="upcoming"):
        """Read query parameters, dropping values that are not valid (the list then shows more, never a 500)."""
        return cls(
            q=(args.get("q") or "")[:100].strip(),
            kind=params.one_of(args.get("kind"), KINDS),
            commune=(args.get("commune") or "")[:10],
            when=params.one_of(args.get("when"), WHENS, default_when),
            date_from=params.day(args.get("from")),
            date_to=params.day(args.get("to")),
            default_when=default_when,
        )


    def args(self, **changes):
        """The query parameters that reproduce this filter (defaults left out), with changes applied."""
        values = {"q": self.q, "kind": self.kind, "commune": self.commune, "when": self.when,
                  "from": self.date_from, "to": self.date_to} | changes
        return params.query(values, {"when": self.default_when})


def current_campaign(today, unit_list_id=None):
    """Return the pinned campaign, else the one running today, else the next to start, else the latest to end
    (between two running or starting together, the earlier started, then the first made); None when there is none.

    unit_list_id: only the campaigns on that list (an organiser's unit's) are considered.
    """
    running = (Campaign.starts_on <= today) & (Campaign.ends_on >= today)
    rank = case((Campaign.pinned, 0), (running, 1), (Campaign.starts_on > today, 2), else_=3)
    stmt = select(Campaign).order_by(rank, case((rank.in_((1, 2)), Campaign.starts_on)),
                                     case((rank == 3, Campaign.ends_on)).desc(), Campaign.id)
    if unit_list_id is not None:
        stmt = stmt.where(Campaign.unit_list_id == unit_list_id)
    return db.session.scalar(stmt.limit(1))


def list_communes(campaign):
    """Return the campaign's reporting units in the order of their codes."""
    return db.session.scalars(select(Commune).where(Commune.unit_list_id == campaign.unit_list_id)
                              .order_by(Commune.code)).all()


def find_events(campaign, filters, now):
    """Return a select of the campaign's public events matching filters, soonest first."""
    stmt = select(Event).where(Event.campaign_id == campaign.id, Event.status != "draft")
    if filters.kind:
        stmt = stmt.where(Event.kind == filters.kind)
    if filters.commune:
        stmt = stmt.join(Commune, Event.commune_id == Commune.id).where(
            Commune.code == filters.commune, Commune.unit_list_id == campaign.unit_list_id)
    if filters.q and fold(filters.q):
        stmt = stmt.where(Event.search_key.like(like_pattern(fold(filters.q)), escape="\\"))
    if filters.date_from or filters.date_to:
        if filters.date_from:
            stmt = stmt.where(Event.ends_at >= datetime.combine(filters.date_from, time.min))
        if filters.date_to:
            stmt = stmt.where(Event.starts_at < datetime.combine(filters.date_to + timedelta(days=1), time.min))
    elif filters.when == "upcoming":
        stmt = stmt.where(Event.ends_at >= now)
    elif filters.when == "week":
        monday = datetime.combine(now.date() - timedelta(days=now.weekday()), time.min)
        stmt = stmt.where(Event.starts_at < monday + timedelta(days=7), Event.ends_at >= monday)
    return stmt.order_by(Event.starts_at, Event.id)


def event_search_key(title, venue, commune):
    """The accent-free text that free-text search matches: title, venue and the host commune's name."""
    return fold(" ".join(filter(None, [title, venue, commune.name if commune else ""])))


def select_event(*conditions):
    """A select of the event matching conditions, its campaign (and whether that is closed) loaded in the same query:
    every door that changes the numbers asks it."""
    return select(Event).options(joinedload(Event.campaign)).where(*conditions)


def event_by_slug(slug):
    """Return the public (not draft) event with this address, or None."""
    return db.session.scalar(select_event(Event.slug == slug, Event.status != "draft"))


def kind_counts(campaign, now):
    """Return {kind: number of events} counted as the list opened from that kind's link shows them: upcoming
    (not yet ended), public, cancelled ones included (the list shows them, marked)."""
    listed = find_events(campaign, EventFilter(), now).order_by(None).subquery()
    rows = db.session.execute(select(listed.c.kind, db.func.count()).group_by(listed.c.kind))
    return {kind: 0 for kind in KINDS} | dict(rows.all())
