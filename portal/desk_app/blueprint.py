"""The offline desk's blueprint, at /ban-diem-danh (the scope of its service worker)."""
from flask import Blueprint

bp = Blueprint("desk_app", __name__, url_prefix="/ban-diem-danh")
