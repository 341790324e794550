"""Browser tests on a 360 px phone, JavaScript on and off: an admin creates a campaign (a mistake first), pins it and
the home shows it; an earlier campaign's page is reached from the list of campaigns; an organiser is bound to a unit
of the campaign chosen."""
from datetime import datetime

from playwright.sync_api import expect

from portal import clock
from portal.catalogue import closing
from portal.extensions import db
from tests.e2e.helpers import BOTH, fits, on_first_screen, sign_in
from tests.e2e.test_accessibility import _audit, _problems
from tests.factories import gen_campaign, gen_event, gen_unit_list, gen_user


@BOTH
def test_an_admin_creates_a_campaign_then_pins_it_and_the_home_shows_it(app, live_server, phone_context, javascript):
    with app.app_context():
        gen_user("admin", role="admin")
    page = sign_in(phone_context(javascript).new_page(), live_server, "admin")
    page.get_by_role("link", name="Chiến dịch", exact=True).click()
    page.click("a:has-text('Tạo chiến dịch')")
    typed = {"#year": "2027", "#title": "Tháng hành động năm 2027 của thành phố", "#starts_on": "2027-11-15",
             "#ends_on": "2027-11-01", "#lead_agency": "Sở Y tế Hà Nội", "#organiser_name": "Thành phố Hà Nội"}
    for selector, value in typed.items():
        page.fill(selector, value)
    page.fill("#theme", "Chung tay vì bình đẳng giới")
    page.click("button:has-text('Lưu')")

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary.locator('a[href="#ends_on"]')).to_contain_text("Ngày kết thúc không được trước ngày bắt đầu")
    expect(page.locator("#field-ends_on .error")).to_have_text("Ngày kết thúc không được trước ngày bắt đầu.")
    for selector, value in typed.items():
        assert page.input_value(selector) == value, selector
    assert page.input_value("#theme") == "Chung tay vì bình đẳng giới"
    fits(page)

    page.fill("#ends_on", "2027-12-15")
    page.click("button:has-text('Lưu')")
    page.wait_for_url(f"{live_server}/manage/campaigns")
    card = page.locator(".event-item", has_text="Tháng hành động năm 2027 của thành phố")
    expect(card).to_contain_text("15/11/2027 – 15/12/2027")
    fits(page)
    button = card.get_by_role("button", name="Ghim làm chiến dịch hiện tại")
    assert button.bounding_box()["height"] >= 44
    button.click()
    expect(page.locator(".event-item", has_text="Tháng hành động năm 2027 của thành phố")).to_contain_text("Đang ghim")

    page.goto(f"{live_server}/")
    on_first_screen(page.get_by_role("heading", name="Tháng hành động năm 2027 của thành phố"))
    expect(page.locator("footer")).to_contain_text("Thành phố Hà Nội")
    fits(page)


@BOTH
def test_an_earlier_campaigns_page_is_reached_from_the_list(app, live_server, phone_context, javascript):
    with app.app_context():
        earlier = gen_campaign(year=2025, title="Tháng hành động năm 2025", theme="Chủ đề năm 2025")
        gen_event(campaign=earlier, title="Tập huấn năm 2025", starts_at=datetime(2025, 11, 20, 8))
    page = phone_context(javascript).new_page()
    page.goto(f"{live_server}/")
    page.locator("footer").get_by_role("link", name="Các chiến dịch").click()
    page.get_by_role("link", name="Tháng hành động năm 2025").click()
    expect(page.get_by_role("heading", name="Tháng hành động năm 2025")).to_be_visible()
    expect(page.get_by_text("Chủ đề năm 2025")).to_be_visible()
    fits(page)
    page.get_by_role("link", name="Tập huấn năm 2025").click()
    expect(page.get_by_text("không nhận đăng ký trực tuyến nữa")).to_be_visible()
    expect(page.locator("#register-form form")).to_have_count(0)


@BOTH
def test_an_admin_binds_an_organiser_to_a_unit_of_the_campaign_chosen(app, live_server, phone_context, javascript):
    with app.app_context():
        gen_user("admin", role="admin")
        city = gen_campaign(year=2026, title="Tháng hành động của thành phố", unit_list=gen_unit_list())
        label = f"2026 · {city.title}"
    page = sign_in(phone_context(javascript).new_page(), live_server, "admin")
    page.goto(f"{live_server}/manage/users")
    expect(page.locator("#commune option")).to_have_count(30)
    page.select_option("#campaign", label=label)
    if not javascript:
        page.get_by_role("button", name="Chọn", exact=True).click()
    expect(page.locator("#commune option")).to_have_count(3)
    fits(page)
    page.fill("#username", "ngochoi")
    page.fill("#full_name", "Cán bộ xã Ngọc Hồi")
    page.select_option("#commune", label="Xã Ngọc Hồi")
    page.fill("#password", "mật-khẩu-đủ-dài")
    page.press("#password", "Enter")  # the keyboard's Go key sends the account form, not the campaign choice
    row = page.locator("tr", has_text="ngochoi")
    expect(row).to_contain_text("Xã Ngọc Hồi")
    expect(row).to_contain_text("Thành phố Hà Nội (thử)")


@BOTH
def test_an_admin_switches_the_dashboard_to_an_earlier_campaign(month, live_server, phone_context, javascript):
    earlier = gen_campaign(year=2025, title="Tháng hành động năm 2025")
    page = sign_in(phone_context(javascript).new_page(), live_server, "admin")
    page.goto(f"{live_server}/dashboard/")
    on_first_screen(page.locator("#summary"))
    expect(page.locator("#summary .participants .number")).to_have_text("89")
    page.select_option("#campaign", label="2025 · Tháng hành động năm 2025")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url(f"{live_server}/dashboard/?campaign={earlier.id}")
    expect(page.locator("#summary .participants .number")).to_have_text("0")
    on_first_screen(page.locator("#summary"))
    fits(page)
    page.get_by_role("link", name="Bản in (A4 ngang)").click()
    expect(page.get_by_text("THÁNG HÀNH ĐỘNG NĂM 2025")).to_be_visible()


def test_the_campaign_pages_have_no_serious_accessibility_problem(app, live_server, phone_context):
    with app.app_context():
        gen_user("admin", role="admin")
        earlier = gen_campaign(year=2025, title="Tháng hành động năm 2025")
        gen_event(campaign=earlier, title="Tập huấn năm 2025", starts_at=datetime(2025, 11, 20, 8))
        closing.close(earlier, None, clock.now())
        db.session.commit()
        earlier_id = earlier.id
    page = phone_context(bypass_csp=True).new_page()  # axe is injected as an inline script
    found = _audit(page, live_server, ["/chien-dich", f"/chien-dich/{earlier_id}"])
    sign_in(page, live_server, "admin")
    found += _audit(page, live_server, ["/manage/campaigns", "/manage/campaigns/new",
                                        f"/manage/campaigns/{earlier_id}/edit", f"/dashboard/?campaign={earlier_id}",
                                        "/manage/users"])
    page.goto(f"{live_server}/manage/campaigns/new")
    page.click("button:has-text('Lưu')")  # the form with its messages
    expect(page.locator("[data-error-summary]")).to_be_visible()
    found += _problems(page)
    assert not found, "\n".join(found)
