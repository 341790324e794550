"""The audit log: each staff action leaves one entry without personal data; only admins read it, nobody edits it;
the attendance list leaves phone numbers out unless an admin asks; staff pages listing people are never cached."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import AuditEntry, Event, User
from tests.conftest import csrf_from
from tests.factories import (
    commune,
    gen_registration_now,
    gen_user,
    open_event,
)

NAME, PHONE = "Đỗ Thị Hằng", "0987654321"
HIDDEN_REVISES = re.compile(r'name="revises"[^>]*value="(\d*)"')


@pytest.fixture
def staff(ctx, client, auth):
    """An admin signed in, an open event in Hòa Bình with one registered person; (csrf token, event, registration)."""
    gen_user("admin", role="admin")
    auth.login("admin")
    event = open_event(commune=commune("10198"))
    entry = gen_registration_now(event, full_name=NAME, phone=PHONE)
    return csrf_from(client, "/manage/"), event, entry


def _entries():
    """Every audit entry as the database has it now."""
    db.session.expire_all()
    return db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()


def _values(entry):
    """Every column's value of an audit entry, as text."""
    return [str(getattr(entry, column.key)) for column in AuditEntry.__table__.columns]


def _event_form(token, **fields):
    start = clock.now() + timedelta(days=2)
    values = {"csrf_token": token, "kind": "training", "title": "Tập huấn", "commune": "10198", "venue": "Hội trường",
              "description": "", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
              "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), "capacity": "40",
              "registration_open": "y"}
    return values | fields


def _headcount(client, token, event, entry):
    page = client.get(f"/manage/events/{event.slug}/headcount").text
    revises = HIDDEN_REVISES.search(page)
    return client.post(f"/manage/events/{event.slug}/headcount", data={
        "csrf_token": token, "revises": revises.group(1) if revises else "", "male": "1", "female": "2", "other": "0"})


def _cancelled(event):
    event.status = "cancelled"
    db.session.commit()
    return event


def _draft(event):
    event.status = "draft"
    db.session.commit()
    return event


ACTIONS = {  # action: (what the staff member does (client, token, event, registration), what it was done on)
    "people_viewed": (lambda c, t, e, r: c.get(f"/manage/events/{e.slug}"), "slug"),
    "people_searched": (lambda c, t, e, r: c.get(f"/manage/events/{e.slug}?q={NAME}"), "slug"),
    "desk search": (lambda c, t, e, r: c.get(f"/manage/events/{e.slug}/desk/search?q={PHONE}"), "slug"),
    "ticket_scanned": (lambda c, t, e, r: c.post(f"/manage/events/{e.slug}/scan",
                                                 data={"csrf_token": t, "code": r.short_code}), "slug"),
    "manual_check_in": (lambda c, t, e, r: c.post(f"/manage/events/{e.slug}/manual",
                                                  data={"csrf_token": t, "code": r.short_code}), "slug"),
    "ticket_check_in": (lambda c, t, e, r: c.post(f"/t/{r.token}/check-in", data={"csrf_token": t}), "slug"),
    "headcount_saved": (lambda c, t, e, r: _headcount(c, t, e, r), "slug"),
    "event_created": (lambda c, t, e, r: c.post("/manage/events/new", data=_event_form(t)), "new event"),
    "event_edited": (lambda c, t, e, r: c.post(f"/manage/events/{e.slug}/edit", data=_event_form(t)), "slug"),
    "event_published": (lambda c, t, e, r: c.post(f"/manage/events/{_draft(e).slug}/publish",
                                                  data={"csrf_token": t}), "slug"),
    "event_cancelled": (lambda c, t, e, r: c.post(f"/manage/events/{e.slug}/cancel", data={"csrf_token": t}), "slug"),
    "event_restored": (lambda c, t, e, r: c.post(f"/manage/events/{_cancelled(e).slug}/restore",
                                                 data={"csrf_token": t}), "slug"),
    "account_created": (lambda c, t, e, r: c.post("/manage/users", data={
        "csrf_token": t, "username": "hang", "full_name": NAME, "role": "organiser", "commune": "10198",
        "password": "mật-khẩu-đủ-dài"}), "new user"),
    "account_deactivated": (lambda c, t, e, r: c.post(f"/manage/users/{gen_user().id}/deactivate",
                                                      data={"csrf_token": t}), "organiser"),
    "attendance_exported": (lambda c, t, e, r: c.get(f"/dashboard/events/{e.slug}/attendance.csv"), "slug"),
    "attendance_exported_phones": (lambda c, t, e, r: c.get(f"/dashboard/events/{e.slug}/attendance.xlsx?phones=1"),
                                   "slug"),
    "report_exported": (lambda c, t, e, r: c.get("/dashboard/report.csv"), ""),
    "ticket_sheet_printed": (lambda c, t, e, r: c.get(f"/manage/events/{e.slug}/tickets"), "slug"),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_each_staff_action_leaves_one_entry_with_no_personal_data(staff, client, action):
    token, event, registration = staff
    before = len(_entries())
    do, on = ACTIONS[action]
    response = do(client, token, event, registration)
    assert response.status_code in (200, 303), response.status_code
    entries = _entries()[before:]
    assert len(entries) == 1, [e.action for e in entries]
    entry = entries[0]
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    assert entry.action == ("people_searched" if action == "desk search" else action)
    assert entry.user_id == admin.id and entry.created_at and len(entry.address) >= 16
    expected = {"slug": event.slug, "": "",
                "new event": db.session.scalar(select(Event.slug).order_by(Event.id.desc()))}.get(on)
    if on == "new user":
        expected = str(db.session.scalar(select(User.id).where(User.username == "hang")))
    if on == "organiser":
        expected = str(db.session.scalar(select(User.id).where(User.username == "organiser")))
    assert entry.target == expected
    text = " ".join(_values(entry))
    for secret in (NAME, "Hằng", PHONE, "987654321", "127.0.0.1", "hang"):
        assert secret not in text


@pytest.mark.parametrize("path", ["scan", "manual"])
def test_every_scan_leaves_one_entry_a_rescan_and_a_refused_code_too(staff, client, path):
    """A scan's entry is written with its check-in (on PostgreSQL in the same statement): one per scan, whatever
    the answer, and none for a refused request that never reached the scan."""
    token, event, registration = staff
    other = gen_registration_now(open_event(commune=commune("10198")), full_name=NAME, phone="0987654322")
    before = len(_entries())
    for code in (registration.short_code, registration.short_code, "ZZZZZZZZ", other.short_code, ""):
        response = client.post(f"/manage/events/{event.slug}/{path}", data={"csrf_token": token, "code": code})
        assert response.status_code == 200
    entries = _entries()[before:]
    action = "ticket_scanned" if path == "scan" else "manual_check_in"
    assert [(e.action, e.target) for e in entries] == [(action, event.slug)] * 5
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    assert {e.user_id for e in entries} == {admin.id} and len({e.address for e in entries}) == 1
    assert all(e.created_at for e in entries)
    refused = client.post(f"/manage/events/{event.slug}/{path}", data={"code": registration.short_code})  # no CSRF
    assert refused.status_code == 400 and len(_entries()) == before + 5


def test_a_refused_change_leaves_no_entry(staff, client):
    token, event, _registration = staff
    response = client.post(f"/manage/events/{event.slug}/edit", data=_event_form(token, title=""))
    assert response.status_code == 422 and _entries() == []


def test_attendance_list_leaves_phones_out_unless_an_admin_asks(staff, client, auth):
    _token, event, _registration = staff
    url = f"/dashboard/events/{event.slug}/attendance.csv"
    plain = client.get(url)
    assert plain.headers["Cache-Control"] == "private, no-store"
    assert NAME in plain.text and PHONE not in plain.text and "987654321" not in plain.text
    assert PHONE in client.get(url + "?phones=1").text
    page = client.get(f"/manage/events/{event.slug}").text
    assert "kèm số điện thoại" in page and "phones=1" in page
    auth.logout()
    gen_user()
    auth.login()
    organiser = client.get(url + "?phones=1")
    assert organiser.status_code == 200 and PHONE not in organiser.text
    assert [e.action for e in _entries()][-1] == "attendance_exported"
    assert "phones=1" not in client.get(f"/manage/events/{event.slug}").text


@pytest.mark.parametrize("path", ["", "?q=hang", "/desk", "/desk/search?q=hang"])
def test_staff_pages_listing_people_are_never_stored(staff, client, path):
    _token, event, _registration = staff
    response = client.get(f"/manage/events/{event.slug}{path}")
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]


