"""The state the counts are computed at: a version raised by every counted change, and the next moment the clock
alone changes them (an event reaching its start). Dashboards poll this stamp, not the tally."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text

from portal.extensions import db
from portal.models import Event, TallyState

_BUMP = text("UPDATE tally_state SET version = version + 1 WHERE id = 1")
_TOKEN_TIME = "%Y%m%d%H%M%S"


@dataclass(frozen=True)
class Stamp:
    """Numbers computed at this version stay right until the version moves or the clock reaches `until`."""

    version: int
    until: datetime | None = None

    @property
    def token(self):
        """The stamp as the dashboards send it back when they poll: '12' or '12-20261130090000'."""
        return f"{self.version}-{self.until.strftime(_TOKEN_TIME)}" if self.until else str(self.version)

    def holds(self, version, now):
        """True when numbers of this stamp are still what a fresh count would give at version and now."""
        return self.version == version and (self.until is None or now < self.until)

    @classmethod
    def parse(cls, token):
        """Read a token sent back by a dashboard; None for anything else."""
        number, _, until = (token or "").partition("-")
        try:
            return cls(int(number), datetime.strptime(until, _TOKEN_TIME) if until else None)
        except ValueError:
            return None


def bump():
    """Raise the version in the current transaction (called by tally.change, after the change's own writes)."""
    db.session.execute(_BUMP)


def version():
    """The current version: one primary-key read."""
    return db.session.scalar(select(TallyState.version).where(TallyState.id == 1)) or 0


def stamp(campaign_id, now, current=None):
    """The stamp of counts computed now: the version, and the next start of a published event of the campaign."""
    until = db.session.scalar(select(func.min(Event.starts_at)).where(
        Event.campaign_id == campaign_id, Event.status == "published", Event.starts_at > now))
    return Stamp(version() if current is None else current, until)


def ensure_state():
    """Create the version row when missing (the migration makes it; an emptied database needs it again)."""
    if db.session.get(TallyState, 1) is None:
        db.session.add(TallyState(id=1, version=0))
        db.session.flush()
