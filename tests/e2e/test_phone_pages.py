"""Browser tests on a 360×740 phone, JavaScript on and off: what a resident or a commune cadre sees first."""
import pytest
from playwright.sync_api import expect

from tests.factories import commune, gen_event

PHONE = {"width": 360, "height": 740}
BOTH = pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])


def _phone(browser, javascript):
    """A page in a fresh 360×740 context."""
    return browser.new_context(java_script_enabled=javascript, viewport=PHONE).new_page()


def _on_first_screen(locator):
    """The element is visible and ends within the first 740 px of the page (no scrolling needed)."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box


def _fits(page):
    """Nothing on the page is wider than the phone's screen."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@BOTH
def test_the_first_event_is_on_the_first_screen_with_the_filter_folded(app, live_server, browser, javascript):
    with app.app_context():
        gen_event(title="Tập huấn cộng tác viên Hòa Bình", commune=commune("10198"), capacity=30)
        gen_event(title="Mít tinh thị trấn", commune=commune("10183"), kind="communication")
    page = _phone(browser, javascript)
    page.goto(f"{live_server}/events")
    _on_first_screen(page.locator("#event-results .event-item .title").first)
    expect(page.locator("#kind")).to_be_hidden()
    page.click("summary:has-text('Lọc')")
    expect(page.locator("#kind")).to_be_visible()
    _fits(page)

    page.goto(f"{live_server}/events?kind=training")
    expect(page.locator("#kind")).to_be_visible()  # a filter in use is shown open
    expect(page.locator("#kind")).to_have_value("training")
    expect(page.locator("#event-results .event-item .title")).to_have_text(["Tập huấn cộng tác viên Hòa Bình"])
    page.context.close()
