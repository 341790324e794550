"""Browser test: find an event, register with a mistake, correct it, get the ticket and its QR."""
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.helpers import fill_registration, fits
from tests.factories import gen_two_events


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_person_finds_an_event_registers_and_gets_a_ticket(app, live_server, phone_context, javascript):
    with app.app_context():
        gen_two_events()
    page = phone_context(javascript).new_page()

    # Filter the list without accents.
    page.goto(f"{live_server}/events")
    page.fill("#q", "hoa binh")
    if javascript:
        page.evaluate("window.stillSamePage = true")
        expect(page.locator("#event-results")).not_to_contain_text("Mít tinh thị trấn")
        assert page.evaluate("window.stillSamePage") is True  # updated in place, no reload
    else:
        page.click("form.filters button[type=submit]")
    results = page.locator("#event-results")
    expect(results).to_contain_text("Tập huấn cộng tác viên Hòa Bình")
    expect(results).not_to_contain_text("Mít tinh thị trấn")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["hoa binh"]  # shareable, and the back button works

    # Open the event and submit the form with an old 11-digit number.
    page.click("text=Tập huấn cộng tác viên Hòa Bình")
    expect(page.locator("h1")).to_have_text("Tập huấn cộng tác viên Hòa Bình")
    fill_registration(page, phone="0168 123 4567")
    # The form's answer, not the phone field's own check (whose message is the same and may come first): a number
    # typed before the form's answer lands would be replaced by the one it echoes.
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#field-phone .error")).to_contain_text("0381234567")
    assert page.input_value("#full_name") == "Nguyễn Thị Lan"

    # Correct it and get the ticket.
    page.fill("#phone", "0381234567")
    page.click("button:has-text('Đăng ký và nhận vé')")
    page.wait_for_url(re.compile(r".*/t/[A-Za-z0-9_-]{32}$"))
    assert "Nguyễn Thị Lan" in page.inner_text("#ticket")
    assert re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", page.inner_text("#short-code"))

    # The QR the person sees on screen reads back as the ticket's own address.
    shot = Image.open(io.BytesIO(page.locator(".qr").screenshot()))
    assert [r.text for r in zxingcpp.read_barcodes(shot)] == [page.url]
    fits(page)  # the ticket, its details and the notice accepted stay within the phone's width
