"""Collaborators: made by admins and by their unit's organiser, they register people for their unit's published
events and see, print and count only the registrations they made; every other staff door stays shut to them."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import checkin, clock
from portal.extensions import db
from portal.models import Registration, User
from tests.conftest import Auth, csrf_from
from tests.factories import (
    PASSWORD,
    attendance_now,
    commune,
    form_data,
    gen_event,
    gen_registration,
    gen_user,
)

HOME = "/cong-tac-vien/"


def _account(client, **fields):
    data = {"csrf_token": csrf_from(client, "/manage/users"), "username": "ctv-hoa", "full_name": "Đỗ Thị Hằng",
            "password": PASSWORD, **fields}
    return client.post("/manage/users", data=data)


def _user(username):
    return db.session.scalar(select(User).where(User.username == username))


def test_admin_creates_a_collaborator_of_any_unit(ctx, client, auth):
    gen_user("admin", role="admin")
    auth.login("admin")
    assert _account(client, role="collaborator", commune="10183").status_code == 303
    made = _user("ctv-hoa")
    assert (made.role, made.commune.code) == ("collaborator", "10183")
    assert "Cộng tác viên" in client.get("/manage/users").text


def test_a_collaborator_needs_a_unit(ctx, client, auth):
    gen_user("admin", role="admin")
    auth.login("admin")
    response = _account(client, role="collaborator", commune="")
    assert response.status_code == 422 and "Vui lòng chọn một đơn vị" in response.text
    assert _user("ctv-hoa") is None


def test_an_organiser_adds_collaborators_to_their_own_unit_only(ctx, client, auth):
    """Whatever role or unit a tampered form names, an organiser's new account is a collaborator of their unit."""
    gen_user()
    auth.login()
    page = client.get("/manage/users")
    assert page.status_code == 200 and 'name="role"' not in page.text and 'name="commune"' not in page.text
    assert _account(client, role="admin", commune="10183").status_code == 303
    made = _user("ctv-hoa")
    assert (made.role, made.commune.code) == ("collaborator", "10198")


def test_an_organisers_page_lists_only_their_units_collaborators(ctx, client, auth):
    gen_user("admin", role="admin")
    gen_user()
    gen_user("nguoi-to-chuc-khac", commune_code="10183")
    gen_user("ctv-hoa-binh", role="collaborator")
    gen_user("ctv-thi-tran", role="collaborator", commune_code="10183")
    auth.login()
    page = client.get("/manage/users").text
    assert "ctv-hoa-binh" in page
    for hidden in ("admin", "nguoi-to-chuc-khac", "ctv-thi-tran"):
        assert hidden not in page
    assert "/manage/users" in client.get("/manage/").text  # the organiser's way there


def test_an_organiser_locks_their_units_collaborator_but_no_one_else(ctx, client, auth):
    gen_user()
    own = gen_user("ctv-hoa-binh", role="collaborator")
    other = gen_user("ctv-thi-tran", role="collaborator", commune_code="10183")
    colleague = gen_user("dong-nghiep")
    auth.login()
    token = csrf_from(client, "/manage/users")
    assert client.post(f"/manage/users/{own.id}/deactivate", data={"csrf_token": token}).status_code == 303
    for account in (other, colleague):
        assert client.post(f"/manage/users/{account.id}/deactivate", data={"csrf_token": token}).status_code == 404
    db.session.expire_all()
    assert (own.active, other.active, colleague.active) == (False, True, True)


def test_a_collaborator_signs_in_to_their_own_page(ctx, client, auth):
    gen_user("ctv", role="collaborator")
    response = auth.login("ctv")
    assert response.status_code == 303
    assert client.get("/manage/").headers["Location"].endswith(HOME)
    page = client.get(HOME)
    assert page.status_code == 200 and "Cộng tác viên" in page.text


