"""How long one dashboard refresh takes as attendances grow: the tally alone and the whole HTTP response.

Usage: python -m bench.tally_refresh [--db URL] [--sizes 0,100000]
"""
import argparse
import json
import os
import statistics
import tempfile
import time

from flask_migrate import upgrade

from bench.dataset import build
from portal import clock, create_app, tally
from portal.accounts import create_user
from portal.catalogue import current_campaign
from portal.extensions import db

PASSWORD = "benchmark-password"


def measure(url, attendances, refreshes=20):
    """Return {"attendances", "tally_ms": {median, p95}, "http_ms": {median, p95}} for a fresh database of that size."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        build(attendances=attendances)
        create_user("bench", "Bench", PASSWORD, "admin", None, clock.now())
        db.session.commit()
        scope = tally.Scope(current_campaign(clock.now().date()).id)
        tally_times = _times(lambda: tally.compute(scope, clock.now()), refreshes)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"csrf_token": token, "username": "bench", "password": PASSWORD})
    http_times = _times(lambda: _ok(client.get("/dashboard/live", headers={"HX-Request": "true"})), refreshes)
    idle_times = _times(lambda: client.get("/dashboard/live?since=" + _version(app)), refreshes)
    with app.app_context():
        db.engine.dispose()
    return {"attendances": attendances, "tally_ms": _stats(tally_times), "http_ms": _stats(http_times),
            "idle_poll_ms": _stats(idle_times)}


def _version(app):
    with app.app_context():
        from portal import changes

        return str(changes.version())


def _ok(response):
    assert response.status_code == 200, response.status_code


def _times(action, count):
    action()  # warm caches once
    times = []
    for _ in range(count):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _stats(times):
    ordered = sorted(times)
    return {"median": round(statistics.median(ordered), 2), "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 2)}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an empty PostgreSQL database URL; default: a temporary SQLite file")
    parser.add_argument("--sizes", default="0,100000", help="comma-separated attendance counts")
    args = parser.parse_args()
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as folder:
            url = args.db or "sqlite:///" + os.path.join(folder, "bench.sqlite3")
            if args.db:
                _reset_postgres(args.db)
            results.append(measure(url, size))
            print(json.dumps(results[-1]), flush=True)
    return results


def _reset_postgres(url):
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


if __name__ == "__main__":
    main()
