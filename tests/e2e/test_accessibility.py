"""Browser tests on a 360 px phone with JavaScript: does axe-core find a serious or critical accessibility problem
on any public or staff page, and is every text readable against its background (WCAG AA)?"""
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.helpers import open_offline_desk, sign_in
from tests.factories import (
    gen_event,
    gen_registration,
    gen_registration_now,
    gen_user,
    open_event,
)

AXE = Path(__file__).parent.parent / "vendor" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
ANY = ("minor", "moderate", "serious", "critical")


def _problems(page, rules=None, impacts=SERIOUS):
    """axe-core's violations of those impacts on the page (only the given rules, if any), described for a person."""
    page.add_script_tag(path=AXE)
    options = {"runOnly": {"type": "rule", "values": rules}} if rules else {}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [f"{page.url}\n  {v['id']} ({v['impact']}): {v['help']}\n" +
            "\n".join(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}"
                      for node in v["nodes"])
            for v in result["violations"] if v["impact"] in impacts]


def _audit(page, base, paths):
    """Visit each path and return axe-core's serious and critical violations on all of them."""
    found = []
    for path in paths:
        page.goto(f"{base}{path}")
        found += _problems(page)
    return found


def test_the_campaign_colours_are_readable(app, live_server, phone_context):
    """White on orange in the header and the primary buttons, the green seats left: contrast 4.5:1 at least?"""
    with app.app_context():
        gen_user("admin", role="admin")
        slug = gen_event(title="Tập huấn Hòa Bình", capacity=30).slug
    page = phone_context(bypass_csp=True).new_page()  # axe is injected as an inline script
    found = []
    for path in ("/", "/events", f"/events/{slug}"):
        page.goto(f"{live_server}{path}")
        found += _problems(page, ["color-contrast"])
    sign_in(page, live_server, "admin")
    found += _problems(page, ["color-contrast"])
    assert not found, "\n".join(found)


def test_the_public_pages_have_no_serious_accessibility_problem(app, live_server, phone_context):
    with app.app_context():
        event = gen_event(title="Tập huấn Hòa Bình", capacity=30)
        ticket = gen_registration(event)
        slug, token, short_code = event.slug, ticket.token, ticket.short_code
        code = open_event(title="Mít tinh hưởng ứng", kind="communication").checkin_code
    page = phone_context(bypass_csp=True).new_page()  # axe is injected as an inline script
    found = _audit(page, live_server, ["/", "/events", f"/events/{slug}", f"/t/{token}", "/tickets/recover",
                                       f"/c/{code}", "/login", f"/t/{token}/cancel", "/du-lieu-cua-toi", "/thong-bao-du-lieu",
                                       "/thong-bao-du-lieu/1"])

    page.goto(f"{live_server}/events/{slug}")
    page.fill("#phone", "0168 123 4567")
    page.click("button:has-text('Đăng ký và nhận vé')")
    expect(page.locator("#field-phone .error")).to_be_visible()  # the registration form, with its errors
    found += _problems(page)

    page.goto(f"{live_server}/du-lieu-cua-toi")  # a person's own data: the data, the erasure question, its answer
    page.fill("#phone", "0912 345 678")
    page.fill("#birth_year", "1990")
    page.fill("#short_code", short_code)
    page.click("button:has-text('Xem dữ liệu của tôi')")
    page.wait_for_url(f"{live_server}/du-lieu-cua-toi/xem")
    found += _problems(page)
    page.goto(f"{live_server}/du-lieu-cua-toi/xoa")
    found += _problems(page)
    page.click("button:has-text('Có, xóa dữ liệu của tôi')")
    expect(page.locator("h1")).to_have_text("Dữ liệu của bạn đã được xóa")
    found += _problems(page)
    assert not found, "\n".join(found)


