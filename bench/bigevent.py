"""One big event: 16 scanners at one event that already holds thousands of check-ins, the desk's real signed-in
requests (session cookie, CSRF header, POST /manage/events/<slug>/scan), first scans and re-scans, each with
keep-alive connections (as the desk's browser) and with a new connection per request; the bare baseline
(bench/baseline.py) under the same two client modes in the same run; the portal's floor (bench/floor.py: a signed-in
POST that passes a scan's doors and does nothing), new connection per request; with --compare-db, the portal on the
other database too; the server's CPU per request; and the event-size curve (scans at one event holding 100, 2,000 and
20,000 check-ins). Every server runs at once and each phase is split into rounds in which they take turns, so a
machine whose speed drifts over the run weighs on each of them alike.

Usage: python -m bench.bigevent [--db postgresql://...] [--compare-db postgresql://...|sqlite] [--seconds 8]
       [--rounds 3]  (prints the JSON; bench.run writes the report)
"""
import argparse
import asyncio
import contextlib
import json
import math
import os
import sqlite3
import tempfile
from collections import defaultdict

from sqlalchemy import select

from bench import dataset, floor, load, procstat, tally_refresh
from bench.server import LIMITS, Server, database_name

SCANNERS = 16
HELD = 2000                 # check-ins the event holds before the scanners start
CURVE = (100, 2000, 20000)  # the event sizes of the curve
CURVE_SCANS = 1000          # first scans at most per curve point: the event grows by no more than this
ROUNDS = 3                  # each phase runs in this many shares, the targets and sizes taking turns
FRESH_PER_SECOND = 1500     # fresh tickets per second of a phase, more than the portal answers here (under 700/s)
BARE_PER_SECOND = 5000      # codes per second of a phase for the bare insert (about 2,500/s here) and for re-scans
MODES = (("keep_alive", True), ("new_connection", False))
PORTAL_PATH = "/manage/events/{slug}/scan"
PORTAL_EXPECT = {"first_scans": "scan-result new", "rescans": "scan-result already"}
BASELINE_EXPECT = {"first_scans": "class='new'", "rescans": "class='again'"}
FLOOR_PHASES = {("new_connection", "first_scans")}  # the floor does the same whatever the code: one phase tells it


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
    tally_refresh.settle(url)
    return prepared


def _jobs(path, codes, at_least=0):
    """The codes dealt to the scanners in turn (repeated until each scanner has at_least of them: re-scans)."""
    jobs = [[(path, code) for code in codes[n::SCANNERS]] for n in range(SCANNERS)]
    return [job * max(1, math.ceil(at_least / len(job))) if job else job for job in jobs]


def _rescan_jobs(path, event, seconds):
    """The event's held codes dealt to the scanners, repeated for as many as any server answers in seconds."""
    return _jobs(path, event["held"], BARE_PER_SECOND * seconds / SCANNERS)


def _runs_in(target, mode, phase=None):
    """Whether target is measured in mode (and phase, if given): in every one, unless it names its own (the floor)."""
    phases = target.get("phases")
    return phases is None or any(named == mode and phase in (None, its) for named, its in phases)


def _turn(items, number):
    """items in the order of round number: each round starts one further along, so no target (or size) always goes
    first or last."""
    shift = number % len(items)
    return items[shift:] + items[:shift]


def _share(codes, number, rounds):
    """Round number's share of a list of fresh codes (the rounds take disjoint shares)."""
    size = math.ceil(len(codes) / rounds)
    return codes[number * size:(number + 1) * size]


async def _phase(clients, jobs, seconds, expect, target):
    with procstat.Meter([target["pid"]], target["database"]) as meter:
        result, _done = await load.scanners(clients, jobs, seconds, expect, raw=True)
    return result | meter.figures(result["requests"])


