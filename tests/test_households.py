"""A household on one phone: several people register with one number, each with their own ticket; people without a
phone get a ticket too; recovery, own data, check-in and erasure tell the people of one phone apart."""
import pytest
from sqlalchemy import func, select

from portal import checkin, clock, registration
from portal.extensions import db
from portal.models import Attendance, Event, Registration
from tests.conftest import csrf_from
from tests.factories import (
    details,
    form_data,
    gen_event,
    gen_registration,
    gen_registration_now,
    open_event,
)

PHONE = "0912345678"
# Five people of one family (name, year of birth, sex), then a sixth.
HOUSEHOLD = (("Nguyễn Thị Lan", 1990, "female"), ("Trần Văn Hùng", 1985, "male"), ("Trần Minh Khoa", 2012, "male"),
             ("Lê Thị Mai", 1962, "female"), ("Trần Văn Tư", 1958, "male"))
SIXTH = ("Trần Thị Hoa", 2015, "female")


def _member(event, name, year, sex, phone=PHONE):
    return gen_registration(event, full_name=name, birth_year=year, sex=sex, phone=phone)


def _register(event, name, year, sex="female", phone=PHONE):
    now = clock.now()
    return registration.register(event, details(full_name=name, birth_year=year, sex=sex, phone=phone), now,
                                 consent_at=now)


def _confirmed(event_id, phone=PHONE):
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == event_id, Registration.phone == phone, Registration.status == "confirmed"))


def test_three_people_on_one_phone_each_get_their_own_ticket(ctx):
    event = gen_event(capacity=10)
    entries = [_member(event, *person) for person in HOUSEHOLD[:3]]
    assert len({e.token for e in entries}) == 3 and len({e.short_code for e in entries}) == 3
    assert [e.person.full_name for e in entries] == [name for name, _year, _sex in HOUSEHOLD[:3]]
    assert db.session.get(Event, event.id).seats_taken == 3


def test_the_same_person_again_gets_their_ticket_even_when_the_household_is_full(ctx):
    event = gen_event(capacity=10)
    entries = [_member(event, *person) for person in HOUSEHOLD]
    again, created = _register(event, "tran van  HUNG", 1985, "male")
    assert not created and again.token == entries[1].token
    assert db.session.get(Event, event.id).seats_taken == 5


def test_a_sixth_person_on_one_phone_is_refused(ctx):
    event = gen_event(capacity=10)
    for person in HOUSEHOLD:
        _member(event, *person)
    with pytest.raises(registration.HouseholdFull) as full:
        _register(event, *SIXTH)
    assert "5 người" in str(full.value)
    with pytest.raises(registration.HouseholdFull):
        _register(event, "Trần Văn Hùng", 1986, "male")  # the same name, another year: another person
    db.session.rollback()
    assert _confirmed(event.id) == 5 and db.session.get(Event, event.id).seats_taken == 5
    _entry, created = _register(gen_event(title="Buổi khác"), *SIXTH)  # another event has places of its own
    assert created


def test_the_household_size_is_a_setting(app, ctx):
    app.config["HOUSEHOLD_SIZE"] = 2
    event = gen_event()
    _member(event, *HOUSEHOLD[0])
    _member(event, *HOUSEHOLD[1])
    with pytest.raises(registration.HouseholdFull, match="2 người"):
        _register(event, *HOUSEHOLD[2])


def test_a_member_who_cancelled_frees_a_place_and_coming_back_renews_their_own_ticket(ctx):
    event = gen_event(capacity=10)
    entries = [_member(event, *person) for person in HOUSEHOLD]
    hung = entries[1]
    old_token = hung.token
    registration.cancel(hung, clock.now())
    db.session.commit()
    sixth = _member(event, *SIXTH)
    with pytest.raises(registration.HouseholdFull):
        _register(event, "Trần Văn Hùng", 1985, "male")
    db.session.rollback()
    registration.cancel(sixth, clock.now())
    db.session.commit()
    again, created = _register(event, "Trần Văn Hùng", 1985, "male")
    db.session.commit()
    assert created and again.id == hung.id and again.token != old_token
    assert again.person.full_name == "Trần Văn Hùng" and entries[0].person.full_name == "Nguyễn Thị Lan"
    assert _confirmed(event.id) == 5 and db.session.get(Event, event.id).seats_taken == 5


