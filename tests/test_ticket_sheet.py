"""The printable A4 sheet of tickets: a collaborator's own registrations for an event, or an organiser's chosen ones;
eight cards a page, each with the person's name, the event, its time and place, the short code and the ticket's QR."""
import re
from datetime import timedelta

from sqlalchemy import select

from portal import clock, qr
from portal.extensions import db
from portal.models import AuditEntry
from tests.conftest import Auth
from tests.factories import commune, gen_event, gen_registration, gen_user

CARD = re.compile(r'<article class="ticket-card"[^>]*>(.*?)</article>', re.S)


def _people(event, by, count, first_phone=911000000):
    return [gen_registration(event, by=by, full_name=f"Người Thứ {n + 1}", phone=f"0{first_phone + n}")
            for n in range(count)]


def test_a_collaborators_sheet_holds_their_tickets_eight_a_page(ctx, client):
    ctv = gen_user("ctv", role="collaborator")
    other = gen_user("ctv-khac", role="collaborator")
    event = gen_event(title="Tập huấn ở Hòa Bình", venue="Nhà văn hóa thôn Đông")
    mine = _people(event, ctv, 9)
    gen_registration(event, by=other, full_name="Trần Văn Hùng", phone="0988888888")
    gen_registration(event, full_name="Nguyễn Thị Lan", phone="0977777777")
    Auth(client).login("ctv")
    response = client.get(f"/cong-tac-vien/events/{event.slug}/tickets")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    page = response.text
    assert page.count('class="sheet-page"') == 2
    cards = CARD.findall(page)
    assert len(cards) == 9
    assert "Trần Văn Hùng" not in page and "Nguyễn Thị Lan" not in page
    ordered = sorted(mine, key=lambda r: r.id)
    for card, entry in zip(cards, ordered):
        assert entry.person.full_name in card and "Tập huấn ở Hòa Bình" in card and "Nhà văn hóa thôn Đông" in card
        assert f"{entry.short_code[:4]}-{entry.short_code[4:]}" in card
        assert event.starts_at.strftime("%H:%M") in card
        assert qr.svg(f"http://localhost/t/{entry.token}") in card  # the personal ticket's own address
    assert 'href="/static/css/sheet.css' in page and 'class="site"' not in page  # no navigation to print


def test_a_cancelled_ticket_is_left_off_the_sheet(ctx, client):
    ctv = gen_user("ctv", role="collaborator")
    event = gen_event()
    kept, cancelled = _people(event, ctv, 2)
    from portal.registration import cancel

    cancel(cancelled, clock.now())
    db.session.commit()
    Auth(client).login("ctv")
    page = client.get(f"/cong-tac-vien/events/{event.slug}/tickets").text
    assert kept.person.full_name in page and cancelled.person.full_name not in page


def test_an_organiser_prints_the_tickets_they_choose(ctx, client):
    gen_user()
    event = gen_event(starts_at=clock.now() + timedelta(days=1))
    first, second, third = _people(event, None, 3)
    elsewhere = gen_registration(gen_event(), full_name="Người Nơi Khác", phone="0966666666")
    Auth(client).login()
    page = client.get(f"/manage/events/{event.slug}/tickets?r={first.id}&r={third.id}&r={elsewhere.id}").text
    names = [n for n in ("Người Thứ 1", "Người Thứ 2", "Người Thứ 3", "Người Nơi Khác") if n in page]
    assert names == ["Người Thứ 1", "Người Thứ 3"]
    everyone = client.get(f"/manage/events/{event.slug}/tickets").text
    assert len(CARD.findall(everyone)) == 3
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()[-1]
    assert (entry.action, entry.target) == ("ticket_sheet_printed", event.slug)


def test_the_people_list_offers_the_sheet_of_the_ticked(ctx, client):
    gen_user()
    event = gen_event()
    entry = gen_registration(event)
    Auth(client).login()
    page = client.get(f"/manage/events/{event.slug}").text
    assert f'action="/manage/events/{event.slug}/tickets"' in page
    assert re.search(rf'<input[^>]*name="r"[^>]*value="{entry.id}"', page)


def test_another_units_organiser_gets_no_sheet(ctx, client):
    gen_user("thitran", commune_code="10183")
    event = gen_event(commune=commune("10198"))
    entry = gen_registration(event)
    Auth(client).login("thitran")
    response = client.get(f"/manage/events/{event.slug}/tickets?r={entry.id}")
    assert response.status_code == 404 and entry.person.full_name not in response.text
