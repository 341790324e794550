"""The own-data blueprint (Vietnamese addresses, as people read them)."""
from flask import Blueprint

bp = Blueprint("mydata", __name__, url_prefix="/du-lieu-cua-toi")
