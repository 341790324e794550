"""Browser tests on a 360 px phone, JavaScript on and off: can every field and button of the main forms, and every
link of the site header, be hit with a thumb (44 px at least), and do the counting fields bring up the numeric
keyboard?"""

from tests.e2e.helpers import BOTH, open_offline_desk, sign_in
from tests.factories import (
    gen_event,
    gen_registration,
    gen_registration_now,
    gen_user,
    open_event,
)

# Every visible control in the page's main region, with its tap target: a checkbox or a radio is hit through its
# label, so the label is what is measured.
MEASURE = """() => [...document.querySelectorAll(
    'main input, main button, main select, main textarea, main summary, main a.button, header.site a, ' +
    'header.site button')]
  .filter((control) => control.type !== 'hidden' && control.checkVisibility())
  .map((control) => {
    const target = ['checkbox', 'radio'].includes(control.type) ? (control.closest('label') || control) : control;
    const box = target.getBoundingClientRect();
    const name = control.id || control.name || control.textContent.trim().slice(0, 30);
    return {control: `${control.tagName.toLowerCase()}[${control.type || ''}] ${name}`,
            width: Math.round(box.width), height: Math.round(box.height)};
  })"""


def _thumb_sized(page):
    """Assert that every control of the page is at least 44×44 px; list those that are not."""
    measured = page.evaluate(MEASURE)
    assert measured, f"no control found on {page.url}"
    small = [f"{m['control']}: {m['width']}×{m['height']}" for m in measured if m["width"] < 44 or m["height"] < 44]
    assert not small, f"too small to tap on {page.url}:\n" + "\n".join(small)


def _sign_in(page, base):
    """Sign in as the organiser, measuring the login form on the way."""
    page.goto(f"{base}/login")
    _thumb_sized(page)
    sign_in(page, base)


@BOTH
def test_the_public_forms_can_be_used_with_a_thumb(app, live_server, phone_context, javascript):
    with app.app_context():
        future = gen_event(title="Tập huấn Hòa Bình").slug
        code = open_event(title="Mít tinh hưởng ứng", kind="communication").checkin_code
    page = phone_context(javascript).new_page()
    page.goto(f"{live_server}/events/{future}")  # the registration form
    _thumb_sized(page)
    page.goto(f"{live_server}/events")  # the filters
    _thumb_sized(page)
    page.goto(f"{live_server}/c/{code}")  # self check-in and the walk-in form
    _thumb_sized(page)
    page.goto(f"{live_server}/tickets/recover")
    _thumb_sized(page)


@BOTH
def test_the_staff_forms_can_be_used_with_a_thumb(app, live_server, phone_context, javascript):
    with app.app_context():
        gen_user()
        slug = open_event(title="Mít tinh hưởng ứng", kind="communication").slug
    page = phone_context(javascript).new_page()
    _sign_in(page, live_server)
    for path in ("/manage/events/new", f"/manage/events/{slug}/edit", f"/manage/events/{slug}/desk",
                 f"/manage/events/{slug}", "/account/password"):
        page.goto(f"{live_server}{path}")
        _thumb_sized(page)

    page.goto(f"{live_server}/manage/events/{slug}/headcount")
    page.click("summary")  # the split by commune, open
    _thumb_sized(page)
    for field in page.locator("main input[type=number], main input[id^=commune-]").all():
        assert field.get_attribute("inputmode") == "numeric"  # the phone shows its number pad


@BOTH
def test_a_collaborators_pages_and_the_organisers_new_ones_can_be_used_with_a_thumb(app, live_server, phone_context,
                                                                                    javascript):
    with app.app_context():
        gen_user()
        collaborator = gen_user("ctv", role="collaborator")
        event = gen_event(title="Tập huấn thôn Đông")
        gen_registration(event, by=collaborator)
        slug = event.slug
    page = phone_context(javascript).new_page()
    sign_in(page, live_server, "ctv", lands_on="/cong-tac-vien/")
    for path in ("/cong-tac-vien/", f"/cong-tac-vien/events/{slug}", f"/cong-tac-vien/events/{slug}/tickets",
                 f"/cong-tac-vien/events/{slug}/nhom"):
        page.goto(f"{live_server}{path}")
        _thumb_sized(page)
    page = phone_context(javascript).new_page()
    _sign_in(page, live_server)
    for path in ("/manage/users", f"/manage/events/{slug}", "/dashboard/sources"):  # ticking a ticket to print
        page.goto(f"{live_server}{path}")
        _thumb_sized(page)


def test_the_offline_desk_can_be_used_with_a_thumb(app, live_server, phone_context):
    with app.app_context():
        gen_user()
        event = open_event()
        gen_registration_now(event)
        slug = event.slug
    page = phone_context().new_page()
    open_offline_desk(page, live_server, slug, 1)
    page.click("#walk-in-panel summary")
    _thumb_sized(page)
