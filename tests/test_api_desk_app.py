"""What the offline desk app needs of the JSON API: its event with the walk-in form's choices and the notice, the
ticket snapshot with check-in times, and a grace after the window closes for syncing scans queued offline."""
from datetime import datetime, timedelta

from sqlalchemy import select

from portal import clock
from portal.catalogue import list_communes
from portal.extensions import db
from portal.models import Attendance, DeviceToken
from tests.factories import gen_registration_now, open_event
from tests.test_api_checkins import _device, _post, _scan
from tests.test_api_walkins import post_walk_ins, walk_in


def test_the_desk_app_gets_its_event_units_and_notice(ctx, client, auth):
    event = open_event()
    headers = _device(client, auth, event)
    response = client.get(f"/api/v1/events/{event.slug}", headers=headers)
    assert response.status_code == 200
    body = response.json
    opens, closes = event.checkin_window
    assert body["event"] == {
        "slug": event.slug, "title": event.title, "venue": event.venue, "unit": "Xã Hòa Bình",
        "starts_at": event.starts_at.isoformat(), "ends_at": event.ends_at.isoformat(),
        "checkin_opens_at": opens.isoformat(), "checkin_closes_at": closes.isoformat(),
        "sync_until": (closes + timedelta(hours=24)).isoformat(), "utc_offset": "+07:00"}
    codes = [unit["code"] for unit in body["units"]]
    assert codes == [c.code for c in list_communes(event.campaign)] + ["other"]
    assert {"code": "10198", "name": "Xã Hòa Bình"} in body["units"]
    assert body["units"][-1] == {"code": "other", "name": "Nơi khác (ngoài địa bàn)"}
    assert body["sexes"] == [{"code": "male", "label": "Nam"}, {"code": "female", "label": "Nữ"},
                             {"code": "other", "label": "Khác"}]
    assert body["notice"]["version"] == 1
    assert "dữ liệu cá nhân" in client.get(body["notice"]["url"]).text
    assert abs((datetime.fromisoformat(body["now"]) - clock.now()).total_seconds()) < 60


def test_an_event_without_a_host_unit_says_so(ctx, client, auth):
    event = open_event()
    headers = _device(client, auth, event)
    event.commune_id = None
    db.session.commit()
    assert client.get(f"/api/v1/events/{event.slug}", headers=headers).json["event"]["unit"] is None


def test_a_queued_scan_syncs_after_the_window_closed_within_the_grace(ctx, client, auth, clock_at):
    event = open_event()
    headers = _device(client, auth, event)
    early, late = gen_registration_now(event), gen_registration_now(event, full_name="Trần Văn Nam",
                                                                    phone="0987654321")
    closes = event.checkin_window[1]
    clock_at(closes + timedelta(hours=23))
    queued = closes - timedelta(minutes=5)
    scans = _post(client, event, headers, [_scan(early.short_code, queued), _scan(late.short_code, closes
                                                                                  + timedelta(minutes=1))])
    assert scans.status_code == 200
    assert [(r["status"], r["reason"]) for r in scans.json["results"]] == [("new", None), ("refused", "window")]
    assert scans.json["results"][0]["checked_in_at"] == queued.isoformat()
    walk_ins = post_walk_ins(client, event, headers, [walk_in(scanned_at=queued.isoformat())])
    assert walk_ins.status_code == 200 and walk_ins.json["results"][0]["status"] == "new"
    times = db.session.scalars(select(Attendance.created_at).where(Attendance.event_id == event.id)).all()
    assert times == [queued, queued]
    clock_at(closes + timedelta(hours=24, minutes=1))
    too_late = _post(client, event, headers, [_scan(late.short_code, queued)])
    assert too_late.status_code == 401 and too_late.json["code"] == "token_expired"
    too_late = post_walk_ins(client, event, headers, [walk_in(full_name="Lê Thị Hoa", scanned_at=queued.isoformat())])
    assert too_late.status_code == 401 and too_late.json["code"] == "token_expired"


def test_reads_refuse_an_expired_token_even_in_the_grace(ctx, client, auth, clock_at):
    event = open_event()
    headers = _device(client, auth, event)
    clock_at(event.checkin_window[1] + timedelta(minutes=1))
    for path in ("", "/tickets", "/counts"):
        response = client.get(f"/api/v1/events/{event.slug}{path}", headers=headers)
        assert response.status_code == 401 and response.json["code"] == "token_expired", path


def test_a_revoked_token_cannot_sync(ctx, client, auth):
    event = open_event()
    headers = _device(client, auth, event)
    entry = gen_registration_now(event)
    db.session.scalars(select(DeviceToken)).one().revoked_at = clock.now()
    db.session.commit()
    scans = _post(client, event, headers, [_scan(entry.short_code)])
    walk_ins = post_walk_ins(client, event, headers, [walk_in()])
    assert {scans.status_code, walk_ins.status_code} == {401}
    assert scans.json["code"] == walk_ins.json["code"] == "token_revoked"
    assert db.session.scalars(select(Attendance)).all() == []


def test_the_ticket_snapshot_says_when_each_was_checked_in_and_when_the_window_closes(ctx, client, auth):
    event = open_event()
    headers = _device(client, auth, event)
    gen_registration_now(event)
    other = gen_registration_now(event, full_name="Trần Văn Nam", phone="0987654321")
    at = clock.now() - timedelta(minutes=2)
    _post(client, event, headers, [_scan(other.short_code, at)])
    body = client.get(f"/api/v1/events/{event.slug}/tickets", headers=headers).json
    assert body["checkin_closes_at"] == event.checkin_window[1].isoformat()
    shown = {t["name"]: (t["checked_in"], t["checked_in_at"]) for t in body["tickets"]}
    assert shown == {"Nguyễn Thị Lan": (False, None), "Trần Văn Nam": (True, at.isoformat())}
