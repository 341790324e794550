"""Benchmark results: the machine, the ratios and targets, and the JSON and Markdown files."""
import json
import os
import platform
import sqlite3
import time
from importlib import metadata

from bench.server import GUNICORN
from portal import qr

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
PACKAGES = ("flask", "sqlalchemy", "gunicorn", "psycopg", "flask-compress", "httpx", "playwright")


def machine(url):
    """What ran the benchmark."""
    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "database": url.split(":", 1)[0],
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "packages": {name: metadata.version(name) for name in PACKAGES},
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def qr_timing(count=50):
    """Median milliseconds to make a ticket's QR as SVG and as PNG."""
    link = "https://thuongtin.example/t/" + "x" * 32
    result = {}
    for name, make in (("svg", qr.svg), ("png", qr.png)):
        times = []
        for _ in range(count):
            start = time.perf_counter()
            make(link)
            times.append((time.perf_counter() - start) * 1000)
        result[name] = round(sorted(times)[count // 2], 2)
    return result


def ratios(results):
    """Portal / baseline throughput for each scanner phase."""
    return {phase: round(results["portal"][phase]["per_second"] / results["baseline"][phase]["per_second"], 2)
            for phase in ("first_scans_1", "first_scans_16", "rescans_1", "rescans_16")
            if results["baseline"][phase]["per_second"]}


def write(results):
    """Save latest.json and latest.md."""
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "latest.json"), "w") as handle:
        json.dump(results, handle, indent=2, ensure_ascii=False)
    with open(os.path.join(RESULTS, "latest.md"), "w") as handle:
        handle.write(markdown(results))


def markdown(results):
    """A readable summary with the targets."""
    m, portal, base = results["machine"], results["portal"], results["baseline"]
    lines = [f"# Benchmark results ({m['date']})", "",
             f"{m['cpus']} CPUs, {m['memory_gib']} GiB, {m['platform']}, Python {m['python']}, database: {m['database']}, "
             f"gunicorn {' '.join(GUNICORN)}.", "",
             "## Check-in throughput (requests/s, latency ms)", "",
             "| phase | portal req/s | p50 | p99 | errors | baseline req/s | p99 | portal/baseline |", "|---|---|---|---|---|---|---|---|"]
    for phase in ("first_scans_1", "first_scans_16", "rescans_1", "rescans_16"):
        p, b = portal[phase], base[phase]
        lines.append(f"| {phase} | {p['per_second']} | {p['p50_ms']} | {p['p99_ms']} | {p['errors']} | {b['per_second']} | "
                     f"{b['p99_ms']} | {results['ratios'].get(phase, '')} |")
    w, d = portal["walk_ins_16"], portal["dashboards_20"]
    lines += ["", f"Walk-in self check-ins, 16 phones at once: {w['per_second']}/s, p50 {w['p50_ms']} ms, p99 {w['p99_ms']} ms, "
              f"errors {w['errors']}.",
              f"20 dashboards polling every second during the 16-scanner phase: {d['requests']} polls, p50 {d['p50_ms']} ms, "
              f"p99 {d['p99_ms']} ms, {d['recomputed']} of them brought a new table.", "",
              "## Tally (dashboard refresh), ms", "", "| attendances | tally median | tally p95 | HTTP median | HTTP p95 | idle poll median |",
              "|---|---|---|---|---|---|"]
    for row in results["tally"]:
        lines.append(f"| {row['attendances']:,} | {row['tally_ms']['median']} | {row['tally_ms']['p95']} | {row['http_ms']['median']} | "
                     f"{row['http_ms']['p95']} | {row['idle_poll_ms']['median']} |")
    lines += ["", "## Page weight (transferred, compressed, cold cache, every asset)", "", "| page | KB | requests |", "|---|---|---|"]
    for name, page in portal["page_weight"].items():
        lines.append(f"| {name} | {page['bytes'] / 1000:.1f} | {page['requests']} |")
    lines += ["", f"Ticket QR: SVG {results['qr_ms']['svg']} ms, PNG {results['qr_ms']['png']} ms (median).", ""]
    return "\n".join(lines)
