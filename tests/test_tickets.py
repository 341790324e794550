"""View tests: the ticket page, its QR (decoded by a real reader), the calendar file, and recovery."""
import io
import re

import zxingcpp
from PIL import Image

from tests.conftest import csrf_from
from tests.factories import gen_event, gen_registration


def test_ticket_page_shows_the_qr_code_and_details(ctx, client):
    entry = gen_registration(gen_event(title="Tập huấn kỹ năng"))
    response = client.get(f"/t/{entry.token}")
    assert response.status_code == 200
    text = response.text
    assert "<svg" in text and "Tập huấn kỹ năng" in text and "Nguyễn Thị Lan" in text
    assert f"{entry.short_code[:4]}-{entry.short_code[4:]}" in text
    assert "0912345678" not in text and "678" in text
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_qr_png_decodes_to_the_ticket_address(ctx, client):
    """Does a real QR reader get the ticket's address (with its token, never an id) from the PNG?"""
    entry = gen_registration(gen_event())
    response = client.get(f"/t/{entry.token}/qr.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert "attachment" in response.headers["Content-Disposition"]
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.data)))
    assert [r.text for r in results] == [f"http://localhost/t/{entry.token}"]


def test_qr_svg_on_the_page_decodes_too(ctx, client):
    entry = gen_registration(gen_event())
    svg = re.search(r"<svg.*?</svg>", client.get(f"/t/{entry.token}").text, re.S).group(0)
    # Rasterise the very path the page shows: each "Mx,yHx+1Vy+1Hxz" square is one module.
    modules = re.findall(r"M(\d+),(\d+)H", svg)
    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    image = Image.new("L", (size * 8, size * 8), 255)
    for x, y in modules:
        image.paste(0, (int(x) * 8, int(y) * 8, int(x) * 8 + 8, int(y) * 8 + 8))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [f"http://localhost/t/{entry.token}"]


def test_calendar_file_holds_the_event(ctx, client):
    event = gen_event(title="Mít tinh hưởng ứng", venue="Sân vận động xã")
    entry = gen_registration(event)
    response = client.get(f"/t/{entry.token}/event.ics")
    assert response.mimetype == "text/calendar"
    body = response.data.decode()
    assert "BEGIN:VEVENT" in body and "SUMMARY:Mít tinh hưởng ứng" in body
    assert event.starts_at.strftime("DTSTART;TZID=Asia/Ho_Chi_Minh:%Y%m%dT%H%M%S") in body


def test_unknown_ticket_is_not_found(client):
    assert client.get("/t/not-a-real-token").status_code == 404
    assert client.get("/t/1").status_code == 404


def _recover(client, **data):
    token = csrf_from(client, "/tickets/recover")
    return client.post("/tickets/recover", data={"csrf_token": token, **data})


def test_recovery_with_phone_and_year_of_birth(ctx, client):
    entry = gen_registration(gen_event(title="Tập huấn cộng tác viên"))
    response = _recover(client, phone="0912.345.678", birth_year="1990")
    assert response.status_code == 200 and f"/t/{entry.token}" in response.text


def test_recovery_with_phone_and_short_code(ctx, client):
    entry = gen_registration(gen_event())
    code = f"{entry.short_code[:4]}-{entry.short_code[4:]}".lower()
    assert f"/t/{entry.token}" in _recover(client, phone="0912345678", short_code=code).text


def test_recovery_by_phone_alone_is_refused(ctx, client):
    entry = gen_registration(gen_event())
    response = _recover(client, phone="0912345678")
    assert response.status_code == 422 and "Vui lòng nhập năm sinh" in response.text
    assert entry.token not in response.text


def test_wrong_second_fact_finds_nothing(ctx, client):
    entry = gen_registration(gen_event())
    response = _recover(client, phone="0912345678", birth_year="1991")
    assert "Không tìm thấy vé" in response.text and entry.token not in response.text


