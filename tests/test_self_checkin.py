"""View tests: attendees check themselves in with the event's QR."""
import time
from datetime import timedelta

from sqlalchemy import func, select

from portal import clock
from portal.checkin import rotation
from portal.extensions import db
from portal.models import Attendance
from tests.conftest import Auth, csrf_from
from tests.factories import (
    form_data,
    gen_event,
    gen_registration_now,
    gen_user,
    open_event,
)


def _field(response, form_id, name):
    """The HTML of one field (its input and its messages) inside the form form_id."""
    form = response.text.split(f'id="{form_id}"', 1)[1].split("</form>", 1)[0]
    return form.split(f'id="field-{name}"', 1)[1].split("</div>", 1)[0]


def _count():
    return db.session.scalar(select(func.count()).select_from(Attendance))


def test_scanning_the_event_qr_offers_both_ways_in(ctx, client):
    event = open_event()
    response = client.get(f"/c/{event.checkin_code}")
    assert response.status_code == 200 and 'id="identify"' in response.text and 'id="walk-in"' in response.text
    assert "device=" in response.headers["Set-Cookie"]


def test_a_browser_that_registered_checks_in_with_one_tap(ctx, client):
    event = gen_event(starts_at=clock.now() + timedelta(minutes=30))  # registration open, check-in window open
    token = csrf_from(client, f"/events/{event.slug}")
    client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token))
    page = client.get(f"/c/{event.checkin_code}").text
    assert "Xin chào Nguyễn Thị Lan" in page
    done = client.post(f"/c/{event.checkin_code}/confirm", data={"csrf_token": token})
    assert 'class="scan-result new"' in done.text and _count() == 1
    again = client.post(f"/c/{event.checkin_code}/confirm", data={"csrf_token": token})
    assert 'class="scan-result already"' in again.text and _count() == 1


def test_registered_person_on_another_phone_identifies_by_phone_and_year(ctx, client):
    event = open_event()
    gen_registration_now(event)
    token = csrf_from(client, f"/c/{event.checkin_code}")
    wrong = client.post(f"/c/{event.checkin_code}/identify", data={"csrf_token": token, "phone": "0912345678",
                                                                   "birth_year": "1991"})
    assert wrong.status_code == 422 and "Không tìm thấy đăng ký" in wrong.text and _count() == 0
    right = client.post(f"/c/{event.checkin_code}/identify", data={"csrf_token": token, "phone": "0912 345 678",
                                                                   "birth_year": "1990"})
    assert 'class="scan-result new"' in right.text and db.session.scalar(select(Attendance.method)) == "self"


def test_walk_in_with_four_fields(ctx, client):
    event = open_event(kind="communication")
    token = csrf_from(client, f"/c/{event.checkin_code}")
    response = client.post(f"/c/{event.checkin_code}/walk-in", data={
        "csrf_token": token, "full_name": "Phạm Văn Bình", "sex": "male", "birth_year": "1975", "commune": "10183", "consent": "y"})
    assert 'class="scan-result new"' in response.text and "Phạm Văn Bình" in response.text
    attendance = db.session.scalar(select(Attendance))
    assert attendance.method == "walk_in" and attendance.person.commune.code == "10183" and attendance.device


def test_walk_in_errors_keep_what_was_typed(ctx, client):
    event = open_event()
    token = csrf_from(client, f"/c/{event.checkin_code}")
    response = client.post(f"/c/{event.checkin_code}/walk-in", data={
        "csrf_token": token, "full_name": "Phạm Văn Bình", "sex": "", "birth_year": "75", "commune": "x"})
    assert response.status_code == 422
    for message in ("Vui lòng chọn giới tính", "Năm sinh phải là 4 chữ số", "Vui lòng chọn xã, thị trấn"):
        assert message in response.text
    assert 'value="Phạm Văn Bình"' in response.text and _count() == 0


def test_a_forwarded_link_without_a_scan_is_not_enough(ctx, client):
    event = open_event()
    token = csrf_from(client, "/tickets/recover")
    response = client.post(f"/c/{event.checkin_code}/walk-in", data={
        "csrf_token": token, "full_name": "Phạm Văn Bình", "sex": "male", "birth_year": "1975", "commune": "10183", "consent": "y"})
    assert response.status_code == 403 and "hết hạn" in response.text and _count() == 0


