"""The issue's story in one browser run, on a 360 px phone: an admin makes Hà Nội's list from today's map, loads the
bundled mapping from the 2022 list, creates and pins the city's 2026 campaign, adds organisers for two of its
communes; the organiser of Xã Thường Tín publishes an event, a resident registers, the organiser checks her in at
the desk; the admin reads the campaign's numbers and the comparison with the 2022 campaign."""
import re
from datetime import datetime, timedelta

from playwright.sync_api import expect

from portal.catalogue.seed import CAMPAIGN_TITLE, ensure_campaign
from portal.extensions import db
from tests.e2e.helpers import BOTH, fill_registration, fits, on_first_screen, sign_in
from tests.factories import PASSWORD, commune, gen_user
from tests.reform import HELD_2022, gen_campaign_event, headcount, walk_in

NOW = datetime(2026, 11, 30, 9, 0)  # a Monday of the 2026 month, morning
TITLE = "Tháng hành động năm 2026 của thành phố Hà Nội"
HA_NOI = "Thành phố Hà Nội: 126 xã, phường (bản đồ từ 1/7/2025)"
OLD_LIST = "Huyện Thường Tín, Hà Nội: 29 xã, thị trấn (bản đồ 2022)"
EVENT = "Tập huấn phòng chống bạo lực giới xã Thường Tín"


def held_in_2022():
    """The 2022 campaign on the seeded list, with sessions held in four old units.

    By today's units: Xã Thường Tín gets the old town and Hòa Bình whole (and Khánh Hà mostly, which held nothing,
    so its row is marked ≈): 1 communication, 1 training, 4 women, 3 men, 7 in all. Xã Thượng Phúc gets Nguyễn Trãi
    whole: 1 communication, 5 women. Xã Phú Xuyên gets most of Tô Hiệu: ≈ 1 training, 1 woman, 3 men. Xã Chương
    Dương got part of Tô Hiệu: a note, none of its numbers. Totals: 2 communication, 2 training, 10 women, 6 men."""
    admin = gen_user("admin", role="admin")
    base = ensure_campaign(2022)
    db.session.commit()
    training = gen_campaign_event(base, commune("10183"), "training", HELD_2022)  # Thị trấn Thường Tín
    walk_in(training, "female", "Nguyễn Thị Hoa")
    walk_in(training, "male", "Trần Văn Nam")
    headcount(gen_campaign_event(base, commune("10198"), "communication", HELD_2022), admin, female=3, male=2)
    headcount(gen_campaign_event(base, commune("10231"), "communication", HELD_2022), admin, female=5)
    split = gen_campaign_event(base, commune("10258"), "training", HELD_2022)  # Xã Tô Hiệu: most and part
    walk_in(split, "female")
    headcount(split, admin, male=3)


def make_ha_noi_list(page):
    page.get_by_role("link", name="Danh sách đơn vị").click()
    page.select_option("#map-province", label="Thành phố Hà Nội")
    page.get_by_role("button", name="Tạo danh sách từ bản đồ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HA_NOI)
    expect(page.locator("#list-notice")).to_have_text("Đã tạo danh sách: 126 đơn vị.")
    expect(page.locator("#unit-10183")).to_contain_text("Xã Thường Tín")
    expect(page.locator("#unit-10210")).to_contain_text("Xã Hồng Vân")
    fits(page)


def load_the_mapping(page, base):
    page.goto(f"{base}/manage/")
    page.get_by_role("link", name="Bảng chuyển đổi đơn vị").click()
    page.select_option("#old", label=OLD_LIST)
    page.select_option("#new", label=HA_NOI)
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.locator("#succession-table")).to_contain_text("Chưa có dòng nào.")
    page.get_by_role("button", name="Nạp bảng có sẵn").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu bảng chuyển đổi: 33 dòng.")
    expect(page.locator("#succession-table tbody tr")).to_have_count(33)
    to_hieu = page.locator("#succession-table tbody tr", has_text="Xã Tô Hiệu")
    expect(to_hieu).to_have_count(2)
    expect(to_hieu.filter(has_text="Xã Chương Dương")).to_contain_text("một phần")
    expect(to_hieu.filter(has_text="Xã Phú Xuyên")).to_contain_text("phần lớn")
    fits(page)


