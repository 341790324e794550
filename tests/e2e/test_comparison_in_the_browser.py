"""Browser tests on a 360 px phone: an admin reads the year-over-year comparison across the change of map (the ≈ mark,
the note on a unit that got part of an old one), and a bad mapping file shows its problems line by line."""
from playwright.sync_api import expect

from tests.e2e.helpers import BOTH, PHONE, fits, on_first_screen, sign_in
from tests.e2e.test_accessibility import _problems
from tests.reform import build_reform

BAD = "old_code,new_code,share\n10183,10183,whole\n99999,10183,whole\n10189,10183,half\n"


@BOTH
def test_an_admin_reads_the_comparison_across_the_change_of_map(app, live_server, phone_context, javascript):
    with app.app_context():
        build_reform()
    page = sign_in(phone_context(javascript).new_page(), live_server, "admin")
    page.click("a:has-text('Số liệu tham dự')")
    page.click("a:has-text('So sánh giữa các năm')")

    on_first_screen(page.get_by_text("đánh dấu ≈ (gần đúng)"))
    expect(page.locator("#before-10273")).to_contain_text("2022 ≈")
    expect(page.locator("#before-10273 td").nth(3)).to_have_text("≈ 3")  # men: sessions by kind, women, men
    note = page.get_by_text("gồm một phần của Xã Tô Hiệu (không chia số liệu)")
    note.scroll_into_view_if_needed()
    expect(note).to_be_visible()
    box = note.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box  # read without scrolling sideways
    expect(page.locator("#old-10186")).to_contain_text("không có đơn vị kế tiếp")
    expect(page.locator("#before-total")).to_contain_text("44")
    fits(page)


@BOTH
def test_a_bad_mapping_file_shows_its_problems_line_by_line(app, live_server, phone_context, javascript, tmp_path):
    with app.app_context():
        build_reform()
    upload = tmp_path / "bang-chuyen-doi.csv"
    upload.write_text(BAD, encoding="utf-8")
    page = sign_in(phone_context(javascript).new_page(), live_server, "admin")
    page.click("a:has-text('Bảng chuyển đổi đơn vị')")
    page.select_option("#old", label="Huyện Mẫu (bản đồ 2022)")
    page.select_option("#new", label="Thành phố Mẫu (bản đồ 2025)")
    page.click("button:has-text('Xem')")
    expect(page.locator("#succession-table")).to_contain_text("Xã Tô Hiệu")
    page.set_input_files("#file", str(upload))
    page.click("button:has-text('Tải lên')")

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Dòng 3: Mã cũ 99999 không có trong danh sách cũ.")
    expect(summary).to_contain_text("Dòng 4: Phần chuyển sang “half” không dùng được")
    expect(page.locator("#file-error")).to_have_text("Tệp có 2 lỗi, chưa lưu gì.")
    expect(page.locator("#succession-table tbody tr")).to_have_count(4)  # nothing of the bad file was saved
    fits(page)


def test_the_comparison_and_the_mapping_pages_have_no_serious_accessibility_problem(app, live_server, phone_context):
    with app.app_context():
        build_reform()
    page = phone_context(bypass_csp=True).new_page()  # axe is injected as an inline script
    sign_in(page, live_server, "admin")
    found = []
    for path in ("/dashboard/compare", "/manage/succession"):
        page.goto(f"{live_server}{path}")
        found += _problems(page)
    assert not found, "\n".join(found)