def test_rotating_qr_needs_a_current_code(ctx, client, app, monkeypatch):
    event = open_event(rotating_qr=True)
    moment = 1_800_000_000
    monkeypatch.setattr(rotation, "now", lambda: moment)
    assert "hết hạn" in client.get(f"/c/{event.checkin_code}").text
    old = rotation.code(app.config["SECRET_KEY"], event.checkin_code, moment - 5 * rotation.PERIOD)
    assert "hết hạn" in client.get(f"/c/{event.checkin_code}?k={old}").text
    key = rotation.code(app.config["SECRET_KEY"], event.checkin_code, moment)
    page = client.get(f"/c/{event.checkin_code}?k={key}").text
    assert "hết hạn" not in page and 'id="walk-in"' in page


def test_outside_the_window_there_is_nothing_to_fill(ctx, client):
    event = gen_event()  # in three days
    page = client.get(f"/c/{event.checkin_code}").text
    assert "Chưa đến giờ điểm danh" in page and 'id="walk-in"' not in page


def test_one_device_is_rate_limited(ctx, client):
    event = open_event()
    token = csrf_from(client, f"/c/{event.checkin_code}")
    statuses = []
    for n in range(11):
        statuses.append(client.post(f"/c/{event.checkin_code}/walk-in", data={
            "csrf_token": token, "full_name": "Người Thứ " + "ABCDEFGHIJK"[n], "sex": "female", "birth_year": "1980",
            "commune": "10198", "consent": "y"}).status_code)
    assert statuses[:10] == [200] * 10 and statuses[10] == 429
    assert _count() == 10
    assert db.session.scalar(select(func.count()).select_from(Attendance).where(Attendance.flagged)) == 8


def test_unknown_event_code_is_404(client):
    assert client.get("/c/not-a-code").status_code == 404


def test_a_walk_in_cannot_take_a_registrants_phone(ctx, client, auth):
    """Someone walks in with a phone registered here but another name and birth year: they are checked in as
    themselves (a household shares a phone), and the ticket holder keeps their place."""
    event = open_event()
    entry = gen_registration_now(event)  # Nguyễn Thị Lan, 0912345678, born 1990
    token = csrf_from(client, f"/c/{event.checkin_code}")
    response = client.post(f"/c/{event.checkin_code}/walk-in", data={
        "csrf_token": token, "full_name": "Phạm Văn Bình", "sex": "male", "birth_year": "1991", "commune": "10183", "consent": "y",
        "phone": "0912 345 678"})
    assert 'class="scan-result new"' in response.text and _count() == 1
    assert "Phạm Văn Bình" in response.text and "Nguyễn Thị Lan" not in response.text
    desk = client.application.test_client()
    gen_user()
    Auth(desk).login()
    token = csrf_from(desk, f"/t/{entry.token}")
    ticket = desk.post(f"/t/{entry.token}/check-in", data={"csrf_token": token})
    assert "Nguyễn Thị Lan" in ticket.text and "Phạm Văn Bình" not in ticket.text and 'scan-result new' in ticket.text
    assert db.session.scalar(select(Attendance.id).where(Attendance.registration_id == entry.id)) is not None
    assert _count() == 2


def _walk_in(client, token, code, name="Phạm Văn Bình", **fields):
    """Post the walk-in form as a person would fill it."""
    return client.post(f"/c/{code}/walk-in", data={"csrf_token": token, "full_name": name, "sex": "male",
                                                    "birth_year": "1975", "commune": "10183", "consent": "y", **fields})


def test_a_rotating_scan_lets_only_this_device_check_in_and_only_briefly(ctx, client, app, monkeypatch):
    """A rotating QR opened minutes ago, or its session cookie copied to another phone: can either still check in?"""
    event = open_event(rotating_qr=True)
    scanned_at = time.time()
    monkeypatch.setattr(rotation, "now", lambda: scanned_at)
    key = rotation.code(app.config["SECRET_KEY"], event.checkin_code, scanned_at)
    token = csrf_from(client, f"/c/{event.checkin_code}?k={key}")
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    copied = _walk_in(copy, token, event.checkin_code)
    assert copied.status_code == 403 and "hết hạn" in copied.text and _count() == 0
    monkeypatch.setattr(rotation, "now", lambda: scanned_at + 30)
    assert 'class="scan-result new"' in _walk_in(client, token, event.checkin_code).text and _count() == 1
    monkeypatch.setattr(rotation, "now", lambda: scanned_at + app.config["SELF_CHECKIN_SCAN_GRACE"] + 1)
    late = _walk_in(client, token, event.checkin_code, name="Người Đến Muộn")
    assert late.status_code == 403 and "hết hạn" in late.text and _count() == 1


