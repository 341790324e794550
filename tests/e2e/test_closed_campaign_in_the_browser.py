"""Browser tests on a 360 px phone, JavaScript on and off: once the campaign is closed, its event page says so
instead of offering the form, and the desk refuses a valid ticket on screen."""
from playwright.sync_api import expect

from portal import clock
from portal.catalogue import closing, current_campaign
from portal.extensions import db
from tests.e2e.helpers import BOTH, fits, on_first_screen, sign_in
from tests.factories import gen_event, gen_registration_now, gen_user, open_event

REGISTER_CLOSED = "Tháng hành động này đã khép lại; không nhận đăng ký nữa."
CHECKIN_CLOSED = "Tháng hành động này đã khép lại; không nhận điểm danh nữa."


def _close(app):
    """An admin closes the current campaign."""
    with app.app_context():
        closing.close(current_campaign(clock.now().date()), None, clock.now())
        db.session.commit()


@BOTH
def test_the_event_page_of_a_closed_campaign_shows_why_and_no_form(app, live_server, phone_context, javascript):
    with app.app_context():
        slug = gen_event(title="Tập huấn tại Hòa Bình").slug
    _close(app)
    page = phone_context(javascript).new_page()
    page.goto(f"{live_server}/events/{slug}")

    on_first_screen(page.get_by_text("Không nhận đăng ký", exact=True))  # among the event's facts
    expect(page.get_by_text(REGISTER_CLOSED)).to_be_visible()  # where the form would be
    expect(page.locator("#register-form")).to_have_count(0)
    expect(page.get_by_role("button", name="Đăng ký và nhận vé")).to_have_count(0)
    fits(page)


@BOTH
def test_a_desk_scan_of_a_valid_ticket_after_closing_shows_the_refusal(app, live_server, phone_context, javascript):
    with app.app_context():
        gen_user()
        event = open_event(title="Tập huấn tại Hòa Bình")
        entry = gen_registration_now(event, full_name="Nguyễn Thị Lan")
        slug, code = event.slug, entry.short_code
    page = sign_in(phone_context(javascript).new_page(), live_server)
    page.goto(f"{live_server}/manage/events/{slug}/desk")  # the desk was open when the admin closed the campaign
    _close(app)

    page.fill("#scan-code", code)
    page.press("#scan-code", "Enter")
    result = page.locator("#scan-result")
    expect(result).to_have_class("scan-result refused")
    expect(result).to_contain_text("Không điểm danh được")
    expect(result).to_contain_text(CHECKIN_CLOSED)
    on_first_screen(result)
    expect(page.locator("#desk-count")).to_have_text("0")
    fits(page)
