"""Browser test on a 360 px phone, JavaScript on and off: a person cancels, the seat goes back, the old ticket is
refused at the desk, and registering again gives a new ticket that checks in."""
import re
from datetime import timedelta

from playwright.sync_api import expect

from portal import clock
from tests.e2e.helpers import BOTH, fill_registration, fits, on_first_screen, sign_in
from tests.factories import gen_event, gen_user

TICKET = re.compile(r".*/t/[A-Za-z0-9_-]{32}$")


def _register(page):
    """Fill in the event's registration form and wait for the ticket; return its short code."""
    fill_registration(page)
    page.wait_for_url(TICKET)
    return page.inner_text("#short-code")


def _scan(desk, code):
    """Type the code at the desk as a USB scanner would; return the result box."""
    desk.fill("#scan-code", code)
    desk.press("#scan-code", "Enter")
    return desk.locator("#scan-result")


@BOTH
def test_a_person_cancels_and_registers_again_with_a_new_ticket(app, live_server, phone_context, javascript):
    with app.app_context():
        gen_user()
        # Registration still open, check-in window already open: both happen in this test.
        slug = gen_event(title="Tập huấn kỹ năng", capacity=10, starts_at=clock.now() + timedelta(minutes=30)).slug
    page = phone_context(javascript).new_page()
    page.goto(f"{live_server}/events/{slug}")
    old_code = _register(page)
    ticket = page.url

    page.click("a:has-text('Hủy đăng ký')")
    question = page.locator("h1")
    expect(question).to_have_text("Hủy đăng ký Tập huấn kỹ năng?")
    expect(question).to_be_focused()
    on_first_screen(page.get_by_text("Chỗ của bạn sẽ được trả lại."))
    on_first_screen(page.locator("button:has-text('Có, hủy đăng ký')"))
    fits(page)
    page.click("button:has-text('Có, hủy đăng ký')")
    page.wait_for_url(ticket)
    cancelled = page.locator("#cancelled")
    expect(cancelled).to_contain_text("Đăng ký này đã được hủy.")
    expect(cancelled).to_be_focused()
    on_first_screen(cancelled)
    expect(page.locator(".qr")).to_have_count(0)
    fits(page)

    page.goto(f"{live_server}/events/{slug}")
    expect(page.locator("#seats-left")).to_have_text("Còn 10 / 10 chỗ")  # 9 while the ticket held a seat

    desk = sign_in(phone_context(javascript).new_page(), live_server)
    desk.goto(f"{live_server}/manage/events/{slug}/desk")
    result = _scan(desk, old_code)
    expect(result).to_have_class("scan-result refused")
    expect(result).to_contain_text("Vé này đã bị hủy")

    page.goto(ticket)
    page.click("a:has-text('Đăng ký lại')")
    new_code = _register(page)
    assert new_code != old_code and page.url != ticket
    expect(page.locator(".qr")).to_be_visible()
    result = _scan(desk, new_code)
    expect(result).to_have_class("scan-result new")
    expect(result).to_contain_text("Nguyễn Thị Lan")
    result = _scan(desk, old_code)  # the old QR stays dead
    expect(result).to_have_class("scan-result refused")
