"""Path converters: a number in an address is never larger than the database's integers."""
from werkzeug.routing import IntegerConverter

LARGEST = 2**31 - 1  # PostgreSQL's integer (int4): a larger id would be a database error, not "not found"


class DatabaseInteger(IntegerConverter):
    """`<int:…>` in the portal's routes: a whole number from 0 to LARGEST; anything else matches no route (404)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST)
        super().__init__(url_map, *args, **kwargs)


def init_app(app):
    """Make `int` mean DatabaseInteger for every route registered after this."""
    app.url_map.converters["int"] = DatabaseInteger
