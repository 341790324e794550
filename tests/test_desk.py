"""View tests: the check-in desk (green, yellow, red), manual search, staff confirming from the ticket, posters."""

import re

import zxingcpp
from PIL import Image

from portal.checkin import rotation
from tests.conftest import Auth, HtmxClient, csrf_from, served
from tests.factories import (
    attendance_now,
    gen_event,
    gen_registration_now,
    gen_user,
    open_event,
)


def _desk(client, auth):
    gen_user()
    auth.login()
    return csrf_from(client, "/manage/")


def test_desk_scan_green_then_yellow_with_htmx(ctx, client, auth, htmx):
    token = _desk(client, auth)
    event = open_event()
    entry = gen_registration_now(event)
    url = f"/manage/events/{event.slug}/scan"
    first = htmx.post(url, target="scan-result", csrf=token, data={"code": f"http://localhost/t/{entry.token}"})
    assert first.status_code == 200 and 'class="scan-result new"' in first.text
    assert "Nguyễn Thị Lan" in first.text and "Xã Hòa Bình" in first.text
    assert '<strong id="desk-count" hx-swap-oob="true">1</strong>' in first.text
    assert '<ol id="recent-scans" class="recent" hx-swap-oob="true">' in first.text and "<html" not in first.text
    second = htmx.post(url, target="scan-result", csrf=token, data={"code": entry.short_code})
    attendance = attendance_now(entry)
    assert 'class="scan-result already"' in second.text
    assert attendance.created_at.strftime("%H:%M:%S") in second.text
    assert '<strong id="desk-count" hx-swap-oob="true">1</strong>' in second.text


def test_desk_scan_red_for_unknown_and_other_events_tickets(ctx, client, auth, htmx):
    token = _desk(client, auth)
    event, other = open_event(), open_event(title="Buổi truyền thông khác")
    stranger = gen_registration_now(other)
    url = f"/manage/events/{event.slug}/scan"
    unknown = htmx.post(url, target="scan-result", csrf=token, data={"code": "gibberish"})
    wrong = htmx.post(url, target="scan-result", csrf=token, data={"code": stranger.token})
    assert 'class="scan-result refused"' in unknown.text and "Không tìm thấy vé" in unknown.text
    assert 'class="scan-result refused"' in wrong.text and "Buổi truyền thông khác" in wrong.text


def test_desk_works_without_javascript(ctx, client, auth):
    token = _desk(client, auth)
    event = open_event()
    entry = gen_registration_now(event)
    page = client.get(f"/manage/events/{event.slug}/desk").text
    assert 'id="scan-code"' in page and "autofocus" in page
    response = client.post(f"/manage/events/{event.slug}/scan", data={"csrf_token": token, "code": entry.short_code})
    assert "<html" in response.text and 'class="scan-result new"' in response.text
    assert re.search(r'id="desk-count">1<', response.text)


def test_desk_outside_the_window_is_red(ctx, client, auth, htmx):
    token = _desk(client, auth)
    event = gen_event()  # starts in three days
    entry = gen_registration_now(event)
    response = htmx.post(f"/manage/events/{event.slug}/scan", target="scan-result", csrf=token,
                         data={"code": entry.short_code})
    assert 'class="scan-result refused"' in response.text and "Chưa đến giờ điểm danh" in response.text


def test_manual_search_finds_people_without_accents_and_checks_them_in(ctx, client, auth, htmx):
    token = _desk(client, auth)
    event = open_event()
    entry = gen_registration_now(event, full_name="Đỗ Thị Hằng")
    found = htmx.get(f"/manage/events/{event.slug}/desk/search?q=do+thi+hang", target="desk-search-results")
    assert found.text.lstrip().startswith('<div id="desk-search-results">') and "Đỗ Thị Hằng" in found.text
    response = htmx.post(f"/manage/events/{event.slug}/manual", target="scan-result", csrf=token,
                         data={"code": entry.short_code})
    assert 'class="scan-result new"' in response.text
    assert attendance_now(entry).method == "manual"


def test_staff_confirm_from_the_ticket_page(ctx, client, auth):
    token = _desk(client, auth)
    event = open_event()
    entry = gen_registration_now(event)
    page = client.get(f"/t/{entry.token}").text
    assert "Xác nhận điểm danh" in page
    done = client.post(f"/t/{entry.token}/check-in", data={"csrf_token": token})
    assert 'class="scan-result new"' in done.text
    assert 'id="recent-scans"' not in done.text and 'id="desk-count"' not in done.text  # the desk's, not the ticket's
    again = client.post(f"/t/{entry.token}/check-in", data={"csrf_token": token})
    assert 'class="scan-result already"' in again.text
    assert attendance_now(entry).recorded_by.username == "organiser"