def create_and_pin_the_campaign(page, base):
    page.goto(f"{base}/manage/")
    page.get_by_role("link", name="Chiến dịch", exact=True).click()
    page.get_by_role("link", name="Tạo chiến dịch").click()
    for selector, value in {"#year": "2026", "#title": TITLE, "#starts_on": "2026-11-15", "#ends_on": "2026-12-15",
                            "#lead_agency": "Sở Y tế Hà Nội", "#plan_reference": "Kế hoạch 300/KH-UBND",
                            "#organiser_name": "UBND xã Thường Tín"}.items():
        page.fill(selector, value)
    page.fill("#theme", "Chung tay vì bình đẳng giới và an toàn cho phụ nữ và trẻ em gái")
    page.select_option("#unit_list_id", label=f"{HA_NOI} (126 đơn vị)")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"{base}/manage/campaigns")
    card = page.locator(".event-item", has_text=TITLE)
    expect(card).to_contain_text("15/11/2026 – 15/12/2026 · UBND xã Thường Tín")
    expect(card).to_contain_text(HA_NOI)
    card.get_by_role("button", name="Ghim làm chiến dịch hiện tại").click()
    expect(page.locator(".event-item", has_text=TITLE)).to_contain_text("Đang ghim")
    fits(page)

    page.goto(f"{base}/")
    on_first_screen(page.get_by_role("heading", name=TITLE))
    expect(page.locator("footer")).to_contain_text("UBND xã Thường Tín")
    fits(page)


def choose_campaign(page, javascript, label):
    page.select_option("#campaign", label=label)
    if not javascript:
        page.get_by_role("button", name="Chọn", exact=True).click()


def add_organiser(page, base, javascript, username, name, unit, forgets_the_unit=False):
    """Add an organiser of unit for the pinned campaign (chosen by default); forgets_the_unit: look at the 2022
    campaign's units and back, then send the form without a unit first."""
    page.goto(f"{base}/manage/")
    page.get_by_role("link", name="Tài khoản cán bộ").click()
    expect(page.locator("#campaign option:checked")).to_have_text(f"2026 · {TITLE}")
    if forgets_the_unit:
        choose_campaign(page, javascript, f"2022 · {CAMPAIGN_TITLE.format(year=2022)}")
        expect(page.locator("#commune option")).to_have_count(30)
        expect(page.locator("label[for=commune]")).to_have_text("Xã, thị trấn")
        choose_campaign(page, javascript, f"2026 · {TITLE}")
    expect(page.locator("#commune option")).to_have_count(127)
    expect(page.locator("label[for=commune]")).to_have_text("Xã, phường")
    page.fill("#username", username)
    page.fill("#full_name", name)
    page.fill("#password", PASSWORD)
    if forgets_the_unit:
        page.get_by_role("button", name="Tạo tài khoản").click()
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("Vui lòng chọn một đơn vị của chiến dịch đã chọn.")
        expect(page.locator("#commune-error")).to_have_text("Vui lòng chọn một đơn vị của chiến dịch đã chọn.")
        expect(page.locator("#username")).to_have_value(username)
        expect(page.locator("#full_name")).to_have_value(name)
        expect(page.locator("#commune option")).to_have_count(127)  # still the units of the campaign chosen
        fits(page)
        page.fill("#password", PASSWORD)
    page.select_option("#commune", label=unit)
    page.get_by_role("button", name="Tạo tài khoản").click()
    row = page.locator("tr", has_text=username)
    expect(row).to_contain_text(unit)
    expect(row).to_contain_text(HA_NOI)


