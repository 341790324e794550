"""The JSON API's batch check-in: each scan recorded exactly once by its idempotency key, through the desk's rules,
with the device's scan time when it is believable; and the event's counts as the dashboard shows them."""
import re
import uuid
from datetime import timedelta

from sqlalchemy import func, select

from portal import clock
from portal.extensions import db
from portal.models import Attendance
from tests.conftest import csrf_from
from tests.factories import gen_registration_now, gen_user, open_event


def _device(client, auth, event, username="organiser"):
    gen_user(username)
    auth.login(username)
    csrf = csrf_from(client, "/manage/")
    page = client.post(f"/manage/events/{event.slug}/devices", data={"csrf_token": csrf}).text
    token = re.search(r'<output id="device-token">([A-Za-z0-9_-]+)</output>', page).group(1)
    client.post("/logout", data={"csrf_token": csrf})
    return {"Authorization": f"Bearer {token}"}


def _scan(code, at=None, key=None):
    return {"id": key or str(uuid.uuid4()), "code": code, "scanned_at": (at or clock.now()).isoformat()}


def _post(client, event, headers, items):
    return client.post(f"/api/v1/events/{event.slug}/checkins", json={"checkins": items}, headers=headers)


def _attendances(event):
    return db.session.scalar(select(func.count()).select_from(Attendance).where(Attendance.event_id == event.id))


def test_batch_checks_in_with_the_device_time_and_answers_each_item(ctx, client, auth):
    event = open_event()
    headers = _device(client, auth, event)
    first, second = gen_registration_now(event), gen_registration_now(event, full_name="Trần Văn Nam",
                                                                      phone="0987654321")
    at = clock.now() - timedelta(minutes=3)
    items = [_scan(f"http://localhost/t/{first.token}", at), _scan(second.short_code), _scan("gibberish"),
             _scan(first.short_code)]
    response = _post(client, event, headers, items)
    assert response.status_code == 200
    results = response.json["results"]
    assert [r["status"] for r in results] == ["new", "new", "refused", "already"]
    assert [r["id"] for r in results] == [i["id"] for i in items]
    assert results[2]["reason"] == "unknown" and "Không tìm thấy vé" in results[2]["message"]
    assert results[0]["name"] == "Nguyễn Thị Lan"
    attendance = db.session.scalar(select(Attendance).where(Attendance.registration_id == first.id))
    assert attendance.created_at == at and attendance.method == "ticket"


def test_replayed_keys_give_the_same_answers_and_record_nothing_more(ctx, client, auth):
    event = open_event()
    headers = _device(client, auth, event)
    entry = gen_registration_now(event)
    items = [_scan(entry.short_code), _scan("gibberish")]
    first = _post(client, event, headers, items).json["results"]
    again = _post(client, event, headers, items).json["results"]
    assert again == first and [r["status"] for r in again] == ["new", "refused"]
    assert _attendances(event) == 1


def test_two_desks_one_ticket_one_attendance_with_the_earliest_scan(ctx, client, auth):
    event = open_event()
    headers, other_desk = _device(client, auth, event), _device(client, auth, event, "second")
    entry = gen_registration_now(event)
    now = clock.now()
    later = _post(client, event, other_desk, [_scan(entry.short_code, now - timedelta(minutes=1))]).json["results"]
    earlier = _post(client, event, headers, [_scan(entry.token, now - timedelta(minutes=5))]).json["results"]
    assert later[0]["status"] == "new" and earlier[0]["status"] == "already"
    assert _attendances(event) == 1
    attendance = db.session.scalar(select(Attendance).where(Attendance.event_id == event.id))
    assert attendance.created_at == now - timedelta(minutes=5)


def test_scan_times_in_the_future_or_before_the_window_become_now(ctx, client, auth):
    event = open_event()
    headers = _device(client, auth, event)
    one, two = gen_registration_now(event), gen_registration_now(event, full_name="Lê B", phone="0987654322")
    now = clock.now()
    _post(client, event, headers, [_scan(one.short_code, now + timedelta(hours=2)),
                                   _scan(two.short_code, event.checkin_window[0] - timedelta(days=1))])
    times = db.session.scalars(select(Attendance.created_at).where(Attendance.event_id == event.id)).all()
    assert all(abs((time - now).total_seconds()) < 60 for time in times) and len(times) == 2


def test_bad_batches_are_refused_whole_as_json(ctx, client, auth):
    event = open_event()
    headers = _device(client, auth, event)
    entry = gen_registration_now(event)
    url = f"/api/v1/events/{event.slug}/checkins"
    not_json = client.post(url, data="{nope", headers=dict(headers, **{"Content-Type": "application/json"}))
    assert not_json.status_code == 400 and not_json.json["code"] == "bad_json" and not_json.json["message"]
    too_many = _post(client, event, headers, [_scan(entry.short_code) for _ in range(201)])
    assert too_many.status_code == 400 and too_many.json["code"] == "too_many_items"
    no_key = _post(client, event, headers, [{"code": entry.short_code, "scanned_at": clock.now().isoformat()}])
    assert no_key.status_code == 400 and no_key.json["code"] == "bad_item"
    bad_time = _post(client, event, headers, [_scan(entry.short_code) | {"scanned_at": "hôm qua"}])
    assert bad_time.status_code == 400 and bad_time.json["code"] == "bad_item"
    assert _attendances(event) == 0


