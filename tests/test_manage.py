"""View tests: organisers' events, the people list, headcounts, and who may see what."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Event, Headcount
from tests.conftest import csrf_from
from tests.factories import (
    attendance_now,
    commune,
    gen_event,
    gen_registration,
    gen_registration_now,
    gen_user,
    open_event,
)


def _event_form(**fields):
    start = clock.now() + timedelta(days=2)
    values = {"kind": "training", "title": "Tập huấn cộng tác viên", "commune": "10198", "venue": "Hội trường",
              "description": "", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
              "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), "capacity": "40",
              "registration_open": "y"}
    values.update(fields)
    return {k: v for k, v in values.items() if v is not None}


def test_organiser_creates_publishes_and_cancels_an_event(ctx, client, auth):
    gen_user()
    auth.login()
    token = csrf_from(client, "/manage/events/new")
    response = client.post("/manage/events/new", data=_event_form(csrf_token=token))
    assert response.status_code == 303
    event = db.session.scalar(select(Event))
    assert event.status == "draft" and event.commune.code == "10198" and event.capacity == 40
    assert client.get(f"/events/{event.slug}").status_code == 404  # drafts are not public
    client.post(f"/manage/events/{event.slug}/publish", data={"csrf_token": token})
    assert "Tập huấn cộng tác viên" in client.get(f"/events/{event.slug}").text
    client.post(f"/manage/events/{event.slug}/cancel", data={"csrf_token": token})
    db.session.refresh(event)
    assert event.status == "cancelled"


def test_event_form_errors_in_vietnamese(ctx, client, auth):
    gen_user()
    auth.login()
    token = csrf_from(client, "/manage/events/new")
    start = clock.now()
    response = client.post("/manage/events/new", data=_event_form(
        csrf_token=token, title="", starts_at=start.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), capacity="nhiều"))
    assert response.status_code == 422
    for message in ("Vui lòng điền mục này", "Giờ kết thúc phải sau giờ bắt đầu", "Vui lòng nhập một số nguyên"):
        assert message in response.text
    assert db.session.scalar(select(Event)) is None


def test_organiser_cannot_create_for_another_commune_by_tampering(ctx, client, auth):
    gen_user()
    auth.login()
    token = csrf_from(client, "/manage/events/new")
    for commune_value in ("10183", "district"):
        response = client.post("/manage/events/new", data=_event_form(csrf_token=token, commune=commune_value))
        assert response.status_code == 422 and "xã, thị trấn của mình" in response.text
    assert db.session.scalar(select(Event)) is None


def test_admin_creates_a_district_wide_event(ctx, client, auth):
    gen_user("admin", role="admin")
    auth.login("admin")
    token = csrf_from(client, "/manage/events/new")
    assert client.post("/manage/events/new", data=_event_form(csrf_token=token, commune="district")).status_code == 303
    assert db.session.scalar(select(Event)).commune_id is None


def test_people_list_masks_phones_and_searches_without_accents(ctx, client, auth, htmx):
    gen_user()
    event = gen_event()
    gen_registration(event, full_name="Nguyễn Thị Lan")
    gen_registration(event, full_name="Trần Văn Hùng", phone="0987654321")
    auth.login()
    page = client.get(f"/manage/events/{event.slug}").text
    assert "Nguyễn Thị Lan" in page and "Trần Văn Hùng" in page
    assert "0912345678" not in page and "•••••••678" in page
    part = htmx.get(f"/manage/events/{event.slug}?q=tran+van", target="people")
    assert part.text.lstrip().startswith('<section id="people">')
    assert "Trần Văn Hùng" in part.text and "Nguyễn Thị Lan" not in part.text


def test_headcount_is_entered_corrected_and_kept_as_history(ctx, client, auth):
    gen_user()
    event = open_event(kind="communication")
    auth.login()
    token = csrf_from(client, f"/manage/events/{event.slug}/headcount")
    client.post(f"/manage/events/{event.slug}/headcount", data={"csrf_token": token, "male": "30", "female": "50",
                                                                "other": "5", "note": "danh sách giấy 85 người",
                                                                "commune-10198": "60", "commune-10183": "25"})
    first = db.session.scalar(select(Headcount.id))
    client.post(f"/manage/events/{event.slug}/headcount", data={"csrf_token": token, "male": "31", "female": "50",
                                                                "other": "4", "note": "đã sửa", "revises": first})
    entries = db.session.scalars(select(Headcount).order_by(Headcount.id)).all()
    assert [(e.male, e.female, e.other) for e in entries] == [(30, 50, 5), (31, 50, 4)]
    assert entries[0].by_commune == {"10198": 60, "10183": 25}
    page = client.get(f"/manage/events/{event.slug}/headcount").text
    assert "danh sách giấy 85 người" in page and "đã sửa" in page
    assert "Số lượng nhập tay: 85" in client.get(f"/manage/events/{event.slug}").text


def test_headcount_refuses_negative_and_text(ctx, client, auth):
    gen_user()
    event = open_event()
    auth.login()
    token = csrf_from(client, f"/manage/events/{event.slug}/headcount")
    response = client.post(f"/manage/events/{event.slug}/headcount", data={
        "csrf_token": token, "male": "-3", "female": "mười", "other": "0", "commune-10198": "-1"})
    assert response.status_code == 422
    assert "Nhập số từ 0 đến 100000" in response.text and "Vui lòng nhập một số nguyên" in response.text
    assert "phải là số nguyên không âm" in response.text
    assert db.session.scalar(select(Headcount)) is None


STAFF_ROUTES = [
    ("get", "/manage/events/{slug}"), ("get", "/manage/events/{slug}/edit"), ("post", "/manage/events/{slug}/edit"),
    ("post", "/manage/events/{slug}/publish"), ("get", "/manage/events/{slug}/cancel"),
    ("post", "/manage/events/{slug}/cancel"), ("post", "/manage/events/{slug}/restore"),
    ("get", "/manage/events/{slug}/desk"), ("post", "/manage/events/{slug}/scan"),
    ("post", "/manage/events/{slug}/manual"), ("get", "/manage/events/{slug}/desk/search?q=lan"),
    ("get", "/manage/events/{slug}/poster"), ("get", "/manage/events/{slug}/projector"),
("get", "/manage/events/{slug}/headcount"),
    ("post", "/manage/events/{slug}/headcount"),
]


@pytest.mark.parametrize("method, route", STAFF_ROUTES)
def test_organiser_of_another_commune_gets_nothing(ctx, client, auth, method, route):
    """Can commune B's organiser reach commune A's event by guessing its address? Every route says 404."""
    gen_user("b-organiser", commune_code="10183")
    event = open_event(commune=commune("10198"))
    entry = gen_registration_now(event)
    auth.login("b-organiser")
    token = csrf_from(client, "/manage/")
    url = route.format(slug=event.slug)
    data = {"csrf_token": token, "code": entry.short_code, "male": "1", "female": "1", "other": "1", "title": "X"}
    response = client.get(url) if method == "get" else client.post(url, data=data)
    assert response.status_code == 404
    assert entry.person.full_name not in response.text
    db.session.refresh(event)
    assert event.status == "published" and event.title != "X"
    assert attendance_now(entry) is None


def test_organiser_of_another_commune_cannot_check_in_from_the_ticket(ctx, client, auth):
    gen_user("b-organiser", commune_code="10183")
    event = open_event(commune=commune("10198"))
    entry = gen_registration_now(event)
    auth.login("b-organiser")
    page = client.get(f"/t/{entry.token}").text
    assert "Xác nhận điểm danh" not in page
    token = csrf_from(client, "/manage/")
    assert client.post(f"/t/{entry.token}/check-in", data={"csrf_token": token}).status_code == 404
    assert attendance_now(entry) is None


def test_organiser_list_shows_only_their_communes_events(ctx, client, auth):
    gen_user()
    gen_event(title="Việc của Hòa Bình", commune=commune("10198"))
    gen_event(title="Việc của thị trấn", commune=commune("10183"))
    auth.login()
    page = client.get("/manage/").text
    assert "Việc của Hòa Bình" in page and "Việc của thị trấn" not in page


@pytest.mark.parametrize("method, route", STAFF_ROUTES)
def test_the_events_own_organiser_reaches_every_route(ctx, client, auth, method, route):
    """The same addresses work for the commune's own organiser, so the 404s above are about rights."""
    gen_user()
    event = open_event(commune=commune("10198"))
    entry = gen_registration_now(event)
    auth.login()
    token = csrf_from(client, "/manage/")
    url = route.format(slug=event.slug)
    data = {"csrf_token": token, "code": entry.short_code, "male": "1", "female": "1", "other": "1", "title": "X"}
    response = client.get(url) if method == "get" else client.post(url, data=data)
    assert response.status_code in (200, 303, 422)


