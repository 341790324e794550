"""The public event list, one event's page and registration."""
from flask import Blueprint

bp = Blueprint("events", __name__, url_prefix="/events")

from portal.events import views  # noqa: E402,F401  (views attach routes to bp)
