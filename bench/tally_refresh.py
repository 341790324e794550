"""How long one dashboard refresh takes as attendances grow: the tally alone, the whole HTTP response, an idle poll.

Usage: python -m bench.tally_refresh [--db URL] [--sizes 0,100000]
"""
import argparse
import json
import os
import statistics
import tempfile
import time

from flask_migrate import upgrade
from sqlalchemy import select, text

from bench import server
from bench.dataset import build
from portal import clock, create_app, tally
from portal.accounts import create_user
from portal.catalogue import current_campaign
from portal.extensions import db
from portal.models import Event, Registration
from portal.tally import state

PASSWORD = "benchmark-password"


def _app(url):
    # Every refresh measured here follows a change, so it recomputes the table from the database.
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})


def _change(app):
    """Something changed (outside the timing): the next refresh must recompute and re-render."""
    with app.app_context():
        state.bump()
        db.session.commit()


def prepare(url, attendances=0):
    """Create a realistic database at url (300 events, 50,000 registrations, attendances) with the bench admin.

    Returns the events as dicts: slug, checkin_code, a ticket token, and the short codes of their registrations.
    """
    if url.startswith("postgresql"):
        server.emptied(url)
    app = _app(url)
    with app.app_context():
        upgrade()
        build(attendances=attendances)
        create_user("bench", "Bench", PASSWORD, "admin", None, clock.now())
        db.session.commit()
        events = {e.id: {"slug": e.slug, "checkin_code": e.checkin_code, "codes": [], "token": None}
                  for e in db.session.scalars(select(Event).order_by(Event.id))}
        for event_id, code, token in db.session.execute(
                select(Registration.event_id, Registration.short_code, Registration.token)):
            events[event_id]["codes"].append(code)
            events[event_id]["token"] = events[event_id]["token"] or token
        db.engine.dispose()
    return [e for e in events.values() if e["codes"]]


def settle(url):
    """After a bulk load, what PostgreSQL's autovacuum would have done before a real event (VACUUM ANALYZE: the
    planner's statistics, the visibility map), done here because some machines run it off (report.machine records
    it). SQLite: nothing; the portal never runs ANALYZE there."""
    if not url.startswith("postgresql"):
        return
    connected = server.engine(url, isolation_level="AUTOCOMMIT")
    try:
        with connected.connect() as connection:
            connection.execute(text("VACUUM ANALYZE"))
    finally:
        connected.dispose()


def measure(url, attendances, refreshes=20):
    """Return the median and p95 (ms) of the tally, of a full /dashboard/live response, and of an idle poll."""
    prepare(url, attendances)
    app = _app(url)
    with app.app_context():
        scope = tally.Scope(current_campaign(clock.now().date()).id)
        tally_times = _times(lambda: tally.compute(scope, clock.now()), refreshes)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"csrf_token": token, "username": "bench", "password": PASSWORD})
    http_times = _times(lambda: _ok(client.get("/dashboard/live", headers={"HX-Request": "true"}), 200), refreshes,
                        before=lambda: _change(app))
    with app.app_context():
        version = state.stamp(scope.campaign_id, clock.now()).token
    idle_times = _times(lambda: _ok(client.get(f"/dashboard/live?since={version}"), 204), refreshes)
    with app.app_context():
        db.engine.dispose()
    return {"attendances": attendances, "tally_ms": _stats(tally_times), "http_ms": _stats(http_times),
            "idle_poll_ms": _stats(idle_times)}


def run(db_url, sizes, folder):
    """Measure each size on a fresh database (PostgreSQL when db_url is given, else SQLite files in folder)."""
    results = []
    for size in sizes:
        url = db_url or "sqlite:///" + os.path.join(folder, f"tally-{size}.sqlite3")
        results.append(measure(url, size))
        print(json.dumps(results[-1]), flush=True)
    return results


def _ok(response, status):
    assert response.status_code == status, response.status_code


def _times(action, count, before=None):
    action()  # warm caches once
    times = []
    for _ in range(count):
        if before:
            before()
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _stats(times):
    ordered = sorted(times)
    return {"median": round(statistics.median(ordered), 2), "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 2)}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an empty PostgreSQL database URL (its tables are dropped); default: SQLite")
    parser.add_argument("--sizes", default="0,100000", help="comma-separated attendance counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run(args.db, [int(s) for s in args.sizes.split(",")], folder)


if __name__ == "__main__":
    main()
