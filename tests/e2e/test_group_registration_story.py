"""Browser tests: a collaborator registers thirty villagers (ten without a phone, three sharing one) by pasting rows
copied from a spreadsheet into the group form, checks and saves them, prints their sheet (each QR, as the page draws
it, reads back as the ticket's address), the desk checks some of them in by QR and by typed code, and the dashboard
counts each person of a household."""
import io
from datetime import timedelta

import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Registration
from portal.tokens import format_short_code
from tests.e2e.helpers import BOTH, fits, sign_in
from tests.factories import gen_event, gen_user

HOUSEHOLD = ("Nguyễn Văn Hùng", "Nguyễn Thị Thu", "Nguyễn Văn An")
NO_PHONE = [f"Cụ {name}" for name in ("Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Hai", "Ba", "Một")]
OWN_PHONE = [f"Trần Văn {name}" for name in ("Anh", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khánh", "Long",
                                             "Minh", "Nam", "Phúc", "Quang", "Sơn", "Tâm", "Thắng", "Vinh", "Xuân")]


def _spreadsheet():
    """Thirty rows as a spreadsheet copies them: tab-separated, a header, sex and unit in plain words."""
    lines = ["Họ và tên\tGiới tính\tNăm sinh\tThôn/xã\tĐiện thoại"]
    lines += [f"{name}\t{'nữ' if 'Thị' in name else 'nam'}\t{1970 + n}\thoa binh\t0912 000 111"
              for n, name in enumerate(HOUSEHOLD)]
    lines += [f"{name}\tnam\t{1940 + n}\tXã Hòa Bình\t" for n, name in enumerate(NO_PHONE)]
    lines += [f"{name}\tnam\t{1960 + n}\t10198\t09870001{n:02d}" for n, name in enumerate(OWN_PHONE)]
    return "\n".join(lines) + "\n"


def _decoded(locator):
    """What a phone's camera reads from the QR as the page draws it."""
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(locator.screenshot())))]


@BOTH
def test_a_collaborator_registers_thirty_villagers_as_a_group_and_the_desk_checks_them_in(
        app, live_server, phone_context, javascript):
    with app.app_context():
        gen_user()
        gen_user("ctv", role="collaborator")
        event = gen_event(title="Truyền thông thôn Đông", kind="communication", capacity=40,
                          starts_at=clock.now() + timedelta(minutes=30))  # check-in opens an hour before
        slug = event.slug

    page = sign_in(phone_context(javascript).new_page(), live_server, "ctv", lands_on="/cong-tac-vien/")
    page.goto(f"{live_server}/cong-tac-vien/events/{slug}")
    page.get_by_role("link", name="Đăng ký theo nhóm").click()
    expect(page.locator("fieldset.group-row")).to_have_count(10)
    fits(page)
    page.fill("#paste", _spreadsheet())
    page.click("button[value=paste]")
    expect(page.locator("fieldset.group-row")).to_have_count(30)
    expect(page.locator("#rows-29-full_name")).to_have_value(OWN_PHONE[-1])
    expect(page.locator("#rows-1-sex")).to_have_value("female")
    expect(page.locator("#rows-3-phone")).to_have_value("")
    page.check("#consent")
    page.click("button.primary[value=save]")
    expect(page.locator("#batch-saved h2")).to_have_text("Đã đăng ký 30 người.")
    expect(page.locator("#batch-saved #made li")).to_have_count(30)
    fits(page)

    page.locator("#batch-saved").get_by_role("link", name="In tờ vé").click()
    expect(page.locator(".ticket-card")).to_have_count(30)
    with app.app_context():
        made = db.session.scalars(select(Registration)).all()
        tickets = {r.person.full_name: f"{live_server}/t/{r.token}" for r in made}
        codes = {r.person.full_name: format_short_code(r.short_code) for r in made}
        assert sum(r.phone is None for r in made) == 10
        assert sum(r.phone == "0912000111" for r in made) == 3
    decoded = {card.locator(".name").inner_text(): _decoded(card.locator(".qr"))
               for card in page.locator(".ticket-card").all()}
    assert decoded == {name: [link] for name, link in tickets.items()}

    desk = sign_in(phone_context(javascript).new_page(), live_server)
    desk.goto(f"{live_server}/manage/events/{slug}/desk")
    arrivals = [decoded[name][0] for name in HOUSEHOLD] + [codes[name] for name in NO_PHONE[:2]]
    for name, code in zip(list(HOUSEHOLD) + NO_PHONE[:2], arrivals, strict=True):
        desk.fill("#scan-code", code)
        desk.press("#scan-code", "Enter")
        expect(desk.locator("#scan-result")).to_have_class("scan-result new")
        expect(desk.locator("#scan-result")).to_contain_text(name)

    desk.goto(f"{live_server}/dashboard/")
    expect(desk.locator("#summary .participants .number")).to_have_text("5")
    row = desk.locator("#tally tbody tr", has_text="Hòa Bình")
    expect(row.locator("td").nth(7)).to_have_text("5")  # distinct people: the household of three is three


@BOTH
def test_ten_more_rows_keep_what_was_typed_and_a_wrong_row_is_said_next_to_its_field(
        app, live_server, phone_context, javascript):
    with app.app_context():
        gen_user("ctv", role="collaborator")
        slug = gen_event(capacity=40).slug
    page = sign_in(phone_context(javascript).new_page(), live_server, "ctv", lands_on="/cong-tac-vien/")
    page.goto(f"{live_server}/cong-tac-vien/events/{slug}/nhom")
    page.fill("#rows-0-full_name", "Lê Thị Hoa")
    page.select_option("#rows-0-sex", "female")
    page.fill("#rows-0-birth_year", "62")
    page.click("button[value=more]")
    expect(page.locator("fieldset.group-row")).to_have_count(20)
    expect(page.locator("#rows-0-full_name")).to_have_value("Lê Thị Hoa")
    page.check("#consent")
    page.press("#rows-0-birth_year", "Enter")  # Enter saves (the form's default button), as the visible one does
    expect(page.locator("#rows-0-birth_year-error")).to_contain_text("Năm sinh phải là 4 chữ số")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("Dòng 1, Năm sinh")
    fits(page)
