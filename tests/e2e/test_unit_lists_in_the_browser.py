"""Browser tests on a 360 px phone, JavaScript on and off: an admin makes unit lists, from a CSV file (a bad one first)
and from today's map."""
from playwright.sync_api import expect
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Commune, UnitList
from tests.e2e.helpers import BOTH, fits, sign_in
from tests.e2e.test_accessibility import _audit, _problems
from tests.factories import gen_user

BAD = "code,name,type\nT01,Thôn Đông,thôn\nT02,,thôn\nT03,Thôn Ba,làng\nT01,Thôn Bốn,thôn\n"
GOOD = "code,name,type\nT01,Thôn Đông,thôn\nT02,Thôn Đồng,thôn\nTDP1,Tổ dân phố số 1,tổ dân phố\n"
NAME = "Xã Hòa Bình: thôn, tổ dân phố"


def _counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(UnitList)),
                db.session.scalar(select(func.count()).select_from(Commune)))


def _file(text):
    return {"name": "thon.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}


@BOTH
def test_a_bad_csv_is_told_line_by_line_next_to_the_file_then_a_good_one_is_taken(app, live_server, phone_context,
                                                                               javascript):
    with app.app_context():
        gen_user("admin", role="admin")
    before = _counts(app)
    page = sign_in(phone_context(javascript).new_page(), live_server, "admin")
    page.get_by_role("link", name="Danh sách đơn vị").click()
    page.fill("#upload-name", NAME)
    page.set_input_files("#upload-file", _file(BAD))
    page.get_by_role("button", name="Tải lên và tạo danh sách").click()

    summary = page.locator("#upload-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("Tệp CSV có 3 chỗ cần sửa")
    problems = page.locator("#upload-file-error li")
    expect(problems).to_have_text(["Dòng 3: Thiếu tên đơn vị.",
                                   "Dòng 4: Loại “làng” không dùng được; chọn một trong: xã, phường, thị trấn, đặc "
                                   "khu, thôn, tổ dân phố, khu phố.",
                                   "Dòng 5: Mã T01 trùng với dòng 2."])
    expect(page.locator("#upload-file")).to_have_attribute("aria-describedby", "upload-file-error")
    expect(page.locator("#upload-name")).to_have_value(NAME)
    fits(page)
    assert _counts(app) == before
    summary.get_by_role("link").click()
    expect(page.locator("#upload-file")).to_be_focused()

    page.set_input_files("#upload-file", _file(GOOD))
    page.get_by_role("button", name="Tải lên và tạo danh sách").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(page.locator("#list-notice")).to_have_text("Đã tạo danh sách: 3 đơn vị.")
    expect(page.locator("#unit-TDP1")).to_contain_text("tổ dân phố")
    fits(page)
    assert _counts(app) == (before[0] + 1, before[1] + 3)


@BOTH
def test_the_ha_noi_list_is_made_from_the_province_select(app, live_server, phone_context, javascript):
    with app.app_context():
        gen_user("admin", role="admin")
    page = sign_in(phone_context(javascript).new_page(), live_server, "admin")
    page.goto(f"{live_server}/manage/units")
    page.select_option("#map-province", label="Thành phố Hà Nội")
    page.get_by_role("button", name="Tạo danh sách từ bản đồ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thành phố Hà Nội: 126 xã, phường (bản đồ từ 1/7/2025)")
    expect(page.locator("#list-notice")).to_have_text("Đã tạo danh sách: 126 đơn vị.")
    for code, name in (("10183", "Xã Thường Tín"), ("10231", "Xã Thượng Phúc"), ("10237", "Xã Chương Dương"),
                       ("10210", "Xã Hồng Vân"), ("10273", "Xã Phú Xuyên")):
        expect(page.locator(f"#unit-{code}")).to_contain_text(name)
    fits(page)

    page.goto(f"{live_server}/manage/units")
    page.select_option("#map-province", "01")
    page.get_by_role("button", name="Tạo danh sách từ bản đồ").click()
    expect(page.locator("#list-notice")).to_contain_text("Danh sách này đã có từ trước")
    page.goto(f"{live_server}/manage/units")
    expect(page.get_by_role("link", name="Thành phố Hà Nội: 126 xã, phường (bản đồ từ 1/7/2025)")).to_have_count(1)


def test_the_unit_list_pages_have_no_serious_accessibility_problem(app, live_server, phone_context):
    with app.app_context():
        gen_user("admin", role="admin")
        unit = db.session.scalar(select(Commune).where(Commune.code == "10198"))
        paths = ["/manage/units", f"/manage/units/{unit.unit_list_id}",
                 f"/manage/units/{unit.unit_list_id}/units/{unit.id}"]
    page = sign_in(phone_context(bypass_csp=True).new_page(), live_server, "admin")  # axe is an inline script
    found = _audit(page, live_server, paths)
    page.goto(f"{live_server}/manage/units")
    page.set_input_files("#upload-file", _file(BAD))
    page.get_by_role("button", name="Tải lên và tạo danh sách").click()
    expect(page.locator("#upload-error-summary")).to_be_visible()  # the upload form, with the file's problems
    found += _problems(page)
    assert not found, "\n".join(found)