def test_the_home_lists_the_units_upcoming_published_events(ctx, client, auth):
    gen_user("ctv", role="collaborator")
    gen_event(title="Tập huấn ở Hòa Bình")
    gen_event(title="Bản nháp ở Hòa Bình", status="draft")
    gen_event(title="Đã qua ở Hòa Bình", starts_at=clock.now() - timedelta(days=2))
    gen_event(title="Tập huấn ở thị trấn", commune=commune("10183"))
    auth.login("ctv")
    page = client.get(HOME).text
    assert "Tập huấn ở Hòa Bình" in page and "Đăng ký cho người dân" in page
    for hidden in ("Bản nháp", "Đã qua", "thị trấn"):
        assert hidden not in page


def _register(client, event, **fields):
    url = f"/cong-tac-vien/events/{event.slug}"
    return client.post(f"{url}/register", data=form_data(csrf_token=csrf_from(client, url), **fields))


def test_a_collaborator_registers_a_person_who_gets_a_ticket_of_their_own(ctx, client, auth):
    ctv = gen_user("ctv", role="collaborator")
    event = gen_event(title="Tập huấn ở Hòa Bình", capacity=10)
    auth.login("ctv")
    response = _register(client, event, full_name="Phạm Văn Bình", phone="0987 654 321", sex="male")
    assert response.status_code == 303
    made = db.session.scalar(select(Registration))
    assert (made.source, made.registered_by_id, made.person.full_name) == ("collaborator", ctv.id, "Phạm Văn Bình")
    page = client.get(response.headers["Location"]).text
    assert "Phạm Văn Bình" in page and f"{made.short_code[:4]}-{made.short_code[4:]}" in page
    assert "0987654321" not in page


def test_a_collaborators_form_keeps_what_was_typed_and_says_what_is_wrong(ctx, client, auth):
    gen_user("ctv", role="collaborator")
    event = gen_event()
    auth.login("ctv")
    response = _register(client, event, full_name="Phạm Văn Bình", phone="0168 123 4567", birth_year="75")
    assert response.status_code == 422
    assert "Phạm Văn Bình" in response.text and "error-summary" in response.text
    assert db.session.scalar(select(Registration)) is None


def test_someone_already_registered_by_the_public_form_is_not_handed_over(ctx, client, auth):
    """A collaborator typing a person who registered on their own learns it, and gets neither ticket nor list entry."""
    gen_user("ctv", role="collaborator")
    event = gen_event()
    own = gen_registration(event, full_name="Nguyễn Thị Lan")
    auth.login("ctv")
    response = _register(client, event, full_name="Nguyễn Thị Lan")
    assert response.status_code == 422 and "đã đăng ký hoạt động này" in response.text
    assert own.token not in response.text and own.short_code not in response.text
    db.session.refresh(own)
    assert (own.source, own.registered_by_id) == ("public", None)


def test_a_full_or_other_units_or_draft_event_takes_nothing(ctx, client, auth):
    gen_user("ctv", role="collaborator")
    full = gen_event(capacity=1)
    gen_registration(full, phone="0911111111")
    auth.login("ctv")
    response = _register(client, full)
    assert response.status_code == 422 and "hết chỗ" in response.text
    for event in (gen_event(commune=commune("10183")), gen_event(status="draft")):
        assert client.get(f"/cong-tac-vien/events/{event.slug}").status_code == 404
        token = csrf_from(client, HOME)
        assert client.post(f"/cong-tac-vien/events/{event.slug}/register",
                           data=form_data(csrf_token=token)).status_code == 404
    assert db.session.scalar(select(Registration).where(Registration.source == "collaborator")) is None


def test_the_home_lists_only_their_registrations_and_counts_who_came(ctx, client, auth):
    ctv = gen_user("ctv", role="collaborator")
    other = gen_user("ctv-khac", role="collaborator")
    event = gen_event(title="Tập huấn ở Hòa Bình", starts_at=clock.now() + timedelta(minutes=30))
    came = gen_registration(event, by=ctv, full_name="Phạm Văn Bình", phone="0911111111")
    gen_registration(event, by=ctv, full_name="Lê Thị Mai", phone="0922222222")
    gen_registration(event, by=other, full_name="Trần Văn Hùng", phone="0933333333")
    gen_registration(event, full_name="Nguyễn Thị Lan", phone="0944444444")
    auth.login("ctv")
    page = client.get(HOME)
    assert "Phạm Văn Bình" in page.text and "Lê Thị Mai" in page.text
    assert "Trần Văn Hùng" not in page.text and "Nguyễn Thị Lan" not in page.text
    assert 'id="brought">0<' in page.text and page.headers["Cache-Control"] == "private, no-store"
    checkin.check_in_registration(event, came, "ticket", clock.now())
    db.session.commit()
    assert 'id="brought">1<' in client.get(HOME).text


