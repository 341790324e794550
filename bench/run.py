"""One benchmark run: one big event (16 scanners, keep-alive and a new connection per request, against the bare
insert in the same run, server CPU per request, the event-size curve), check-in throughput spread over many events
with walk-ins and dashboards, tally cost as data grows, page weight, QR speed, the check-in desks' time from a decoded
code to the result on screen, and on PostgreSQL one busy day of a city (bench.city).

Usage: python -m bench.run [--db postgresql://...] [--compare-db postgresql://...] [--seconds 8] [--rounds 3]
       [--parts bigevent,spread,desk,tally,city] [--sizes 10000,100000,1000000] [--city-seconds 300] [--skip-desk]
       [--skip-city]
Writes bench/results/latest.json and latest.md (postgresql.json and postgresql.md for PostgreSQL; a run of some
parts keeps the others' sections from the last run, dated) and prints the summary; the city also in city.json/md.
"""
import argparse
import asyncio
import os
import tempfile

from bench import bigevent, city, desk_latency, load, pageweight, report, tally_refresh
from bench.server import LIMITS, Server

ACCOUNT = ("bench", tally_refresh.PASSWORD)


def portal_phases(url, seconds):
    """Build the realistic database, serve it with gunicorn, and drive scanners, walk-ins and dashboards."""
    events = tally_refresh.prepare(url, attendances=0)
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench", **LIMITS}
    with Server("wsgi:app", env, probe="/events") as server:
        results = asyncio.run(_scanner_phases(server.base, events, seconds, ACCOUNT, "/manage/events/{slug}/scan"))
        walk_in_codes = [(n, events[n % len(events)]["checkin_code"]) for n in range(20000)]
        results["walk_ins_16"] = asyncio.run(load.walk_ins(server.base, walk_in_codes, 16, seconds))
        sample = events[0]
        results["page_weight"] = pageweight.measure(server.base, [
            ("home", "/", False), ("event_list", "/events", False), ("event_page", f"/events/{sample['slug']}", False),
            ("ticket", f"/t/{sample['token']}", False), ("self_checkin", f"/c/{sample['checkin_code']}", False),
            ("dashboard", "/dashboard/", True)], ACCOUNT)
    return results


async def _scanner_phases(base, events, seconds, account, path, boards=20):
    """First scans and re-scans by 1 and by 16 scanners (with dashboards polling beside the 16), then re-scans."""
    single, crowd = events[:40], events[40:]
    one, sixteen = await load.signed_in(base, 1, account), await load.signed_in(base, 16, account)
    dashboards = await load.signed_in(base, boards, account) if boards else []
    results = {}
    results["first_scans_1"], done_1 = await load.scanners(one, _jobs(single, 1, path), seconds, "new")
    crowd_scans = load.scanners(sixteen, _jobs(crowd, 16, path), seconds, "new")
    if dashboards:
        (results["first_scans_16"], done_16), results["dashboards_20"] = await asyncio.gather(
            crowd_scans, load.dashboards(dashboards, seconds))
    else:
        results["first_scans_16"], done_16 = await crowd_scans
    results["rescans_1"], _ = await load.scanners(one, [done_1], seconds, "already" if boards else "again")
    results["rescans_16"], _ = await load.scanners(sixteen, [done_16[n::16] for n in range(16)], seconds,
                                                  "already" if boards else "again")
    for client in one + sixteen + dashboards:
        await client.aclose()
    return results


def _jobs(events, scanners, path):
    """Each scanner works through the tickets of its own events, as one desk per hall."""
    jobs = [[] for _ in range(scanners)]
    for index, event in enumerate(events):
        jobs[index % scanners] += [(path.format(slug=event["slug"]), code) for code in event["codes"]]
    return jobs


def baseline_phases(folder, seconds):
    """The same scanner load, without sign-in or dashboards, against the minimal baseline app."""
    env = {"BASELINE_DB": os.path.join(folder, "baseline.sqlite3")}
    events = [{"slug": str(n), "codes": [f"code-{n}-{k}" for k in range(170)]} for n in range(300)]
    with Server("bench.baseline:app", env, probe="/scan") as server:
        return asyncio.run(_scanner_phases(server.base, events, seconds, None, "/scan", boards=0))


PARTS = ("bigevent", "spread", "desk", "tally", "city")
SECTIONS = {"bigevent": "bigevent", "spread": "portal", "desk": "desk_latency", "tally": "tally", "city": "city"}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="an empty PostgreSQL database URL (its tables are dropped); default: SQLite")
    parser.add_argument("--seconds", type=float, default=8, help="length of each load phase")
    parser.add_argument("--compare-db", help="the big event also on this other database (an empty PostgreSQL URL, its "
                                             "tables dropped, when --db is SQLite; 'sqlite' when --db is PostgreSQL), "
                                             "taking turns with the first")
    parser.add_argument("--rounds", type=int, default=bigevent.ROUNDS,
                        help="rounds each big-event phase is split into, the servers and sizes taking turns")
    parser.add_argument("--parts", help="comma-separated, of " + ",".join(PARTS) + " (default: all; city only on "
                                        "PostgreSQL unless named)")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="attendance counts for the tally")
    parser.add_argument("--city-seconds", type=float, default=300, help="length of the city simulation")
    parser.add_argument("--skip-desk", action="store_true", help="leave out the desk latency (bench.desk_latency)")
    parser.add_argument("--skip-city", action="store_true", help="leave out the city simulation (bench.city)")
    args = parser.parse_args()
    parts = args.parts.split(",") if args.parts else [p for p in PARTS if p != "city" or args.db]
    parts = [p for p in parts if not (p == "desk" and args.skip_desk or p == "city" and args.skip_city)]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error("unknown parts: " + ", ".join(sorted(unknown)))
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or "sqlite:///" + os.path.join(folder, "portal.sqlite3")
        machine = report.machine(url, args.compare_db)
        results = {"machine": machine}
        earlier = report.previous(machine["database"])
        if earlier and set(parts) != set(PARTS) - ({"city"} if not args.db else set()):  # keep the other sections
            dates = {part: earlier["machine"]["date"] for part, key in SECTIONS.items() if key in earlier}
            results = {**earlier, "machine": machine, "dates": dates | earlier.get("dates", {})}
        results.setdefault("dates", {})
        if "bigevent" in parts:
            # Each part builds its own database: a SQLite file of its own, or the PostgreSQL one dropped again.
            results["bigevent"] = bigevent.run(args.db or "sqlite:///" + os.path.join(folder, "bigevent.sqlite3"), folder,
                                               args.seconds, rounds=args.rounds, compare=args.compare_db)
        if "spread" in parts:
            results["portal"] = portal_phases(url, args.seconds)
            results["baseline"] = baseline_phases(folder, args.seconds)
            results["ratios"] = report.ratios(results)
            results["qr_ms"] = report.qr_timing()
        if "desk" in parts:
            results["desk_latency"] = desk_latency.run(args.db, folder)
        if "tally" in parts:
            results["tally"] = tally_refresh.run(args.db, [int(size) for size in args.sizes.split(",")], folder)
        if "city" in parts:
            results["city"] = city.run(args.db or "sqlite:///" + os.path.join(folder, "city.sqlite3"), args.city_seconds)
            city.write(results["city"])
        for part in parts:
            results["dates"][part] = machine["date"]
    report.write(results, keep_notes=len(results["dates"]) > len(parts))  # the notes describe the sections kept
    print(report.markdown(results))


if __name__ == "__main__":
    main()
