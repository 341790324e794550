"""Browser test: a scan at a moment another writer holds the database tells the organiser so, in words."""
import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import sign_in
from tests.factories import gen_registration_now, gen_user, open_event
from tests.test_writes import _held, _ways


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_busy_database_is_explained_and_the_next_scan_goes_through(app, live_server, phone_context, database_url,
                                                                       javascript):
    app.config["WRITE_LOCK_TIMEOUT"] = 0.2
    with app.app_context():
        gen_user()
        event = open_event(title="Tập huấn lúc đông người")
        code = gen_registration_now(event, full_name="Nguyễn Thị Lan").short_code
        slug = event.slug
    page = phone_context(javascript).new_page()
    sign_in(page, live_server)
    page.goto(f"{live_server}/manage/events/{slug}/desk")
    with _held(database_url, _ways(database_url)[0]):
        page.fill("#scan-code", code)
        page.press("#scan-code", "Enter")
        # With JavaScript the message goes to the desk's alert box; without, it is the page the form led to.
        told = page.locator("#request-error") if javascript else page.locator("main")
        expect(told).to_be_visible()
        expect(told).to_contain_text("Hệ thống đang bận")
        expect(told).to_contain_text("gửi lại sau vài giây")
        if javascript:
            expect(page.locator("#scan-result")).to_have_class("scan-result idle")  # the desk stays as it was
    if not javascript:
        page.go_back()
    page.fill("#scan-code", code)
    page.press("#scan-code", "Enter")
    expect(page.locator("#scan-result")).to_have_class("scan-result new")
    if javascript:
        expect(page.locator("#request-error")).to_be_hidden()