def test_dropping_the_device_cookie_does_not_escape_the_flag(ctx, client):
    """One phone checks in a crowd but throws its device cookie away each time: is it still caught?"""
    event = open_event()
    token = csrf_from(client, f"/c/{event.checkin_code}")
    client.delete_cookie("device")
    responses = [_walk_in(client, token, event.checkin_code, name="Người Thứ " + "ABC"[n]) for n in range(3)]
    flagged = db.session.scalar(select(func.count()).select_from(Attendance).where(Attendance.flagged))
    assert _count() == flagged == 0
    assert [r.status_code for r in responses] == [403] * 3 and "quét lại" in responses[0].text


def test_guessing_a_year_of_birth_is_stopped_whatever_the_cookies_and_address(ctx, app):
    """A fresh phone and address for every guess at one number's year: is the year ever found, here or by recovery?"""
    event = open_event()
    gen_registration_now(event)  # 0912345678, born 1990
    gen_registration_now(event, full_name="Trần Văn Hùng", phone="0922222222", birth_year=1985)

    def identify(year, phone="0912345678", n=0):
        browser = app.test_client()
        browser.environ_base["REMOTE_ADDR"] = f"10.0.{n // 250}.{n % 250 + 1}"
        token = csrf_from(browser, f"/c/{event.checkin_code}")
        return browser.post(f"/c/{event.checkin_code}/identify",
                            data={"csrf_token": token, "phone": phone, "birth_year": str(year)})

    statuses = [identify(1950 + n, n=n).status_code for n in range(43)]  # 1950 … 1992
    assert statuses[:3] == [422] * 3 and statuses[-10:] == [429] * 10 and 200 not in statuses
    assert _count() == 0
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = "10.9.9.9"
    token = csrf_from(browser, f"/c/{event.checkin_code}")
    walk_in = _walk_in(browser, token, event.checkin_code, name="Nguyễn Thị Lan", birth_year="1990",
                       phone="0912345678")
    token = csrf_from(browser, "/tickets/recover")
    recovered = browser.post("/tickets/recover", data={"csrf_token": token, "phone": "+84 912 345 678",
                                                        "birth_year": "1990"})
    assert (walk_in.status_code, recovered.status_code) == (429, 429) and _count() == 0
    assert 'class="scan-result new"' in identify(1985, phone="0922222222", n=99).text  # another number is not held up


def test_one_address_cannot_sweep_many_numbers(ctx, app):
    """One address tries a different number each time, with fresh cookies: is it stopped?"""
    event = open_event()

    def identify(n):
        browser = app.test_client()
        browser.environ_base["REMOTE_ADDR"] = "10.1.1.1"
        token = csrf_from(browser, f"/c/{event.checkin_code}")
        return browser.post(f"/c/{event.checkin_code}/identify",
                            data={"csrf_token": token, "phone": f"0977{n:06d}", "birth_year": "1990"}).status_code

    statuses = [identify(n) for n in range(40)]
    assert statuses[:30] == [422] * 30 and statuses[30:] == [429] * 10



def test_a_walk_in_with_an_earlier_walk_ins_phone_learns_nothing_about_them(ctx, client):
    """A phone already used by a walk-in, typed with another name and birth year: is that person's name shown? No:
    the second is checked in as a person of their own."""
    event = open_event()
    token = csrf_from(client, f"/c/{event.checkin_code}")
    first = _walk_in(client, token, event.checkin_code, name="Đinh Thị Hoa", phone="0987 654 321")
    assert 'class="scan-result new"' in first.text and _count() == 1
    other = client.application.test_client()
    second = _walk_in(other, csrf_from(other, f"/c/{event.checkin_code}"), event.checkin_code, name="Kẻ Tò Mò", phone="0987654321", birth_year="1991")
    assert 'class="scan-result new"' in second.text and "Đinh Thị Hoa" not in second.text and _count() == 2
    same = _walk_in(client, token, event.checkin_code, name="Đinh Thị Hoa", phone="0987654321")
    assert "Đinh Thị Hoa" in same.text and _count() == 2  # the same person again: already checked in