def test_capacity_below_the_seats_taken_is_a_form_error(ctx, client, auth):
    gen_user()
    event = gen_event(capacity=5)
    for phone in ("0911111111", "0922222222", "0933333333"):
        gen_registration(event, phone=phone)
    auth.login()
    token = csrf_from(client, f"/manage/events/{event.slug}/edit")
    response = client.post(f"/manage/events/{event.slug}/edit", data=_event_form(
        csrf_token=token, title="Tên mới", starts_at=event.starts_at.strftime("%Y-%m-%dT%H:%M"),
        ends_at=event.ends_at.strftime("%Y-%m-%dT%H:%M"), capacity="2"))
    assert response.status_code == 422
    assert "Đã có 3 người giữ chỗ" in response.text and 'value="Tên mới"' in response.text
    db.session.expire_all()
    assert event.capacity == 5 and event.title != "Tên mới"
    exact = client.post(f"/manage/events/{event.slug}/edit", data=_event_form(
        csrf_token=token, starts_at=event.starts_at.strftime("%Y-%m-%dT%H:%M"),
        ends_at=event.ends_at.strftime("%Y-%m-%dT%H:%M"), capacity="3"))
    assert exact.status_code == 303


def test_a_seat_taken_meanwhile_still_stops_a_lower_capacity(ctx):
    """If registrations took seats after the form was read, does the database's check still refuse the change?"""
    from sqlalchemy import update

    from portal.catalogue import organising

    event = gen_event(capacity=5)
    db.session.execute(update(Event).where(Event.id == event.id).values(seats_taken=3)
                       .execution_options(synchronize_session=False))  # another request's registrations
    db.session.commit()
    assert event.seats_taken == 0  # what this request still believes
    values = {name: getattr(event, name) for name in organising.EVENT_FIELDS} | {"capacity": 2}
    with pytest.raises(organising.CapacityBelowSeats) as refused:
        organising.save_event(event, values, event.commune_id)
    assert refused.value.seats == 3
    db.session.rollback()
    assert db.session.get(Event, event.id).capacity == 5


