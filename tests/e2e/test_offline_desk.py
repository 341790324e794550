"""Browser tests of the offline desk (/ban-diem-danh/): it loads, loses the network, checks tickets in from the
device's own list (typed and through the fake camera), opens again offline, and syncs each scan exactly once."""
from datetime import datetime
from zoneinfo import ZoneInfo

import qrcode
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.conftest import PHONE
from tests.e2e.fakecam import write_y4m
from tests.e2e.helpers import open_offline_desk
from tests.factories import gen_registration_now, gen_user, open_event

TIMEZONE = "Asia/Ho_Chi_Minh"  # the district's, the app's and the desk phone's

# The device's scans as stored in its IndexedDB (id, kind, scanned_at, state, local and server answers).
DEVICE_SCANS = "() => idb.openDB('ban-diem-danh').then((db) => db.getAll('scans'))"


def _people(app, count, **event_fields):
    """An organiser, an event open for check-in and count registrations; (slug, [(name, token, short code)])."""
    with app.app_context():
        gen_user()
        event = open_event(**event_fields)
        people = []
        for number in range(count):
            name = f"Người Thứ {number + 1:02d}"
            entry = gen_registration_now(event, full_name=name, phone=f"09120{number:05d}")
            people.append((name, entry.token, entry.short_code))
        return event.slug, people