def merge(runs):
    """One phase's runs (a share of it in each round) as one: requests and errors added, req/s over their time
    together, p50 and p99 over every latency, CPU per request over every request, the machine's and the load
    generator's shares weighted by time; per_round keeps each run's req/s (the spread shows how the machine drifted)."""
    latencies = [latency for run in runs for latency in run["latencies"]]
    elapsed = sum(run["elapsed"] for run in runs)
    errors = [kind for run in runs for kind, count in run["error_kinds"].items() for _ in range(count)]
    merged = load.summary(latencies, elapsed, errors)
    requests = max(merged["requests"], 1)
    server = sum(run["server_cpu_s"] for run in runs)
    merged |= {"server_cpu_ms_per_req": round(server * 1000 / requests, 2), "server_cpu_s": round(server, 2),
               "per_round": [run["per_second"] for run in runs],
               "load_average": [runs[0]["load_average"][0], runs[-1]["load_average"][1]]}
    for share in ("machine_busy_pct", "loadgen_cpu_pct"):
        known = [run for run in runs if run.get(share) is not None]
        weight = sum(run["elapsed"] for run in known)
        merged[share] = round(sum(run[share] * run["elapsed"] for run in known) / weight, 1) if weight else None
    if "database_cpu_s" in runs[0]:
        database = sum(run["database_cpu_s"] for run in runs)
        merged |= {"database_cpu_ms_per_req": round(database * 1000 / requests, 2),
                   "database_cpu_s": round(database, 3)}
    out = sum(run.get("scanners_out_of_codes", 0) for run in runs)
    if out:
        merged["scanners_out_of_codes"] = out
    return merged


async def _measure(targets, seconds, rounds, sizes):
    """Every phase of every target, in rounds: each round runs each phase for seconds / rounds, the targets taking
    turns (the portal, the other database's portal if any, the bare insert) and then the curve's sizes, in an order
    that shifts each round. A machine whose speed drifts over the run then weighs on every target and size alike,
    instead of on whichever ran last. Returns ({target: {mode: {phase: merged}}}, the curve's points)."""
    length = seconds / rounds
    clients = {}
    for target in targets:
        for mode, keep_alive in MODES:
            if _runs_in(target, mode):
                clients[target["name"], mode] = await load.lean_scanners(target["base"], SCANNERS, target["account"],
                                                                         keep_alive)
    runs, curve = defaultdict(list), defaultdict(list)
    for number in range(rounds):
        for mode, _keep in MODES:
            for phase in ("first_scans", "rescans"):
                for target in _turn(targets, number):
                    if not _runs_in(target, mode, phase):
                        continue
                    event = target["prepared"][mode]
                    where = target["path"].format(slug=event["slug"])
                    jobs = _jobs(where, _share(event["fresh"], number, rounds)) if phase == "first_scans" else \
                        _rescan_jobs(where, event, length)
                    runs[target["name"], mode, phase].append(await _phase(
                        clients[target["name"], mode], jobs, length, target["expect"][phase], target))
        portal = targets[0]  # the curve: at each size, first scans then re-scans of the check-ins it held
        for size in _turn(list(sizes), number):
            event = portal["prepared"][f"curve_{size}"]
            where = PORTAL_PATH.format(slug=event["slug"])
            new_connection = clients[portal["name"], "new_connection"]
            curve[size, "first_scans"].append(await _phase(
                new_connection, _jobs(where, _share(event["fresh"][:CURVE_SCANS], number, rounds)), length,
                PORTAL_EXPECT["first_scans"], portal))
            curve[size, "rescans"].append(await _phase(
                new_connection, _rescan_jobs(where, event, length), length,
                PORTAL_EXPECT["rescans"], portal))
    for group in clients.values():
        for client in group:
            await client.aclose()
    measured = {target["name"]: {mode: {phase: merge(runs[target["name"], mode, phase])
                                        for phase in ("first_scans", "rescans") if runs[target["name"], mode, phase]}
                                 for mode, _keep in MODES}
                for target in targets}
    points = []
    for size in sizes:
        first, rescans = merge(curve[size, "first_scans"]), merge(curve[size, "rescans"])
        first["held_after"] = size + first["requests"] - first["errors"]
        points.append({"held": size, "first_scans": first, "rescans": rescans})
    return measured, points


def _portal_env(url):
    return {"DATABASE_URL": url, "SECRET_KEY": "bench", **LIMITS}


def _bare_table(folder, prepared):
    """The bare app's SQLite file, its table holding the same check-ins as the portal's big events."""
    path = os.path.join(folder, "baseline-big.sqlite3")
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS checkin (code TEXT PRIMARY KEY, at TEXT DEFAULT CURRENT_TIMESTAMP)")
        for mode, _keep in MODES:
            connection.executemany("INSERT OR IGNORE INTO checkin (code) VALUES (?)", [(c,) for c in prepared[mode]["held"]])
    return path