def test_the_public_sees_only_the_ticket(ctx, client):
    entry = gen_registration_now(open_event())
    assert "Xác nhận điểm danh" not in client.get(f"/t/{entry.token}").text
    token = csrf_from(client, "/tickets/recover")
    response = client.post(f"/t/{entry.token}/check-in", data={"csrf_token": token})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert attendance_now(entry) is None


def test_poster_qr_opens_the_self_check_in_page(ctx, client, auth):
    _desk(client, auth)
    event = open_event()
    page = client.get(f"/manage/events/{event.slug}/poster").text
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert _decode_svg(svg) == f"http://localhost/c/{event.checkin_code}"


def test_projector_qr_rotates_and_decodes(ctx, client, auth, htmx, app, monkeypatch):
    _desk(client, auth)
    event = open_event(rotating_qr=True)
    moment = 1_800_000_000 + rotation.PERIOD - 1  # the last second of a code: the next request gets another one
    monkeypatch.setattr(rotation, "now", lambda: moment)
    page = client.get(f"/manage/events/{event.slug}/projector").text
    assert 'name="htmx-config"' in page and 'hx-trigger="every 5s"' in page
    part = htmx.get(f"/manage/events/{event.slug}/projector", target="projector-qr").text
    assert part.startswith('<div class="qr" id="projector-qr"')
    link = _decode_svg(re.search(r"<svg.*?</svg>", part, re.S).group(0))
    key = rotation.code(app.config["SECRET_KEY"], event.checkin_code, moment)
    assert link == f"http://localhost/c/{event.checkin_code}?k={key}"
    moment += 1
    part = htmx.get(f"/manage/events/{event.slug}/projector", target="projector-qr").text
    following = rotation.code(app.config["SECRET_KEY"], event.checkin_code, moment)
    assert following != key
    assert _decode_svg(re.search(r"<svg.*?</svg>", part, re.S).group(0)).endswith(f"?k={following}")
    assert "áp phích" in client.get(f"/manage/events/{event.slug}/poster").text  # no fixed QR for rotating events


def _decode_svg(svg):
    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    image = Image.new("L", (size * 8, size * 8), 255)
    for x, y in re.findall(r"M(\d+),(\d+)H", svg):
        image.paste(0, (int(x) * 8, int(y) * 8, int(x) * 8 + 8, int(y) * 8 + 8))
    return zxingcpp.read_barcodes(image)[0].text


def test_rotating_codes_expire_after_the_grace_period():
    now = 1_800_000_000
    current = rotation.code("secret", "abc", now)
    assert rotation.is_current("secret", "abc", current, now + rotation.PERIOD)
    assert not rotation.is_current("secret", "abc", current, now + 3 * rotation.PERIOD)
    assert not rotation.is_current("secret", "other-event", current, now)
    assert not rotation.is_current("secret", "abc", None, now)



def test_a_default_rate_limit_never_stops_a_desk_scanning(database_url, compiled_templates):
    """An operator may set a default limit for every page (PORTAL_RATELIMIT_DEFAULT); a desk scans as fast as people
    arrive, behind its sign-in and the event's staff door, so its scans and manual check-ins are not held to it."""
    with served(database_url, compiled_templates, RATELIMIT_DEFAULT="4 per minute") as app:
        with app.app_context():
            gen_user()
            event = open_event()
            codes = [gen_registration_now(event, full_name=f"Người {n}", phone=f"09123450{n:02d}").short_code
                     for n in range(6)]
        client = app.test_client()
        Auth(client).login()
        token = csrf_from(client, "/manage/")
        htmx = HtmxClient(client)
        for path, code in [("scan", c) for c in codes[:4]] + [("manual", c) for c in codes[4:]] + [("scan", codes[0])]:
            answer = htmx.post(f"/manage/events/{event.slug}/{path}", target="scan-result", csrf=token,
                               data={"code": code})
            assert answer.status_code == 200 and ("scan-result new" in answer.text or "already" in answer.text)
        assert re.search(r'id="desk-count"[^>]*>6<', answer.text)
        assert [client.get("/events").status_code for _ in range(5)][-1] == 429  # the default holds elsewhere

