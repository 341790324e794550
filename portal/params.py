"""Query-string values read the same way everywhere: a bad value falls back to the default, never a 500."""
from datetime import date


def one_of(value, allowed, default=""):
    """value when it is one of allowed, else default."""
    return value if value in allowed else default


def day(value):
    """A date from 'YYYY-MM-DD', or None for anything else."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def row_id(value):
    """A database id from its text (1 up to the largest integer the databases hold), or None for anything else."""
    from portal.web.converters import LARGEST

    return int(value) if value and value.isascii() and value.isdigit() and 0 < int(value) <= LARGEST else None


def query(values, defaults):
    """The parameters worth putting in a link: values without the empty ones and those equal to their default;
    dates written as 'YYYY-MM-DD'."""
    written = {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
    return {k: v for k, v in written.items() if v and defaults.get(k) != v}