def test_a_person_without_a_phone_gets_a_ticket_but_cannot_recover_it_by_phone(ctx, client):
    event = gen_event(capacity=10)
    first, created = _register(event, "Nguyễn Văn Bảy", 1950, "male", phone=None)
    second, _created = _register(event, "Đỗ Thị Tám", 1948, "female", phone=None)
    db.session.commit()
    assert created and first.phone is None and first.token and len(first.short_code) == 8
    assert second.token != first.token and db.session.get(Event, event.id).seats_taken == 2
    assert checkin.find_registration(first.short_code) == first  # the printed ticket checks in like any other
    assert registration.find_by_phone(None, birth_year=1950) == []
    assert registration.find_by_phone(None, short_code=first.short_code) == []
    ticket = client.get(f"/t/{first.token}")
    assert ticket.status_code == 200 and "Nguyễn Văn Bảy" in ticket.text and "Số điện thoại" not in ticket.text


def test_the_public_form_still_asks_for_a_phone(ctx, client):
    event = gen_event()
    token = csrf_from(client, f"/events/{event.slug}")
    response = client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token, phone=""))
    assert response.status_code == 422 and "Vui lòng nhập số điện thoại" in response.text
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_a_household_registers_through_the_form_one_after_another(ctx, client):
    event = gen_event(capacity=10)
    token = csrf_from(client, f"/events/{event.slug}")
    for name, year, sex in HOUSEHOLD[:3]:
        response = client.post(f"/events/{event.slug}/register", data=form_data(
            csrf_token=token, full_name=name, birth_year=str(year), sex=sex))
        assert response.status_code == 303
    assert _confirmed(event.id) == 3


def _phone_field(text):
    return text.split('id="field-phone"', 1)[1].split("</div>", 1)[0]


@pytest.mark.parametrize("with_htmx", [False, True], ids=["plain", "htmx"])
def test_the_sixth_person_is_told_next_to_the_phone_field(ctx, client, htmx, with_htmx):
    event = gen_event(capacity=10)
    for person in HOUSEHOLD:
        _member(event, *person)
    token = csrf_from(client, f"/events/{event.slug}")
    data = form_data(full_name=SIXTH[0], birth_year=str(SIXTH[1]), sex=SIXTH[2])
    if with_htmx:
        response = htmx.post(f"/events/{event.slug}/register", target="register-form", csrf=token, data=data)
    else:
        response = client.post(f"/events/{event.slug}/register", data={"csrf_token": token, **data})
    assert response.status_code == 422
    field = _phone_field(response.text)
    assert 'class="error"' in field and "đã đăng ký đủ 5 người" in field and "điểm danh tại chỗ" in field
    assert 'href="#phone"' in response.text  # the summary at the top links to the field
    assert "/tickets/recover" in response.text  # one of the five gets their ticket back there
    assert f'value="{SIXTH[0]}"' in response.text and 'value="0912 345 678"' in response.text
    assert _confirmed(event.id) == 5


# Ticket recovery: the phone and one more fact (a year of birth or a ticket's code held on it) show every ticket.

def _recover(client, **data):
    token = csrf_from(client, "/tickets/recover")
    return client.post("/tickets/recover", data={"csrf_token": token, **data})