def test_recovery_is_rate_limited_per_phone_number(ctx, client):
    """Can someone try every year of birth for a number? After a few tries they are told to wait."""
    gen_registration(gen_event())
    statuses = [_recover(client, phone="0912345678", birth_year=str(1950 + n)).status_code for n in range(7)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
    assert "Quá nhiều yêu cầu" in _recover(client, phone="0912 345 678", birth_year="1990").text


def test_recovery_fragment_for_htmx(ctx, client, htmx):
    gen_registration(gen_event())
    token = csrf_from(client, "/tickets/recover")
    response = htmx.post("/tickets/recover", target="recover", csrf=token, data={"phone": "0912345678", "birth_year": "1990"})
    assert response.text.lstrip().startswith('<section id="recover"')


def _cancel(client, entry):
    """Cancel like a person: open the confirmation page, press its button."""
    token = csrf_from(client, f"/t/{entry.token}/cancel")
    return client.post(f"/t/{entry.token}/cancel", data={"csrf_token": token})


def test_cancelling_asks_first_then_frees_the_seat(ctx, client):
    from portal.extensions import db
    from portal.models import Event, Registration

    event = gen_event(title="Tập huấn kỹ năng", capacity=5)
    entry = gen_registration(event)
    assert f'href="/t/{entry.token}/cancel"' in client.get(f"/t/{entry.token}").text
    ask = client.get(f"/t/{entry.token}/cancel")
    assert ask.status_code == 200 and "Hủy đăng ký Tập huấn kỹ năng?" in ask.text
    assert "Chỗ của bạn sẽ được trả lại." in ask.text
    assert client.post(f"/t/{entry.token}/cancel").status_code == 400  # no CSRF token: nothing happens
    assert db.session.get(Registration, entry.id).status == "confirmed"

    done = _cancel(client, entry)
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/t/{entry.token}")
    ticket = client.get(f"/t/{entry.token}").text
    assert "Đăng ký này đã được hủy" in ticket and "<svg" not in ticket and entry.short_code[:4] not in ticket
    assert f'href="/events/{event.slug}#register-heading"' in ticket and "Đăng ký lại" in ticket
    assert f'/t/{entry.token}/cancel"' not in ticket
    db.session.expire_all()
    assert db.session.get(Event, event.id).seats_taken == 0
    assert "Còn 5 / 5 chỗ" in client.get(f"/events/{event.slug}").text
    assert client.get(f"/t/{entry.token}/cancel").status_code == 303  # nothing left to cancel


def test_a_cancelled_ticket_is_refused_at_the_desk_and_on_the_staff_ticket_page(ctx, client, auth, htmx):
    from tests.factories import gen_registration_now, gen_user, open_event

    event = open_event()
    entry = gen_registration_now(event)
    assert _cancel(client, entry).status_code == 303
    gen_user()
    auth.login()
    token = csrf_from(client, "/manage/")
    scan = htmx.post(f"/manage/events/{event.slug}/scan", target="scan-result", csrf=token,
                     data={"code": entry.short_code})
    assert 'class="scan-result refused"' in scan.text and "Vé này đã bị hủy." in scan.text
    page = client.get(f"/t/{entry.token}").text
    assert "Vé này đã bị hủy." in page and "Xác nhận điểm danh" not in page
    confirm = client.post(f"/t/{entry.token}/check-in", data={"csrf_token": token})
    assert 'class="scan-result refused"' in confirm.text and "Vé này đã bị hủy." in confirm.text


def test_a_cancelled_registration_cannot_check_itself_in(ctx, client):
    from datetime import timedelta

    from portal import clock
    from tests.factories import form_data

    event = gen_event(starts_at=clock.now() + timedelta(minutes=30))  # registration and check-in both open
    token = csrf_from(client, f"/events/{event.slug}")
    ticket = client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token)).headers["Location"]
    client.post(f"{ticket}/cancel", data={"csrf_token": token})
    page = client.get(f"/c/{event.checkin_code}").text
    assert "Xin chào" not in page
    confirm = client.post(f"/c/{event.checkin_code}/confirm", data={"csrf_token": token})
    identify = client.post(f"/c/{event.checkin_code}/identify",
                           data={"csrf_token": token, "phone": "0912345678", "birth_year": "1990"})
    assert confirm.status_code == 422 and identify.status_code == 422
    assert "scan-result new" not in confirm.text + identify.text


def test_an_attended_registration_cannot_be_cancelled_and_says_why(ctx, client):
    from portal import checkin, clock
    from portal.extensions import db
    from tests.factories import gen_registration_now, open_event

    event = open_event()
    entry = gen_registration_now(event)
    checkin.check_in_registration(event, entry, "ticket", clock.now())
    db.session.commit()
    assert f"/t/{entry.token}/cancel" not in client.get(f"/t/{entry.token}").text
    token = csrf_from(client, "/tickets/recover")
    refused = client.post(f"/t/{entry.token}/cancel", data={"csrf_token": token})
    assert refused.status_code == 409 and "Bạn đã điểm danh tại hoạt động này nên không thể hủy đăng ký." in refused.text


def test_registering_again_after_cancelling_gives_a_new_ticket(ctx, client):
    from tests.factories import form_data

    event = gen_event(title="Tập huấn cộng tác viên")
    token = csrf_from(client, f"/events/{event.slug}")
    old = client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token)).headers["Location"]
    client.post(f"{old}/cancel", data={"csrf_token": token})
    new = client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token)).headers["Location"]
    assert new != old and client.get(old).status_code == 404
    assert "<svg" in client.get(new).text
    found = _recover(client, phone="0912345678", birth_year="1990").text
    assert new.rsplit("/", 1)[1] in found and "Tập huấn cộng tác viên" in found
    assert "hủy đăng ký" in found  # each ticket leads to its page, where cancelling is offered


def test_a_person_who_cancelled_but_comes_anyway_is_let_in_as_a_walk_in(ctx, client):
    """The cancelled ticket stays dead, but its holder is not turned away at the event's QR."""
    from tests.factories import gen_registration_now, open_event

    event = open_event()
    entry = gen_registration_now(event)
    assert _cancel(client, entry).status_code == 303
    token = csrf_from(client, f"/c/{event.checkin_code}")
    response = client.post(f"/c/{event.checkin_code}/walk-in", data={
        "csrf_token": token, "full_name": "Nguyễn Thị Lan", "sex": "female", "birth_year": "1990",
        "phone": "0912345678", "commune": "10198", "consent": "y"})
    assert response.status_code == 200 and 'class="scan-result new"' in response.text
