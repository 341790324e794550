"""The local wall clock: events are stored and shown in the district's time (naive local datetimes)."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app


def now():
    """Return the current local time as a naive datetime, to compare with stored event times."""
    return datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).replace(tzinfo=None, microsecond=0)
