"""Counting what the month achieved, kept live: the one way writers report a countable change, and the numbers.

Writers wrap every change the counts depend on in `change()`: it takes the write lock, runs their writes in a
savepoint and updates the counters, in the request's transaction; a change that moves no counter raises the shared
version instead. Readers ask `table()` for the numbers at this moment; `state` says when numbers computed earlier
still hold.
"""
from contextlib import contextmanager

from portal.extensions import db
from portal.storage import writes
from portal.tally import cache, counters, state
from portal.tally.counting import (  # noqa: F401
    DISTRICT,
    TOTAL,
    UNKNOWN,
    Row,
    Scope,
    Sexes,
    compute,
    participants,
)
from portal.tally.trend import daily  # noqa: F401

__all__ = ["DISTRICT", "TOTAL", "UNKNOWN", "Row", "Scope", "Sexes", "change", "compute", "daily", "participants",
           "table"]


class Change:
    """What a change adds to the counters, reported by the writer inside `change()` and applied at its end."""

    def __init__(self):
        self._steps = []
        self._moves_only_cells = True  # registrations, cancellations, attendances: their cells' changes show them

    def registration(self, event, person):
        """A confirmed registration of person for event."""
        self._steps.append(lambda: counters.count_registration(event, person))

    def registration_cancelled(self, event, person):
        """A confirmed registration of person for event, cancelled: it no longer counts."""
        self._steps.append(lambda: counters.uncount_registration(event, person))

    def attendance(self, event, person, key, registered):
        """A new attendance of the person told apart by key (None: without a phone); registered: with a ticket."""
        self._steps.append(lambda: counters.count_attendance(event, person, key, registered))

    def attendance_counted(self, event, slot_taken):
        """A new attendance at event that the statement writing it counted too (PostgreSQL's scan); slot_taken:
        whether that statement took a change slot of the campaign."""
        self._steps.append(lambda: counters.counted(event.campaign_id, slot_taken))

    def recount(self):
        """Something earlier counts differently now (an event cancelled): recompute the counters from the rows."""
        self._steps.append(counters.rebuild)
        self._moves_only_cells = False  # cells are deleted and rebuilt: their change counts start again

    def _apply(self):
        for step in self._steps:
            step()
        if not self._steps or not self._moves_only_cells:
            state.bump()  # nothing a counter cell shows (an event edited, a headcount, an erasure), or a recount


@contextmanager
def change(savepoint=True):
    """A countable thing changes: take the write lock, write in a savepoint, count it.

    Yields a Change for the writer to report what it added. A writer reporting nothing (an event edited, a
    headcount) raises the shared version: a row every such writer updates, so it serves rare changes only; a
    registration or check-in writes only its own counter cell and slots no other open transaction holds (its
    event's total, its campaign's changes: portal.tally.counters). An exception inside (an IntegrityError when the
    database judged a duplicate, a domain refusal) rolls back to the savepoint only, and propagates.

    savepoint=False: the writer has written already, by statements that cannot fail halfway (a scan's INSERT … ON
    CONFLICT DO NOTHING), and only reports; no savepoint, two round trips fewer. An exception then fails the
    whole request, which rolls back.
    """
    writes.begin(db.session())
    recorded = Change()
    if not savepoint:
        yield recorded
        recorded._apply()
        return
    with db.session.begin_nested():
        yield recorded
        db.session.flush()
        recorded._apply()


def table(scope, by, now, version=None, unit=None):
    """Return ((rows, totals), stamp): the counts at this moment, shared by everyone asking at the same stamp.

    version: the campaign's version read before (state.version), else read now, before the counts. unit: a
    commune's id: its row alone, no totals (compute)."""
    current = state.version(scope.campaign_id) if version is None else version
    whose = ("all",) if unit is None else ("unit", unit)
    return cache.remember(("table", scope, by, whose), current, now, lambda: (
        compute(scope, now, by=by, unit=unit), state.stamp(scope.campaign_id, now, current)))
