"""Browser test on a 360 px phone, with JavaScript on and off: a household of three registers on one phone, one
after another, then finds all three tickets again with the phone and one year of birth."""
import re

from playwright.sync_api import expect

from tests.e2e.helpers import BOTH, fill_registration, fits
from tests.factories import gen_two_events

HOUSEHOLD = (("Nguyễn Thị Lan", "female", "1990", "N.T.L."), ("Trần Văn Hùng", "male", "1985", "T.V.H."),
             ("Trần Minh Khoa", "male", "2012", "T.M.K."))


@BOTH
def test_a_household_of_three_registers_on_one_phone_and_recovers_all_three_tickets(app, live_server, phone_context,
                                                                                     javascript):
    with app.app_context():
        gen_two_events()
    page = phone_context(javascript).new_page()
    tickets = []
    for name, sex, year, _initials in HOUSEHOLD:
        page.goto(f"{live_server}/events")
        page.click("text=Tập huấn cộng tác viên Hòa Bình")
        fill_registration(page, phone="0912 345 678", full_name=name, sex=sex, birth_year=year)
        page.wait_for_url(re.compile(r".*/t/[A-Za-z0-9_-]{32}$"))
        expect(page.locator("#ticket")).to_contain_text(name)
        tickets.append(page.url)
    assert len(set(tickets)) == 3  # three people, three tickets

    page.goto(f"{live_server}/tickets/recover")
    page.fill("#phone", "0912345678")
    page.fill("#birth_year", "2012")  # the son's year: the phone and any one of its people's years
    page.click("button:has-text('Tìm vé')")
    found = page.locator("#recover li.event-item")
    expect(found).to_have_count(3)
    assert {live_server + href for href in found.locator("a.title").evaluate_all(
        "links => links.map((a) => a.getAttribute('href'))")} == set(tickets)
    holders = found.locator(".holder").all_inner_texts()
    assert sorted(holders) == sorted(initials for _name, _sex, _year, initials in HOUSEHOLD)
    for name, _sex, _year, _initials in HOUSEHOLD:
        assert name not in page.inner_text("#recover")  # initials only
    fits(page)

    found.filter(has_text="T.V.H.").locator("a.title").click()
    expect(page.locator("#ticket")).to_contain_text("Trần Văn Hùng")