def _scan_time(iso):
    """A device's scan time (UTC ISO) as the database keeps it: local, naive, to the second."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(ZoneInfo(TIMEZONE))
    return moment.replace(tzinfo=None, microsecond=0)


def _attendances(app, slug):
    from portal.extensions import db
    from portal.models import Attendance, Event, Registration

    with app.app_context():
        return db.session.execute(select(Registration.token, Attendance.created_at, Attendance.method)
                                  .join(Event, Attendance.event_id == Event.id)
                                  .outerjoin(Registration, Attendance.registration_id == Registration.id)
                                  .where(Event.slug == slug)).all()


def test_a_desk_checks_in_30_tickets_offline_opens_again_offline_and_syncs_each_exactly_once(
        app, live_server, launch, tmp_path):
    slug, people = _people(app, 30)
    camera_name, camera_token, _code = people[-1]
    qrcode.make(f"{live_server}/t/{camera_token}").save(tmp_path / "ticket.png")
    write_y4m(tmp_path / "ticket.y4m", Image.open(tmp_path / "ticket.png"))
    browser = launch("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                     f"--use-file-for-fake-video-capture={tmp_path / 'ticket.y4m'}")
    context = browser.new_context(viewport=PHONE, timezone_id=TIMEZONE, permissions=["camera"])
    page = context.new_page()
    open_offline_desk(page, live_server, slug, 30)
    dashboard = context.new_page()
    dashboard.goto(f"{live_server}/dashboard/events/{slug}")
    expect(dashboard.locator("#number-total")).to_have_text("0")

    context.set_offline(True)
    expect(page.locator("#net-state")).to_have_text("Ngoại tuyến")
    result = page.locator("#scan-result")
    for number, (name, token, short_code) in enumerate(people[:29]):
        # Typed short codes as people read them out (lower case, a dash), and a USB scanner's ticket addresses.
        code = f"{short_code[:4].lower()}-{short_code[4:]}" if number % 2 else f"{live_server}/t/{token}"
        page.fill("#scan-code", code)
        page.press("#scan-code", "Enter")
        expect(result).to_have_class("scan-result new")
        expect(result).to_contain_text(name)
        expect(result).to_contain_text("chưa đồng bộ")
        expect(page.locator("#scan-code")).to_be_focused()  # ready for the next ticket
    page.click("#camera-start")
    expect(result).to_contain_text(camera_name, timeout=15_000)
    expect(result).to_have_class("scan-result new")
    expect(page.locator("#pending-count")).to_have_text("Chờ đồng bộ: 30 lượt")
    assert _attendances(app, slug) == []  # nothing has reached the server

    page.reload()  # offline: the service worker serves the page, IndexedDB still holds the list and the queue
    expect(page.locator("#desk-title")).to_be_visible()
    expect(page.locator("#net-state")).to_have_text("Ngoại tuyến")
    expect(page.locator("#pending-count")).to_have_text("Chờ đồng bộ: 30 lượt")
    expect(page.locator("#tickets-here")).to_contain_text("đã điểm danh: 30")
    page.fill("#scan-code", people[0][2])  # the first ticket again: the device knows it is in
    page.press("#scan-code", "Enter")
    expect(result).to_have_class("scan-result already")
    expect(result).to_contain_text(people[0][0])
    expect(page.locator("#pending-count")).to_have_text("Chờ đồng bộ: 31 lượt")

    context.set_offline(False)
    expect(page.locator("#pending-count")).to_have_text("Chờ đồng bộ: 0 lượt", timeout=10_000)
    expect(page.locator("#last-sync")).to_contain_text("Đồng bộ lần cuối lúc")
    expect(dashboard.locator("#number-total")).to_have_text("30", timeout=2000)

    scans = page.evaluate(DEVICE_SCANS)
    assert len(scans) == 31 and all(scan["state"] == "synced" for scan in scans)
    assert not any(scan.get("flag") for scan in scans)
    first_scan = {}
    for scan in sorted(scans, key=lambda s: s["scanned_at"]):
        first_scan.setdefault(scan["server"]["name"], _scan_time(scan["scanned_at"]))
    rows = _attendances(app, slug)
    assert len(rows) == 30 and {token for token, _at, _method in rows} == {token for _n, token, _c in people}
    times = {token: at for token, at, _method in rows}
    assert all(times[token] == first_scan[name] for name, token, _code in people)  # when scanned, not when synced


def test_two_desks_offline_check_in_the_same_ticket_once_and_the_later_desk_sees_it_flagged(app, live_server,
                                                                                              phone_context):
    slug, people = _people(app, 2)
    name, token, short_code = people[0]
    desks = []
    for _desk in range(2):
        context = phone_context(timezone_id=TIMEZONE)
        desks.append((context, context.new_page()))
        open_offline_desk(desks[-1][1], live_server, slug, 2)
        context.set_offline(True)
    (first_context, first), (second_context, second) = desks
    for page in (second, first):  # the second desk scans first, and syncs last
        page.fill("#scan-code", short_code)
        page.press("#scan-code", "Enter")
        expect(page.locator("#scan-result")).to_have_class("scan-result new")
    early = _scan_time(second.evaluate(DEVICE_SCANS)[0]["scanned_at"])

    first_context.set_offline(False)
    expect(first.locator("#pending-count")).to_have_text("Chờ đồng bộ: 0 lượt", timeout=10_000)
    second_context.set_offline(False)
    expect(second.locator("#pending-count")).to_have_text("Chờ đồng bộ: 0 lượt", timeout=10_000)

    flagged = second.locator("#device-scans li.flagged")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text("Trùng: người này đã được điểm danh ở bàn khác")
    expect(first.locator("#device-scans li.flagged")).to_have_count(0)
    rows = _attendances(app, slug)
    assert [(t, at) for t, at, _m in rows] == [(token, early)]  # one attendance, at the earliest scan


def test_a_walk_in_entered_offline_is_queued_then_recorded_once(app, live_server, phone_context):
    slug, _people_ = _people(app, 1)
    context = phone_context(timezone_id=TIMEZONE)
    page = context.new_page()
    open_offline_desk(page, live_server, slug, 1)
    context.set_offline(True)
    page.click("#walk-in-panel summary")
    form = page.locator("#walk-in")
    form.locator("#walk-in-full_name").fill("Đỗ Văn Hùng")
    form.locator("#walk-in-birth_year").fill("19")
    form.locator("button[type=submit]").click()
    expect(page.locator("#walk-in-summary")).to_be_focused()
    expect(page.locator("#walk-in-birth_year-error")).to_have_text("Năm sinh gồm 4 chữ số, ví dụ 1980.")
    expect(page.locator("#walk-in-consent-error")).to_be_visible()
    expect(form.locator("#walk-in-full_name")).to_have_value("Đỗ Văn Hùng")  # what was typed stays
    form.locator("#walk-in-birth_year").fill("1968")
    form.locator("input[name=sex][value=male]").check()
    form.locator("#walk-in-commune").select_option(index=1)
    form.locator("#walk-in-consent").check()
    form.locator("button[type=submit]").click()
    result = page.locator("#scan-result")
    expect(result).to_have_class("scan-result new")
    expect(result).to_contain_text("Đỗ Văn Hùng")
    expect(result).to_contain_text("chưa đồng bộ")
    expect(page.locator("#pending-count")).to_have_text("Chờ đồng bộ: 1 lượt")
    with page.expect_event("dialog") as leaving:  # closing the page with a scan not yet sent asks first
        page.close(run_before_unload=True)
    assert leaving.value.type == "beforeunload"
    leaving.value.dismiss()  # stay

    context.set_offline(False)
    expect(page.locator("#pending-count")).to_have_text("Chờ đồng bộ: 0 lượt", timeout=10_000)
    rows = _attendances(app, slug)
    assert [(t, m) for t, _at, m in rows] == [(None, "walk_in")]
    scans = page.evaluate(DEVICE_SCANS)
    assert scans[0]["data"] is None  # the person's details leave the device once the server has them


def test_the_desk_says_it_needs_javascript_when_scripts_are_off(live_server, phone_context):
    page = phone_context(javascript=False).new_page()
    page.goto(f"{live_server}/ban-diem-danh/")
    expect(page.get_by_text("Bàn điểm danh ngoại tuyến cần JavaScript")).to_be_visible()
    expect(page.get_by_role("link", name="Đến trang Quản lý")).to_be_visible()


def test_the_manifest_and_icons_make_the_desk_installable(live_server, phone_context):
    page = phone_context().new_page()
    page.goto(f"{live_server}/ban-diem-danh/")
    manifest = page.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then((r) => r.json())")
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/ban-diem-danh/"
    sizes = set()
    for icon in manifest["icons"]:
        response = page.request.get(f"{live_server}{icon['src']}")
        assert response.ok and response.headers["content-type"] == "image/png"
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes


def test_a_new_version_of_the_desk_is_offered_and_taken_when_the_desk_says_so(app, live_server, phone_context):
    slug, _people_ = _people(app, 1)
    page = phone_context(timezone_id=TIMEZONE).new_page()
    open_offline_desk(page, live_server, slug, 1)
    expect(page.locator("#desk-update")).to_be_hidden()
    # A new release: the desk's script changes, so does the service worker that caches it.
    app.extensions["static_versions"]["js/desk-app.js"] = "release2"
    page.evaluate("() => navigator.serviceWorker.getRegistration().then((r) => r.update())")
    expect(page.locator("#desk-update")).to_be_visible(timeout=10_000)
    expect(page.locator("#desk-update")).to_contain_text("Có phiên bản mới")
    assert "v=release2" not in page.content()  # nothing switches until the desk says so
    page.click("#desk-reload")
    page.wait_for_function("() => document.querySelector('script[src*=\"v=release2\"]') !== null")
    expect(page.locator("#desk-update")).to_be_hidden()
    expect(page.locator("#tickets-here")).to_contain_text("Vé trên máy: 1")  # the device's list survived


def test_the_ticket_list_leaves_the_device_when_the_window_closes_once_its_queue_is_sent(app, live_server,
                                                                                          phone_context):
    from portal.extensions import db
    from portal.models import Event

    slug, people = _people(app, 2)
    with app.app_context():
        closes = db.session.scalar(select(Event).where(Event.slug == slug)).checkin_window[1]
    context = phone_context(timezone_id=TIMEZONE)
    page = context.new_page()
    open_offline_desk(page, live_server, slug, 2)
    context.set_offline(True)
    page.fill("#scan-code", people[0][2])
    page.press("#scan-code", "Enter")
    expect(page.locator("#scan-result")).to_have_class("scan-result new")

    page.clock.install(time=closes.replace(tzinfo=ZoneInfo(TIMEZONE)).timestamp() + 60)  # the window has closed
    page.reload()
    expect(page.locator("#tickets-here")).to_contain_text("Vé trên máy: 0")  # the list is gone at once
    expect(page.locator("#pending-count")).to_have_text("Chờ đồng bộ: 1 lượt")  # the queue waits to be sent
    assert page.evaluate("() => idb.openDB('ban-diem-danh').then((db) => db.count('tickets'))") == 0

    context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.locator("#desk-setup")).to_contain_text("Đã hết giờ điểm danh; danh sách vé đã được xóa khỏi máy.",
                                                        timeout=10_000)
    assert page.evaluate("() => idb.openDB('ban-diem-danh').then((db) => db.count('scans'))") == 0
    assert len(_attendances(app, slug)) == 1


def test_signing_out_clears_the_desk_from_the_browser(app, live_server, phone_context):
    slug, _people_ = _people(app, 1)
    page = phone_context(timezone_id=TIMEZONE).new_page()
    open_offline_desk(page, live_server, slug, 1)
    page.goto(f"{live_server}/manage/")
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_url(f"{live_server}/")
    page.goto(f"{live_server}/ban-diem-danh/")
    expect(page.locator("#desk-setup")).to_be_visible()
    expect(page.locator("#desk-setup")).to_contain_text("Thiết bị này chưa có mã")
    assert page.evaluate("() => idb.openDB('ban-diem-danh').then((db) => db.count('tickets'))") == 0


def test_a_slow_server_is_not_waited_for_and_its_late_answer_settles_the_scan_once(app, live_server,
                                                                                   phone_context):
    slug, people = _people(app, 1)
    name, _token, short_code = people[0]
    page = phone_context(timezone_id=TIMEZONE).new_page()
    open_offline_desk(page, live_server, slug, 1)
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.send("Network.emulateNetworkConditions", {  # every answer takes 8 s
        "offline": False, "latency": 8000, "downloadThroughput": -1, "uploadThroughput": -1})
    page.fill("#scan-code", short_code)
    page.press("#scan-code", "Enter")
    result = page.locator("#scan-result")
    expect(result).to_have_class("scan-result new")  # answered by the device long before the server could
    expect(result).to_contain_text(name)
    expect(result).to_contain_text("chưa đồng bộ")
    expect(page.locator("#device-scans li")).to_contain_text("đã đồng bộ", timeout=30_000)
    expect(page.locator("#pending-count")).to_have_text("Chờ đồng bộ: 0 lượt")
    assert len(_attendances(app, slug)) == 1
    assert len(page.evaluate(DEVICE_SCANS)) == 1
