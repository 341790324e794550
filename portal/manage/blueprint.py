"""The manage blueprint: its address prefix and who may use it."""
from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import bindparam

from portal.accounts.policy import can_manage, keep_collaborators_out
from portal.catalogue import select_event
from portal.extensions import db
from portal.models import Event

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.before_request
@login_required
def _staff_only():
    """Every page here needs a signed-in admin or organiser; a collaborator is sent from the first page to theirs."""
    if current_user.is_collaborator and request.endpoint == "manage.index":
        return redirect(url_for("collaborators.home"))
    keep_collaborators_out()


_BY_SLUG = select_event(Event.slug == bindparam("slug"))  # built once: every desk scan asks it


def managed_event(slug):
    """Return the event with this address if the signed-in user manages it; 404 otherwise (no hint it exists)."""
    event = db.session.scalar(_BY_SLUG, {"slug": slug})
    if event is None or not can_manage(current_user, event):
        abort(404)
    return event