def test_recovery_lists_every_ticket_on_the_phone_naming_people_by_initials(ctx, client):
    event, other_event = gen_event(title="Tập huấn gia đình"), gen_event(title="Truyền thông thôn")
    entries = [_member(event, *person) for person in HOUSEHOLD[:3]]
    entries.append(_member(other_event, *HOUSEHOLD[0]))
    cancelled = _member(other_event, *HOUSEHOLD[3])
    registration.cancel(cancelled, clock.now())
    stranger = gen_registration(event, phone="0987654321", full_name="Phạm Văn Bình")
    db.session.commit()
    assert set(registration.find_by_phone(PHONE, birth_year=2012)) == set(entries)
    assert set(registration.find_by_phone(PHONE, short_code=entries[1].short_code)) == set(entries)
    assert registration.find_by_phone(PHONE, birth_year=2000) == []
    assert registration.find_by_phone(PHONE, short_code=stranger.short_code) == []

    for facts in ({"birth_year": "1985"}, {"short_code": entries[2].short_code}):
        page = _recover(client, phone="0912 345 678", **facts).text
        assert all(f"/t/{entry.token}" in page for entry in entries)
        assert cancelled.token not in page and stranger.token not in page
        assert "N.T.L." in page and "T.V.H." in page and "T.M.K." in page
        for name, _year, _sex in HOUSEHOLD:
            assert name not in page  # initials only, as on a list anyone holding the phone may see


# A person's own data: the phone proves the household; erasure is the member's own unless they choose everyone.

OWN = "/du-lieu-cua-toi"


def _prove(client, entry, year):
    token = csrf_from(client, OWN)
    return client.post(OWN, data={"csrf_token": token, "phone": PHONE, "birth_year": str(year),
                                  "short_code": entry.short_code})


def test_the_own_data_page_shows_every_member_of_the_household(ctx, client):
    event = gen_event(title="Tập huấn gia đình")
    entries = [_member(event, *person) for person in HOUSEHOLD[:3]]
    gen_registration(event, phone="0987654321", full_name="Phạm Văn Bình")
    assert _prove(client, entries[2], 2012).status_code == 303
    page = client.get(OWN + "/xem").text
    assert all(name in page for name, _year, _sex in HOUSEHOLD[:3]) and "Phạm Văn Bình" not in page
    export = client.get(OWN + "/du-lieu.json").json
    assert sorted(r["full_name"] for r in export["registrations"]) == sorted(n for n, _y, _s in HOUSEHOLD[:3])


def _erase(client, who=None):
    token = csrf_from(client, OWN + "/xoa")
    return client.post(OWN + "/xoa", data={"csrf_token": token, **({"who": who} if who else {})},
                       follow_redirects=True)


def _names():
    db.session.expire_all()
    return {r.person.full_name for r in db.session.scalars(select(Registration))}


def test_a_member_erasing_their_data_erases_only_theirs(ctx, client):
    event = open_event(title="Tập huấn gia đình")
    entries = [gen_registration_now(event, full_name=name, birth_year=year, sex=sex)
               for name, year, sex in HOUSEHOLD[:3]]
    checkin.check_in_registration(event, entries[1], "ticket", clock.now())
    db.session.commit()
    _prove(client, entries[1], 1985)
    confirm = client.get(OWN + "/xoa").text
    assert "Trần Văn Hùng" in confirm and 'name="who" value="me"' in confirm and 'name="who" value="all"' in confirm
    done = _erase(client)  # nothing chosen: only the member who proved it
    assert "Dữ liệu của bạn đã được xóa" in done.text and "1 đăng ký" in done.text
    assert _names() == {"Nguyễn Thị Lan", "Trần Minh Khoa", "—"}
    kept = db.session.scalars(select(Registration.phone).where(Registration.id != entries[1].id)).all()
    assert kept == [PHONE, PHONE]
    assert db.session.scalar(select(Attendance.phone)) != PHONE

    _prove(client, entries[0], 1990)
    done = _erase(client, "all")
    assert "2 đăng ký" in done.text
    assert _names() == {"—"} and PHONE not in db.session.scalars(select(Registration.phone)).all()


