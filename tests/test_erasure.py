"""Erasing one person's data at their request: their name, phone number and year of birth are gone from every table
while every number of every report stays exactly the same; tickets for events not yet held are cancelled."""
import re

from sqlalchemy import select, update

from portal import checkin, clock
from portal.catalogue import current_campaign
from portal.extensions import db
from portal.models import AuditEntry, DataRequest, Event, Person, Registration
from portal.registration import erasing
from portal.text import fold
from tests.conftest import csrf_from
from tests.factories import gen_event, gen_registration, gen_user, open_event
from tests.test_retention import dump, numbers

URL = "/du-lieu-cua-toi"
LAN = ("Nguyễn Thị Lan", "0911111111")
OTHERS = ("Trần Văn Hùng", "0922222222", "Lê Thị Mai", "0933333333")


def _prove(client, entry, phone, year="1990"):
    token = csrf_from(client, URL)
    return client.post(URL, data={"csrf_token": token, "phone": phone, "birth_year": year,
                                  "short_code": entry.short_code})


def _rename_the_other_lan():
    """The month's ghost registration bears the default name too; give that other person a name of their own."""
    db.session.execute(update(Person).where(Person.phone == "0955555555").values(
        full_name="Đỗ Văn Ma", name_key=fold("Đỗ Văn Ma")))
    db.session.commit()


def _everything():
    """Every table as one text."""
    return "\n".join(line for lines in dump().values() for line in lines)


def _report(client):
    """What an admin downloads and sees: the report CSV (by host and by residence) and the dashboard's cells."""
    return (client.get("/dashboard/report.csv").data, client.get("/dashboard/report.csv?by=residence").data,
            re.findall(r"<td[^>]*>([^<]*)</td>", client.get("/dashboard/").text))


def test_a_person_erasing_their_data_leaves_every_number_as_it_was_and_nothing_of_them(month, client, auth):
    campaign = current_campaign(clock.now().date())
    talk = db.session.scalar(select(Event).where(Event.title == "C1"))
    lan = db.session.scalar(select(Registration).where(Registration.phone == LAN[1]))
    _rename_the_other_lan()
    auth.login("admin")
    before, report_before = numbers(campaign.id, talk.id), _report(client)
    assert LAN[0] in _everything() and LAN[1] in _everything()
    auth.logout()

    assert _prove(client, lan, LAN[1]).status_code == 303
    confirm = client.get(URL + "/xoa")
    assert confirm.status_code == 200 and "không thể hoàn tác" in confirm.text
    token = csrf_from(client, URL + "/xoa")
    done = client.post(URL + "/xoa", data={"csrf_token": token}, follow_redirects=True)
    assert "Dữ liệu của bạn đã được xóa" in done.text
    assert "1 đăng ký" in done.text and "2 lượt tham dự" in done.text  # her ticket, and her walk-in at C1

    auth.login("admin")
    assert numbers(campaign.id, talk.id) == before
    assert _report(client) == report_before
    everything = _everything()
    for secret in (LAN[0], fold(LAN[0]), LAN[1]):
        assert secret not in everything
    for kept in OTHERS:
        assert kept in everything  # nobody else's data moved
    assert client.get(URL + "/xem").status_code == 303  # the proof is gone with the data


def test_erasure_is_queued_as_done_by_the_portal_itself(month, client):
    lan = db.session.scalar(select(Registration).where(Registration.phone == LAN[1]))
    _prove(client, lan, LAN[1])
    token = csrf_from(client, URL + "/xoa")
    client.post(URL + "/xoa", data={"csrf_token": token})
    request = db.session.scalar(select(DataRequest).where(DataRequest.kind == "erasure"))
    assert request.status == "done" and request.handled_by_id is None and request.phone_last3 == "111"


