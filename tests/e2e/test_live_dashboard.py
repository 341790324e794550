"""Browser test: a check-in on one page shows on an open dashboard within 2 seconds, under gunicorn with 2 workers."""
from playwright.sync_api import expect

from tests.factories import (
    PASSWORD,
    commune,
    gen_registration_now,
    gen_user,
    open_event,
)


def test_a_check_in_appears_on_the_open_dashboard_within_two_seconds(app, gunicorn_server, phone_context):
    with app.app_context():
        gen_user("admin", role="admin")
        event = open_event(title="Tập huấn Hòa Bình", commune=commune("10198"))
        entry = gen_registration_now(event, full_name="Nguyễn Thị Lan", sex="female")
        slug, code = event.slug, entry.short_code
    context = phone_context()
    desk, dashboard = context.new_page(), context.new_page()
    desk.goto(f"{gunicorn_server}/login")
    desk.fill("#username", "admin")
    desk.fill("#password", PASSWORD)
    desk.click("button:has-text('Đăng nhập')")
    desk.wait_for_url(f"{gunicorn_server}/manage/")

    dashboard.goto(f"{gunicorn_server}/dashboard/?sort=participants&dir=desc")
    dashboard.evaluate("window.scrollTo(0, 400)")
    female = dashboard.locator("#row-10198 td").nth(4)
    expect(female).to_have_text("0")

    desk.goto(f"{gunicorn_server}/manage/events/{slug}/desk")
    desk.fill("#scan-code", code)
    desk.press("#scan-code", "Enter")
    expect(desk.locator("#scan-result")).to_have_class("scan-result new")

    expect(female).to_have_text("1", timeout=2000)
    expect(dashboard.locator("#row-total th").nth(3)).to_have_text("1")
    assert dashboard.evaluate("window.scrollY") == 400  # the reader's place is kept
    assert "sort=participants" in dashboard.url and "▼" in dashboard.locator("#tally thead").inner_text()