def publish_an_event(page):
    """The organiser of Xã Thường Tín creates a training starting in half an hour and publishes it."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoạt động của bạn")
    expect(page.locator("main")).to_contain_text(TITLE)  # the campaign of their unit's list
    page.get_by_role("link", name="Tạo hoạt động").click()
    expect(page.locator("#commune")).to_have_value("10183")
    expect(page.locator("#commune option")).to_have_count(1)
    page.select_option("#kind", "training")
    page.fill("#title", EVENT)
    page.fill("#venue", "Hội trường UBND xã Thường Tín")
    starts = NOW + timedelta(minutes=30)
    page.fill("#starts_at", starts.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#ends_at", (starts - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))  # a slip: before the start
    page.get_by_role("button", name="Lưu").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Giờ kết thúc phải sau giờ bắt đầu.")
    expect(page.locator("#title")).to_have_value(EVENT)
    expect(page.locator("#commune")).to_have_value("10183")
    fits(page)
    page.fill("#ends_at", (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EVENT)
    page.get_by_role("button", name="Công bố").click()
    expect(page.locator(".status")).to_contain_text("Đã công bố")
    fits(page)
    return page.url


def the_other_organiser_sees_only_theirs(page, base, event_page):
    """The organiser of Xã Hồng Vân works on the same campaign and sees their commune only."""
    expect(page.locator("main")).to_contain_text(TITLE)
    expect(page.locator("main")).to_contain_text("Cán bộ xã Hồng Vân · Xã Hồng Vân")
    expect(page.locator("main")).to_contain_text("Chưa có hoạt động nào.")
    expect(page.locator("main")).not_to_contain_text(EVENT)
    assert page.goto(event_page).status == 404
    page.goto(f"{base}/dashboard/")
    expect(page.locator("#summary")).to_contain_text("Xã Hồng Vân")
    expect(page.locator("#row-10183")).to_have_count(0)
    fits(page)


def register(page, base):
    """A resident finds the event on the public site and registers; returns the ticket's short code."""
    page.goto(f"{base}/")
    page.get_by_role("link", name=EVENT).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EVENT)
    expect(page.locator("body")).to_contain_text("Xã Thường Tín")
    fill_registration(page, phone="0912 345 678", commune="10183")
    page.wait_for_url(re.compile(r".*/t/[A-Za-z0-9_-]{32}$"))
    expect(page.locator("#ticket")).to_contain_text("Nguyễn Thị Lan")
    fits(page)
    return page.inner_text("#short-code").strip()


def check_in_at_the_desk(page, event_page, code):
    page.goto(event_page)
    page.get_by_role("link", name="Bàn điểm danh").click()
    expect(page.locator("#scan-code")).to_be_focused()  # a USB scanner types straight into it
    page.fill("#scan-code", code)
    page.press("#scan-code", "Enter")
    result = page.locator("#scan-result")
    expect(result).to_have_class("scan-result new")
    expect(result).to_contain_text("Nguyễn Thị Lan")
    expect(page.locator("#desk-count")).to_have_text("1")
    page.fill("#scan-code", code.lower().replace("-", ""))  # typed again, as a person might
    page.press("#scan-code", "Enter")
    expect(result).to_have_class("scan-result already")
    expect(result).to_contain_text("Lần quét đầu lúc")
    expect(page.locator("#desk-count")).to_have_text("1")
    expect(page.locator("#scan-code")).to_be_focused()  # ready for the next ticket
    expect(page.locator("#scan-code")).to_have_value("")
    fits(page)


def open_the_dashboard(page, base, javascript):
    """The admin opens the numbers of the pinned campaign before anyone came: Hà Nội's units, nothing yet."""
    page.goto(f"{base}/manage/")
    page.get_by_role("link", name="Số liệu tham dự").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Số liệu tham dự theo xã, phường")
    expect(page.locator("#campaign option:checked")).to_have_text(f"2026 · {TITLE}")
    expect(page.locator("#summary .participants .number")).to_have_text("0")
    expect(page.locator("#row-10183 td").first).to_have_text("Xã Thường Tín")
    if javascript:
        page.evaluate("window.stillSamePage = true")


