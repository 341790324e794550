"""View tests: a closed campaign's report is frozen, so nothing that would change its numbers is taken any more
(registrations, every check-in, headcounts, organisers' changes to its events, cancellations); every page stays
readable."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import checkin, clock
from portal import registration as registering
from portal.catalogue import closing, current_campaign, organising
from portal.extensions import db
from portal.models import Attendance, Event, Headcount, Person, Registration
from portal.tally import headcounts
from tests.conftest import csrf_from
from tests.factories import (
    details,
    form_data,
    gen_event,
    gen_registration,
    gen_registration_now,
    gen_user,
    open_event,
)

REGISTER_CLOSED = "Tháng hành động này đã khép lại; không nhận đăng ký nữa."
CHECKIN_CLOSED = "Tháng hành động này đã khép lại; không nhận điểm danh nữa."
HEADCOUNT_CLOSED = "Tháng hành động này đã khép lại; số liệu đã chốt nên không nhập hay sửa số lượng được nữa."
EVENTS_CLOSED = ("Tháng hành động này đã khép lại; số liệu đã chốt nên không thể tạo, sửa, công bố, hủy hay khôi phục "
                 "hoạt động nữa.")
CANCEL_CLOSED = "Tháng hành động này đã khép lại; số liệu đã chốt nên không thể hủy đăng ký nữa."


def _close():
    """An admin closes the current campaign (its report is frozen now)."""
    closing.close(current_campaign(clock.now().date()), None, clock.now())
    db.session.commit()
    db.session.expire_all()  # what the test reads afterwards comes from the database


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def _organiser(client, auth):
    """Sign in as a Hòa Bình organiser; return a CSRF token of the session."""
    gen_user()
    auth.login()
    return csrf_from(client, "/manage/")


# Registering


def test_the_event_page_of_a_closed_campaign_says_so_instead_of_the_form(ctx, client):
    event = gen_event()
    _close()
    page = client.get(f"/events/{event.slug}")
    assert page.status_code == 200 and REGISTER_CLOSED in page.text
    assert 'id="register-form"' not in page.text and "Không nhận đăng ký" in page.text


def test_registering_after_closing_is_refused_and_writes_nothing(ctx, client, htmx):
    event = gen_event()
    token = csrf_from(client, f"/events/{event.slug}")  # the form was open before the campaign closed
    _close()
    response = client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token))
    assert response.status_code == 422 and REGISTER_CLOSED in response.text
    assert 'value="Nguyễn Thị Lan"' in response.text  # what was typed stays
    part = htmx.post(f"/events/{event.slug}/register", target="register-form", csrf=token,
                     data=form_data(csrf_token=token))
    assert part.status_code == 422 and REGISTER_CLOSED in part.text and "<html" not in part.text
    assert _count(Registration) == 0 and _count(Person) == 0
    assert db.session.get(Event, event.id).seats_taken == 0


def test_registration_refusal_names_the_closing_first(ctx):
    event = gen_event()
    assert registering.refusal(event, clock.now()) is None
    _close()
    event = db.session.get(Event, event.id)
    assert str(registering.refusal(event, clock.now())) == REGISTER_CLOSED
    with pytest.raises(registering.RegistrationRefused, match=REGISTER_CLOSED):
        registering.register(event, details(), clock.now(), consent_at=clock.now())


# Checking in


def test_a_desk_scan_after_closing_is_red_and_records_nothing(ctx, client, auth, htmx):
    token = _organiser(client, auth)
    event = open_event()
    entry = gen_registration_now(event)
    _close()
    url = f"/manage/events/{event.slug}/scan"
    scanned = htmx.post(url, target="scan-result", csrf=token, data={"code": f"http://localhost/t/{entry.token}"})
    assert scanned.status_code == 200 and 'class="scan-result refused"' in scanned.text
    assert CHECKIN_CLOSED in scanned.text
    typed = client.post(url, data={"csrf_token": token, "code": entry.short_code})  # a desk without JavaScript
    assert "<html" in typed.text and 'class="scan-result refused"' in typed.text and CHECKIN_CLOSED in typed.text
    assert _count(Attendance) == 0


def test_a_manual_check_in_from_the_desk_list_after_closing_is_refused(ctx, client, auth, htmx):
    token = _organiser(client, auth)
    event = open_event()
    entry = gen_registration_now(event)
    _close()
    assert entry.short_code in client.get(f"/manage/events/{event.slug}/desk/search?q=lan").text  # still readable
    response = htmx.post(f"/manage/events/{event.slug}/manual", target="scan-result", csrf=token,
                         data={"code": entry.short_code})
    assert 'class="scan-result refused"' in response.text and CHECKIN_CLOSED in response.text
    assert _count(Attendance) == 0


def test_staff_confirming_from_the_ticket_after_closing_is_refused(ctx, client, auth):
    token = _organiser(client, auth)
    event = open_event()
    entry = gen_registration_now(event)
    _close()
    response = client.post(f"/t/{entry.token}/check-in", data={"csrf_token": token})
    assert 'class="scan-result refused"' in response.text and CHECKIN_CLOSED in response.text
    assert _count(Attendance) == 0


def test_the_event_qr_after_closing_says_so_and_offers_no_form(ctx, client):
    event = open_event()
    _close()
    page = client.get(f"/c/{event.checkin_code}")
    assert page.status_code == 200 and CHECKIN_CLOSED in page.text
    assert 'id="identify"' not in page.text and 'id="walk-in"' not in page.text


def test_self_check_in_by_every_way_after_closing_is_refused(ctx, client):
    """The page was opened (and the browser registered) before closing; each way in is refused afterwards."""
    event = gen_event(starts_at=clock.now() + timedelta(minutes=30))  # registration open, check-in window open
    token = csrf_from(client, f"/events/{event.slug}")
    client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token))
    assert "Xin chào Nguyễn Thị Lan" in client.get(f"/c/{event.checkin_code}").text
    _close()
    base = f"/c/{event.checkin_code}"
    confirm = client.post(f"{base}/confirm", data={"csrf_token": token})
    identify = client.post(f"{base}/identify", data={"csrf_token": token, "phone": "0912 345 678",
                                                     "birth_year": "1990"})
    walk_in = client.post(f"{base}/walk-in", data={"csrf_token": token, "full_name": "Phạm Văn Bình", "sex": "male",
                                                   "birth_year": "1975", "commune": "10183", "consent": "y"})
    for response in (confirm, identify, walk_in):
        assert response.status_code == 422 and CHECKIN_CLOSED in response.text
    assert _count(Attendance) == 0 and _count(Person) == 1  # the registered person only: no walk-in was made


@pytest.mark.parametrize("way", ["ticket", "identified", "walk_in"])
def test_every_check_in_goes_through_the_closed_gate(ctx, way):
    event = open_event()
    entry = gen_registration_now(event)
    _close()
    event, now = db.session.get(Event, event.id), clock.now()
    assert str(checkin.window_refusal(event, now)) == CHECKIN_CLOSED
    check_in = {"ticket": lambda: checkin.check_in_registration(event, db.session.get(Registration, entry.id),
                                                               "ticket", now),
                "identified": lambda: checkin.check_in_identified(event, entry.phone, 1990, now),
                "walk_in": lambda: checkin.check_in_walk_in(event, details(full_name="Phạm Văn Bình",
                                                                           phone=None), now)}[way]
    with pytest.raises(checkin.CheckinRefused, match=CHECKIN_CLOSED) as refused:
        check_in()
    assert refused.value.reason == "closed" and _count(Attendance) == 0


def test_a_desk_scan_learns_whether_the_campaign_is_closed_with_its_event(ctx, client, auth, htmx):
    """Does a scan read the campaign (or its closing) with a query of its own? It comes with the event."""
    from sqlalchemy import event as sa_event

    token = _organiser(client, auth)
    event = open_event()
    entry = gen_registration_now(event)
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    sa_event.listen(db.engine, "before_cursor_execute", seen)
    try:
        scanned = htmx.post(f"/manage/events/{event.slug}/scan", target="scan-result", csrf=token,
                            data={"code": entry.short_code})
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", seen)
    assert 'class="scan-result new"' in scanned.text
    assert not [s for s in statements if re.search(r"\bFROM campaign(_closing)?\b", s)]
    assert [s for s in statements if re.search(r"FROM event LEFT OUTER JOIN campaign .*JOIN campaign_closing", s, re.S)]


# Headcounts


def test_the_headcount_page_of_a_closed_campaign_stays_readable_and_says_why(ctx, client, auth):
    _organiser(client, auth)
    event = open_event(kind="communication")
    headcounts.record_headcount(event, 3, 4, 0, {}, "trước khi khép", gen_user("admin", role="admin"), clock.now(),
                                revises=0)
    db.session.commit()
    _close()
    page = client.get(f"/manage/events/{event.slug}/headcount")
    assert page.status_code == 200 and HEADCOUNT_CLOSED in page.text and "trước khi khép" in page.text


def test_a_headcount_after_closing_is_refused_next_to_the_form(ctx, client, auth):
    _organiser(client, auth)
    event = open_event(kind="communication")
    token = csrf_from(client, f"/manage/events/{event.slug}/headcount")
    _close()
    response = client.post(f"/manage/events/{event.slug}/headcount", data={
        "csrf_token": token, "revises": "0", "male": "30", "female": "50", "other": "5", "note": "danh sách giấy"})
    assert response.status_code == 409 and HEADCOUNT_CLOSED in response.text
    form = response.text.split(f'action="/manage/events/{event.slug}/headcount"', 1)[1].split("</form>", 1)[0]
    assert HEADCOUNT_CLOSED in form and 'value="30"' in form and 'value="danh sách giấy"' in form
    assert _count(Headcount) == 0


def test_recording_a_headcount_for_a_closed_campaign_raises(ctx):
    user = gen_user()
    event = open_event(kind="communication")
    _close()
    with pytest.raises(headcounts.HeadcountRefused, match=HEADCOUNT_CLOSED):
        headcounts.record_headcount(db.session.get(Event, event.id), 1, 2, 0, {}, "", user, clock.now(),
                                    revises=0)
    assert _count(Headcount) == 0


# Organisers' events


def _event_form(**fields):
    start = clock.now() + timedelta(days=2)
    values = {"kind": "training", "title": "Tập huấn cộng tác viên", "commune": "10198", "venue": "Hội trường",
              "description": "", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
              "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), "capacity": "40",
              "registration_open": "y"}
    values.update(fields)
    return values


def test_creating_an_event_in_a_closed_campaign_is_refused(ctx, client, auth):
    token = _organiser(client, auth)
    _close()
    page = client.get("/manage/events/new")
    assert page.status_code == 200 and EVENTS_CLOSED in page.text
    response = client.post("/manage/events/new", data=_event_form(csrf_token=token))
    assert response.status_code == 409 and EVENTS_CLOSED in response.text
    assert 'value="Tập huấn cộng tác viên"' in response.text and _count(Event) == 0


def test_editing_an_event_of_a_closed_campaign_is_refused(ctx, client, auth):
    token = _organiser(client, auth)
    event = gen_event(title="Tên cũ")
    _close()
    page = client.get(f"/manage/events/{event.slug}/edit")
    assert page.status_code == 200 and EVENTS_CLOSED in page.text
    response = client.post(f"/manage/events/{event.slug}/edit", data=_event_form(csrf_token=token, title="Tên mới"))
    assert response.status_code == 409 and EVENTS_CLOSED in response.text and 'value="Tên mới"' in response.text
    assert db.session.scalar(select(Event.title)) == "Tên cũ"


@pytest.mark.parametrize("action, status, after", [("publish", "draft", "draft"), ("cancel", "published", "published"),
                                                   ("restore", "cancelled", "cancelled")])
def test_publishing_cancelling_or_restoring_an_event_of_a_closed_campaign_is_refused(ctx, client, auth, action,
                                                                                    status, after):
    token = _organiser(client, auth)
    event = gen_event(status=status)
    _close()
    response = client.post(f"/manage/events/{event.slug}/{action}", data={"csrf_token": token})
    assert response.status_code == 409 and EVENTS_CLOSED in response.text
    assert db.session.scalar(select(Event.status)) == after


def test_an_event_of_a_closed_campaign_stays_readable_without_ways_to_change_it(ctx, client, auth):
    _organiser(client, auth)
    event = open_event()
    gen_registration_now(event)
    _close()
    page = client.get(f"/manage/events/{event.slug}")
    assert page.status_code == 200 and "Nguyễn Thị Lan" in page.text and EVENTS_CLOSED in page.text
    assert f"/manage/events/{event.slug}/edit" not in page.text
    assert f"/manage/events/{event.slug}/cancel" not in page.text
    confirm = client.get(f"/manage/events/{event.slug}/cancel")
    assert confirm.status_code == 200 and EVENTS_CLOSED in confirm.text and "Có, hủy hoạt động" not in confirm.text


def test_organising_a_closed_campaigns_events_raises(ctx):
    event = gen_event(status="draft")
    _close()
    event = db.session.get(Event, event.id)
    for change in (organising.publish, organising.cancel, organising.restore):
        with pytest.raises(organising.ChangeRefused, match=EVENTS_CLOSED):
            change(event)
    with pytest.raises(organising.ChangeRefused):
        organising.save_event(None, {name: getattr(event, name) for name in organising.EVENT_FIELDS},
                              event.commune_id, event.campaign)
    assert _count(Event) == 1 and db.session.get(Event, event.id).status == "draft"


# Cancelling one's registration


def test_cancelling_a_registration_for_a_future_event_of_a_closed_campaign_is_refused(ctx, client):
    event = gen_event(capacity=10)
    entry = gen_registration(event)
    token = csrf_from(client, f"/t/{entry.token}/cancel")  # the confirmation was open before closing
    _close()
    ticket = client.get(f"/t/{entry.token}")
    assert ticket.status_code == 200 and f"/t/{entry.token}/cancel" not in ticket.text
    confirm = client.get(f"/t/{entry.token}/cancel")
    assert CANCEL_CLOSED in confirm.text and "Có, hủy đăng ký" not in confirm.text
    response = client.post(f"/t/{entry.token}/cancel", data={"csrf_token": token})
    assert response.status_code == 409 and CANCEL_CLOSED in response.text
    assert db.session.scalar(select(Registration.status)) == "confirmed"
    assert db.session.get(Event, event.id).seats_taken == 1


# Reading


def test_every_page_stays_readable_after_closing(ctx, client, auth):
    _organiser(client, auth)
    event = open_event()
    entry = gen_registration_now(event)
    _close()
    for url in ("/", "/events", f"/events/{event.slug}", f"/t/{entry.token}", f"/t/{entry.token}/qr.png",
                "/manage/", f"/manage/events/{event.slug}", f"/manage/events/{event.slug}/desk",
                f"/manage/events/{event.slug}/headcount", f"/manage/events/{event.slug}/poster",
                "/dashboard/", "/dashboard/report", f"/dashboard/events/{event.slug}"):
        assert client.get(url).status_code == 200, url