# Every door of the organisers' area and the dashboard (the collaborator's unit's own event, a ticket of theirs).
def _staff_doors(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(("manage.", "dashboard.")) and rule.endpoint != "manage.index":
            for method in sorted(rule.methods & {"GET", "POST"}):
                yield method, rule.rule


@pytest.fixture
def collaborator(ctx, client):
    """A collaborator of Hòa Bình signed in; their unit's event with a ticket they made: (csrf token, event, ticket)."""
    ctv = gen_user("ctv", role="collaborator")
    gen_user("admin", role="admin")
    event = gen_event(starts_at=clock.now() + timedelta(minutes=30))
    ticket = gen_registration(event, by=ctv, full_name="Phạm Văn Bình")
    Auth(client).login("ctv")
    return csrf_from(client, HOME), event, ticket


def test_a_collaborator_gets_404_at_every_door_of_the_staff_area(app, collaborator, client):
    token, event, ticket = collaborator
    values = {"slug": event.slug, "fmt": "csv", "campaign_id": event.campaign_id, "user_id": _user("admin").id,
              "list_id": commune().unit_list_id, "unit_id": commune().id, "number": 1}
    doors = list(_staff_doors(app))
    assert len(doors) > 50
    for method, rule in doors:
        url = rule
        for name, value in values.items():
            url = url.replace(f"<{name}>", str(value)).replace(f"<int:{name}>", str(value))
        data = {"csrf_token": token, "code": ticket.short_code, "male": "1", "title": "X", "username": "x",
                "password": PASSWORD, "role": "admin"}
        response = client.get(url) if method == "GET" else client.post(url, data=data)
        assert (method, url, response.status_code) == (method, url, 404)
        assert "Phạm Văn Bình" not in response.text
    db.session.refresh(event)
    assert event.title != "X" and attendance_now(ticket) is None and _user("x") is None


def test_a_collaborator_cannot_check_in_from_a_ticket(collaborator, client):
    token, _event, ticket = collaborator
    assert "Xác nhận điểm danh" not in client.get(f"/t/{ticket.token}").text
    assert client.post(f"/t/{ticket.token}/check-in", data={"csrf_token": token}).status_code == 404
    assert attendance_now(ticket) is None


def test_organisers_and_admins_do_not_get_the_collaborators_pages(ctx, client, auth):
    gen_user()
    gen_user("admin", role="admin")
    event = gen_event()
    for username in ("organiser", "admin"):
        auth.login(username)
        assert client.get(HOME).status_code == 404
        assert client.get(f"/cong-tac-vien/events/{event.slug}").status_code == 404
        auth.logout()


def test_a_cancelled_public_ticket_taken_again_by_a_collaborator_becomes_theirs(ctx):
    from portal.registration import cancel
    from portal.registration.on_behalf import register_on_behalf
    from tests.factories import details

    ctv = gen_user("ctv", role="collaborator")
    event = gen_event()
    first = gen_registration(event)
    old_token = first.token
    cancel(first, clock.now())
    renewed, created = register_on_behalf(event, details(), ctv, clock.now())
    db.session.commit()
    assert created and renewed.id == first.id and renewed.token != old_token
    assert (renewed.source, renewed.registered_by_id) == ("collaborator", ctv.id)


def test_registering_on_behalf_is_in_the_audit_log_without_the_person(ctx, client, auth):
    from portal.models import AuditEntry
    from tests.test_page_ids import _check

    gen_user("ctv", role="collaborator")
    event = gen_event()
    auth.login("ctv")
    failed = _register(client, event, full_name="", birth_year="75")
    _check(f"/cong-tac-vien/events/{event.slug}/register", failed)  # the form with its messages
    _register(client, event, full_name="Phạm Văn Bình", phone="0987654321")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "registered_on_behalf"))
    assert entry.target == event.slug and "Bình" not in entry.target
