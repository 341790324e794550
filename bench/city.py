"""One busy day of a city, simulated: Hà Nội's 126 communes and wards (today's map), one event each with ~300
tickets, served by two app processes (two gunicorn servers, one worker each, on two ports; the units split between
them, as a load balancer would), on PostgreSQL:

- 126 desks, each its unit's organiser signed in, scanning its event's tickets at a human pace (one first scan every
  2 s, keep-alive as a browser), the desk's real request (POST /manage/events/<slug>/scan with the CSRF header);
- 126 dashboards polling every second as htmx does (the URL in the page's hx-get, replaced by the one each answer
  carries): half the organisers' commune table (/dashboard/live), half their event's big numbers
  (/dashboard/events/<slug>);
- people browsing (the event list and event pages, a new connection each) and registering (the event page, then the
  real registration form POST with its CSRF token) at stated rates, arriving on their own schedule (open loop).

Reports p50/p99 per kind of request, errors, the servers' and the database backends' CPU, the machine's idle share
(from /proc/stat) and the load generator's own CPU (one asyncio process drives all of it and shares the machine).

Usage: python -m bench.city --db postgresql://... [--seconds 300] [--browse-rate 4] [--register-rate 1]
Writes bench/results/city.json and city.md.
"""
import argparse
import asyncio
import html
import json
import os
import random
import re
import statistics
import tempfile
import time
from datetime import timedelta

import httpx
from sqlalchemy import select, text

from bench import dataset, load, procstat, report, server, tally_refresh
from bench.server import LIMITS, Server, database_name

PROVINCE = "01"            # Hà Nội on today's map: 126 communes and wards
TICKETS = 300              # per event
SCAN_EVERY = 2.0           # seconds between one desk's scans
POLL_EVERY = 1.0           # the dashboards' hx-trigger="every 1s"
PASSWORD = "benchmark-password"
APP = ["--workers", "1", "--threads", "2", "--worker-class", "gthread"]  # one app process per server
CLOSED = (httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError)  # a kept-alive connection closed under us
KINDS_SHOWN = ("desk_scan", "dashboard_table", "dashboard_event", "event_list", "event_page", "register_page",
               "register_post")


