"""Browser tests on a 360 px phone: the "Chia sẻ" button of an event page, with and without the Web Share API."""
from playwright.sync_api import expect

from tests.factories import gen_event

PHONE = {"width": 360, "height": 740}
NO_WEB_SHARE = "Object.defineProperty(Navigator.prototype, 'share', {value: undefined, configurable: true});"
RECORDING_SHARE = """Object.defineProperty(Navigator.prototype, 'share', {configurable: true, value: function (data) {
  window.sharedData = data; return Promise.resolve(); }});"""


def _event_page(app, live_server, browser, javascript=True, init_script=None):
    """A 360 px page (clipboard allowed) on a published event; returns (page, the event's address)."""
    with app.app_context():
        slug = gen_event(title="Mít tinh hưởng ứng Tháng hành động").slug
    context = browser.new_context(java_script_enabled=javascript, viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    page.goto(f"{live_server}/events/{slug}")
    return page, f"{live_server}/events/{slug}"


def test_without_web_share_the_button_copies_the_link_and_says_so(app, live_server, browser):
    page, address = _event_page(app, live_server, browser, init_script=NO_WEB_SHARE)
    button = page.get_by_role("button", name="Chia sẻ")
    expect(button).to_be_visible()
    assert button.bounding_box()["height"] >= 44
    button.click()
    confirmation = page.get_by_role("status").filter(has_text="Đã sao chép liên kết")
    expect(confirmation).to_be_visible()
    expect(confirmation).to_be_in_viewport()
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.close()


def test_with_web_share_the_phone_share_sheet_gets_the_event(app, live_server, browser):
    page, address = _event_page(app, live_server, browser, init_script=RECORDING_SHARE)
    page.get_by_role("button", name="Chia sẻ").click()
    page.wait_for_function("window.sharedData !== undefined")
    shared = page.evaluate("window.sharedData")
    assert shared["url"] == address and shared["title"] == "Mít tinh hưởng ứng Tháng hành động"
    page.context.close()


def test_without_javascript_no_dead_share_button(app, live_server, browser):
    page, _address = _event_page(app, live_server, browser, javascript=False)
    expect(page.get_by_role("heading", name="Mít tinh hưởng ứng Tháng hành động")).to_be_visible()
    expect(page.get_by_text("Chia sẻ", exact=True)).to_be_hidden()
    page.context.close()