def test_organisers_cannot_read_the_log(ctx, client, auth):
    gen_user()
    auth.login()
    assert client.get("/manage/audit").status_code == 404
    assert "/manage/audit" not in client.get("/manage/").text


def test_no_route_changes_the_log(app):
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/manage/audit")]
    assert rules and all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in rules)


def test_admins_filter_the_log_by_action_user_and_date(staff, client):
    _token, event, _registration = staff
    other = gen_user("other", role="admin")
    today = clock.now()
    db.session.add_all([
        AuditEntry(created_at=today - timedelta(days=3), user_id=other.id, action="report_exported", target=""),
        AuditEntry(created_at=today, user_id=other.id, action="event_edited", target=event.slug),
    ])
    db.session.commit()
    client.get(f"/manage/events/{event.slug}")  # the admin's own entry: people_viewed
    page = client.get("/manage/")
    assert "/manage/audit" in page.text
    everything = client.get("/manage/audit")
    assert everything.status_code == 200 and "no-store" in everything.headers["Cache-Control"]
    assert everything.text.count('class="audit-entry"') == 3
    by_action = client.get("/manage/audit?action=event_edited").text
    assert by_action.count('class="audit-entry"') == 1 and event.slug in by_action
    by_user = client.get(f"/manage/audit?user={other.id}").text
    assert by_user.count('class="audit-entry"') == 2
    day = (today - timedelta(days=3)).date().isoformat()
    by_day = client.get(f"/manage/audit?from={day}&to={day}").text
    assert by_day.count('class="audit-entry"') == 1
    nonsense = client.get("/manage/audit?action=drop&user=x&from=yesterday&page=-4")
    assert nonsense.status_code == 200 and nonsense.text.count('class="audit-entry"') == 3


def test_the_log_is_paginated(staff, client, app):
    now = clock.now()
    db.session.add_all([AuditEntry(created_at=now, action="report_exported", target="") for _ in range(55)])
    db.session.commit()
    first = client.get("/manage/audit").text
    assert first.count('class="audit-entry"') == app.config.get("AUDIT_PER_PAGE", 50)
    assert "page=2" in first
    assert client.get("/manage/audit?page=2").text.count('class="audit-entry"') == 5