def _total_participants(client):
    """The district's participants on the admin's dashboard."""
    import re

    total = re.search(r'<tr id="row-total">(.*?)</tr>', client.get("/dashboard/").text, re.S).group(1)
    return int(re.findall(r">(\d+)<", total)[2])


def test_cancelling_asks_first_on_a_page_of_its_own(ctx, client, auth):
    """One tap on "Hủy hoạt động" opens a confirmation page (no JavaScript needed); nothing is cancelled yet."""
    gen_user()
    event = gen_event(title="Tập huấn Hòa Bình")
    for phone in ("0911111111", "0922222222"):
        gen_registration(event, phone=phone)
    auth.login()
    detail = client.get(f"/manage/events/{event.slug}").text
    assert f'href="/manage/events/{event.slug}/cancel"' in detail
    assert f'action="/manage/events/{event.slug}/cancel"' not in detail  # no one-tap cancel on the event's page
    page = client.get(f"/manage/events/{event.slug}/cancel")
    assert page.status_code == 200
    assert "Hủy hoạt động Tập huấn Hòa Bình?" in page.text and "2 người đã đăng ký" in page.text
    assert f'action="/manage/events/{event.slug}/cancel"' in page.text
    assert f'href="/manage/events/{event.slug}"' in page.text  # the way back
    db.session.refresh(event)
    assert event.status == "published"


def test_a_cancelled_event_is_restored_with_its_registrations(ctx, client, auth):
    gen_user()
    event = gen_event()
    entries = [gen_registration(event, phone=phone) for phone in ("0911111111", "0922222222")]
    auth.login()
    token = csrf_from(client, "/manage/")
    assert client.post(f"/manage/events/{event.slug}/cancel", data={"csrf_token": token}).status_code == 303
    page = client.get(f"/manage/events/{event.slug}").text
    assert "Đã hủy" in page and f'action="/manage/events/{event.slug}/restore"' in page
    response = client.post(f"/manage/events/{event.slug}/restore", data={"csrf_token": token})
    assert response.status_code == 303
    db.session.expire_all()
    assert event.status == "published" and event.seats_taken == 2
    assert all(entry.status == "confirmed" for entry in entries)
    assert "Đã công bố" in client.get(f"/manage/events/{event.slug}/edit").text


def test_cancel_and_restore_move_the_dashboard_total(month, client, auth):
    """The live counts follow: a cancelled event's participants leave the total, and come back on restore."""
    from portal.models import Event as Model

    auth.login("admin")
    before = _total_participants(client)
    training = db.session.scalar(select(Model).where(Model.title == "T1"))
    token = csrf_from(client, "/manage/")
    client.post(f"/manage/events/{training.slug}/cancel", data={"csrf_token": token})
    dropped = _total_participants(client)
    assert dropped < before
    client.post(f"/manage/events/{training.slug}/restore", data={"csrf_token": token})
    assert _total_participants(client) == before


def test_every_change_to_an_event_is_kept_in_its_history(ctx, client, auth):
    gen_user()
    auth.login()
    token = csrf_from(client, "/manage/events/new")
    client.post("/manage/events/new", data=_event_form(csrf_token=token))
    event = db.session.scalar(select(Event))
    client.post(f"/manage/events/{event.slug}/edit", data=_event_form(csrf_token=token, title="Tên mới"))
    for action in ("publish", "cancel", "restore"):
        client.post(f"/manage/events/{event.slug}/{action}", data={"csrf_token": token})
    page = client.get(f"/manage/events/{event.slug}").text
    start = page.index('id="history"')
    history = page[start:page.index("</section>", start)]
    places = [history.find(what) for what in ("Tạo", "Sửa", "Công bố", "Hủy", "Khôi phục")]
    assert -1 not in places and places == sorted(places)  # each change, oldest first
    assert history.count("Organiser") >= 5
