"""Browser tests on a 360 px phone, JavaScript on and off: staff actions that one slip cannot undo, the projector's
refresh without JavaScript, and an organiser's own report."""
import io

import zxingcpp
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import expect

from portal import checkin, clock
from portal.checkin import rotation
from portal.extensions import db
from tests.conftest import A
from tests.e2e.helpers import BOTH, PHONE, sign_in
from tests.factories import (
    commune,
    gen_registration_now,
    gen_user,
    open_event,
)


def _press(page, button, event_page, status, history):
    """Press the button and land on the event's page showing status, with history's word in its history."""
    page.get_by_role("button", name=button).click()
    page.wait_for_url(event_page)
    expect(page.locator("#event-status")).to_have_text(status)
    expect(page.locator("#history")).to_contain_text(history)


def _in_viewport(page, locator):
    """The element is on screen, not below the fold."""
    box = locator.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def _participants(page, base):
    """The commune's participants as the organiser's dashboard shows them."""
    page.goto(f"{base}/dashboard/")
    return page.locator(f"#row-{A} td.participants").inner_text().split()[0]


@BOTH
def test_cancelling_asks_first_and_restoring_brings_the_event_and_its_counts_back(app, live_server, phone_context,
                                                                                 javascript):
    with app.app_context():
        organiser = gen_user()
        event = open_event(title="Tập huấn Hòa Bình", commune=commune(A))
        came = gen_registration_now(event, phone="0911000001")
        gen_registration_now(event, phone="0911000002")
        checkin.check_in_registration(event, came, "ticket", clock.now(), user=organiser)
        db.session.commit()
        slug = event.slug
    page = sign_in(phone_context(javascript).new_page(), live_server)
    assert _participants(page, live_server) == "1"
    page.goto(f"{live_server}/manage/events/{slug}")
    cancel = page.get_by_role("link", name="Hủy hoạt động")
    gap = page.evaluate("""(cancel) => {
        const box = cancel.getBoundingClientRect();
        const others = [...document.querySelectorAll('main a.button, main button')].filter(b => b !== cancel);
        return Math.min(...others.map(b => {
            const o = b.getBoundingClientRect();
            return Math.max(o.top - box.bottom, box.top - o.bottom, o.left - box.right, box.left - o.right);
        }));
    }""", cancel.element_handle())
    assert gap >= 24  # a slip of the thumb on a neighbour does not land on it
    assert cancel.bounding_box()["height"] >= 44
    cancel.click()

    question = page.get_by_role("heading", name="Hủy hoạt động Tập huấn Hòa Bình?")
    expect(question).to_be_visible()
    expect(question).to_be_focused()
    _in_viewport(page, question)
    expect(page.get_by_text("2 người đã đăng ký")).to_be_visible()
    expect(page.get_by_role("link", name="Không, quay lại")).to_be_visible()
    _press(page, "Có, hủy hoạt động", f"{live_server}/manage/events/{slug}", "Đã hủy", "Hủy")
    assert _participants(page, live_server) == "0"

    page.goto(f"{live_server}/manage/events/{slug}")
    _press(page, "Khôi phục hoạt động", f"{live_server}/manage/events/{slug}", "Đã công bố", "Khôi phục")
    assert _participants(page, live_server) == "1"
    page.goto(f"{live_server}/manage/events/{slug}/edit")
    expect(page.locator("#event-status")).to_contain_text("Đã công bố")


def _decoded(locator):
    """What a phone's camera reads from the QR as the screen shows it."""
    return zxingcpp.read_barcodes(Image.open(io.BytesIO(locator.screenshot())))[0].text


@BOTH
def test_projector_follows_the_rotation_and_says_how_long_a_code_works(app, live_server, phone_context, javascript,
                                                                      monkeypatch):
    start = 1_800_000_000 - 1_800_000_000 % rotation.PERIOD  # a code's first second
    moment = [start + 10]
    monkeypatch.setattr(rotation, "now", lambda: moment[0])
    with app.app_context():
        gen_user()
        event = open_event(rotating_qr=True)
        slug, checkin_code = event.slug, event.checkin_code
    secret = app.config["SECRET_KEY"]
    page = sign_in(phone_context(javascript).new_page(), live_server)
    page.goto(f"{live_server}/manage/events/{slug}/projector")
    qr = page.locator("#projector-qr")
    refresh = page.locator('meta[http-equiv="refresh"]')
    if javascript:
        expect(refresh).to_have_count(0)  # htmx fetches the code again; no whole-page reloads
    else:
        expect(refresh).to_have_attribute("content", str(rotation.PERIOD - 10))  # the seconds until the next code
    assert _decoded(qr) == f"{live_server}/c/{checkin_code}?k={rotation.code(secret, checkin_code, moment[0])}"
    text = page.locator("body")
    expect(text).to_contain_text("Mã đổi sau mỗi 30 giây và vẫn dùng được thêm 30 giây sau khi đổi")
    expect(text).to_contain_text("Quét xong, người tham dự có 3 phút để hoàn tất điểm danh.")

    moment[0] = start + rotation.PERIOD - 1  # the code's last second: without JavaScript, a reload in 1 s
    page.goto(f"{live_server}/manage/events/{slug}/projector")
    if not javascript:
        expect(refresh).to_have_attribute("content", "1")
    moment[0] += 1  # the next code is due
    following = f"{live_server}/c/{checkin_code}?k={rotation.code(secret, checkin_code, moment[0])}"
    expect(qr).to_have_attribute("data-link", following, timeout=10_000)
    assert _decoded(qr) == following
    if not javascript:
        expect(refresh).to_have_attribute("content", str(rotation.PERIOD))


@BOTH
def test_an_organiser_prints_and_downloads_their_communes_report(app, live_server, phone_context, javascript):
    with app.app_context():
        gen_user()
        event = open_event(title="Tập huấn Hòa Bình", commune=commune(A))
        came = gen_registration_now(event, phone="0911000001", sex="female")
        checkin.check_in_registration(event, came, "ticket", clock.now())
        db.session.commit()
        year = event.campaign.year
    page = sign_in(phone_context(javascript).new_page(), live_server)
    page.goto(f"{live_server}/dashboard/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo Excel").click()
    assert download.value.suggested_filename == f"bao-cao-{year}-{A}.xlsx"
    with open(download.value.path(), "rb") as saved:
        sheet = load_workbook(io.BytesIO(saved.read())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[5][:7] == [1, "Xã Hòa Bình", 0, 1, 1, 0, 1] and rows[6][1:7] == ["Tổng cộng", 0, 1, 1, 0, 1]

    page.get_by_role("link", name="Bản in (A4 ngang)").click()
    table = page.locator("table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tbody tr").first).to_contain_text("Xã Hòa Bình")
    expect(table.locator("tbody tr").last).to_contain_text("Tổng cộng")
    expect(page.locator("header")).to_contain_text("Xã Hòa Bình")