def _target(name, server, url, prepared, account, path, expect):
    return {"name": name, "base": server.base, "pid": server.pid, "database": database_name(url) if url else None,
            "prepared": prepared, "account": account, "path": path, "expect": expect}


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


def run(url, folder, seconds, curve=CURVE, rounds=ROUNDS, compare=None):
    """Build, then measure the portal, the bare insert and (compare: the other database's URL, or "sqlite" for a
    SQLite file of its own) the portal on the other
    database, all served at once and taking turns (_measure); returns the results (ratios and curve included)."""
    from bench.tally_refresh import PASSWORD

    account = ("bench", PASSWORD)
    if compare == "sqlite":  # a SQLite file of its own beside the run's other files
        compare = "sqlite:///" + os.path.join(folder, "compare.sqlite3")
    prepared = prepare(url, seconds, curve)
    other = prepare(compare, seconds, ()) if compare else None
    with contextlib.ExitStack() as servers:
        portal = servers.enter_context(Server("wsgi:app", _portal_env(url), probe="/events"))
        targets = [_target("portal", portal, url, prepared, account, PORTAL_PATH, PORTAL_EXPECT)]
        if compare:
            theirs = servers.enter_context(Server("wsgi:app", _portal_env(compare), probe="/events"))
            targets.append(_target("compare", theirs, compare, other, account, PORTAL_PATH, PORTAL_EXPECT))
        bare = servers.enter_context(Server("bench.baseline:app", {"BASELINE_DB": _bare_table(folder, prepared)},
                                            probe="/scan"))
        # The bare app and the floor take any code: their first scans get codes of their own, as many as the bare
        # app could answer.
        extra = int(BARE_PER_SECOND * seconds)
        codes = {mode: prepared[mode] | {"fresh": [f"bare-{mode}-{n}" for n in range(extra)]} for mode, _keep in MODES}
        lowest = servers.enter_context(Server("bench.floor:create()", _portal_env(url), probe="/events"))
        targets.append(_target("floor", lowest, url, codes, account, floor.PATH, {"first_scans": "scan-result new"})
                       | {"phases": FLOOR_PHASES})
        targets.append(_target("bare", bare, None, codes, None, "/scan", BASELINE_EXPECT))
        measured, points = asyncio.run(_measure(targets, seconds, rounds, curve))
    modes, bare = measured["portal"], measured["bare"]
    ratios = {mode: {phase: round(modes[mode][phase]["per_second"] / bare[mode][phase]["per_second"], 2)
                     if bare[mode][phase]["per_second"] else None for phase in ("first_scans", "rescans")}
              for mode, _keep in MODES}
    for side in measured.values():  # the latencies went into the percentiles; the report keeps the figures
        for phases in side.values():
            for figures in phases.values():
                figures.pop("latencies", None)
    result = {"scanners": SCANNERS, "held": HELD, "seconds": seconds, "rounds": rounds, "curve_scans": CURVE_SCANS,
              "database_cpu_counted": bool(database_name(url)), "portal": modes, "baseline": bare, "ratios": ratios,
              "floor": measured["floor"]["new_connection"]["first_scans"], "curve": points,
              "curve_flat": flatness(points)}
    if compare:
        result["compare"] = {"database": "postgresql" if database_name(compare) else "sqlite",
                             "database_cpu_counted": bool(database_name(compare)), "portal": measured["compare"]}
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an empty PostgreSQL database URL (its tables are dropped); default: SQLite")
    parser.add_argument("--seconds", type=float, default=8, help="length of each load phase (its rounds together)")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="rounds each phase is split into, taking turns")
    parser.add_argument("--compare-db", help="the other database (a PostgreSQL URL when --db is SQLite, else 'sqlite'), "
                                             "measured in turn")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or "sqlite:///" + os.path.join(folder, "portal.sqlite3")
        print(json.dumps(run(url, folder, args.seconds, rounds=args.rounds, compare=args.compare_db), indent=2))


if __name__ == "__main__":
    main()
