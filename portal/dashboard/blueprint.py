"""The dashboard blueprint: its address prefix and who may use it."""
from flask import Blueprint
from flask_login import login_required

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


@bp.before_request
@login_required
def _staff_only():
    """Only staff see the counts."""
