"""A person's own data: proving who they are, seeing and downloading it, withdrawing consent, erasing it;
and the admins' queue of those requests."""
import csv
import io
import json
import re
from datetime import datetime

from sqlalchemy import select

from portal import checkin, clock
from portal.extensions import db
from portal.models import DataRequest, Registration
from tests.conftest import csrf_from
from tests.factories import (
    gen_event,
    gen_registration,
    gen_registration_now,
    gen_user,
    open_event,
)

URL = "/du-lieu-cua-toi"
NO_MATCH = "Các thông tin không khớp"


def _prove(client, entry=None, **data):
    token = csrf_from(client, URL)
    facts = {"phone": "0912 345 678", "birth_year": "1990", "short_code": entry.short_code if entry else ""}
    facts.update(data)
    return client.post(URL, data={"csrf_token": token, **facts})


def _post(client, path):
    token = csrf_from(client, URL + "/xem")
    return client.post(URL + path, data={"csrf_token": token})


def test_proof_needs_all_three_facts(ctx, client):
    entry = gen_registration(gen_event(title="Tập huấn kỹ năng"))
    proved = _prove(client, entry)
    assert proved.status_code == 303 and proved.headers["Location"].endswith(URL + "/xem")
    assert "?" not in proved.headers["Location"] and "912" not in proved.headers["Location"]
    page = client.get(URL + "/xem")
    assert page.status_code == 200 and "Tập huấn kỹ năng" in page.text
    assert page.headers["Cache-Control"] == "private, no-store"


def test_a_wrong_fact_gives_the_same_message(ctx, client):
    entry = gen_registration(gen_event())
    wrong = [{"birth_year": "1991"}, {"phone": "0912 345 679"}, {"short_code": "K7HM3APX"}]
    messages = set()
    for facts in wrong:
        response = _prove(client, entry, **facts)
        assert response.status_code == 422 and NO_MATCH in response.text
        messages.add(re.search(r'<div class="alert error[^>]*>(.*?)</div>', response.text, re.DOTALL).group(1))
        assert 'class="error"' not in response.text  # no field is singled out
    assert len(messages) == 1
    assert 'value="0912 345 679"' in _prove(client, entry, phone="0912 345 679").text  # keeps what was typed
    assert client.get(URL + "/xem").status_code == 303  # not proved: back to the form


def test_a_missing_fact_is_refused_next_to_its_field(ctx, client):
    entry = gen_registration(gen_event())
    response = _prove(client, entry, short_code="")
    assert response.status_code == 422 and "Vui lòng nhập mã vé" in response.text


def test_the_limit_stops_guessing(ctx, client):
    entry = gen_registration(gen_event())
    statuses = [_prove(client, entry, birth_year=str(1950 + n)).status_code for n in range(7)]
    assert statuses[:5] == [422] * 5 and statuses[5:] == [429, 429]
    assert _prove(client, entry).status_code == 429  # even the right facts, once the number is locked


def test_the_page_lists_exactly_that_phones_registrations_and_attendances(ctx, client):
    mine = gen_registration_now(open_event(title="Truyền thông phòng chống bạo lực"))
    checkin.check_in_registration(mine.event, mine, "ticket", clock.now())
    db.session.commit()
    gen_registration(gen_event(title="Tập huấn cộng tác viên"))
    gen_registration(gen_event(title="Hoạt động của người khác"), phone="0987654321", full_name="Trần Văn Nam")
    _prove(client, mine)
    page = client.get(URL + "/xem").text
    assert "Truyền thông phòng chống bạo lực" in page and "Tập huấn cộng tác viên" in page
    assert "Hoạt động của người khác" not in page and "Trần Văn Nam" not in page
    assert "Nguyễn Thị Lan" in page and "1990" in page and "Xã Hòa Bình" in page
    assert "quét vé" in page  # how the attendance was taken


def test_downloads_contain_them_and_are_not_stored(ctx, client):
    mine = gen_registration(gen_event(title="Tập huấn kỹ năng"))
    gen_registration(gen_event(title="Hoạt động của người khác"), phone="0987654321", full_name="Trần Văn Nam")
    _prove(client, mine)
    as_json = client.get(URL + "/du-lieu.json")
    assert as_json.headers["Cache-Control"] == "private, no-store"
    assert as_json.headers["Content-Disposition"].startswith("attachment;")
    held = json.loads(as_json.data)
    assert [r["event"] for r in held["registrations"]] == ["Tập huấn kỹ năng"]
    assert held["registrations"][0]["full_name"] == "Nguyễn Thị Lan"
    assert held["registrations"][0]["consent_version"] == 1
    as_csv = client.get(URL + "/du-lieu.csv")
    assert as_csv.headers["Cache-Control"] == "private, no-store"
    assert as_csv.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(as_csv.data.decode("utf-8-sig"))))
    assert any("Tập huấn kỹ năng" in row and "Nguyễn Thị Lan" in row for row in rows)
    assert not any("Trần Văn Nam" in row for row in rows)