def test_an_admin_erases_the_members_born_in_the_year_given(ctx, client, auth):
    from tests.factories import gen_user

    event = gen_event(title="Tập huấn gia đình")
    for person in HOUSEHOLD[:3]:
        _member(event, *person)
    gen_user("admin", role="admin")
    auth.login("admin")
    token = csrf_from(client, "/manage/requests")
    done = client.post("/manage/requests/erase", data={"csrf_token": token, "phone": PHONE, "birth_year": "1985"})
    assert done.status_code == 303
    assert _names() == {"Nguyễn Thị Lan", "Trần Minh Khoa", "—"}


# Check-in: people of one phone are matched by name and year, never by the phone alone.

def test_phone_and_year_matching_two_members_asks_for_the_name(ctx):
    event = open_event()
    thu = gen_registration_now(event, full_name="Trần Thị Thu", birth_year=2008)
    thuy = gen_registration_now(event, full_name="Trần Thị Thủy", birth_year=2008)
    with pytest.raises(checkin.CheckinRefused) as refused:
        checkin.check_in_identified(event, PHONE, 2008, clock.now())
    assert refused.value.field == "full_name" and "họ và tên" in str(refused.value)
    outcome = checkin.check_in_identified(event, PHONE, 2008, clock.now(), full_name="tran thi THUY")
    assert outcome.status == "new" and outcome.attendance.registration_id == thuy.id
    with pytest.raises(checkin.CheckinRefused) as refused:
        checkin.check_in_identified(event, PHONE, 2008, clock.now(), full_name="Trần Thị Hoa")
    assert refused.value.field == "full_name"
    assert checkin.check_in_identified(event, PHONE, 2008, clock.now(), full_name="Trần Thị Thu").attendance \
        .registration_id == thu.id


def _field(response, form_id, name):
    form = response.text.split(f'id="{form_id}"', 1)[1].split("</form>", 1)[0]
    return form.split(f'id="field-{name}"', 1)[1].split("</div>", 1)[0]


def test_self_check_in_asks_a_household_member_for_their_name(ctx, client):
    event = open_event()
    gen_registration_now(event, full_name="Trần Thị Thu", birth_year=2008)
    thuy = gen_registration_now(event, full_name="Trần Thị Thủy", birth_year=2008)
    page = client.get(f"/c/{event.checkin_code}").text
    assert 'id="identify-full_name"' not in page  # asked only when needed
    token = csrf_from(client, f"/c/{event.checkin_code}")
    url = f"/c/{event.checkin_code}/identify"
    ask = client.post(url, data={"csrf_token": token, "phone": "0912 345 678", "birth_year": "2008"})
    assert ask.status_code == 422 and "nhiều người" in _field(ask, "identify", "identify-full_name")
    assert 'value="0912 345 678"' in ask.text
    done = client.post(url, data={"csrf_token": token, "phone": "0912 345 678", "birth_year": "2008",
                                  "full_name": "Trần Thị Thủy"})
    assert 'class="scan-result new"' in done.text and "Trần Thị Thủy" in done.text
    assert db.session.scalar(select(Attendance.registration_id)) == thuy.id


def test_a_walk_in_matching_a_members_name_and_year_checks_their_registration_in(ctx):
    event = open_event()
    gen_registration_now(event, full_name="Nguyễn Thị Lan", birth_year=1990)
    hung = gen_registration_now(event, full_name="Trần Văn Hùng", birth_year=1985, sex="male")
    outcome = checkin.check_in_walk_in(event, details(full_name="TRAN VAN HUNG", birth_year=1985, sex="male"),
                                       clock.now())
    assert outcome.status == "new" and outcome.attendance.registration_id == hung.id
    again = checkin.check_in_walk_in(event, details(full_name="Trần Văn Hùng", birth_year=1985), clock.now())
    assert again.status == "already"
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 1


def test_a_walk_in_on_a_household_phone_with_another_name_is_a_person_of_their_own(ctx):
    event = open_event()
    lan = gen_registration_now(event)  # Nguyễn Thị Lan, born 1990
    outcome = checkin.check_in_walk_in(event, details(full_name="Phạm Văn Bình", birth_year=1990, sex="male"),
                                       clock.now())
    assert outcome.status == "new" and outcome.attendance.registration_id is None
    ticket = checkin.check_in_registration(event, lan, "ticket", clock.now())
    assert ticket.status == "new" and ticket.attendance.person.full_name == "Nguyễn Thị Lan"
    again = checkin.check_in_walk_in(event, details(full_name="Phạm Văn Bình", birth_year=1990, sex="male"),
                                     clock.now())
    assert again.status == "already" and again.attendance.id == outcome.attendance.id


