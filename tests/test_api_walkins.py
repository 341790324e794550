"""The JSON API's batch of walk-ins from the desk app: each checked by the walk-in form's rules and recorded once by
its id; an invalid one is refused by itself with a message per field, and nothing of it is written."""
import uuid
from datetime import timedelta

from sqlalchemy import func, select

from portal import clock
from portal.extensions import db
from portal.models import Attendance, Person, User
from tests.factories import gen_registration_now, open_event
from tests.test_api_checkins import _device


def walk_in(**fields):
    """A walk-in as the desk app queues it: four fields, consent to notice 1, the time it was taken."""
    return {"id": str(uuid.uuid4()), "scanned_at": clock.now().isoformat(), "full_name": "Phạm Văn Bình",
            "sex": "male", "birth_year": 1975, "commune": "10183", "notice_version": 1, "consent": True, **fields}


def post_walk_ins(client, event, headers, items):
    return client.post(f"/api/v1/events/{event.slug}/walkins", json={"walkins": items}, headers=headers)


def _people():
    return db.session.scalar(select(func.count()).select_from(Person))


def test_a_walk_in_batch_is_recorded_exactly_once(ctx, client, auth):
    event = open_event()
    headers = _device(client, auth, event)
    at = clock.now() - timedelta(minutes=4)
    items = [walk_in(scanned_at=at.isoformat()),
             walk_in(full_name="Lê Thị Hoa", sex="female", birth_year="1990", commune="other", phone="0912345678")]
    first = post_walk_ins(client, event, headers, items)
    assert first.status_code == 200
    results = first.json["results"]
    assert [(r["id"], r["status"]) for r in results] == [(items[0]["id"], "new"), (items[1]["id"], "new")]
    assert [(r["name"], r["unit"]) for r in results] == [("Phạm Văn Bình", "Thị trấn Thường Tín"), ("Lê Thị Hoa", None)]
    assert results[0]["checked_in_at"] == at.isoformat() and results[0]["errors"] == {}
    again = post_walk_ins(client, event, headers, items + [items[0]])
    assert again.json["results"] == results + results[:1]
    attendances = db.session.scalars(select(Attendance).order_by(Attendance.id)).all()
    assert len(attendances) == 2 and _people() == 2
    organiser = db.session.scalar(select(User).where(User.username == "organiser"))
    assert {(a.method, a.recorded_by_id, a.consent_version) for a in attendances} == {("walk_in", organiser.id, 1)}
    assert attendances[0].created_at == attendances[0].consent_at == at and attendances[1].phone == "0912345678"


def test_an_invalid_walk_in_is_refused_with_field_messages_and_nothing_written(ctx, client, auth):
    event = open_event()
    headers = _device(client, auth, event)
    items = [walk_in(sex="", birth_year="75", commune="x", consent=False),
             walk_in(full_name="Ai\x00đó", phone=12),
             walk_in(full_name="Lê Thị Hoa", notice_version=7),
             walk_in(full_name="Trần Văn Nam")]
    response = post_walk_ins(client, event, headers, items)
    assert response.status_code == 200
    results = response.json["results"]
    assert [(r["status"], r["reason"]) for r in results] == [("refused", "invalid")] * 3 + [("new", None)]
    assert results[0]["errors"] == {"sex": "Vui lòng chọn giới tính.",
                                    "birth_year": results[0]["errors"]["birth_year"],
                                    "commune": "Vui lòng chọn xã, thị trấn trong danh sách.",
                                    "consent": "Bạn cần đồng ý với thông báo về dữ liệu cá nhân để tiếp tục."}
    assert "Năm sinh phải là 4 chữ số" in results[0]["errors"]["birth_year"] and results[0]["message"]
    assert set(results[1]["errors"]) == {"full_name", "phone"}
    assert "ký tự điều khiển" in results[1]["errors"]["full_name"]
    assert "đã được cập nhật" in results[2]["errors"]["consent"]
    assert results[0]["name"] is None and results[0]["checked_in_at"] is None
    assert _people() == 1 and db.session.scalar(select(func.count()).select_from(Attendance)) == 1
    assert post_walk_ins(client, event, headers, items).json["results"] == results


def test_a_registered_person_walking_in_has_their_ticket_checked_in(ctx, client, auth):
    event = open_event()
    headers = _device(client, auth, event)
    entry = gen_registration_now(event)
    person = entry.person
    item = walk_in(full_name=person.full_name, sex=person.sex, birth_year=person.birth_year, commune="10198",
                   phone=entry.phone)
    result = post_walk_ins(client, event, headers, [item]).json["results"][0]
    assert result["status"] == "new" and result["name"] == person.full_name
    assert db.session.scalar(select(Attendance.registration_id)) == entry.id and _people() == 1


def test_bad_walk_in_batches_are_refused_whole_as_json(ctx, client, auth):
    event = open_event()
    headers = _device(client, auth, event)
    url = f"/api/v1/events/{event.slug}/walkins"
    not_json = client.post(url, data="{nope", headers=dict(headers, **{"Content-Type": "application/json"}))
    assert not_json.status_code == 400 and not_json.json["code"] == "bad_json" and not_json.json["message"]
    assert post_walk_ins(client, event, headers, {"a": 1}).json["code"] == "bad_json"
    too_many = post_walk_ins(client, event, headers, [walk_in() for _ in range(201)])
    assert too_many.status_code == 400 and too_many.json["code"] == "too_many_items"
    for item in (walk_in(id=""), walk_in(id="x" * 37), "text", walk_in(scanned_at="hôm qua")):
        refused = post_walk_ins(client, event, headers, [walk_in(), item])
        assert refused.status_code == 400 and refused.json["code"] == "bad_item", item
    assert _people() == 0
