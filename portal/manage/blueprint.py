"""The manage blueprint: its address prefix and who may use it."""
from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, load_only

from portal.accounts.policy import can_manage, keep_collaborators_out
from portal.catalogue import select_event
from portal.extensions import db
from portal.models import Campaign, Event

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.before_request
@login_required
def _staff_only():
    """Every page here needs a signed-in admin or organiser; a collaborator is sent from the first page to theirs."""
    if current_user.is_collaborator and request.endpoint == "manage.index":
        return redirect(url_for("collaborators.home"))
    keep_collaborators_out()


_BY_SLUG = select_event(Event.slug == bindparam("slug"))
# What a scan decides by (the window, the status, the unit, the campaign and whether it is closed), built once: every
# desk scan asks it. The event's other columns, a long description among them, are not read.
_SCANNED_BY_SLUG = select(Event).options(
    load_only(Event.id, Event.slug, Event.campaign_id, Event.commune_id, Event.status, Event.starts_at, Event.ends_at,
              Event.checkin_opens_at, Event.checkin_closes_at),
    joinedload(Event.campaign).load_only(Campaign.id)).where(Event.slug == bindparam("slug"))


def managed_event(slug, scanning=False):
    """Return the event with this address if the signed-in user manages it; 404 otherwise (no hint it exists).
    scanning: only what a scan decides by is read (any other attribute read later loads then)."""
    event = db.session.scalar(_SCANNED_BY_SLUG if scanning else _BY_SLUG, {"slug": slug})
    if event is None or not can_manage(current_user, event):
        abort(404)
    return event
