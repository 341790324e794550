"""The state the counts are computed at, and the next moment the clock alone changes them (an event reaching its
start). Dashboards poll this stamp, not the tally; the offline desk polls its event's as the ticket list's cursor.

No row is written by every check-in (on PostgreSQL such a row makes every check-in wait for the one before it to
commit). A version is two numbers:

- how many times the counters changed. Every change of the counters (portal.tally.counters) adds 1 to one of its
  event's TallyTotal rows for the person's sex and to one of its campaign's TallyChanges slots, each one no other
  open transaction holds (so concurrent check-ins never wait for each other there; there are as many slots as
  writers ever counted at once). Registrations, cancellations and check-ins change nothing else the counts read.
  Summed over a campaign's slots (or over one event's totals) this only ever grows, and every committed change
  makes it grow, in whatever order concurrent transactions commit: an equal sum read later means no change was
  committed in between. (A largest id or a sequence would not do: a transaction that took a smaller number can
  commit after a larger one was already seen.)
- the shared version (tally_state id=1), raised by the rare changes that move no counter: an event edited,
  published or cancelled, a headcount, a recount, an erasure, a purge. It also covers a recount deleting and
  rebuilding the cells and totals.

Both are read in one statement, before the numbers are computed: a change committed meanwhile makes the numbers
newer than their stamp, never older, and the next poll recomputes them.
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text

from portal.extensions import db
from portal.models import Event, TallyState

_BUMP = text("UPDATE tally_state SET version = version + 1 WHERE id = 1")
_SHARED = "(SELECT version FROM tally_state WHERE id = 1)"
# A campaign's: a few rows by primary key (a city's cells are tens of thousands).
_OF_CAMPAIGN = text(f"SELECT {_SHARED}, (SELECT COALESCE(SUM(changes), 0) FROM tally_changes WHERE campaign_id = :id)")
_OF_EVENT = text(f"SELECT {_SHARED}, (SELECT COALESCE(SUM(changes), 0) FROM tally_total WHERE event_id = :id)")
_TOKEN_TIME = "%Y%m%d%H%M%S"


@dataclass(frozen=True)
class Stamp:
    """Numbers computed at this version stay right until the version moves or the clock reaches `until`."""

    version: str
    until: datetime | None = None

    @property
    def token(self):
        """The stamp as the dashboards send it back when they poll: '3.12' or '3.12-20261130090000'."""
        return f"{self.version}-{self.until.strftime(_TOKEN_TIME)}" if self.until else self.version

    def holds(self, version, now):
        """True when numbers of this stamp are still what a fresh count would give at version and now."""
        return self.version == version and (self.until is None or now < self.until)

    @classmethod
    def parse(cls, token):
        """Read a token sent back by a dashboard; None for anything else."""
        number, _, until = (token or "").partition("-")
        shared, dot, changes = number.partition(".")
        if not (dot and shared.isascii() and shared.isdigit() and changes.isascii() and changes.isdigit()):
            return None
        try:
            return cls(number, datetime.strptime(until, _TOKEN_TIME) if until else None)
        except ValueError:
            return None


def bump():
    """Raise the shared version in the current transaction (tally.change does, for a change no counter shows)."""
    db.session.execute(_BUMP)


def shared_version():
    """The shared version alone: one primary-key read."""
    return db.session.scalar(select(TallyState.version).where(TallyState.id == 1)) or 0


def version(campaign_id):
    """The campaign's version now, as a string ('shared.changes'): it moves with every committed change to what
    the campaign's counts are computed from."""
    return _version(_OF_CAMPAIGN, campaign_id)


def event_version(event_id):
    """The event's version now: it moves with every committed registration, cancellation or check-in at the event
    and with every change of the shared version, and with nothing done at other events."""
    return _version(_OF_EVENT, event_id)


def _version(statement, id_):
    shared, changes = db.session.execute(statement, {"id": id_}).one()
    return f"{shared or 0}.{changes}"


def stamp(campaign_id, now, current=None):
    """The stamp of counts computed now: the version, and the next start of a published event of the campaign.

    current: the version read before the counts were computed (read now when None)."""
    until = db.session.scalar(select(func.min(Event.starts_at)).where(
        Event.campaign_id == campaign_id, Event.status == "published", Event.starts_at > now))
    return Stamp(version(campaign_id) if current is None else current, until)


def ensure_state():
    """Create the version row when missing (the migration makes it; an emptied database needs it again)."""
    if db.session.get(TallyState, 1) is None:
        db.session.add(TallyState(id=1, version=0))
        db.session.flush()
