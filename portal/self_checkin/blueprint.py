"""The self checkin blueprint."""
from flask import Blueprint

bp = Blueprint("self_checkin", __name__, url_prefix="/c")
