"""Browser tests on a 360 px phone, JavaScript on and off: a person proves who they are (a wrong fact first), sees and
downloads their own data, withdraws consent and erases it; an admin erases a person's data when asked in person."""
import json

from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Person, Registration
from tests.e2e.helpers import BOTH, fits, on_first_screen, sign_in
from tests.factories import gen_event, gen_registration, gen_user


@BOTH
def test_a_person_proves_who_they_are_and_sees_their_data(app, live_server, phone_context, javascript):
    with app.app_context():
        entry = gen_registration(gen_event(title="Tập huấn kỹ năng"))
        code = entry.short_code
    page = phone_context(javascript).new_page()
    page.goto(f"{live_server}/tickets/recover")
    page.click("a:has-text('Xem, tải về hoặc xóa dữ liệu của tôi')")

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
    with page.expect_download() as download:
        page.click("a:has-text('Tải JSON')")
    held = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert held["registrations"][0]["full_name"] == "Nguyễn Thị Lan"

    page.click("a:has-text('Xóa dữ liệu của tôi…')")
    question = page.locator("h1")
    expect(question).to_have_text("Xóa dữ liệu của bạn?")
    expect(question).to_be_focused()
    expect(page.locator(".confirm")).to_contain_text("Vé của bạn cho 1 hoạt động sắp diễn ra sẽ bị hủy")
    on_first_screen(page.locator("button:has-text('Có, xóa dữ liệu của tôi')"))
    fits(page)
    page.click("button:has-text('Có, xóa dữ liệu của tôi')")
    done = page.locator("h1")
    expect(done).to_have_text("Dữ liệu của bạn đã được xóa")
    expect(done).to_be_focused()
    expect(page.get_by_role("status")).to_contain_text("Đã hủy 1 vé cho hoạt động sắp diễn ra.")
    fits(page)
    with app.app_context():
        assert db.session.scalar(select(Registration.status)) == "cancelled"
        assert db.session.scalar(select(Person.full_name)) == "—"
    page.goto(f"{live_server}/du-lieu-cua-toi/xem")
    expect(page.locator("h1")).to_have_text("Dữ liệu của tôi")  # asked to prove again: the data is gone
    expect(page.locator("#short_code")).to_be_visible()


@BOTH
def test_an_admin_erases_the_data_of_a_person_who_asks_in_person(app, live_server, phone_context, javascript):
    with app.app_context():
        gen_user("admin", role="admin")
        gen_registration(gen_event(title="Tập huấn kỹ năng"))
    page = phone_context(javascript).new_page()
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server}/manage/requests")
    page.click("summary:has-text('Xóa dữ liệu theo yêu cầu trực tiếp')")
    page.fill("#erase-phone", "0912 345 678")
    page.fill("#erase-birth_year", "1975")
    page.click("button:has-text('Xóa dữ liệu của người này')")
    problem = page.locator("#erase-error-summary")
    expect(problem).to_contain_text("Không có dữ liệu nào với số điện thoại và năm sinh này.")
    expect(problem).to_be_focused()
    expect(page.locator("#field-erase-phone .error")).to_be_visible()
    expect(page.locator("#erase-phone")).to_have_value("0912 345 678")  # what was typed stays
    fits(page)

    page.fill("#erase-birth_year", "1990")
    page.click("button:has-text('Xóa dữ liệu của người này')")
    done = page.locator("#erased")
    expect(done).to_contain_text("Đã xóa dữ liệu của số điện thoại …678.")
    expect(done).to_be_focused()
    expect(page.locator(".request-list")).to_contain_text("Đã xử lý")  # handled by this admin, in the queue
    fits(page)
    with app.app_context():
        assert db.session.scalar(select(Person.full_name)) == "—"
