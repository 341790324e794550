"""The daily trend: participants per day of the campaign, for the dashboard's small chart."""
from datetime import timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Attendance, Event, Headcount
from portal.tally.counting import counted


def daily(scope, first_day, last_day):
    """Return [(day, participants)] for each day from first_day to last_day: check-ins by day, headcounts by event day."""
    conditions = counted(scope)
    per_day = {}
    for day, count in db.session.execute(select(func.date(Attendance.created_at), func.count()).join(Event)
                                         .where(*conditions).group_by(func.date(Attendance.created_at))):
        per_day[str(day)[:10]] = per_day.get(str(day)[:10], 0) + count
    latest = select(func.max(Headcount.id)).join(Event).where(*conditions).group_by(Headcount.event_id)
    for headcount, starts_at in db.session.execute(select(Headcount, Event.starts_at).join(Event).where(Headcount.id.in_(latest))):
        day = starts_at.date().isoformat()
        per_day[day] = per_day.get(day, 0) + headcount.total
    days = (last_day - first_day).days + 1
    return [(first_day + timedelta(d), per_day.get((first_day + timedelta(d)).isoformat(), 0)) for d in range(max(days, 0))]
