"""The manage blueprint: its address prefix and who may use it."""
from flask import Blueprint, abort
from flask_login import current_user, login_required

from portal.accounts.policy import can_manage
from portal.catalogue import select_event
from portal.extensions import db
from portal.models import Event

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.before_request
@login_required
def _staff_only():
    """Every page here needs a signed-in staff account."""


def managed_event(slug):
    """Return the event with this address if the signed-in user manages it; 404 otherwise (no hint it exists)."""
    event = db.session.scalar(select_event(Event.slug == slug))
    if event is None or not can_manage(current_user, event):
        abort(404)
    return event
