"""One benchmark run: check-in throughput against the bare limit, tally cost as data grows, page weight, QR speed,
the check-in desks' time from a decoded code to the result on screen.

Usage: python -m bench.run [--db postgresql://...] [--seconds 8] [--sizes 10000,100000,1000000] [--skip-desk]
Writes bench/results/latest.json and latest.md and prints the summary.
"""
import argparse
import asyncio
import os
import tempfile

from bench import desk_latency, load, pageweight, report, tally_refresh
from bench.server import Server

ACCOUNT = ("bench", tally_refresh.PASSWORD)
# One machine sends everything from 127.0.0.1; at a real event arrivals come from many addresses.
LIMITS = {"PORTAL_SELF_CHECKIN_LIMIT_PER_ADDRESS": "1000000 per minute", "PORTAL_LOGIN_LIMIT_PER_ADDRESS": "1000 per minute",
          "PORTAL_LOGIN_LIMIT_PER_USER": "1000 per minute"}  # every scanner and dashboard signs in as one account


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


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an empty PostgreSQL database URL (its tables are dropped); default: SQLite")
    parser.add_argument("--seconds", type=float, default=8, help="length of each load phase")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="attendance counts for the tally")
    parser.add_argument("--skip-desk", action="store_true", help="leave out the desk latency (bench.desk_latency)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or "sqlite:///" + os.path.join(folder, "portal.sqlite3")
        results = {"machine": report.machine(url), "portal": portal_phases(url, args.seconds)}
        results["baseline"] = baseline_phases(folder, args.seconds)
        if not args.skip_desk:
            results["desk_latency"] = desk_latency.run(args.db, folder)
        results["tally"] = tally_refresh.run(args.db, [int(size) for size in args.sizes.split(",")], folder)
        results["qr_ms"] = report.qr_timing()
    results["ratios"] = report.ratios(results)
    report.write(results)
    print(report.markdown(results))


if __name__ == "__main__":
    main()
