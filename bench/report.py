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


def write(results, keep_notes=False):
    """Save latest.json and latest.md; keep_notes keeps the hand-written "## Notes" at the end of the old latest.md
    (a section measured alone updates a run the notes still describe)."""
    os.makedirs(RESULTS, exist_ok=True)
    notes = ""
    if keep_notes and os.path.exists(os.path.join(RESULTS, "latest.md")):
        with open(os.path.join(RESULTS, "latest.md")) as handle:
            old = handle.read()
        notes = old[old.index("\n## Notes") + 1:] if "\n## Notes" in old else ""
    with open(os.path.join(RESULTS, "latest.json"), "w") as handle:
        json.dump(results, handle, indent=2, ensure_ascii=False)
    with open(os.path.join(RESULTS, "latest.md"), "w") as handle:
        handle.write(markdown(results) + ("\n" + notes if notes else ""))


def markdown(results):
    """A readable summary with the targets (the sections the results hold)."""
    m = results["machine"]
    lines = [f"# Benchmark results ({m['date']})", "",
             f"{m['cpus']} CPUs, {m['memory_gib']} GiB, {m['platform']}, Python {m['python']}, database: {m['database']}, "
             f"gunicorn {' '.join(GUNICORN)}.", ""]
    if "portal" in results:
        lines += _throughput_section(results)
    if "tally" in results:
        lines += _tally_section(results["tally"])
    if "portal" in results:
        lines += _page_weight_section(results["portal"]["page_weight"])
    if "qr_ms" in results:
        lines += [f"Ticket QR: SVG {results['qr_ms']['svg']} ms, PNG {results['qr_ms']['png']} ms (median).", ""]
    if "desk_latency" in results:
        lines += desk_section(results["desk_latency"])
    return "\n".join(lines)


def _throughput_section(results):
    portal, base = results["portal"], results["baseline"]
    lines = ["## Check-in throughput (requests/s, latency ms)", "",
             "| phase | portal req/s | p50 | p99 | errors | baseline req/s | p99 | portal/baseline |", "|---|---|---|---|---|---|---|---|"]
    for phase in ("first_scans_1", "first_scans_16", "rescans_1", "rescans_16"):
        p, b = portal[phase], base[phase]
        lines.append(f"| {phase} | {p['per_second']} | {p['p50_ms']} | {p['p99_ms']} | {p['errors']} | {b['per_second']} | "
                     f"{b['p99_ms']} | {results['ratios'].get(phase, '')} |")
    w, d = portal["walk_ins_16"], portal["dashboards_20"]
    return lines + ["", f"Walk-in self check-ins, 16 phones at once: {w['per_second']}/s, p50 {w['p50_ms']} ms, "
                    f"p99 {w['p99_ms']} ms, errors {w['errors']}.",
                    f"20 dashboards polling every second during the 16-scanner phase: {d['requests']} polls, p50 {d['p50_ms']} ms, "
                    f"p99 {d['p99_ms']} ms, {d['recomputed']} of them brought a new table.", ""]


def _tally_section(tally):
    lines = ["## Tally (dashboard refresh), ms", "", "| attendances | tally median | tally p95 | HTTP median | HTTP p95 | idle poll median |",
             "|---|---|---|---|---|---|"]
    for row in tally:
        lines.append(f"| {row['attendances']:,} | {row['tally_ms']['median']} | {row['tally_ms']['p95']} | {row['http_ms']['median']} | "
                     f"{row['http_ms']['p95']} | {row['idle_poll_ms']['median']} |")
    return lines + [""]


def _page_weight_section(page_weight):
    lines = ["## Page weight (transferred, compressed, cold cache, every asset)", "", "| page | KB | requests |", "|---|---|---|"]
    for name, page in page_weight.items():
        lines.append(f"| {name} | {page['bytes'] / 1000:.1f} | {page['requests']} |")
    return lines + [""]


def desk_section(desk):
    """The check-in desks' time from a decoded code to the result on screen (bench.desk_latency)."""
    from bench.desk_latency import SCENARIOS

    slow = desk["slow_3g"]
    when = f" (measured alone, {desk['date']}, database: {desk['database']})" if desk.get("alone") else ""
    lines = ["## Check-in desk: decoded code to result on screen, ms" + when, "",
             f"One event with {desk['tickets']:,} tickets; each scenario scans {desk['scans_per_scenario']} distinct tickets "
             f"by their addresses (after {desk['warm_up']} unmeasured), {desk['gap_ms']} ms apart, in Debian's Chromium "
             "(360×740) against gunicorn. Timed inside the page from just before requestSubmit() to the result in the DOM "
             "(classic desk: the swapped #scan-result; offline desk: its \"desk:answered\" event).",
             f"Slow 3G is Puppeteer's preset through CDP Network.emulateNetworkConditions: latency {slow['latency_ms']} ms, "
             f"download and upload {slow['download_bytes_per_s']:,.0f} bytes/s each (500 kbit/s × 0.8 = 400 kbit/s).", "",
             "| scenario | n | median | p95 | max | answered by | server's answer settled (median / p95 / max) |",
             "|---|---|---|---|---|---|---|"]
    for key, label, _desk, _network in SCENARIOS:
        row = desk["scenarios"][key]
        ms, by = row["ms"], ", ".join(f"{who} {count}" for who, count in sorted(row["answered_by"].items()))
        settled = row.get("settled_ms")
        settled = f"{settled['median']} / {settled['p95']} / {settled['max']} (n {settled['n']})" if settled else ""
        lines.append(f"| {label} | {row['n']} | {ms['median']} | {ms['p95']} | {ms['max']} | {by} | {settled} |")
    target, checked = desk["target"], desk["checked_in"]
    statuses = {key: row["statuses"] for key, row in desk["scenarios"].items()}
    shown = ("every result was a first check-in (new)" if all(list(s) == ["new"] for s in statuses.values())
             else "results shown: " + json.dumps(statuses, ensure_ascii=False))
    lines += ["", f"Target, offline-first median and p95 under {target['ms']} ms: median {target['median_ms']} ms, "
              f"p95 {target['p95_ms']} ms — {'pass' if target['pass'] else 'FAIL'}.",
              f"Distinct tickets, so {shown}; check-ins in the database once the offline desk had synced: "
              f"{checked['in_database']} for {checked['scanned']} scans (warm-ups included).", ""]
    return lines