def test_downloads_need_proof(ctx, client):
    gen_registration(gen_event())
    assert client.get(URL + "/du-lieu.json").status_code == 303
    assert client.get(URL + "/du-lieu.csv").status_code == 303


def test_withdrawal_is_recorded_and_shown(ctx, client):
    mine = gen_registration(gen_event())
    other = gen_registration(gen_event(), phone="0987654321", full_name="Trần Văn Nam")
    _prove(client, mine)
    assert _post(client, "/rut-dong-y").status_code == 303
    db.session.expire_all()
    assert db.session.get(Registration, mine.id).consent_withdrawn_at is not None
    assert db.session.get(Registration, other.id).consent_withdrawn_at is None
    assert "Bạn đã rút lại sự đồng ý" in client.get(URL + "/xem").text
    kinds = db.session.scalars(select(DataRequest.kind).where(DataRequest.status == "done")).all()
    assert "withdrawal" in kinds and "access" in kinds


def test_the_deadline_skips_the_weekend():
    from portal.registration.data_requests import deadline

    friday = datetime(2026, 11, 27, 10, 30)
    assert deadline(friday) == datetime(2026, 12, 1, 10, 30)  # Tuesday
    assert deadline(datetime(2026, 11, 28, 9, 0)) == datetime(2026, 12, 1, 9, 0)  # Saturday → Tuesday
    assert deadline(datetime(2026, 11, 30, 9, 0)) == datetime(2026, 12, 2, 9, 0)  # Monday → Wednesday


def test_admins_mark_a_waiting_request_done_and_overdue_ones_stand_out(ctx, client, auth):
    from portal.registration import data_requests

    request = data_requests.record("access", data_requests.phone_hash("0912345678"), "678", datetime(2026, 1, 2, 9, 0))
    assert request.due_at == datetime(2026, 1, 6, 9, 0)
    db.session.commit()
    admin = gen_user("admin", role="admin")
    auth.login("admin")
    queue = client.get("/manage/requests").text
    assert "Quá hạn" in queue and 'class="request overdue"' in queue
    token = csrf_from(client, "/manage/requests")
    done = client.post(f"/manage/requests/{request.id}/done", data={"csrf_token": token})
    assert done.status_code == 303
    db.session.expire_all()
    handled = db.session.get(DataRequest, request.id)
    assert handled.status == "done" and handled.handled_by_id == admin.id and handled.handled_at is not None
    assert "Quá hạn" not in client.get("/manage/requests").text


def test_organisers_cannot_see_the_queue(ctx, client, auth):
    gen_user()
    auth.login()
    assert client.get("/manage/requests").status_code == 404


def test_the_queue_stores_no_full_phone(ctx, client):
    mine = gen_registration(gen_event())
    _prove(client, mine)
    client.get(URL + "/du-lieu.json")
    _post(client, "/rut-dong-y")
    client.post(URL + "/xoa", data={"csrf_token": csrf_from(client, URL + "/xoa")})
    rows = db.session.scalars(select(DataRequest)).all()
    assert {row.kind for row in rows} == {"access", "export", "withdrawal", "erasure"}
    for row in rows:
        stored = " ".join(str(getattr(row, column.name)) for column in DataRequest.__table__.columns)
        assert "912345678" not in stored and row.phone_last3 == "678"


def test_the_proof_lasts_a_short_time(ctx, client):
    entry = gen_registration(gen_event())
    _prove(client, entry)
    assert client.get(URL + "/xem").status_code == 200
    with client.session_transaction() as session:
        assert "0912345678" not in str(dict(session))  # the number is not kept in the cookie
        session["own_data"] = [entry.id, "2000-01-01T00:00:00"]
    assert client.get(URL + "/xem").status_code == 303


def test_a_cancelled_registration_proves_too(ctx, client):
    from portal import registration as registering

    entry = gen_registration(gen_event(title="Tập huấn kỹ năng"))
    registering.cancel(entry, clock.now())
    db.session.commit()
    assert _prove(client, entry).status_code == 303
    assert "Đã hủy" in client.get(URL + "/xem").text
