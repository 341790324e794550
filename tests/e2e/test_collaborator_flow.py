"""Browser tests: an organiser adds a collaborator, who registers two villagers, prints their sheet of tickets (each
QR, as the page draws it, reads back as the ticket's address), and sees their count move when the desk checks one in."""
import io
import re
from datetime import timedelta

import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Registration
from tests.e2e.helpers import BOTH, fits, sign_in
from tests.factories import gen_event, gen_registration, gen_user

VILLAGERS = (("Phạm Văn Bình", "0987 654 321", "male", "1958"), ("Lê Thị Mai", "0977 111 222", "female", "1962"))


def _decoded(locator):
    """What a phone's camera reads from the QR as the page draws it."""
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(locator.screenshot())))]


def _register(page, name, phone, sex, year):
    page.fill("#full_name", name)
    page.fill("#phone", phone)
    page.check(f"input[name=sex][value={sex}]")
    page.fill("#birth_year", year)
    page.select_option("select#role", "resident")
    page.check("#consent")
    page.click("button:has-text('Đăng ký')")
    expect(page.locator("#added")).to_contain_text(f"Đã đăng ký cho {name}")


@BOTH
def test_a_collaborator_registers_two_villagers_prints_their_tickets_and_sees_who_came(
        app, live_server, phone_context, javascript):
    with app.app_context():
        gen_user()
        event = gen_event(title="Tập huấn thôn Đông", venue="Nhà văn hóa thôn Đông",
                          starts_at=clock.now() + timedelta(minutes=30))  # check-in opens an hour before
        slug = event.slug

    organiser = sign_in(phone_context(javascript).new_page(), live_server)
    organiser.get_by_role("link", name="Cộng tác viên", exact=True).first.click()
    organiser.fill("#username", "ctv-dong")
    organiser.fill("#full_name", "Đỗ Thị Hằng")
    organiser.fill("#password", "mật-khẩu-đủ-dài")
    organiser.click("button:has-text('Tạo tài khoản cộng tác viên')")
    expect(organiser.locator("table")).to_contain_text("ctv-dong")

    page = sign_in(phone_context(javascript).new_page(), live_server, "ctv-dong", lands_on="/cong-tac-vien/")
    expect(page.locator("#brought")).to_have_text("0")
    page.locator(f"#event-{slug}").get_by_role("link", name="Đăng ký cho người dân").click()
    for villager in VILLAGERS:
        _register(page, *villager)
    fits(page)
    expect(page.locator("#made li")).to_have_count(2)

    page.get_by_role("link", name="In tờ vé").first.click()
    expect(page.locator(".ticket-card")).to_have_count(2)
    fits(page)
    with app.app_context():
        tickets = {r.person.full_name: f"{live_server}/t/{r.token}" for r in db.session.scalars(select(Registration))}
    decoded = {}
    for card in page.locator(".ticket-card").all():
        name = card.locator(".name").inner_text()
        expect(card).to_contain_text("Tập huấn thôn Đông")
        expect(card).to_contain_text("Nhà văn hóa thôn Đông")
        decoded[name] = _decoded(card.locator(".qr"))
    assert decoded == {name: [link] for name, link in tickets.items()}

    organiser.goto(f"{live_server}/manage/events/{slug}/desk")
    organiser.fill("#scan-code", decoded["Phạm Văn Bình"][0])
    organiser.press("#scan-code", "Enter")
    expect(organiser.locator("#scan-result")).to_have_class("scan-result new")
    expect(organiser.locator("#scan-result")).to_contain_text("Phạm Văn Bình")

    page.goto(f"{live_server}/cong-tac-vien/")
    expect(page.locator("#brought")).to_have_text("1")
    expect(page.locator("#made")).to_contain_text("Đã có mặt lúc")


def test_the_sheet_prints_eight_tickets_to_an_a4_page(app, live_server, phone_context):
    with app.app_context():
        ctv = gen_user("ctv", role="collaborator")
        event = gen_event(title="Mít tinh thôn Đông", kind="communication")
        for n in range(9):
            gen_registration(event, by=ctv, full_name=f"Người Thứ {n + 1}", phone=f"09110000{n:02d}")
        slug = event.slug
    page = sign_in(phone_context().new_page(), live_server, "ctv", lands_on="/cong-tac-vien/")
    page.goto(f"{live_server}/cong-tac-vien/events/{slug}/tickets")
    expect(page.locator("button[data-print]")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".sheet-bar")).to_be_hidden()
    boxes = [card.bounding_box() for card in page.locator(".ticket-card").all()]
    first_page = boxes[:8]
    assert len({round(b["x"]) for b in first_page}) == 2 and len({round(b["y"]) for b in first_page}) == 4
    assert all(abs(b["width"] - 95 * 96 / 25.4) < 2 for b in boxes)  # 95 mm wide: two to the A4 page's width
    pdf = page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2  # eight on the first page, the ninth on the second
