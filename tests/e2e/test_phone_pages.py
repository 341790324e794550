"""Browser tests on a 360×740 phone, JavaScript on and off: what a resident or a commune cadre sees first."""
import re
from datetime import timedelta

from playwright.sync_api import expect

from portal import checkin, clock
from portal.extensions import db
from tests.conftest import A
from tests.e2e.helpers import BOTH, PHONE, fits, on_first_screen, sign_in
from tests.factories import (
    gen_event,
    gen_registration_now,
    gen_two_events,
    gen_user,
    open_event,
)


@BOTH
def test_the_first_event_is_on_the_first_screen_with_the_filter_folded(app, live_server, phone_context, javascript):
    with app.app_context():
        gen_two_events()
    page = phone_context(javascript).new_page()
    page.goto(f"{live_server}/events")
    on_first_screen(page.locator("#event-results .event-item .title").first)
    expect(page.locator("#kind")).to_be_hidden()
    page.click("summary:has-text('Lọc')")
    expect(page.locator("#kind")).to_be_visible()
    fits(page)

    page.goto(f"{live_server}/events?kind=training")
    expect(page.locator("#kind")).to_be_visible()  # a filter in use is shown open
    expect(page.locator("#kind")).to_have_value("training")
    expect(page.locator("#event-results .event-item .title")).to_have_text(["Tập huấn cộng tác viên Hòa Bình"])


def _rendered_height(locator):
    """The height the text takes on screen, in CSS px (an SVG scaled down shrinks its text with it)."""
    return locator.evaluate("element => element.getBoundingClientRect().height")


@BOTH
def test_the_dashboard_shows_the_district_numbers_first_on_a_phone(month, live_server, phone_context, javascript):
    page = sign_in(phone_context(javascript).new_page(), live_server, "admin")
    page.goto(f"{live_server}/dashboard/")
    summary = page.locator("#summary")
    on_first_screen(summary)
    for name, number in (("participants", "89"), ("female", "52"), ("male", "33"), ("sessions", "2")):
        expect(summary.locator(f".{name} .number")).to_have_text(number)
    expect(page.locator("#by")).to_be_hidden()  # the filters are folded
    fits(page)

    # The table scrolls inside its own box, the unit's name stays in view.
    wrap, unit = page.locator("#tally .table-wrap"), page.locator(f"#row-{A} td").first
    wrap.evaluate("box => box.scrollLeft = box.scrollWidth")
    assert wrap.evaluate("box => box.scrollLeft") > 0
    expect(page.locator("#tally thead th").last).to_be_in_viewport()
    assert abs(unit.bounding_box()["x"] - wrap.bounding_box()["x"]) <= 2
    fits(page)

    # Chart labels are readable: at least 12 px on screen.
    assert _rendered_height(page.locator("figure.bars .label", has_text="Xã Hòa Bình")) >= 12
    assert _rendered_height(page.locator("svg.trend text").first) >= 12


@BOTH
def test_an_organiser_sees_their_own_communes_numbers_first(month, live_server, phone_context, javascript):
    gen_user("hoabinh", commune_code=A)
    page = sign_in(phone_context(javascript).new_page(), live_server, "hoabinh")
    page.goto(f"{live_server}/dashboard/")
    summary = page.locator("#summary")
    on_first_screen(summary)
    expect(summary).to_contain_text("Xã Hòa Bình")
    for name, number in (("participants", "2"), ("female", "1"), ("male", "1"), ("sessions", "1")):
        expect(summary.locator(f".{name} .number")).to_have_text(number)
    fits(page)


def _within_width(locator):
    """The element is visible and lies inside the phone's width (not cut off at the right)."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


@BOTH
def test_the_people_list_fits_a_phone_with_the_check_in_visible(app, live_server, phone_context, javascript):
    with app.app_context():
        organiser = gen_user()
        event = open_event(title="Tập huấn cộng tác viên Hòa Bình")
        lan = gen_registration_now(event, full_name="Nguyễn Thị Phương Lan", phone="0911000001")
        gen_registration_now(event, full_name="Trần Văn Hùng", phone="0911000002", sex="male")
        checkin.check_in_registration(event, lan, "ticket", clock.now(), user=organiser)
        db.session.commit()
        slug, code = event.slug, lan.short_code
    page = sign_in(phone_context(javascript).new_page(), live_server, "organiser")
    page.goto(f"{live_server}/manage/events/{slug}")
    person = page.locator("#people tbody tr", has_text="Nguyễn Thị Phương Lan")
    _within_width(person.get_by_text(code))
    _within_width(person.get_by_text("✓"))
    fits(page)


def _at_the_desk(app, live_server, phone_context, javascript):
    """An organiser at the desk of an open event on a phone; return the page and the code of Lan's ticket."""
    with app.app_context():
        gen_user()
        event = open_event(title="Tập huấn tại Hòa Bình")
        registration = gen_registration_now(event, full_name="Nguyễn Thị Lan")
        slug, code = event.slug, registration.short_code
    page = sign_in(phone_context(javascript).new_page(), live_server, "organiser")
    page.goto(f"{live_server}/manage/events/{slug}/desk")
    return page, code


@BOTH
def test_a_typed_scan_shows_its_result_above_the_code_field(app, live_server, phone_context, javascript):
    page, code = _at_the_desk(app, live_server, phone_context, javascript)
    page.fill("#scan-code", code)
    page.press("#scan-code", "Enter")
    result = page.locator("#scan-result")
    expect(result).to_have_class("scan-result new")
    expect(result).to_contain_text("Nguyễn Thị Lan")
    on_first_screen(result)
    # Above the field, so the on-screen keyboard (which covers the bottom of the screen) does not hide it.
    assert result.bounding_box()["y"] + result.bounding_box()["height"] <= page.locator("#scan-code").bounding_box()["y"]
    fits(page)


def test_a_camera_scan_does_not_bring_up_the_keyboard(app, live_server, phone_context):
    page, code = _at_the_desk(app, live_server, phone_context, True)
    page.locator("#scan-code").blur()
    # What the camera scanner does with a ticket it read: fill the field and submit the form (scanner.js).
    page.evaluate("""code => { document.getElementById("scan-code").value = code;
                               document.getElementById("scan-form").requestSubmit(); }""", code)
    expect(page.locator("#scan-result")).to_have_class("scan-result new")
    expect(page.locator("#scan-code")).to_have_value("")
    expect(page.locator("#scan-code")).not_to_be_focused()


@BOTH
def test_home_counts_open_lists_of_that_many_and_past_events_say_they_are_over(app, live_server, phone_context,
                                                                                javascript):
    """A person taps "Buổi tập huấn (N)" on the home page: are there N sessions? Does a past one show seats left?"""
    with app.app_context():
        now = clock.now()
        gen_event(title="Tập huấn sắp tới", kind="training", capacity=60)
        gen_event(title="Tập huấn đã qua", kind="training", capacity=60, starts_at=now - timedelta(days=2))
    page = phone_context(javascript).new_page()
    page.goto(f"{live_server}/")
    link = page.get_by_role("link", name=re.compile(r"Buổi tập huấn \(\d+\)"))
    shown = int(re.search(r"\((\d+)\)", link.inner_text()).group(1))
    link.click()
    expect(page.locator("#event-results .event-item")).to_have_count(shown)
    page.goto(f"{live_server}/events?when=all&kind=training")
    past = page.locator("#event-results .event-item", has_text="Tập huấn đã qua")
    expect(past).to_contain_text("Đã diễn ra")
    expect(past).not_to_contain_text("Còn 60 chỗ")
    fits(page)