def test_the_staff_pages_have_no_serious_accessibility_problem(app, live_server, phone_context):
    with app.app_context():
        gen_user("admin", role="admin")
        gen_user()  # an organiser in the accounts list
        event = open_event(title="Mít tinh hưởng ứng", kind="communication")
        gen_registration_now(event)
        slug = event.slug
    page = phone_context(bypass_csp=True).new_page()  # axe is injected as an inline script
    sign_in(page, live_server, "admin")
    found = _audit(page, live_server, [
        "/manage/", f"/manage/events/{slug}", f"/manage/events/{slug}/edit", f"/manage/events/{slug}/headcount",
        f"/manage/events/{slug}/desk", f"/manage/events/{slug}/poster", f"/manage/events/{slug}/projector",
        "/manage/users", "/manage/events/new", "/account/password", "/dashboard/", f"/dashboard/events/{slug}",
        "/dashboard/report", f"/manage/events/{slug}/cancel", "/manage/audit", "/manage/campaign/close",
        "/dashboard/sources", f"/manage/events/{slug}/tickets", "/manage/requests"])  # the last: its form next
    page.click("summary:has-text('Xóa dữ liệu theo yêu cầu trực tiếp')")
    page.click("button:has-text('Xóa dữ liệu của người này')")  # the in-person erasure form, with its errors
    expect(page.locator("#erase-error-summary")).to_be_visible()
    found += _problems(page)
    assert not found, "\n".join(found)


def test_a_collaborators_pages_and_an_organisers_accounts_page_have_no_serious_accessibility_problem(
        app, live_server, phone_context):
    with app.app_context():
        gen_user()
        collaborator = gen_user("ctv", role="collaborator")
        event = gen_event(title="Tập huấn thôn Đông")
        gen_registration(event, by=collaborator)
        slug = event.slug
    page = phone_context(bypass_csp=True).new_page()  # axe is injected as an inline script
    sign_in(page, live_server, "ctv", lands_on="/cong-tac-vien/")
    found = _audit(page, live_server, ["/cong-tac-vien/", f"/cong-tac-vien/events/{slug}",
                                       f"/cong-tac-vien/events/{slug}/tickets", f"/cong-tac-vien/events/{slug}/nhom"])
    page.goto(f"{live_server}/cong-tac-vien/events/{slug}")
    page.click("button:has-text('Đăng ký')")  # the form with its errors
    expect(page.locator("#error-summary")).to_be_visible()
    found += _problems(page)
    organiser = phone_context(bypass_csp=True).new_page()
    sign_in(organiser, live_server)
    found += _audit(organiser, live_server, ["/manage/users"])
    assert not found, "\n".join(found)


def test_the_screens_and_the_report_have_a_main_region_and_a_heading(app, live_server, phone_context):
    """Can a screen reader jump to the content of the projector, the event's screen and the printable report?"""
    with app.app_context():
        gen_user("admin", role="admin")
        slug = open_event(title="Mít tinh hưởng ứng", kind="communication").slug
    page = phone_context(bypass_csp=True).new_page()  # axe is injected as an inline script
    sign_in(page, live_server, "admin")
    found = []
    for path in (f"/manage/events/{slug}/projector", f"/dashboard/events/{slug}", "/dashboard/report",
                 f"/manage/events/{slug}/tickets"):
        page.goto(f"{live_server}{path}")
        found += _problems(page, ["landmark-one-main", "region", "page-has-heading-one"], impacts=ANY)
        if page.locator("main h1").count() != 1:
            found.append(f"{page.url}\n  no level-one heading in the main region")
    assert not found, "\n".join(found)


def test_the_offline_desk_has_no_accessibility_problem_and_readable_colours(app, live_server, phone_context):
    """The offline desk with its list loaded, a scan answered from the device and the walk-in form opened."""
    with app.app_context():
        gen_user()
        event = open_event()
        short_code = gen_registration_now(event).short_code
        slug = event.slug
    context = phone_context(bypass_csp=True)
    page = context.new_page()
    open_offline_desk(page, live_server, slug, 1)
    context.set_offline(True)
    page.fill("#scan-code", short_code)
    page.press("#scan-code", "Enter")
    expect(page.locator("#scan-result")).to_have_class("scan-result new")
    page.click("#walk-in-panel summary")
    page.click("#walk-in button[type=submit]")  # every field's message shown
    expect(page.locator("#walk-in-summary")).to_be_visible()
    context.set_offline(False)  # axe is injected from this page
    found = _problems(page)
    assert not found, "\n".join(found)
