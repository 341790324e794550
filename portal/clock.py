"""The local wall clock: events are stored and shown in the district's time (naive local datetimes)."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app


def _zone():
    return ZoneInfo(current_app.config["TIMEZONE"])


def now():
    """Return the current local time as a naive datetime, to compare with stored event times."""
    return datetime.now(_zone()).replace(tzinfo=None, microsecond=0)


def local(moment):
    """A time with its zone (a device's clock) as local naive time, like the stored times."""
    return moment.astimezone(_zone()).replace(tzinfo=None)


def utc_offset(moment):
    """The local zone's offset from UTC at the naive local time moment, as '+07:00'."""
    return moment.replace(tzinfo=_zone()).isoformat()[-6:]
