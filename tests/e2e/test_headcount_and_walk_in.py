"""Browser tests on a 360 px phone, with JavaScript on and off: the headcount form and walk-ins on a household's
phone."""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from portal import checkin, clock
from portal.extensions import db
from portal.models import Attendance
from tests.conftest import A
from tests.e2e.helpers import BOTH, fits, sign_in
from tests.factories import gen_registration_now, gen_user, open_event


@BOTH
def test_headcount_page_shows_the_individual_check_ins(app, live_server, phone_context, javascript):
    with app.app_context():
        organiser = gen_user()
        event = open_event(title="Mít tinh hưởng ứng", kind="communication")
        for phone, sex in (("0911000001", "male"), ("0911000002", "female"), ("0911000003", "female")):
            entry = gen_registration_now(event, phone=phone, sex=sex)
            checkin.check_in_registration(event, entry, "ticket", clock.now(), user=organiser)
            db.session.commit()
        slug = event.slug
    page = sign_in(phone_context(javascript).new_page(), live_server)
    page.goto(f"{live_server}/manage/events/{slug}/headcount")
    expect(page.locator("#checked-in")).to_contain_text("Đã điểm danh từng người: 3 (nam 1, nữ 2)")
    expect(page.locator("#checked-in")).to_be_visible()
    fits(page)


@BOTH
def test_a_split_by_commune_larger_than_the_total_is_shown_next_to_the_split(app, live_server, phone_context,
                                                                            javascript):
    with app.app_context():
        gen_user()
        slug = open_event(kind="communication").slug
    page = sign_in(phone_context(javascript).new_page(), live_server)
    page.goto(f"{live_server}/manage/events/{slug}/headcount")
    page.fill("#male", "1")
    page.fill("#female", "2")
    page.fill("#other", "0")
    page.click("summary:has-text('Theo xã, thị trấn nơi cư trú')")
    page.fill(f"#commune-{A}", "50")
    fits(page)
    page.click("button:has-text('Lưu số lượng')")

    message = page.locator("#by-commune").get_by_text("Tổng theo xã, thị trấn (50) lớn hơn tổng số người (3)")
    expect(message).to_be_visible()  # the details stay open, the message is not hidden inside them
    assert page.input_value(f"#commune-{A}") == "50"
    assert [page.input_value(f"#{name}") for name in ("male", "female", "other")] == ["1", "2", "0"]
    assert page.url.endswith(f"/manage/events/{slug}/headcount")  # not saved
    fits(page)


@BOTH
def test_two_staff_saving_one_headcount_the_second_is_told_and_keeps_their_numbers(app, live_server, phone_context,
                                                                                   javascript):
    with app.app_context():
        gen_user("first")
        gen_user("second")
        slug = open_event(kind="communication").slug
    url = f"{live_server}/manage/events/{slug}/headcount"
    first = sign_in(phone_context(javascript).new_page(), live_server, "first")
    second = sign_in(phone_context(javascript).new_page(), live_server, "second")
    first.goto(url)
    second.goto(url)

    first.fill("#male", "30")
    first.fill("#female", "50")
    first.fill("#other", "5")
    first.click("button:has-text('Lưu số lượng')")
    first.wait_for_url(re.compile(rf".*/manage/events/{slug}$"))

    second.fill("#male", "40")
    second.fill("#female", "40")
    second.fill("#other", "0")
    second.fill("#note", "của tôi")
    second.click("button:has-text('Lưu số lượng')")
    conflict = second.locator("#headcount-conflict")
    expect(conflict).to_contain_text("Người khác vừa lưu số lượng cho hoạt động này")
    expect(conflict).to_contain_text("nam 30, nữ 50, khác 5")
    expect(conflict).to_be_in_viewport()
    expect(conflict).to_be_focused()  # a screen reader reads it first
    assert second.evaluate("document.activeElement.id") == "headcount-conflict"
    assert [second.input_value(f"#{name}") for name in ("male", "female", "other", "note")] == [
        "40", "40", "0", "của tôi"]
    fits(second)

    second.click("button:has-text('Lưu số lượng')")
    second.wait_for_url(re.compile(rf".*/manage/events/{slug}$"))
    second.goto(url)
    expect(second.locator("#checked-in")).to_contain_text("Tổng số người tham dự: 80")


@BOTH
def test_a_walk_in_on_a_registered_phone_is_checked_in_as_themselves(app, live_server, phone_context, javascript):
    """A household shares the phone: someone else walking in with it is a person of their own, and nothing of the
    ticket holder is shown; a person whose name and year match the ticket checks that ticket in."""
    with app.app_context():
        event = open_event(title="Mít tinh hưởng ứng", kind="communication")
        gen_registration_now(event)  # Nguyễn Thị Lan, 0912345678, born 1990
        checkin_code = event.checkin_code
    page = phone_context(javascript).new_page()
    for name, sex, year in (("Phạm Văn Bình", "male", "1991"), ("Nguyễn Thị Lan", "female", "1990")):
        page.goto(f"{live_server}/c/{checkin_code}")
        walk_in = page.locator("#walk-in")
        walk_in.locator("#walk-in-full_name").fill(name)
        walk_in.locator(f"input[name=sex][value={sex}]").check()
        walk_in.locator("#walk-in-birth_year").fill(year)
        walk_in.locator("select#walk-in-commune").select_option("10183")
        walk_in.locator("#walk-in-phone").fill("0912 345 678")
        walk_in.locator("#walk-in-consent").check()
        fits(page)
        walk_in.locator("button[type=submit]").click()
        expect(page.locator(".scan-result.new")).to_be_visible()
        expect(page.locator("main")).to_contain_text(name)
        fits(page)
        if name == "Phạm Văn Bình":
            assert "Nguyễn Thị Lan" not in page.content()
    with app.app_context():
        came = db.session.execute(select(Attendance.registration_id, Attendance.method).order_by(Attendance.id)).all()
        assert [method for _registration, method in came] == ["walk_in", "self"]
        assert came[0][0] is None and came[1][0] is not None  # Lan's own ticket, checked in by her name and year
