"""Browser tests on a 360 px phone, JavaScript on and off: after a failed submit the problems are listed at the top
of the form, in view, focused and announced, each a link to its field."""
import pytest
from playwright.sync_api import expect

from tests.factories import gen_event, open_event

PHONE = {"width": 360, "height": 740}
BOTH = pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])


def _summary_in_view_and_focused(page, form):
    """The form's error summary: shown, inside the viewport, focused, announced; returned for more checks."""
    summary = page.locator(f"{form} [data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary).to_have_attribute("role", "alert")
    return summary


@BOTH
def test_a_registration_with_a_mistake_shows_what_went_wrong_where_the_person_looks(app, live_server, browser,
                                                                                    javascript):
    with app.app_context():
        slug = gen_event(title="Tập huấn cộng tác viên").slug
    page = browser.new_context(java_script_enabled=javascript, viewport=PHONE).new_page()
    page.goto(f"{live_server}/events/{slug}")
    page.fill("#full_name", "Nguyễn Thị Lan")
    page.fill("#phone", "0168 123 4567")
    page.check("input[name=sex][value=female]")
    page.fill("#birth_year", "1990")
    page.select_option("select#commune", "10198")
    page.check("#consent")  # the role is left unchosen
    page.click("button:has-text('Đăng ký và nhận vé')")

    summary = _summary_in_view_and_focused(page, "#register-form")
    expect(summary.locator('a[href="#phone"]')).to_contain_text("0381234567")
    expect(summary.locator('a[href="#role"]')).to_contain_text("Bạn là")
    assert page.input_value("#full_name") == "Nguyễn Thị Lan"
    summary.locator('a[href="#phone"]').click()
    expect(page.locator("#phone")).to_be_focused()
    page.context.close()


@BOTH
def test_a_walk_in_with_a_mistake_shows_what_went_wrong_where_the_person_looks(app, live_server, browser, javascript):
    with app.app_context():
        code = open_event(kind="communication").checkin_code
    page = browser.new_context(java_script_enabled=javascript, viewport=PHONE).new_page()
    page.goto(f"{live_server}/c/{code}")
    walk_in = page.locator("#walk-in")
    walk_in.locator("#walk-in-full_name").fill("Phạm Văn Bình")
    walk_in.locator("#walk-in-birth_year").fill("75")
    walk_in.locator("button[type=submit]").click()

    summary = _summary_in_view_and_focused(page, "#walk-in")
    expect(summary.locator('a[href="#walk-in-sex-0"]')).to_contain_text("Vui lòng chọn giới tính")
    expect(summary.locator('a[href="#walk-in-birth_year"]')).to_contain_text("Năm sinh phải là 4 chữ số")
    expect(page.locator("#identify [data-error-summary]")).to_have_count(0)
    assert page.input_value("#walk-in-full_name") == "Phạm Văn Bình"
    page.context.close()


def test_a_registration_sent_with_the_keyboards_go_key_also_lands_on_the_summary(app, live_server, browser):
    with app.app_context():
        slug = gen_event(title="Tập huấn cộng tác viên").slug
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server}/events/{slug}")
    page.fill("#full_name", "Nguyễn Thị Lan")
    page.fill("#birth_year", "90")
    page.press("#birth_year", "Enter")  # the field keeps the focus through the swap unless told otherwise

    summary = _summary_in_view_and_focused(page, "#register-form")
    expect(summary.locator('a[href="#birth_year"]')).to_contain_text("Năm sinh phải là 4 chữ số")
    page.context.close()
