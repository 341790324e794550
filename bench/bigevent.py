"""One big event: 16 scanners at one event that already holds thousands of check-ins, the desk's real signed-in
requests (session cookie, CSRF header, POST /manage/events/<slug>/scan), first scans and re-scans, each with
keep-alive connections (as the desk's browser) and with a new connection per request; the bare baseline
(bench/baseline.py) under the same two client modes in the same run; the server's CPU per request; and the
event-size curve (scans at one event holding 100, 2,000 and 20,000 check-ins).

Usage: python -m bench.bigevent [--db postgresql://...] [--seconds 8]  (prints the JSON; bench.run writes the report)
"""
import argparse
import asyncio
import json
import math
import os
import sqlite3
import tempfile

from sqlalchemy import select

from bench import dataset, load, procstat, tally_refresh
from bench.server import LIMITS, Server, database_name

SCANNERS = 16
HELD = 2000                 # check-ins the event holds before the scanners start
CURVE = (100, 2000, 20000)  # the event sizes of the curve
CURVE_SCANS = 1000          # first scans at most per curve point: the event grows by no more than this
FRESH_PER_SECOND = 1500     # fresh tickets provided per second of a phase, more than any scanner load here answers
MODES = (("keep_alive", True), ("new_connection", False))
PORTAL_PATH = "/manage/events/{slug}/scan"
PORTAL_EXPECT = {"first_scans": "scan-result new", "rescans": "scan-result already"}
BASELINE_EXPECT = {"first_scans": "class='new'", "rescans": "class='again'"}


def prepare(url, seconds, curve=CURVE):
    """The realistic database (bench.tally_refresh.prepare) with one big event per client mode (HELD check-ins) and
    one per curve size; returns {key: {"slug", "held": codes checked in, "fresh": codes not yet scanned}}."""
    from portal import create_app
    from portal.extensions import db
    from portal.models import Event
    from portal.tally import counters

    events = tally_refresh.prepare(url)
    fresh = int(FRESH_PER_SECOND * seconds) + 200
    plan = [(mode, HELD, fresh) for mode, _keep in MODES] + [(f"curve_{size}", size, min(fresh, CURVE_SCANS + 100))
                                                              for size in curve]
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    prepared = {}
    with app.app_context():
        for number, (key, held, tickets) in enumerate(plan):
            slug = events[number]["slug"]
            event_id = db.session.scalar(select(Event.id).where(Event.slug == slug))
            held_codes, fresh_codes = dataset.big_event(event_id, held, tickets, first_number=30_000_000 + number * 1_000_000)
            prepared[key] = {"slug": slug, "held": held_codes, "fresh": fresh_codes}
        counters.rebuild()  # bulk inserts skip the live counters
        db.session.commit()
        db.engine.dispose()
    return prepared


def _jobs(path, codes, at_least=0):
    """The codes dealt to the scanners in turn (repeated until each scanner has at_least of them: re-scans)."""
    jobs = [[(path, code) for code in codes[n::SCANNERS]] for n in range(SCANNERS)]
    return [job * max(1, math.ceil(at_least / len(job))) if job else job for job in jobs]


async def _phase(clients, jobs, seconds, expect, roots, database):
    with procstat.Meter(roots, database) as meter:
        result, _done = await load.scanners(clients, jobs, seconds, expect)
    return result | meter.figures(result["requests"])


async def _scan_modes(base, prepared, seconds, account, path, expect, roots, database):
    """First scans then re-scans at the mode's big event, for each client mode."""
    results = {}
    for mode, keep_alive in MODES:
        clients = await load.signed_in(base, SCANNERS, account, keep_alive)
        event = prepared[mode]
        where = path.format(slug=event["slug"])
        results[mode] = {
            "first_scans": await _phase(clients, _jobs(where, event["fresh"]), seconds, expect["first_scans"], roots,
                                        database),
            "rescans": await _phase(clients, _jobs(where, event["held"], FRESH_PER_SECOND * seconds / SCANNERS), seconds,
                                    expect["rescans"], roots, database)}
        for client in clients:
            await client.aclose()
    return results


