"""Browser tests: an organiser at the desk (typed code, then the camera), and a walk-in at the event's QR."""
import pytest
import qrcode
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.fakecam import write_y4m
from tests.e2e.helpers import sign_in
from tests.factories import gen_registration_now, gen_user, open_event

# Counts, in the page, the frames in which the desk's scanner read a QR code (jsQR or the native detector) and the
# submissions of the scan form: the scanner's own steps, so the test waits for them rather than for a fixed time.
COUNT_READS_AND_SUBMITS = """() => {
  window.ticketReads = 0;
  window.scanSubmits = 0;
  const read = (found) => { if (found) window.ticketReads += 1; return found; };
  if (window.jsQR) { const decode = window.jsQR; window.jsQR = (...args) => read(decode(...args)); }
  if (window.BarcodeDetector) {
    const detect = BarcodeDetector.prototype.detect;
    BarcodeDetector.prototype.detect = function (source) {
      return detect.call(this, source).then((codes) => { read(codes.length); return codes; });
    };
  }
  document.addEventListener("submit", (event) => {
    if (event.target.id === "scan-form") window.scanSubmits += 1;
  }, true);
}"""



@pytest.mark.parametrize("screen", ["phone_context", "desk_context"], ids=["phone", "desk"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_organiser_checks_in_a_ticket_by_code_green_then_yellow(app, live_server, request, screen, javascript):
    with app.app_context():
        gen_user()
        event = open_event(title="Tập huấn tại Hòa Bình")
        entry = gen_registration_now(event, full_name="Nguyễn Thị Lan")
        code = f"{entry.short_code[:4]}-{entry.short_code[4:]}"
    page = request.getfixturevalue(screen)(javascript).new_page()
    sign_in(page, live_server)
    page.click("text=Tập huấn tại Hòa Bình")
    page.click("text=Bàn điểm danh")
    if javascript:
        expect(page.locator("#scan-code")).to_be_focused()  # a USB scanner types straight into it

    page.fill("#scan-code", code)
    page.press("#scan-code", "Enter")
    result = page.locator("#scan-result")
    expect(result).to_have_class("scan-result new")
    expect(result).to_contain_text("Nguyễn Thị Lan")
    expect(page.locator("#desk-count")).to_have_text("1")

    page.fill("#scan-code", code)
    page.press("#scan-code", "Enter")
    expect(result).to_have_class("scan-result already")
    expect(result).to_contain_text("Lần quét đầu lúc")
    expect(page.locator("#desk-count")).to_have_text("1")
    if javascript:
        assert page.input_value("#scan-code") == ""  # ready for the next ticket


def test_walk_in_checks_in_at_the_event_qr(app, live_server, phone_context):
    with app.app_context():
        event = open_event(title="Mít tinh hưởng ứng", kind="communication")
        checkin_code = event.checkin_code
    page = phone_context().new_page()
    page.goto(f"{live_server}/c/{checkin_code}")
    expect(page.locator("h1")).to_have_text("Mít tinh hưởng ứng")
    walk_in = page.locator("#walk-in")
    walk_in.locator("#walk-in-full_name").fill("Phạm Văn Bình")
    walk_in.locator("input[name=sex][value=male]").check()
    walk_in.locator("#walk-in-birth_year").fill("1975")
    walk_in.locator("select#walk-in-commune").select_option("10183")
    walk_in.locator("#walk-in-consent").check()
    walk_in.locator("button[type=submit]").click()
    result = page.locator(".scan-result")
    expect(result).to_have_class("scan-result new")
    expect(result).to_contain_text("Phạm Văn Bình")


def test_camera_scanner_reads_a_ticket_and_checks_it_in(app, live_server, launch, tmp_path):
    """Chromium's fake camera shows a ticket's QR; the desk page decodes it and checks the person in."""
    with app.app_context():
        gen_user()
        event = open_event()
        entry = gen_registration_now(event, full_name="Lê Thị Mai")
        slug, token = event.slug, entry.token
    qrcode.make(f"{live_server}/t/{token}").save(tmp_path / "ticket.png")
    write_y4m(tmp_path / "ticket.y4m", Image.open(tmp_path / "ticket.png"))
    browser = launch("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                     f"--use-file-for-fake-video-capture={tmp_path / 'ticket.y4m'}")
    page = browser.new_page(viewport=PHONE)
    scans = []
    page.on("request", lambda r: scans.append(r) if r.method == "POST" and r.url.endswith("/scan") else None)
    sign_in(page, live_server)
    page.clock.set_fixed_time("2026-11-20T08:00:00+07:00")  # however slow the frames, no 3 s re-send window ends
    page.goto(f"{live_server}/manage/events/{slug}/desk")
    page.evaluate(COUNT_READS_AND_SUBMITS)
    expect(page.locator("#camera")).to_be_visible()
    page.click("#camera-start")
    result = page.locator("#scan-result")
    expect(result).to_have_class("scan-result new", timeout=15_000)
    expect(result).to_contain_text("Lê Thị Mai")
    # The ticket stays in view: wait until the scanner has read it in five more frames, then count what it sent.
    page.wait_for_function("seen => window.ticketReads >= seen + 5", arg=page.evaluate("window.ticketReads"),
                           timeout=15_000)
    assert page.evaluate("window.scanSubmits") == 1 and len(scans) == 1  # sent once, not once per frame
    expect(page.locator("#desk-count")).to_have_text("1")
