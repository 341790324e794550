"""The bare limit: a minimal Flask app that inserts one check-in row into SQLite per request (insert-if-absent).

Served with the same gunicorn settings as the portal, under the same load, to give the portal/baseline ratio.
BASELINE_DB names the SQLite file.
"""
import os
import sqlite3
import threading

from flask import Flask, request

app = Flask(__name__)
_local = threading.local()


def _db():
    if not hasattr(_local, "connection"):
        connection = sqlite3.connect(os.environ["BASELINE_DB"], timeout=30, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("CREATE TABLE IF NOT EXISTS checkin (code TEXT PRIMARY KEY, at TEXT DEFAULT CURRENT_TIMESTAMP)")
        _local.connection = connection
    return _local.connection


@app.route("/scan", methods=["GET", "POST"])
def scan():
    """Record the code once; say whether it was new."""
    if request.method == "GET":
        return "ready"
    inserted = _db().execute("INSERT OR IGNORE INTO checkin (code) VALUES (?)", (request.form["code"],)).rowcount
    return "<div id='scan-result' class='new'>ok</div>" if inserted else "<div id='scan-result' class='again'>again</div>"