def prepare(url):
    """A fresh database: the campaign on Hà Nội's list, one running event per unit with TICKETS registrations, an
    organiser per unit, and each unit's next event (in two days, taking registrations); returns
    [{"slug", "next": the next event's, "unit", "username", "codes"}] in unit order."""
    from flask_migrate import upgrade

    from portal import clock, create_app
    from portal.accounts import create_user
    from portal.catalogue import event_search_key, units
    from portal.catalogue.seed import campaign_year, ensure_campaign, load_communes
    from portal.extensions import db
    from portal.models import Commune, Event, Registration, User
    from portal.tally import counters, state

    if url.startswith("postgresql"):
        server.emptied(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        now = clock.now()
        load_communes()
        state.ensure_state()
        campaign = ensure_campaign(campaign_year(now.date()))
        unit_list, _made = units.from_map(PROVINCE, now)
        campaign.unit_list_id = unit_list.id
        db.session.flush()
        communes = db.session.scalars(select(Commune).where(Commune.unit_list_id == unit_list.id)
                                      .order_by(Commune.code)).all()
        for number, commune in enumerate(communes):
            kind = ("communication", "training")[number % 2]
            title = "Truyền thông phòng chống bạo lực gia đình" if kind == "communication" else "Tập huấn kỹ năng hòa giải"
            venue = f"Hội trường UBND {commune.name}"
            for prefix, starts in (("hn", now - timedelta(hours=1)), ("sau", now + timedelta(days=2))):
                # Today's event (checking in), and the next one, which takes registrations.
                db.session.add(Event(slug=f"{prefix}{commune.code}", campaign=campaign, commune_id=commune.id, kind=kind,
                                     title=title, venue=venue, description="", starts_at=starts,
                                     ends_at=starts + timedelta(hours=7), capacity=None, seats_taken=0,
                                     registration_open=True, status="published",
                                     search_key=event_search_key(title, venue, commune)))
        admin = create_user("bench", "Bench", PASSWORD, "admin", None, now)
        db.session.flush()
        for commune in communes:
            db.session.add(User(username=f"u{commune.code}", full_name=f"Cán bộ {commune.name}", role="organiser",
                                commune_id=commune.id, password_hash=admin.password_hash, created_at=now))
        db.session.commit()
        events = db.session.execute(select(Event.id, Event.slug, Commune.code).join(Commune, Event.commune_id == Commune.id)
                                    .where(Event.slug.like("hn%")).order_by(Commune.code)).all()
        dataset._people_and_registrations(random.Random(5), [row[0] for row in events], [c.id for c in communes],
                                          TICKETS * len(events), now)
        counters.rebuild()
        db.session.commit()
        codes = {}
        for event_id, code in db.session.execute(select(Registration.event_id, Registration.short_code)):
            codes.setdefault(event_id, []).append(code)
        db.engine.dispose()
    tally_refresh.settle(url)
    return [{"slug": slug, "next": f"sau{unit}", "unit": unit, "username": f"u{unit}", "codes": codes[event_id]}
            for event_id, slug, unit in events]


class Recorder:
    """Latencies and errors by kind of request."""

    def __init__(self):
        self.times, self.errors, self.retried = {}, {}, {}

    def add(self, kind, seconds, error=None):
        self.times.setdefault(kind, []).append(seconds)
        if error is not None:
            self.errors.setdefault(kind, {}).setdefault(str(error), 0)
            self.errors[kind][str(error)] += 1

    async def timed(self, kind, request, ok):
        """Send the request (a coroutine factory); ok(response) says whether the answer is the expected one."""
        start = time.perf_counter()
        for attempt in (1, 2):
            try:
                response = await request()
                break
            except CLOSED as error:
                # The server closed a kept-alive connection as the request went out (gunicorn drops connections idle
                # for its keep-alive time, 2 s, and under load it may not have read a waiting request in time): a
                # browser sends the request again once, on a new connection; so does this.
                self.retried[kind] = self.retried.get(kind, 0) + 1
                if attempt == 2:
                    self.add(kind, time.perf_counter() - start, type(error).__name__)
                    return None
            except httpx.HTTPError as error:
                self.add(kind, time.perf_counter() - start, type(error).__name__)
                return None
        self.add(kind, time.perf_counter() - start, None if ok(response) else response.status_code)
        return response

    def summary(self, seconds):
        result = {}
        for kind in KINDS_SHOWN:
            ordered = sorted(self.times.get(kind, [])) or [0.0]
            count = len(self.times.get(kind, []))
            errors = self.errors.get(kind, {})
            result[kind] = {"requests": count, "per_second": round(count / seconds, 1),
                            "p50_ms": round(statistics.median(ordered) * 1000, 1),
                            "p99_ms": round(ordered[min(int(0.99 * len(ordered)), len(ordered) - 1)] * 1000, 1),
                            "errors": sum(errors.values()), "error_kinds": errors, "retried": self.retried.get(kind, 0)}
        return result


def _next_poll(body, target):
    """The hx-get URL of the element htmx swapped in (the next poll asks for it)."""
    found = re.search(rf'id="{target}"[^>]*?hx-get="([^"]+)"', body)
    return html.unescape(found.group(1)) if found else None


async def _sign_in(base, username, headers):
    client = load.new_client(base)
    client.headers.update(headers)
    client.headers["X-CSRFToken"] = await load.login(client, username, PASSWORD)
    return client


async def _desk(client, unit, stop, record, rng):
    path = f"/manage/events/{unit['slug']}/scan"
    await asyncio.sleep(rng.uniform(0, SCAN_EVERY))  # the desks do not start in step
    for code in unit["codes"]:
        if time.monotonic() >= stop:
            return
        started = time.monotonic()
        # "already" is right too when a request sent again (a closed connection) had been recorded the first time.
        await record.timed("desk_scan", lambda: client.post(path, data={"code": code}),
                           lambda r: r.status_code == 200 and ("scan-result new" in r.text or "scan-result already" in r.text))
        await asyncio.sleep(max(SCAN_EVERY - (time.monotonic() - started), 0))


async def _dashboard(client, kind, target, url, stop, record, rng):
    client.headers["HX-Target"] = target
    await asyncio.sleep(rng.uniform(0, POLL_EVERY))
    while time.monotonic() < stop:
        started = time.monotonic()
        response = await record.timed(kind, lambda: client.get(url), lambda r: r.status_code in (200, 204))
        if response is not None and response.status_code == 200:
            url = _next_poll(response.text, target) or url
        await asyncio.sleep(max(POLL_EVERY - (time.monotonic() - started), 0))


async def _visitor(base, slug, record):
    """Someone opening the event list, then one event's page (today's or the next), each on a new connection (a phone
    on the street)."""
    async with load.new_client(base, keep_alive=False) as client:
        await record.timed("event_list", lambda: client.get("/events"), lambda r: r.status_code == 200)
    async with load.new_client(base, keep_alive=False) as client:
        await record.timed("event_page", lambda: client.get(f"/events/{slug}"), lambda r: r.status_code == 200)


async def _registrant(base, unit, number, record):
    """Someone opening an event's page and sending the registration form (a new phone number each)."""
    slug = unit["next"]
    async with load.new_client(base) as client:
        page = await record.timed("register_page", lambda: client.get(f"/events/{slug}"),
                                  lambda r: r.status_code == 200 and load.CSRF.search(r.text) is not None)
        if page is None or load.CSRF.search(page.text) is None:
            return
        notice = re.search(r'name="notice_version" type="hidden" value="(\d+)"', page.text)
        form = {"csrf_token": load.CSRF.search(page.text).group(1), "full_name": "Nguyễn Thị Lan",
                "phone": f"09{90_000_000 + number:08d}", "sex": ("female", "male")[number % 2], "birth_year": str(1960 + number % 45),
                "commune": unit["unit"], "role": "resident", "consent": "y",
                "notice_version": notice.group(1) if notice else ""}
        await record.timed("register_post", lambda: client.post(f"/events/{slug}/register", data=form),
                           lambda r: r.status_code == 303 and "/t/" in r.headers.get("location", ""))


async def _arrivals(rate, stop, make):
    """Open loop: start make(n) every 1/rate seconds until stop, whatever the answers take; wait for them all."""
    if rate <= 0:
        return
    tasks, number = [], 0
    next_at = time.monotonic()
    while next_at < stop:
        await asyncio.sleep(max(next_at - time.monotonic(), 0))
        tasks.append(asyncio.create_task(make(number)))
        number += 1
        next_at += 1 / rate
    await asyncio.gather(*tasks)


async def _simulate(bases, units, seconds, browse_rate, register_rate, meter):
    rng = random.Random(3)
    record = Recorder()
    semaphore = asyncio.Semaphore(16)

    async def signed(base, username, headers):
        async with semaphore:
            return await _sign_in(base, username, headers)

    def base_of(index):
        return bases[index % len(bases)]

    desks = await asyncio.gather(*(signed(base_of(n), u["username"], load.HX) for n, u in enumerate(units)))
    boards = await asyncio.gather(*(signed(base_of(n), u["username"], {"HX-Request": "true"})
                                    for n, u in enumerate(units)))
    first_urls = []
    for n, (unit, client) in enumerate(zip(units, boards, strict=True)):
        # The page a dashboard opens (outside the timing): the first poll URL is in its hx-get.
        page, target = ("/dashboard/", "tally") if n % 2 else (f"/dashboard/events/{unit['slug']}", "event-numbers")
        response = await client.get(page, headers={"HX-Request": ""})
        first_urls.append((target, _next_poll(response.text, target)))
    with meter:
        start = time.monotonic()
        stop = start + seconds
        jobs = [_desk(client, unit, stop, record, rng) for client, unit in zip(desks, units, strict=True)]
        jobs += [_dashboard(client, "dashboard_table" if target == "tally" else "dashboard_event", target, url, stop,
                            record, rng) for client, (target, url) in zip(boards, first_urls, strict=True)]
        jobs.append(_arrivals(browse_rate / 2, stop, lambda n: _visitor(
            base_of(n), units[(n // 2) % len(units)][("slug", "next")[n % 2]], record)))
        jobs.append(_arrivals(register_rate, stop, lambda n: _registrant(base_of(n), units[(n * 7) % len(units)], n,
                                                                         record)))
        await asyncio.gather(*jobs)
        elapsed = time.monotonic() - start
    for client in desks + boards:
        await client.aclose()
    return record.summary(elapsed), elapsed


STORED = ("person", "registration", "attendance", "audit_entry", "tally_cell", "tally_total", "reach_mark")


def storage(url):
    """Rows and bytes on disk (pg_total_relation_size: table, indexes, TOAST) of the tables that grow with
    registrations and check-ins; {} on SQLite."""
    if not url.startswith("postgresql"):
        return {}
    connected = server.engine(url)
    found = {}
    with connected.connect() as connection:
        for table in STORED:
            rows = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            size = connection.execute(text(f"SELECT pg_total_relation_size('{table}')")).scalar()
            found[table] = {"rows": rows, "bytes": size, "bytes_per_row": round(size / rows) if rows else None}
        found["database_bytes"] = connection.execute(text("SELECT pg_database_size(current_database())")).scalar()
    connected.dispose()
    return found


def run(url, seconds=300, browse_rate=4.0, register_rate=1.0):
    """Build the city, serve it with two app processes and drive it; returns the results."""
    built = time.monotonic()
    units = prepare(url)
    built = time.monotonic() - built
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench", **LIMITS}
    with Server("wsgi:app", env, probe="/events", options=APP) as one, \
            Server("wsgi:app", env, probe="/events", options=APP) as two:
        meter = procstat.Meter([one.pid, two.pid], database_name(url))
        kinds, elapsed = asyncio.run(_simulate([one.base, two.base], units, seconds, browse_rate, register_rate, meter))
    requests = sum(kind["requests"] for kind in kinds.values())
    figures = meter.figures(requests)
    stored = storage(url)
    return {"machine": report.machine(url), "units": len(units), "tickets_per_event": TICKETS,
            "app_processes": 2, "gunicorn": " ".join(APP), "seconds": round(elapsed, 1), "build_seconds": round(built, 1),
            "desks": len(units), "scan_every_s": SCAN_EVERY, "dashboards": len(units), "poll_every_s": POLL_EVERY,
            "browse_rate": browse_rate, "register_rate": register_rate, "requests": requests,
            "per_second": round(requests / elapsed, 1), "kinds": kinds, "errors": sum(k["errors"] for k in kinds.values()),
            "server_cpu_s": figures["server_cpu_s"], "server_cpu_ms_per_req": figures["server_cpu_ms_per_req"],
            "database_cpu_ms_per_req": figures.get("database_cpu_ms_per_req"),
            "machine_busy_pct": figures["machine_busy_pct"], "machine_idle_pct": round(100 - figures["machine_busy_pct"], 1),
            "loadgen_cpu_pct": figures["loadgen_cpu_pct"], "load_average": figures["load_average"], "storage": stored}


LABELS = {"desk_scan": "desk scan (first scans, 1 every 2 s per desk)", "dashboard_table": "dashboard poll: commune table",
          "dashboard_event": "dashboard poll: event's big numbers", "event_list": "event list", "event_page": "event page",
          "register_page": "registration: event page", "register_post": "registration: form sent"}


def markdown(city):
    """The city's section of a report."""
    m = city["machine"]
    lines = [f"## One busy day of a city, simulated ({m['date']}, database: {m['database']})", "",
             f"Hà Nội's {city['units']} communes and wards, one running event each with {city['tickets_per_event']} tickets; "
             f"{city['app_processes']} app processes (two gunicorn servers, `{city['gunicorn']}` each, the units split "
             f"between them); {city['desks']} desks scanning first scans every {city['scan_every_s']:g} s (keep-alive), "
             f"{city['dashboards']} dashboards polling every {city['poll_every_s']:g} s (half the commune table, half the "
             f"event's big numbers), people browsing {city['browse_rate']:g} pages/s and registering "
             f"{city['register_rate']:g}/s (new connections); {city['seconds']:g} s.", "",
             "| kind of request | requests | per second | p50 ms | p99 ms | errors | sent again |", "|---|---|---|---|---|---|---|"]
    for kind in KINDS_SHOWN:
        row = city["kinds"][kind]
        errors = f"{row['errors']} {json.dumps(row['error_kinds'])}" if row["errors"] else "0"
        lines.append(f"| {LABELS[kind]} | {row['requests']:,} | {row['per_second']} | {row['p50_ms']} | {row['p99_ms']} | "
                     f"{errors} | {row['retried']} |")
    database = (f", the database backends {city['database_cpu_ms_per_req']} ms"
                if city.get("database_cpu_ms_per_req") is not None else "")
    lines += ["", f"All requests: {city['requests']:,} ({city['per_second']}/s), errors {city['errors']}. CPU per request: "
              f"the app processes {city['server_cpu_ms_per_req']} ms{database}. Machine idle over the run: "
              f"{city['machine_idle_pct']}% of {m['cpus']} CPUs (load average {city['load_average'][0]} → "
              f"{city['load_average'][1]}; other work on the machine counts as busy). The load generator (one process) "
              f"used {city['loadgen_cpu_pct']}% of one CPU.",
              "\"Sent again\": requests whose kept-alive connection the server closed as they went out (gunicorn drops "
              "connections idle for 2 s, and a busy worker may not read a waiting request in time), sent once more on a "
              "new connection as a browser does; their time includes both tries. Errors: non-expected answers, or the "
              "second try failing too.", ""]
    stored = city.get("storage")
    if stored:
        lines += ["Stored after the run (PostgreSQL, pg_total_relation_size: table, indexes and TOAST): " + ", ".join(
            f"{table} {value['rows']:,} rows, {value['bytes_per_row']} B/row" for table, value in stored.items()
            if table != "database_bytes" and value["rows"]) + f"; the whole database {stored['database_bytes'] / 2**20:.0f} MiB.",
            ""]
    return lines


def write(city):
    os.makedirs(report.RESULTS, exist_ok=True)
    with open(os.path.join(report.RESULTS, "city.json"), "w") as handle:
        json.dump(city, handle, indent=2, ensure_ascii=False)
    with open(os.path.join(report.RESULTS, "city.md"), "w") as handle:
        handle.write("\n".join(["# " + markdown(city)[0][3:]] + markdown(city)[1:]))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="an empty PostgreSQL database URL (its tables are dropped); default: SQLite, "
                                     "not the target")
    parser.add_argument("--seconds", type=float, default=300, help="length of the simulated rush (default 5 minutes)")
    parser.add_argument("--browse-rate", type=float, default=4.0, help="event list and event page views per second")
    parser.add_argument("--register-rate", type=float, default=1.0, help="registrations per second")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or "sqlite:///" + os.path.join(folder, "city.sqlite3")
        city = run(url, args.seconds, args.browse_rate, args.register_rate)
    write(city)
    print("\n".join(markdown(city)))


if __name__ == "__main__":
    main()
