"""The live dashboard: participation per commune by sex and kind, the per-event screen, and the report exports."""
from flask import Blueprint
from flask_login import login_required

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


@bp.before_request
@login_required
def _staff_only():
    """Only staff see the counts."""


from portal.dashboard import exports, views  # noqa: E402,F401  (views attach routes to bp)