# Erasure and purge keep every number of a household's events as it was.

def test_erasing_one_member_of_a_household_keeps_every_number(household, client):
    from portal.catalogue import current_campaign
    from portal.registration import erasing, own_data
    from portal.tally import counters
    from tests.conftest import HOUSEHOLD_PHONE
    from tests.test_retention import numbers

    campaign = current_campaign(clock.now().date())
    talk = db.session.scalar(select(Event).where(Event.title == "C1"))
    before = numbers(campaign.id, talk.id)
    erased = erasing.erase(HOUSEHOLD_PHONE, clock.now(), own_data.keys_born(HOUSEHOLD_PHONE, 1985))
    db.session.commit()
    assert (erased.registrations, erased.attendances) == (2, 2)  # Hùng's two tickets, both used
    assert numbers(campaign.id, talk.id) == before
    counters.rebuild()
    assert numbers(campaign.id, talk.id) == before
    assert _names() >= {"Nguyễn Thị Lan", "Trần Minh Khoa", "—"} and "Trần Văn Hùng" not in _names()
    erasing.erase(HOUSEHOLD_PHONE, clock.now())
    db.session.commit()
    assert numbers(campaign.id, talk.id) == before and _names() == {"—"}


def test_purging_a_households_campaign_keeps_every_number(household, client, auth, clock_at, runner):
    from portal.catalogue import current_campaign
    from tests.conftest import HOUSEHOLD_PHONE
    from tests.test_retention import close, dump, later, numbers

    campaign = current_campaign(clock.now().date())
    talk = db.session.scalar(select(Event).where(Event.title == "C1"))
    assert close(client, auth).status_code == 303
    later(clock_at, 91)
    before = numbers(campaign.id, talk.id)
    assert "Purged campaign" in runner.invoke(args=["purge"]).output
    assert numbers(campaign.id, talk.id) == before
    everything = "\n".join(line for lines in dump().values() for line in lines)
    assert HOUSEHOLD_PHONE not in everything and "Trần Văn Hùng" not in everything


def test_the_dashboard_says_how_people_are_told_apart(household, client, auth):
    auth.login("admin")
    page = client.get("/dashboard/").text
    note = page.split("Số người (không trùng)", 1)[1].split("</p>", 1)[0]
    assert "cùng số điện thoại, họ tên và năm sinh" in note
    assert "mỗi người trong một gia đình dùng chung số điện thoại là một người" in note
    assert "người không có số điện thoại tính mỗi lượt là một người" in note


def test_a_phone_that_registered_a_household_checks_each_person_in_with_their_own_button(ctx, client):
    from datetime import timedelta

    event = gen_event(starts_at=clock.now() + timedelta(minutes=30))  # registration open, check-in window open
    token = csrf_from(client, f"/events/{event.slug}")
    for name, year, sex in HOUSEHOLD[:2]:
        client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token, full_name=name,
                                                                     birth_year=str(year), sex=sex))
    page = client.get(f"/c/{event.checkin_code}").text
    assert "Điểm danh: Nguyễn Thị Lan" in page and "Điểm danh: Trần Văn Hùng" in page
    hung = db.session.scalar(select(Registration).where(Registration.person_key == registration.person_key(
        PHONE, "Trần Văn Hùng", 1985)))
    done = client.post(f"/c/{event.checkin_code}/confirm", data={"csrf_token": token, "ticket": hung.short_code})
    assert 'class="scan-result new"' in done.text and "Trần Văn Hùng" in done.text
    assert db.session.scalars(select(Attendance.registration_id)).all() == [hung.id]
