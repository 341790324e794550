"""Check-in desk latency: the time from a decoded ticket code to the result on screen, measured inside the page.

The classic session desk (htmx POST, the answer swapped into #scan-result) and the offline desk (/ban-diem-danh/,
answering from the server within 1 s, else from the device's IndexedDB) in Debian's Chromium, against the portal
served by gunicorn, on one event with a realistic ticket list. Each scenario scans distinct tickets by their
addresses, as the camera decodes them: the clock starts just before requestSubmit() and stops when the result is in
the DOM (a MutationObserver on the classic desk, the "desk:answered" event on the offline desk). One browser
session runs them in turn: the classic desk online, then on slow 3G; the offline desk (the list downloaded) online,
on slow 3G, then offline; at the end it syncs and the database must hold every scan.

Usage: python -m bench.desk_latency [--db postgresql://...] [--tickets 2000] [--scans 50]
Run alone it updates the desk_latency section of bench/results/latest.json and latest.md and prints it.
"""
import argparse
import json
import os
import statistics
import tempfile
import time

from playwright.sync_api import expect, sync_playwright
from sqlalchemy import func, select

from bench import dataset, pageweight, report, tally_refresh
from bench.server import Server

PHONE = {"width": 360, "height": 740}
TIMEZONE = "Asia/Ho_Chi_Minh"
TARGET_MS = 100    # offline-first: median and p95 under this
WARM_UP = 2        # unmeasured scans at the start of each scenario
GAP_MS = 300       # the desk's pause between one answer (settled) and the next ticket
# Puppeteer's "Slow 3G" preset (PredefinedNetworkConditions): 500 kbit/s × 0.8 each way, 400 ms × 5 latency.
SLOW_3G = {"offline": False, "latency": 400 * 5, "downloadThroughput": 500 * 1000 / 8 * 0.8,
           "uploadThroughput": 500 * 1000 / 8 * 0.8}
NO_THROTTLING = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}

# (key, label, desk, network) in the order the report lists them.
SCENARIOS = (("classic_online", "classic desk, online, no throttling (baseline)", "classic", "none"),
             ("classic_slow_3g", "classic desk, online, slow 3G", "classic", "slow 3G"),
             ("offline_desk_slow_3g", "offline desk, online, slow 3G", "offline desk", "slow 3G"),
             ("offline_desk_offline", "offline desk, offline-first (context offline)", "offline desk", "offline"),
             ("offline_desk_online", "offline desk, online, no throttling", "offline desk", "none"))

# One scan on the classic desk: htmx swaps a new #scan-result in (outerHTML); the time is taken when the new node
# is in the DOM. Its class settles 20 ms later (htmx's settle delay), read after htmx:afterSettle, outside the time.
CLASSIC_SCAN = """(code) => new Promise((resolve) => {
  const old = document.getElementById("scan-result");
  const form = document.getElementById("scan-form"), input = document.getElementById("scan-code");
  let start = 0;
  const watch = new MutationObserver(() => {
    const box = document.getElementById("scan-result");
    if (!box || box === old) return;
    const ms = performance.now() - start;
    watch.disconnect();
    const done = () => resolve({ ms: ms, status: box.className.replace("scan-result", "").trim(), by: "server" });
    document.addEventListener("htmx:afterSettle", done, { once: true });
    setTimeout(done, 1000);
  });
  watch.observe(old.parentNode, { childList: true });
  start = performance.now();
  input.value = code;
  form.requestSubmit();
})"""