async def _curve(base, prepared, seconds, account, roots, database, sizes):
    """At each size, with a new connection per request: first scans (at most CURVE_SCANS, so the event grows from
    its size by no more than that), then re-scans of the check-ins it held (its size stays)."""
    points = []
    clients = await load.signed_in(base, SCANNERS, account, keep_alive=False)
    for size in sizes:
        event = prepared[f"curve_{size}"]
        where = PORTAL_PATH.format(slug=event["slug"])
        first = await _phase(clients, _jobs(where, event["fresh"][:CURVE_SCANS]), seconds, PORTAL_EXPECT["first_scans"],
                             roots, database)
        first["held_after"] = size + first["requests"] - first["errors"]
        rescans = await _phase(clients, _jobs(where, event["held"], FRESH_PER_SECOND * seconds / SCANNERS), seconds,
                               PORTAL_EXPECT["rescans"], roots, database)
        points.append({"held": size, "first_scans": first, "rescans": rescans})
    for client in clients:
        await client.aclose()
    return points


def portal(url, prepared, seconds, curve=CURVE):
    """The portal under gunicorn: the two client modes at the big event, then the curve."""
    from bench.tally_refresh import PASSWORD

    env = {"DATABASE_URL": url, "SECRET_KEY": "bench", **LIMITS}
    account, database = ("bench", PASSWORD), database_name(url)
    with Server("wsgi:app", env, probe="/events") as server:
        modes = asyncio.run(_scan_modes(server.base, prepared, seconds, account, PORTAL_PATH, PORTAL_EXPECT,
                                        [server.pid], database))
        points = asyncio.run(_curve(server.base, prepared, seconds, account, [server.pid], database, curve))
    return modes, points


def baseline(folder, prepared, seconds):
    """The bare insert-if-absent app under the same two client modes, its table holding the same check-ins."""
    path = os.path.join(folder, "baseline-big.sqlite3")
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS checkin (code TEXT PRIMARY KEY, at TEXT DEFAULT CURRENT_TIMESTAMP)")
        for mode, _keep in MODES:
            connection.executemany("INSERT OR IGNORE INTO checkin (code) VALUES (?)", [(c,) for c in prepared[mode]["held"]])
    with Server("bench.baseline:app", {"BASELINE_DB": path}, probe="/scan") as server:
        return asyncio.run(_scan_modes(server.base, prepared, seconds, None, "/scan", BASELINE_EXPECT, [server.pid], None))


def flatness(points, limit=0.2):
    """Whether req/s and server CPU ms per request stay within limit of the smallest event's at every size."""
    def spread(key, figure):
        first = points[0][key][figure]
        return max(abs(p[key][figure] - first) / first for p in points) if first else None

    result = {}
    for key in ("first_scans", "rescans"):
        rate, cpu = spread(key, "per_second"), spread(key, "server_cpu_ms_per_req")
        result[key] = {"rate_change": round(rate, 3) if rate is not None else None,
                       "cpu_change": round(cpu, 3) if cpu is not None else None,
                       "flat": rate is not None and rate <= limit}
    return result


def run(url, folder, seconds, curve=CURVE):
    """Build, then measure the portal and the baseline; returns the results (ratios and curve included)."""
    prepared = prepare(url, seconds, curve)
    modes, points = portal(url, prepared, seconds, curve)
    bare = baseline(folder, prepared, seconds)
    ratios = {mode: {phase: round(modes[mode][phase]["per_second"] / bare[mode][phase]["per_second"], 2)
                     if bare[mode][phase]["per_second"] else None for phase in ("first_scans", "rescans")}
              for mode, _keep in MODES}
    return {"scanners": SCANNERS, "held": HELD, "seconds": seconds, "curve_scans": CURVE_SCANS,
            "database_cpu_counted": bool(database_name(url)), "portal": modes, "baseline": bare, "ratios": ratios,
            "curve": points, "curve_flat": flatness(points)}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an empty PostgreSQL database URL (its tables are dropped); default: SQLite")
    parser.add_argument("--seconds", type=float, default=8, help="length of each load phase")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or "sqlite:///" + os.path.join(folder, "portal.sqlite3")
        print(json.dumps(run(url, folder, args.seconds), indent=2))


if __name__ == "__main__":
    main()
