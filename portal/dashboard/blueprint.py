"""The dashboard blueprint: its address prefix and who may use it."""
from flask import Blueprint
from flask_login import login_required

from portal.accounts.policy import keep_collaborators_out

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


@bp.before_request
@login_required
def _staff_only():
    """Only admins and organisers see the counts (a collaborator sees their own count on their page)."""
    keep_collaborators_out()
