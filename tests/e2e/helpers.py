"""What the browser tests do again and again: sign in, check a page fits a phone, find things on the first screen."""
import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

PHONE = {"width": 360, "height": 740}  # a cheap Android phone: the size every browser test uses by default
DESK = {"width": 1280, "height": 800}  # a laptop at the check-in desk
BOTH = pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])


def sign_in(page, base, username="organiser", lands_on="/manage/"):
    """Sign in at the login form as username (password factories.PASSWORD) and land on the organisers' page (a
    collaborator: lands_on="/cong-tac-vien/")."""
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Đăng nhập')")
    page.wait_for_url(f"{base}{lands_on}")
    return page


WIDER = """() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 1)
  .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}: ${Math.round(e.getBoundingClientRect().right)}`)
  .slice(0, 5)"""


def fits(page):
    """Nothing on the page is wider than the phone's screen (the widest elements are named when something is)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.evaluate(WIDER)


def on_first_screen(locator):
    """The element is visible and ends within the first 740 px of the page (no scrolling needed)."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box


def fill_registration(page, phone="0912 345 678", full_name="Nguyễn Thị Lan", sex="female", birth_year="1990",
                      commune="10198"):
    """Fill in an event's registration form (as Nguyễn Thị Lan, born 1990, unless told; living in the unit of code
    commune: Hòa Bình on the 2022 list; collaborator) and send it."""
    page.fill("#full_name", full_name)
    page.fill("#phone", phone)
    page.check(f"input[name=sex][value={sex}]")
    page.fill("#birth_year", birth_year)
    page.select_option("select#commune", commune)
    page.select_option("select#role", "collaborator")
    page.check("#consent")
    page.click("button:has-text('Đăng ký và nhận vé')")


def open_offline_desk(page, base, slug, tickets):
    """Sign in, issue a device token at the event's desk, follow its link to the offline desk, and wait until the
    device holds the event's tickets (how many) and its service worker controls the page."""
    sign_in(page, base)
    page.goto(f"{base}/manage/events/{slug}/desk")
    page.click("button:has-text('Cấp mã cho thiết bị')")
    if page.viewport_size == PHONE:
        fits(page)  # the token and its QR too
    page.click("#device-link")
    page.wait_for_url(f"{base}/ban-diem-danh/")
    assert "#" not in page.url  # the token left the address bar
    expect(page.locator("#desk-needs-js")).to_be_hidden()
    expect(page.locator("#net-state")).to_have_text("Trực tuyến")
    expect(page.locator("#tickets-here")).to_contain_text(f"Vé trên máy: {tickets}, đã điểm danh: 0")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    if page.viewport_size == PHONE:
        fits(page)
