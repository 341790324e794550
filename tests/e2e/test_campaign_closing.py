"""Browser test on a 360 px phone, JavaScript on and off: an admin closes the campaign through its confirmation."""
from datetime import timedelta

from playwright.sync_api import expect

from portal import clock
from tests.e2e.helpers import BOTH, fits, on_first_screen, sign_in
from tests.factories import gen_user


@BOTH
def test_an_admin_closes_the_campaign_and_sees_when_personal_data_goes(app, live_server, phone_context, javascript):
    with app.app_context():
        gen_user("admin", role="admin")
        due = (clock.now() + timedelta(days=90)).strftime("%d/%m/%Y")
    page = sign_in(phone_context(javascript).new_page(), live_server, "admin")
    page.click("a:has-text('Đóng chiến dịch')")

    on_first_screen(page.get_by_text(f"từ ngày {due}"))
    button = page.get_by_role("button", name="Có, đóng chiến dịch")
    on_first_screen(button)
    assert button.bounding_box()["height"] >= 44
    fits(page)
    button.click()

    heading = page.get_by_role("heading", name="đã đóng")
    expect(heading).to_be_visible()
    expect(heading).to_be_focused()
    on_first_screen(page.get_by_text(f"sẽ được xóa từ ngày {due}"))
    fits(page)