# One scan on the offline desk: the time is taken when "desk:answered" bubbles up (showResult has filled the box).
# When the device answered (not the server), and settle is asked for, it also waits for the pending count to fall
# back to 0: the server's answer has come and been stored.
OFFLINE_SCAN = """([code, settle]) => new Promise((resolve) => {
  const box = document.getElementById("scan-result"), pending = document.getElementById("pending-count");
  const form = document.getElementById("scan-form"), input = document.getElementById("scan-code");
  const texts = JSON.parse(document.getElementById("desk-texts").textContent);
  const count = () => Number((pending.textContent.match(/\\d+/) || ["0"])[0]);
  let start = 0, result = null, done = false;
  const finish = (settledMs) => {
    if (done) return;
    done = true;
    watch.disconnect();
    result.settled_ms = settledMs;
    resolve(result);
  };
  const watch = new MutationObserver(() => {
    if (result && count() === 0) finish(performance.now() - start);
  });
  document.addEventListener("desk:answered", () => {
    const ms = performance.now() - start;
    const mark = box.querySelector(".sync-mark");
    result = { ms: ms, status: box.className.replace("scan-result", "").trim(),
               by: mark && mark.textContent === texts.synced ? "server" : "device",
               app_ms: Number(box.dataset.elapsed || "NaN") };
    if (result.by === "server") finish(ms);
    else if (!settle) finish(null);
    else setTimeout(() => finish(null), 30000);
  }, { once: true });
  watch.observe(pending, { childList: true, characterData: true, subtree: true });
  start = performance.now();
  input.value = code;
  form.requestSubmit();
})"""


def prepare(url, tickets):
    """The realistic database (bench.tally_refresh.prepare: 300 events, 50,000 registrations, the bench admin) with
    one event topped up to `tickets` registrations; returns (its slug, its ticket tokens)."""
    from portal import create_app
    from portal.extensions import db
    from portal.models import Event, Registration

    events = tally_refresh.prepare(url)
    slug = events[0]["slug"]
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        event_id = db.session.scalar(select(Event.id).where(Event.slug == slug))
        held = db.session.scalar(select(func.count()).select_from(Registration).where(Registration.event_id == event_id))
        dataset.add_registrations(event_id, max(tickets - held, 0), first_number=20_000_000)
        tokens = list(db.session.scalars(select(Registration.token).where(Registration.event_id == event_id)
                                         .order_by(Registration.id)))
        db.engine.dispose()
    return slug, tokens


def attendances(url, slug):
    """How many check-ins the event has in the database."""
    from portal import create_app
    from portal.extensions import db
    from portal.models import Attendance, Event

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Attendance).join(Event, Attendance.event_id == Event.id)
                                  .where(Event.slug == slug))
        db.engine.dispose()
    return count


def measure(base, slug, tokens, scans):
    """Run the five scenarios in one browser session; returns {scenario key: figures}."""
    codes = iter(f"{base}/t/{token}" for token in tokens)
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=pageweight.CHROMIUM, args=pageweight.ARGS)
        context = browser.new_context(viewport=PHONE, timezone_id=TIMEZONE)
        page = context.new_page()
        _sign_in(page, base)

        page.goto(f"{base}/manage/events/{slug}/desk")
        network = _network(context, page)
        results["classic_online"] = _series(page, codes, scans, lambda code: page.evaluate(CLASSIC_SCAN, code))
        network.send("Network.emulateNetworkConditions", SLOW_3G)
        results["classic_slow_3g"] = _series(page, codes, scans, lambda code: page.evaluate(CLASSIC_SCAN, code))
        network.send("Network.emulateNetworkConditions", NO_THROTTLING)

        _open_offline_desk(page, base, len(tokens))
        network = _network(context, page)

        def offline_scan(settle):
            return lambda code: page.evaluate(OFFLINE_SCAN, [code, settle])

        results["offline_desk_online"] = _series(page, codes, scans, offline_scan(True))
        network.send("Network.emulateNetworkConditions", SLOW_3G)
        results["offline_desk_slow_3g"] = _series(page, codes, scans, offline_scan(True))
        network.send("Network.emulateNetworkConditions", NO_THROTTLING)
        _wait_synced(page)
        context.set_offline(True)
        expect(page.locator("#net-state")).to_have_text("Ngoại tuyến")
        results["offline_desk_offline"] = _series(page, codes, scans, offline_scan(False))
        context.set_offline(False)
        _wait_synced(page)
        browser.close()
    return results


def _network(context, page):
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    return session


