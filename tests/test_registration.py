"""Domain tests: registration rules, capacity under concurrency, ticket recovery."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import clock, registration
from portal.extensions import db
from portal.models import Event, Registration
from tests.factories import details, gen_event, gen_registration, simultaneously


def _register(event, **fields):
    now = clock.now()
    return registration.register(event, details(**fields), now, consent_at=now)


def test_registration_gives_a_ticket_and_takes_a_seat(ctx):
    event = gen_event(capacity=10)
    entry, created = _register(event)
    db.session.commit()
    assert created and entry.token and entry.short_code
    assert db.session.get(Event, event.id).seats_left == 9


def test_registering_again_returns_the_same_ticket(ctx):
    """Does a second registration with the same number, name and year give the first ticket back?"""
    event = gen_event(capacity=5)
    first = gen_registration(event)
    again, created = _register(event, full_name="nguyen thi  LAN")
    assert not created and again.token == first.token
    assert db.session.get(Event, event.id).seats_taken == 1


def test_same_phone_with_another_name_or_year_is_another_person_of_the_household(ctx):
    event = gen_event()
    first = gen_registration(event)
    husband, created = _register(event, full_name="Trần Văn Hùng", birth_year=1985)
    assert created and husband.token != first.token and husband.person_id != first.person_id
    daughter, created = _register(event, birth_year=2012)  # her mother's name, another year
    assert created and len({first.token, husband.token, daughter.token}) == 3


def test_same_phone_may_register_for_another_event(ctx):
    gen_registration(gen_event())
    _entry, created = _register(gen_event(title="Buổi khác"), full_name="Trần Văn Hùng")
    assert created


@pytest.mark.parametrize("fields, reason", [
    ({"status": "cancelled"}, "hủy"),
    ({"registration_open": False}, "đóng đăng ký"),
    ({"starts_at": "past"}, "đã bắt đầu"),
])
def test_closed_cancelled_and_past_events_refuse(ctx, fields, reason):
    if fields.get("starts_at") == "past":
        fields = {"starts_at": clock.now() - timedelta(days=1)}
    event = gen_event(**fields)
    with pytest.raises(registration.RegistrationRefused) as refused:
        _register(event)
    assert reason in str(refused.value)
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_a_full_event_refuses(ctx):
    event = gen_event(capacity=1)
    gen_registration(event)
    with pytest.raises(registration.RegistrationRefused) as refused:
        _register(event, phone="0987654321")
    assert "hết chỗ" in str(refused.value)


def test_fifty_people_racing_for_the_last_ten_seats_make_ten_registrations(app):
    """Can simultaneous registrations overfill an event? The database decides, on SQLite and PostgreSQL."""
    with app.app_context():
        event_id = gen_event(capacity=10).id
    def attempt(number):
        try:
            _register(db.session.get(Event, event_id), phone=f"0912{number:06d}",
                      full_name="Người Thứ " + "ABCDEFGHIJ"[number % 10])
            db.session.commit()
            return "registered"
        except registration.RegistrationRefused:
            db.session.rollback()
            return "refused"

    outcomes = simultaneously(app, [lambda number=number: attempt(number) for number in range(50)])
    with app.app_context():
        assert outcomes.count("registered") == 10 and outcomes.count("refused") == 40
        assert db.session.scalar(select(func.count()).select_from(Registration)) == 10
        assert db.session.get(Event, event_id).seats_taken == 10


def test_the_same_person_submitting_twice_at_once_gets_one_ticket(app):
    """A double tap on the register button from two tabs: one registration, the same ticket twice."""
    with app.app_context():
        event_id = gen_event(capacity=10).id
    def attempt():
        entry, _created = _register(db.session.get(Event, event_id))
        db.session.commit()
        return entry.token

    tokens = simultaneously(app, [attempt] * 8)
    with app.app_context():
        assert len(tokens) == 8 and len(set(tokens)) == 1
        assert db.session.get(Event, event_id).seats_taken == 1


def test_recovery_needs_a_second_fact(ctx):
    event = gen_event()
    entry = gen_registration(event)
    assert registration.find_by_phone("0912345678") == []
    assert registration.find_by_phone("0912345678", birth_year=1991) == []
    assert registration.find_by_phone("0912345678", birth_year=1990) == [entry]
    assert registration.find_by_phone("0912345678", short_code=entry.short_code) == [entry]
    assert registration.find_by_phone("0987654321", short_code=entry.short_code) == []


def _cancel(entry):
    registration.cancel(entry, clock.now())
    db.session.commit()


def test_cancelling_frees_the_seat_and_the_ticket_stops_working(ctx):
    from portal import checkin

    event = gen_event(capacity=3)
    entry = gen_registration(event)
    _cancel(entry)
    assert db.session.get(Registration, entry.id).status == "cancelled"
    assert db.session.get(Event, event.id).seats_taken == 0 and event.seats_left == 3
    assert registration.find_by_phone("0912345678", birth_year=1990) == []
    with pytest.raises(checkin.CheckinRefused, match="Vé này đã bị hủy."):
        checkin.check_in_registration(event, checkin.find_registration(entry.short_code), "ticket", clock.now())
    _cancel(entry)  # a second tap (or a second tab) frees no second seat
    assert db.session.get(Event, event.id).seats_taken == 0


def test_an_attended_registration_cannot_be_cancelled(ctx):
    from portal import checkin
    from tests.factories import gen_registration_now, open_event

    event = open_event(capacity=3)
    entry = gen_registration_now(event)
    checkin.check_in_registration(event, entry, "ticket", clock.now())
    db.session.commit()
    with pytest.raises(registration.CancelRefused, match="đã điểm danh"):
        registration.cancel(entry, clock.now())
    assert db.session.get(Registration, entry.id).status == "confirmed"
    assert db.session.get(Event, event.id).seats_taken == 0  # untouched (gen_registration_now takes no seat)


def test_registering_again_after_cancelling_gives_a_new_ticket(ctx):
    """The old QR stays dead; the same person gets a fresh, confirmed registration with a new token and code, with
    the details given now."""
    event = gen_event(capacity=1)
    entry = gen_registration(event)
    old_token, old_code = entry.token, entry.short_code
    _cancel(entry)
    again, created = _register(event, full_name="Nguyễn Thị LAN", role="resident")
    db.session.commit()
    assert created and again.status == "confirmed"
    assert again.token != old_token and again.short_code != old_code
    assert registration.by_token(old_token) is None and again.person.full_name == "Nguyễn Thị LAN"
    assert again.person.role == "resident"
    assert db.session.get(Event, event.id).seats_taken == 1
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1


def test_registering_again_after_cancelling_waits_for_a_free_seat(ctx):
    event = gen_event(capacity=1)
    entry = gen_registration(event)
    _cancel(entry)
    gen_registration(event, phone="0987654321", full_name="Trần Văn Hùng")
    with pytest.raises(registration.RegistrationRefused, match="hết chỗ"):
        _register(event)
    assert db.session.get(Registration, entry.id).status == "cancelled"


def test_counters_after_a_cancel_and_a_new_registration_equal_a_rebuild(ctx):
    from portal.models import TallyCell
    from portal.tally import counters

    def cells():  # a cell counting nothing is the same as no cell
        return {(c.event_id, c.commune_id, c.sex): c.registrations for c in db.session.scalars(select(TallyCell))
                if any(getattr(c, name) for name in counters.COUNTS)}

    event = gen_event()
    entry = gen_registration(event)
    gen_registration(event, phone="0987654321", full_name="Trần Văn Hùng", sex="male")
    _cancel(entry)
    kept = cells()
    counters.rebuild()
    assert cells() == kept and sorted(kept.values()) == [1]
    _register(event, sex="male")
    db.session.commit()
    kept = cells()
    counters.rebuild()
    assert cells() == kept and sorted(kept.values()) == [2]


def test_two_cancels_at_once_free_one_seat(app):
    with app.app_context():
        event = gen_event(capacity=5)
        registration_id, event_id = gen_registration(event).id, event.id

    def attempt():
        registration.cancel(db.session.get(Registration, registration_id), clock.now())
        db.session.commit()

    simultaneously(app, [attempt] * 6)
    with app.app_context():
        assert db.session.get(Event, event_id).seats_taken == 0


HOUSEHOLD = (("Nguyễn Thị Lan", 1990), ("Trần Văn Hùng", 1985), ("Trần Minh Khoa", 2012), ("Lê Thị Mai", 1962),
             ("Trần Văn Tư", 1958), ("Trần Thị Hoa", 2015), ("Trần Văn Nam", 2016))


def _household_attempt(event_id, name, year):
    """Register one member of the household on 0912345678; 'registered', or 'full' when the phone has no place."""
    try:
        _register(db.session.get(Event, event_id), full_name=name, birth_year=year)
        db.session.commit()
        return "registered"
    except registration.HouseholdFull:
        db.session.rollback()
        return "full"


def _places(event_id):
    return sorted(db.session.scalars(select(Registration.household_place).where(
        Registration.event_id == event_id, Registration.status == "confirmed")))


def test_two_members_of_a_household_registering_at_the_same_instant_get_two_tickets(app):
    with app.app_context():
        event_id = gen_event(capacity=10).id
    outcomes = simultaneously(app, [lambda person=person: _household_attempt(event_id, *person)
                                    for person in HOUSEHOLD[:2]])
    with app.app_context():
        assert outcomes == ["registered", "registered"]
        assert _places(event_id) == [1, 2] and db.session.get(Event, event_id).seats_taken == 2
        assert len(set(db.session.scalars(select(Registration.token)))) == 2


def test_members_racing_for_the_last_place_of_a_household_make_exactly_five(app):
    """Four of a family registered; three more race for the phone's last place: one gets it, two are told it is full."""
    with app.app_context():
        event = gen_event(capacity=20)
        event_id = event.id
        for name, year in HOUSEHOLD[:4]:
            gen_registration(event, full_name=name, birth_year=year)
    outcomes = simultaneously(app, [lambda person=person: _household_attempt(event_id, *person)
                                    for person in HOUSEHOLD[4:]])
    with app.app_context():
        assert sorted(outcomes) == ["full", "full", "registered"]
        assert _places(event_id) == [1, 2, 3, 4, 5] and db.session.get(Event, event_id).seats_taken == 5
