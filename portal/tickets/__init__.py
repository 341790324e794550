"""Tickets: the page behind the QR, its images, a calendar file, and recovery of a lost ticket."""
from flask import Blueprint

bp = Blueprint("tickets", __name__)

from portal.tickets import views  # noqa: E402,F401  (views attach routes to bp)
