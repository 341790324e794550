"""Browser test on a 360 px phone, JavaScript on and off: a person proves who they are (a wrong fact first) and
sees their own data."""
from playwright.sync_api import expect

from tests.e2e.helpers import BOTH, fits, on_first_screen
from tests.factories import gen_event, gen_registration


@BOTH
def test_a_person_proves_who_they_are_and_sees_their_data(app, live_server, phone_context, javascript):
    with app.app_context():
        entry = gen_registration(gen_event(title="Tập huấn kỹ năng"))
        code = entry.short_code
    page = phone_context(javascript).new_page()
    page.goto(f"{live_server}/tickets/recover")
    page.click("a:has-text('Xem, tải về hoặc yêu cầu xóa dữ liệu của tôi')")

    page.fill("#phone", "0912 345 678")
    page.fill("#birth_year", "1991")
    page.fill("#short_code", code)
    page.click("button:has-text('Xem dữ liệu của tôi')")
    problem = page.locator("#error-summary")
    expect(problem).to_contain_text("Các thông tin không khớp với đăng ký nào.")
    expect(problem).to_be_focused()
    on_first_screen(problem)
    expect(page.locator("#birth_year")).to_have_value("1991")  # what was typed stays
    fits(page)

    page.fill("#birth_year", "1990")
    page.click("button:has-text('Xem dữ liệu của tôi')")
    page.wait_for_url(f"{live_server}/du-lieu-cua-toi/xem")
    heading = page.locator("h1")
    expect(heading).to_have_text("Dữ liệu của tôi")
    expect(heading).to_be_focused()
    on_first_screen(page.locator("h3:has-text('Tập huấn kỹ năng')"))
    expect(page.locator(".own-data").first).to_contain_text("Nguyễn Thị Lan")
    fits(page)

    page.click("button:has-text('Rút lại sự đồng ý')")
    expect(page.get_by_text("Bạn đã rút lại sự đồng ý.")).to_be_visible()
    page.click("button:has-text('Yêu cầu xóa dữ liệu của tôi')")
    notice = page.locator("#erasure")
    expect(notice).to_contain_text("2 ngày làm việc")
    expect(notice).to_be_focused()
    fits(page)
