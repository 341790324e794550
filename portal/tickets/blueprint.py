"""The tickets blueprint."""
from flask import Blueprint

bp = Blueprint("tickets", __name__)
