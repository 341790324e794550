"""Self check-in: attendees scan the event's QR with their own phone."""
from flask import Blueprint

bp = Blueprint("checkins", __name__, url_prefix="/c")

from portal.checkins import views  # noqa: E402,F401  (views attach routes to bp)