def read_the_numbers(page, javascript):
    """The participant counts: on the open dashboard within seconds (with JavaScript), else on reloading it; then
    the comparison with 2022."""
    if not javascript:
        page.reload()
    expect(page.locator("#summary .participants .number")).to_have_text("1")
    if javascript:
        assert page.evaluate("window.stillSamePage") is True  # updated in place, no reload
    on_first_screen(page.locator("#summary"))
    expect(page.locator("#row-10183 td")).to_have_text(["Xã Thường Tín", "0", "1", "1", "1", "0", "0", "1", "100%"])
    expect(page.locator("#row-10210 td")).to_have_text(["Xã Hồng Vân", "0", "0", "0", "0", "0", "0", "0", "—"])
    fits(page)

    page.get_by_role("link", name="So sánh giữa các năm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("So sánh giữa các năm")
    expect(page.locator("main")).to_contain_text(TITLE)
    expect(page.locator("#base option:checked")).to_have_text("Năm 2022 · Huyện Thường Tín, thành phố Hà Nội")
    expect(page.locator("#now-10183 > *")).to_have_text(["2026", "0", "1", "1", "0", "0", "1"])
    expect(page.locator("#before-10183 > *")).to_have_text(["2022 ≈", "≈ 1", "≈ 1", "≈ 4", "≈ 3", "≈ 0", "≈ 7"])
    expect(page.locator("#sources-10183")).to_contain_text("Thị trấn Thường Tín")
    expect(page.locator("#sources-10183")).to_contain_text("Xã Khánh Hà (phần lớn)")
    expect(page.locator("#before-10231 > *")).to_have_text(["2022", "1", "0", "5", "0", "0", "5"])
    expect(page.locator("#before-10273 > *")).to_have_text(["2022 ≈", "≈ 0", "≈ 1", "≈ 1", "≈ 3", "≈ 0", "≈ 4"])
    expect(page.locator("#before-10237 > *")).to_have_text(["2022", "0", "0", "0", "0", "0", "0"])
    note = page.locator("#sources-10237")
    expect(note).to_contain_text("gồm một phần của")
    expect(note).to_contain_text("Xã Tô Hiệu")
    expect(note).to_contain_text("(không chia số liệu)")
    expect(page.locator("#now-total > *")).to_have_text(["2026", "0", "1", "1", "0", "0", "1"])
    expect(page.locator("#before-total > *")).to_have_text(["2022", "2", "2", "10", "6", "0", "16"])
    fits(page)


@BOTH
def test_an_admin_runs_the_2026_month_on_todays_map_and_compares_it_with_2022(app, live_server, phone_context,
                                                                             clock_at, javascript):
    clock_at(NOW)
    with app.app_context():
        held_in_2022()
    admin = sign_in(phone_context(javascript).new_page(), live_server, "admin")
    make_ha_noi_list(admin)
    load_the_mapping(admin, live_server)
    create_and_pin_the_campaign(admin, live_server)
    add_organiser(admin, live_server, javascript, "thuongtin", "Cán bộ xã Thường Tín", "Xã Thường Tín",
                  forgets_the_unit=True)
    add_organiser(admin, live_server, javascript, "hongvan", "Cán bộ xã Hồng Vân", "Xã Hồng Vân")

    organiser = sign_in(phone_context(javascript).new_page(), live_server, "thuongtin")
    event_page = publish_an_event(organiser)
    the_other_organiser_sees_only_theirs(sign_in(phone_context(javascript).new_page(), live_server, "hongvan"),
                                         live_server, event_page)
    open_the_dashboard(admin, live_server, javascript)
    code = register(phone_context(javascript).new_page(), live_server)
    check_in_at_the_desk(organiser, event_page, code)
    read_the_numbers(admin, javascript)
