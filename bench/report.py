"""Benchmark results: the machine, the ratios and targets, and the JSON and Markdown files."""
import json
import os
import platform
import sqlite3
import time
from importlib import metadata

from bench import server
from bench.server import GUNICORN
from portal import qr

EARLIER_GUNICORN = "--workers 2 --threads 4 --worker-class gthread"  # of runs that did not record theirs
RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
PACKAGES = ("flask", "sqlalchemy", "gunicorn", "psycopg", "flask-compress", "httpx", "playwright")


def machine(url, compare=None):
    """What ran the benchmark (url: its database; compare: the other database's URL, if a part measures it too)."""
    found = {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
             "sqlite": sqlite3.sqlite_version, "database": url.split(":", 1)[0],
             "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
             "packages": {name: metadata.version(name) for name in PACKAGES}, "gunicorn": " ".join(GUNICORN),
             "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    postgresql = next((given for given in (url, compare) if given and given.startswith("postgresql")), None)
    if postgresql:
        found["postgresql"] = postgresql_settings(postgresql)
    return found


def postgresql_settings(url):
    """The PostgreSQL server's version and whether autovacuum runs: the counters are a few rows that every check-in
    updates, and without autovacuum their dead versions pile up over a run (production keeps it on, the default)."""
    from sqlalchemy import text

    connected = server.engine(url)
    try:
        with connected.connect() as connection:
            return {name: connection.execute(text(f"SHOW {name}")).scalar()
                    for name in ("server_version", "autovacuum")}
    finally:
        connected.dispose()


def _postgresql_note(m):
    settings = m.get("postgresql")
    if not settings:
        return ""
    return (f" PostgreSQL {settings['server_version']}, autovacuum {settings['autovacuum']}"
            + (" (off on this machine: the run's dead row versions stay; its tables were vacuumed and analysed once "
               "built)" if settings["autovacuum"] == "off" else "") + ".")


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


def stem(database):
    """The results files' name for a database: latest.* for SQLite, postgresql.* for PostgreSQL."""
    return "postgresql" if database.startswith("postgresql") else "latest"


def previous(database):
    """The results last written for database ("sqlite" or "postgresql"), or None."""
    path = os.path.join(RESULTS, stem(database) + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as handle:
        return json.load(handle)


def write(results, keep_notes=False):
    """Save latest.json and latest.md (postgresql.* for a PostgreSQL run); keep_notes keeps the hand-written
    "## Notes" at the end of the old file (a section measured alone updates a run the notes still describe)."""
    os.makedirs(RESULTS, exist_ok=True)
    name = stem(results["machine"]["database"])
    notes = ""
    if keep_notes and os.path.exists(os.path.join(RESULTS, name + ".md")):
        with open(os.path.join(RESULTS, name + ".md")) as handle:
            old = handle.read()
        notes = old[old.index("\n## Notes") + 1:] if "\n## Notes" in old else ""
    with open(os.path.join(RESULTS, name + ".json"), "w") as handle:
        json.dump(results, handle, indent=2, ensure_ascii=False)
    with open(os.path.join(RESULTS, name + ".md"), "w") as handle:
        handle.write(markdown(results) + ("\n" + notes if notes else ""))


def markdown(results):
    """A readable summary with the targets (the sections the results hold)."""
    m = results["machine"]
    lines = [f"# Benchmark results ({m['date']})", "",
             f"{m['cpus']} CPUs, {m['memory_gib']} GiB, {m['platform']}, Python {m['python']}, database: {m['database']}, "
             f"gunicorn {m.get('gunicorn', EARLIER_GUNICORN)}." + _postgresql_note(m), ""]
    earlier = {part: date for part, date in results.get("dates", {}).items() if date != m["date"]}
    if earlier:
        lines += ["Sections kept from earlier runs: " + ", ".join(f"{part} ({date})" for part, date in earlier.items()) + ".", ""]
    if "bigevent" in results:
        lines += bigevent_section(results)
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
    if "city" in results:
        from bench.city import markdown as city_markdown

        lines += city_markdown(results["city"])
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


PHASES = (("new_connection", "first_scans"), ("new_connection", "rescans"), ("keep_alive", "first_scans"),
          ("keep_alive", "rescans"))
MODE_LABELS = {"new_connection": "new connection per request", "keep_alive": "keep-alive"}
PHASE_LABELS = {"first_scans": "first scans", "rescans": "re-scans"}


def _cpu(figures):
    database = figures.get("database_cpu_ms_per_req")
    return f"{figures['server_cpu_ms_per_req']}" + (f" + {database}" if database is not None else "")


def bigevent_section(results):
    """One big event (bench.bigevent): the two client modes against the bare insert, the curve and the targets."""
    big = results["bigevent"]
    cpu_note = ("app processes + the database's backends" if big["database_cpu_counted"] else "app processes (SQLite "
                "works inside them)")
    lines = [f"## One big event: {big['scanners']} scanners, one event holding {big['held']:,} check-ins", "",
             f"The desk's signed-in requests (session, CSRF header, POST /manage/events/<slug>/scan) against gunicorn, "
             f"{big['seconds']:g} s a phase; the bare insert (bench/baseline.py) under the same client in the same run, "
             f"its table holding the same check-ins. {_rounds_note(big)} Server CPU per request: {cpu_note}, from /proc, "
             "across the phase. "
             "Busy: the whole machine's CPU use over the phase (other work on it included); gen: the load generator's "
             "own CPU (one process, % of one CPU), whose scanners write their requests themselves over asyncio "
             "(bench/load.py, LeanClient) and so leave the servers most of the machine.", "",
             "| client | phase | req/s | p50 ms | p99 ms | errors | CPU ms/req | bare req/s | bare p99 ms | bare CPU ms/req "
             "| portal/bare | busy % / gen % |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for mode, phase in PHASES:
        p, b = big["portal"][mode][phase], big["baseline"][mode][phase]
        lines.append(f"| {MODE_LABELS[mode]} | {PHASE_LABELS[phase]} | {_rate(p)} | {p['p50_ms']} | {p['p99_ms']} | "
                     f"{_errors(p)} | {_cpu(p)} | {_rate(b)} | {b['p99_ms']} | {b['server_cpu_ms_per_req']} | "
                     f"{big['ratios'][mode][phase]} | {p['machine_busy_pct']} / {p['loadgen_cpu_pct']} |")
    lines += ["", _cpu_ratio_note(big)]
    if "floor" in big:
        lines += ["", _floor_note(big)]
    out = _out_of_codes(big)
    if out:
        lines += ["", "Scanners that had sent every code they were given before their round's time was up (the phase's "
                      f"rate is over the time it ran; in its last moments fewer than {big['scanners']} were sending): " + out
                      + "."]
    if "compare" in big:
        lines += _compare_section(big)
    lines += ["", f"### Event-size curve (new connection per request, {big['scanners']} scanners)", "",
              f"First scans: at most {big['curve_scans']:,} per size, so the event grows from its size by no more than "
              "that (shown); re-scans of the check-ins it held (its size stays).", "",
              "| check-ins held | first scans req/s | p50 | p99 | CPU ms/req | re-scans req/s | p50 | p99 | CPU ms/req | errors |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for point in big["curve"]:
        f, r = point["first_scans"], point["rescans"]
        lines.append(f"| {point['held']:,} → {f['held_after']:,} | {_rate(f)} | {f['p50_ms']} | {f['p99_ms']} | "
                     f"{_cpu(f)} | {_rate(r)} | {r['p50_ms']} | {r['p99_ms']} | {_cpu(r)} | "
                     f"{f['errors'] + r['errors']} |")
    flat = big["curve_flat"]
    lines += ["", "Flat within 20% (every size against the smallest, req/s; CPU shown): " + "; ".join(
        f"{PHASE_LABELS[key]} req/s {_pct(v['rate_change'])}, CPU ms/req {_pct(v['cpu_change'])} — "
        f"{'flat' if v['flat'] else 'NOT flat'}" for key, v in flat.items()) + ".", ""]
    return lines + targets_section(results)


def _rounds_note(big):
    rounds = big.get("rounds", 1)
    if rounds <= 1:
        return ""
    return (f"Each phase ran in {rounds} rounds of {big['seconds'] / rounds:.2g} s, every server (and every size of the "
            "curve) taking its turn in each round, in an order that shifts from round to round, so that the machine's "
            "drift over the run weighs on all of them alike; req/s is over the rounds together, each round's in "
            "brackets.")


def _errors(figures):
    """A phase's errors, with their kinds when there are any."""
    return f"{figures['errors']} {json.dumps(figures['error_kinds'])}" if figures["errors"] else "0"


def _rate(figures):
    """req/s, and each round's in brackets when the phase ran in rounds."""
    rounds = figures.get("per_round") or []
    return f"{figures['per_second']}" + (f" ({' / '.join(f'{r:g}' for r in rounds)})" if len(rounds) > 1 else "")


def _compare_section(big):
    """The portal on the other database, served beside the first and taking turns with it in the same rounds."""
    other = big["compare"]
    cpu_note = "app processes + the database's backends" if other["database_cpu_counted"] else "app processes"
    lines = ["", f"The portal on {other['database']}, in the same run, taking turns with the above (CPU ms/req: "
                 f"{cpu_note}):", "",
             "| client | phase | req/s | p50 ms | p99 ms | errors | CPU ms/req | busy % / gen % |",
             "|---|---|---|---|---|---|---|---|"]
    for mode, phase in PHASES:
        p = other["portal"][mode][phase]
        lines.append(f"| {MODE_LABELS[mode]} | {PHASE_LABELS[phase]} | {_rate(p)} | {p['p50_ms']} | {p['p99_ms']} | "
                     f"{_errors(p)} | {_cpu(p)} | {p['machine_busy_pct']} / {p['loadgen_cpu_pct']} |")
    return lines


def _out_of_codes(big):
    sides = [("portal", big["portal"]), ("bare", big["baseline"])]
    if "compare" in big:
        sides.append((f"portal on {big['compare']['database']}", big["compare"]["portal"]))
    found = [f"{name}, {MODE_LABELS[mode]}, {PHASE_LABELS[phase]}: {side[mode][phase]['scanners_out_of_codes']}"
             for name, side in sides for mode, phase in PHASES if side[mode][phase].get("scanners_out_of_codes")]
    found += [f"curve at {point['held']:,}, {PHASE_LABELS[key]}: {point[key]['scanners_out_of_codes']}"
              for point in big["curve"] for key in ("first_scans", "rescans") if point[key].get("scanners_out_of_codes")]
    return "; ".join(found)


def _cpu_ratio_note(big):
    """The ratio by server CPU per request, which does not depend on the load generator, and a warning where the
    bare phases were bound by the generator (then their req/s is a floor and portal/bare an upper bound)."""
    parts, bound = [], []
    for mode, phase in PHASES:
        p, b = big["portal"][mode][phase], big["baseline"][mode][phase]
        portal = _total_cpu(p)
        parts.append(f"{MODE_LABELS[mode]}, {PHASE_LABELS[phase]}: "
                     f"{round(b['server_cpu_ms_per_req'] / portal, 2) if portal else '—'}")
        if (b.get("loadgen_cpu_pct") or 0) >= 90:
            bound.append(f"{MODE_LABELS[mode]}, {PHASE_LABELS[phase]} (gen {b['loadgen_cpu_pct']}%)")
    note = "Bare CPU ms/req ÷ the portal's (app + database): " + "; ".join(parts) + "."
    if bound:
        note += (" The load generator (one process) was the limit of these bare phases: " + "; ".join(bound) +
                 ". There the bare req/s is a floor and portal/bare an upper bound; the CPU ratio is not bound by it.")
    return note


def _floor_note(big):
    """The floor (bench/floor.py), beside the scan and the bare insert: how much of a first scan's CPU the stack takes
    whatever the scan does, and the most any scan on this stack could reach against the bare insert, by CPU."""
    lowest, first = big["floor"], big["portal"]["new_connection"]["first_scans"]
    return (f"The floor (bench/floor.py: a signed-in POST through every door a scan passes, answering at once; new "
            f"connection per request, in the same rounds): {_rate(lowest)} req/s, p99 {lowest['p99_ms']} ms, errors "
            f"{_errors(lowest)}, CPU {_cpu(lowest)} ms/req. Of a first scan's {_total_cpu(first):.2f} ms the stack "
            f"takes that much whatever the scan does; the scan's own work is the other "
            f"{_total_cpu(first) - _total_cpu(lowest):.2f} ms. Bare ÷ floor, by CPU: {_floor_ratio(big)}: the most a "
            "scan on this stack could reach against the bare insert.")


def _floor_ratio(big):
    bare = big["baseline"]["new_connection"]["first_scans"]["server_cpu_ms_per_req"]
    return round(bare / _total_cpu(big["floor"]), 2) if _total_cpu(big["floor"]) else None


def _pct(change):
    return "—" if change is None else f"±{change * 100:.0f}%"


def targets(results):
    """[(target, measured, passed)] for the one-big-event scenarios (the issue's targets)."""
    big = results["bigevent"]
    first, again = big["portal"]["new_connection"]["first_scans"], big["portal"]["new_connection"]["rescans"]
    ratio = big["ratios"]["new_connection"]["first_scans"]
    phases = [big["portal"][mode][phase] for mode, phase in PHASES]
    phases += [point[key] for point in big["curve"] for key in ("first_scans", "rescans")]
    if "compare" in big:
        phases += [big["compare"]["portal"][mode][phase] for mode, phase in PHASES]
    errors = sum(p["errors"] for p in phases)
    bare = big["baseline"]["new_connection"]["first_scans"]
    by_cpu = round(bare["server_cpu_ms_per_req"] / _total_cpu(first), 2) if _total_cpu(first) else None
    bound = (bare.get("loadgen_cpu_pct") or 0) >= 90  # then the bare req/s is a floor: judged by CPU too
    rows = [("check-in ≥ 0.4 × bare (new connection, first scans)",
             f"{ratio}" + (f" (the bare bound by the load generator; by CPU {by_cpu})" if bound else "")
             + (f"; the floor alone, by CPU: {_floor_ratio(big)}" if "floor" in big else ""),
             ratio is not None and ratio >= 0.4 and (not bound or (by_cpu or 0) >= 0.4)),
            ("p99 < 100 ms (new connection, first scans / re-scans)", f"{first['p99_ms']} / {again['p99_ms']} ms",
             first["p99_ms"] < 100 and again["p99_ms"] < 100),
            ("0 errors (every big-event and curve phase)", f"{errors}", errors == 0),
            ("re-scan ≤ first scan (new connection: CPU ms/req, and req/s at least as high)",
             f"{_cpu(again)} vs {_cpu(first)} ms; {again['per_second']} vs {first['per_second']}/s",
             _total_cpu(again) <= _total_cpu(first) and again["per_second"] >= first["per_second"]),
            ("curve flat within 20% from the smallest to the largest event (req/s)",
             ", ".join(f"{PHASE_LABELS[k]} {_pct(v['rate_change'])}" for k, v in big["curve_flat"].items()),
             all(v["flat"] for v in big["curve_flat"].values()))]
    database = results["machine"]["database"]
    other = previous("sqlite" if database.startswith("postgresql") else "postgresql")
    if "compare" in big:
        source, when = big["compare"], "both in this run, taking turns"
    elif other and "bigevent" in other:
        source, when = other["bigevent"], f"the other from {other['machine']['date']}"
    else:
        return rows + [("PostgreSQL ≥ SQLite (new connection, first scans)", "the other database has no run yet", False)]
    theirs = source["portal"]["new_connection"]["first_scans"]["per_second"]
    pg, lite = (first["per_second"], theirs) if database.startswith("postgresql") else (theirs, first["per_second"])
    rows.append((f"PostgreSQL ≥ SQLite (new connection, first scans; {when})", f"{pg} vs {lite}/s", pg >= lite))
    return rows


def _total_cpu(figures):
    return figures["server_cpu_ms_per_req"] + (figures.get("database_cpu_ms_per_req") or 0)


def targets_section(results):
    lines = ["### Targets", "", "| target | measured | |", "|---|---|---|"]
    for target, measured, passed in targets(results):
        lines.append(f"| {target} | {measured} | {'pass' if passed else 'FAIL'} |")
    return lines + [""]
