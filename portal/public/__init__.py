"""The campaign home and the language switch."""
from flask import Blueprint

bp = Blueprint("public", __name__)

from portal.public import views  # noqa: E402,F401  (views attach routes to bp)
