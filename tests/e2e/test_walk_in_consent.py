"""Browser test on a 360 px phone, JavaScript on and off: a walk-in must tick the consent box, and is told so next to it."""
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Attendance
from tests.e2e.helpers import BOTH, fits
from tests.factories import open_event


def _fill(walk_in):
    """Everything but the consent box, as a person would type it."""
    walk_in.locator("#walk-in-full_name").fill("Phạm Văn Bình")
    walk_in.locator("input[name=sex][value=male]").check()
    walk_in.locator("#walk-in-birth_year").fill("1975")
    walk_in.locator("select#walk-in-commune").select_option("10183")


@BOTH
def test_a_walk_in_without_consent_is_told_next_to_the_box(app, live_server, phone_context, javascript):
    with app.app_context():
        code = open_event(title="Mít tinh hưởng ứng", kind="communication").checkin_code
    page = phone_context(javascript).new_page()
    page.goto(f"{live_server}/c/{code}")
    walk_in = page.locator("#walk-in")
    expect(walk_in.locator('a[href="/thong-bao-du-lieu"]')).to_be_visible()
    _fill(walk_in)
    walk_in.locator("button[type=submit]").click()

    summary = page.locator("#walk-in [data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    link = summary.locator('a[href="#walk-in-consent"]')
    expect(link).to_contain_text("Bạn cần đồng ý với thông báo về dữ liệu cá nhân")
    link.click()
    box = page.locator("#walk-in-consent")
    expect(box).to_be_focused()
    message = page.locator("#field-walk-in-consent .error")
    expect(message).to_have_text("Bạn cần đồng ý với thông báo về dữ liệu cá nhân để tiếp tục.")
    expect(message).to_be_in_viewport()
    expect(box).to_have_attribute("aria-describedby", "walk-in-consent-error")
    assert page.locator("#walk-in-full_name").input_value() == "Phạm Văn Bình"
    assert page.locator("#walk-in-birth_year").input_value() == "1975"
    expect(page.locator(".scan-result")).to_have_count(0)
    fits(page)

    box.check()
    page.locator("#walk-in button[type=submit]").click()
    expect(page.locator(".scan-result")).to_have_class("scan-result new")
    with app.app_context():
        assert db.session.scalar(select(Attendance.consent_version)) == 1


def test_the_notice_page_fits_a_phone(live_server, phone_context):
    page = phone_context(False).new_page()
    page.goto(f"{live_server}/thong-bao-du-lieu")
    expect(page.locator("#notice-versions")).to_contain_text("Phiên bản 1, áp dụng từ 01/11/2026")
    fits(page)
