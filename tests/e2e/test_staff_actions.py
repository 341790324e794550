"""Browser tests on a 360 px phone, JavaScript on and off: staff actions that one slip cannot undo, the projector's
refresh without JavaScript, and an organiser's own report."""
import pytest
from playwright.sync_api import expect

from portal import checkin, clock
from portal.extensions import db
from tests.conftest import A
from tests.factories import PASSWORD, commune, gen_registration_now, gen_user, open_event

PHONE = {"width": 360, "height": 740}
BOTH = pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])


def _signed_in(browser, base, javascript, username="organiser"):
    """A page in a fresh 360 px context, signed in as username."""
    page = browser.new_context(java_script_enabled=javascript, viewport=PHONE).new_page()
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Đăng nhập')")
    page.wait_for_url(f"{base}/manage/")
    return page


def _in_viewport(page, locator):
    """The element is on screen, not below the fold."""
    box = locator.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def _participants(page, base):
    """The commune's participants as the organiser's dashboard shows them."""
    page.goto(f"{base}/dashboard/")
    return page.locator(f"#row-{A} td.participants").inner_text().split()[0]


@BOTH
def test_cancelling_asks_first_and_restoring_brings_the_event_and_its_counts_back(app, live_server, browser,
                                                                                 javascript):
    with app.app_context():
        organiser = gen_user()
        event = open_event(title="Tập huấn Hòa Bình", commune=commune(A))
        came = gen_registration_now(event, phone="0911000001")
        gen_registration_now(event, phone="0911000002")
        checkin.check_in_registration(event, came, "ticket", clock.now(), user=organiser)
        db.session.commit()
        slug = event.slug
    page = _signed_in(browser, live_server, javascript)
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
    page.get_by_role("button", name="Có, hủy hoạt động").click()
    page.wait_for_url(f"{live_server}/manage/events/{slug}")
    expect(page.locator("#event-status")).to_have_text("Đã hủy")
    expect(page.locator("#history")).to_contain_text("Hủy")
    assert _participants(page, live_server) == "0"

    page.goto(f"{live_server}/manage/events/{slug}")
    page.get_by_role("button", name="Khôi phục hoạt động").click()
    page.wait_for_url(f"{live_server}/manage/events/{slug}")
    expect(page.locator("#event-status")).to_have_text("Đã công bố")
    expect(page.locator("#history")).to_contain_text("Khôi phục")
    assert _participants(page, live_server) == "1"
    page.goto(f"{live_server}/manage/events/{slug}/edit")
    expect(page.locator("#event-status")).to_contain_text("Đã công bố")
    page.context.close()