def test_nul_bytes_in_codes_are_refused_per_item_never_a_server_error(ctx, client, auth):
    event = open_event()
    headers = _device(client, auth, event)
    entry = gen_registration_now(event)
    response = _post(client, event, headers, [_scan(entry.short_code + "\x00"), _scan("\x00\x01")])
    assert response.status_code == 200
    assert [r["status"] for r in response.json["results"]] == ["refused", "refused"]
    assert _attendances(event) == 0


def test_counts_equal_the_dashboards_numbers(ctx, client, auth):
    event = open_event()
    headers = _device(client, auth, event)
    for n in range(3):
        gen_registration_now(event, full_name=f"Người {n}", phone=f"09000000{n}1")
    entries = db.session.scalars(select(Attendance)).all()
    assert entries == []
    codes = [r.short_code for r in event_registrations(event)][:2]
    _post(client, event, headers, [_scan(code) for code in codes])
    counts = client.get(f"/api/v1/events/{event.slug}/counts", headers=headers).json
    assert counts["registrations"] == 3 and counts["attendances"] == 2 and counts["participants"]["total"] == 2
    gen_user("admin", role="admin")
    auth.login("admin")
    page = client.get(f"/dashboard/events/{event.slug}").text
    shown = dict(re.findall(r'<span class="number" id="number-(\w+)">(\d+)</span>', page))
    assert shown == {"total": "2", "female": str(counts["participants"]["female"]),
                     "male": str(counts["participants"]["male"])}


def event_registrations(event):
    from portal.models import Registration

    return db.session.scalars(select(Registration).where(Registration.event_id == event.id)
                              .order_by(Registration.id)).all()


def _ticket_hash(key, kind, value):
    import hashlib
    import hmac

    return hmac.new(bytes.fromhex(key), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def test_ticket_snapshot_has_keyed_hashes_names_and_who_is_in_and_a_cursor(ctx, client, auth):
    event = open_event()
    headers = _device(client, auth, event)
    entry, other = gen_registration_now(event), gen_registration_now(event, full_name="Trần Văn Nam",
                                                                     phone="0987654321")
    gen_registration_now(open_event(title="Buổi khác"), full_name="Người khác", phone="0987654329")
    url = f"/api/v1/events/{event.slug}/tickets"
    first = client.get(url, headers=headers)
    assert first.status_code == 200 and first.json["changed"] is True
    body = first.get_data(as_text=True)
    assert entry.token not in body and entry.short_code not in body and entry.phone not in body
    tickets = {t["name"]: t for t in first.json["tickets"]}
    assert set(tickets) == {"Nguyễn Thị Lan", "Trần Văn Nam"}
    key = first.json["hash_key"]
    assert tickets["Nguyễn Thị Lan"]["token_hash"] == _ticket_hash(key, "token", entry.token)
    assert tickets["Nguyễn Thị Lan"]["code_hash"] == _ticket_hash(key, "code", entry.short_code)
    assert tickets["Nguyễn Thị Lan"]["unit"] == "Xã Hòa Bình" and not tickets["Nguyễn Thị Lan"]["checked_in"]
    cursor = first.json["cursor"]
    same = client.get(url, query_string={"cursor": cursor}, headers=headers).json
    assert same == {"cursor": cursor, "changed": False, "hash_key": key, "tickets": [],
                    "checkin_closes_at": event.checkin_window[1].isoformat()}
    _post(client, event, headers, [_scan(other.short_code)])
    moved = client.get(url, query_string={"cursor": cursor}, headers=headers).json
    assert moved["changed"] is True and moved["cursor"] != cursor
    assert {t["name"]: t["checked_in"] for t in moved["tickets"]} == {"Nguyễn Thị Lan": False, "Trần Văn Nam": True}


def test_a_check_in_at_another_event_leaves_a_desks_ticket_list_as_it_is(ctx, client, auth):
    """A city's desks each keep their own event's list: a scan elsewhere sends nobody here a new list; a scan here,
    a new registration here and a cancellation here each do."""
    from portal import checkin
    from portal.registration.cancelling import cancel

    event, elsewhere = open_event(), open_event(title="Buổi khác")
    headers = _device(client, auth, event)
    mine = gen_registration_now(event, phone="0987654320")
    theirs = gen_registration_now(elsewhere, full_name="Người khác", phone="0987654329")
    url = f"/api/v1/events/{event.slug}/tickets"
    cursor = client.get(url, headers=headers).json["cursor"]

    checkin.check_in_registration(elsewhere, theirs, "ticket", clock.now())
    gen_registration_now(elsewhere, full_name="Người thứ ba", phone="0987654328")
    db.session.commit()
    unchanged = client.get(url, query_string={"cursor": cursor}, headers=headers).json
    assert unchanged["changed"] is False and unchanged["cursor"] == cursor

    _post(client, event, headers, [_scan(mine.short_code)])
    scanned = client.get(url, query_string={"cursor": cursor}, headers=headers).json
    assert scanned["changed"] is True and [t["checked_in"] for t in scanned["tickets"]] == [True]
    later = gen_registration_now(event, full_name="Trần Văn Nam", phone="0987654321")
    registered = client.get(url, query_string={"cursor": scanned["cursor"]}, headers=headers).json
    assert registered["changed"] is True and len(registered["tickets"]) == 2
    cancel(later, clock.now())
    db.session.commit()
    cancelled = client.get(url, query_string={"cursor": registered["cursor"]}, headers=headers).json
    assert cancelled["changed"] is True and len(cancelled["tickets"]) == 1
