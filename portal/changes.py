"""A version number for everything the counts depend on, so idle dashboards can poll it instead of the tally."""
from sqlalchemy import select, text

from portal.extensions import db
from portal.models import TallyState

_BUMP = text("UPDATE tally_state SET version = version + 1 WHERE id = 1")


def bump():
    """Raise the version in the current transaction (call it after the change's own writes, to hold the row briefly)."""
    db.session.execute(_BUMP)


def version():
    """The current version: one primary-key read."""
    return db.session.scalar(select(TallyState.version).where(TallyState.id == 1)) or 0


def ensure_state():
    """Create the version row when missing (the migration makes it; an emptied database needs it again)."""
    if db.session.get(TallyState, 1) is None:
        db.session.add(TallyState(id=1, version=0))
        db.session.flush()