def _sign_in(page, base):
    page.goto(f"{base}/login")
    page.fill("#username", "bench")
    page.fill("#password", tally_refresh.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/manage/")


def _open_offline_desk(page, base, tickets):
    """From the classic desk: issue a device token, follow its link, wait for the whole list on the device and the
    service worker in control."""
    page.click("button:has-text('Cấp mã cho thiết bị')")
    page.click("#device-link")
    page.wait_for_url(f"{base}/ban-diem-danh/")
    expect(page.locator("#tickets-here")).to_contain_text(f"Vé trên máy: {tickets},", timeout=120_000)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def _wait_synced(page):
    expect(page.locator("#pending-count")).to_have_text("Chờ đồng bộ: 0 lượt", timeout=120_000)


def _series(page, codes, scans, scan):
    """WARM_UP unmeasured scans, then `scans` measured ones, each on a ticket not scanned before."""
    answers = []
    for number in range(WARM_UP + scans):
        answer = scan(next(codes))
        if number >= WARM_UP:
            answers.append(answer)
        page.wait_for_timeout(GAP_MS)
    figures = {"n": len(answers), "ms": _stats([a["ms"] for a in answers]), "each_ms": [round(a["ms"], 1) for a in answers],
               "statuses": _tally(a["status"] for a in answers), "answered_by": _tally(a["by"] for a in answers)}
    if any(a.get("app_ms") is not None for a in answers):
        figures["app_ms"] = _stats([a["app_ms"] for a in answers if a.get("app_ms") is not None])
    settled = [a["settled_ms"] for a in answers if a.get("settled_ms") is not None]
    if settled and any(a["by"] == "device" for a in answers):
        figures["settled_ms"] = _stats(settled) | {"n": len(settled)}
    return figures


def _stats(values):
    ordered = sorted(values)
    if not ordered:
        return {}
    return {"median": round(statistics.median(ordered), 1), "p95": round(ordered[round(0.95 * (len(ordered) - 1))], 1),
            "max": round(ordered[-1], 1)}


def _tally(items):
    counted = {}
    for item in items:
        counted[item] = counted.get(item, 0) + 1
    return counted


def run(db_url, folder, tickets=2000, scans=50):
    """Build the database (PostgreSQL when db_url is given, its tables dropped; else SQLite in folder), serve it
    with gunicorn and measure; returns the results with the settings and the target check."""
    url = db_url or "sqlite:///" + os.path.join(folder, "desk.sqlite3")
    slug, tokens = prepare(url, tickets)
    assert len(tokens) >= len(SCENARIOS) * (WARM_UP + scans), "not enough tickets for distinct scans"
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench"}
    with Server("wsgi:app", env, probe="/events") as server:
        scenarios = measure(server.base, slug, tokens, scans)
    offline = scenarios["offline_desk_offline"]["ms"]
    scanned = len(SCENARIOS) * (WARM_UP + scans)
    return {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "database": url.split(":", 1)[0],
            "tickets": len(tokens), "scans_per_scenario": scans, "warm_up": WARM_UP, "gap_ms": GAP_MS,
            "slow_3g": {"latency_ms": SLOW_3G["latency"], "download_bytes_per_s": SLOW_3G["downloadThroughput"],
                        "upload_bytes_per_s": SLOW_3G["uploadThroughput"]},
            "scenarios": scenarios, "checked_in": {"scanned": scanned, "in_database": attendances(url, slug)},
            "target": {"ms": TARGET_MS, "median_ms": offline["median"], "p95_ms": offline["p95"],
                       "pass": offline["median"] < TARGET_MS and offline["p95"] < TARGET_MS}}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="an empty PostgreSQL database URL (its tables are dropped); default: SQLite")
    parser.add_argument("--tickets", type=int, default=2000, help="registrations on the event measured")
    parser.add_argument("--scans", type=int, default=50, help="measured scans per scenario")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measured = run(args.db, folder, args.tickets, args.scans)
    path = os.path.join(report.RESULTS, "latest.json")
    results = {}
    if os.path.exists(path):
        with open(path) as handle:
            results = json.load(handle)
    results["desk_latency"] = dict(measured, alone=True)
    report.write(results, keep_notes=True)
    print("\n".join(report.desk_section(measured)))


if __name__ == "__main__":
    main()