def test_a_ticket_for_an_event_not_yet_held_is_cancelled_and_its_seat_freed(ctx, client):
    event = gen_event(title="Tập huấn sắp tới", capacity=10)
    entry = gen_registration(event)
    db.session.refresh(event)
    assert event.seats_taken == 1
    result = erasing.erase(entry.phone, clock.now())
    db.session.commit()
    assert result.cancelled == 1
    entry, event = db.session.get(Registration, entry.id), db.session.get(Event, event.id)
    assert entry.status == "cancelled" and event.seats_taken == 0
    assert entry.person.full_name == "—" and entry.person.birth_year == 0 and entry.person.phone is None
    assert checkin.find_registration(entry.token).status == "cancelled"  # the desk says the ticket was cancelled


def test_erasing_twice_finds_nothing_the_second_time_and_registering_again_starts_afresh(ctx, client):
    event = open_event(title="Truyền thông")
    phone = gen_registration(gen_event(title="Tập huấn")).phone
    assert erasing.erase(phone, clock.now()) == erasing.Erasure(1, 0, 1)
    db.session.commit()
    assert erasing.erase(phone, clock.now()) == erasing.Erasure(0, 0, 0)
    later = gen_registration(gen_event(title="Tập huấn lần sau"))
    assert later.person.full_name == "Nguyễn Thị Lan" and later.consent_withdrawn_at is None
    assert event.id  # the other event is untouched
    assert db.session.scalar(select(db.func.count()).select_from(Person).where(Person.phone == phone)) == 1


def test_an_admin_erases_a_persons_data_on_a_request_made_in_person(month, client, auth):
    _rename_the_other_lan()
    auth.login("admin")
    campaign = current_campaign(clock.now().date())
    talk = db.session.scalar(select(Event).where(Event.title == "C1"))
    before, report_before = numbers(campaign.id, talk.id), _report(client)
    assert "no-store" in client.get("/manage/requests").headers["Cache-Control"]
    token = csrf_from(client, "/manage/requests")

    wrong = client.post("/manage/requests/erase", data={"csrf_token": token, "phone": LAN[1], "birth_year": "1975"})
    assert wrong.status_code == 422 and "Không có dữ liệu nào" in wrong.text and LAN[1] in _everything()
    assert 'value="0911111111"' in wrong.text or 'value="0911 111 111"' in wrong.text  # what was typed stays

    done = client.post("/manage/requests/erase", data={"csrf_token": token, "phone": "0911 111 111",
                                                          "birth_year": "1990"}, follow_redirects=True)
    assert "Đã xóa dữ liệu của số điện thoại …111" in done.text
    assert numbers(campaign.id, talk.id) == before and _report(client) == report_before
    assert LAN[1] not in _everything() and LAN[0] not in _everything()
    request = db.session.scalar(select(DataRequest).where(DataRequest.kind == "erasure"))
    assert request.status == "done" and request.handled_by.username == "admin"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "data_erased"))
    assert entry is not None and "911" not in entry.target


def test_organisers_cannot_erase(ctx, client, auth):
    gen_user()
    gen_registration(gen_event())
    auth.login()
    response = client.post("/manage/requests/erase", data={"phone": "0912345678", "birth_year": "1990"})
    assert response.status_code in (400, 404)
    assert db.session.scalar(select(Person.full_name)) == "Nguyễn Thị Lan"


def test_registering_again_after_withdrawing_keeps_the_old_withdrawal(ctx, client):
    from portal import registration as registering
    from portal.registration import own_data
    from tests.factories import details

    old = gen_registration(gen_event(title="Tập huấn"))
    own_data.withdraw_consent(old.phone, clock.now())
    db.session.commit()
    withdrawn_at = db.session.get(Registration, old.id).consent_withdrawn_at
    new, created = registering.register(gen_event(title="Truyền thông"), details(), clock.now(), clock.now())
    db.session.commit()
    assert created and new.consent_withdrawn_at is None
    assert db.session.get(Registration, old.id).consent_withdrawn_at == withdrawn_at
