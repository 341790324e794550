"""Domain tests: check-in rules, one attendance per person under concurrent scans, windows, walk-ins."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import checkin, clock
from portal.extensions import db
from portal.models import Attendance, Event, TallyCell
from tests.factories import (
    details,
    gen_event,
    gen_registration_now,
    gen_user,
    open_event,
    simultaneously,
)


def _count():
    return db.session.scalar(select(func.count()).select_from(Attendance))


def test_a_ticket_checks_in_once_and_then_says_already(ctx):
    event = open_event()
    entry = gen_registration_now(event)
    first = checkin.check_in_registration(event, entry, "ticket", clock.now())
    db.session.commit()
    second = checkin.check_in_registration(event, entry, "ticket", clock.now())
    assert (first.status, second.status) == ("new", "already")
    assert second.attendance.created_at == first.attendance.created_at and _count() == 1


def test_attendance_records_how_and_by_whom(ctx):
    event = open_event()
    user = gen_user()
    outcome = checkin.check_in_registration(event, gen_registration_now(event), "ticket", clock.now(), user=user)
    assert outcome.attendance.method == "ticket" and outcome.attendance.recorded_by_id == user.id


@pytest.mark.parametrize("code_form", ["url", "token", "short", "short-dashed-lower"])
def test_a_ticket_is_found_by_url_token_or_short_code(ctx, code_form):
    entry = gen_registration_now(open_event())
    code = {"url": f"https://thuongtin.example/t/{entry.token}", "token": entry.token, "short": entry.short_code,
            "short-dashed-lower": f"{entry.short_code[:4]}-{entry.short_code[4:]}".lower()}[code_form]
    assert checkin.find_registration(code) == entry


def test_unknown_code_and_other_events_ticket_are_refused(ctx):
    event, other = open_event(), open_event(title="Buổi khác")
    with pytest.raises(checkin.CheckinRefused) as unknown:
        checkin.check_in_registration(event, checkin.find_registration("NOPE-NOPE"), "ticket", clock.now())
    with pytest.raises(checkin.CheckinRefused) as wrong:
        checkin.check_in_registration(event, gen_registration_now(other), "ticket", clock.now())
    assert (unknown.value.reason, wrong.value.reason) == ("unknown", "other_event")
    assert "Buổi khác" in str(wrong.value) and _count() == 0


def test_check_in_only_while_the_window_is_open(ctx):
    now = clock.now()
    early = gen_event(starts_at=now + timedelta(hours=2))
    late = gen_event(starts_at=now - timedelta(hours=5), ends_at=now - timedelta(hours=2))
    for event in (early, late):
        with pytest.raises(checkin.CheckinRefused) as refused:
            checkin.check_in_registration(event, gen_registration_now(event, phone=f"09{event.id:08d}"), "ticket", now)
        assert refused.value.reason == "window"
    custom = gen_event(starts_at=now + timedelta(hours=2), checkin_opens_at=now - timedelta(minutes=1))
    assert checkin.check_in_registration(custom, gen_registration_now(custom, phone="0933333333"), "ticket", now).status == "new"


def test_cancelled_event_takes_no_check_in(ctx):
    event = open_event()
    entry = gen_registration_now(event)
    event.status = "cancelled"
    with pytest.raises(checkin.CheckinRefused):
        checkin.check_in_registration(event, entry, "ticket", clock.now())


def test_twenty_phones_scanning_one_ticket_at_once_make_one_attendance(app):
    """Two (or twenty) phones scan the same ticket at the same moment: exactly one attendance."""
    with app.app_context():
        event = open_event()
        event_id, token = event.id, gen_registration_now(event).token
    def scan():
        outcome = checkin.check_in_registration(db.session.get(Event, event_id), checkin.find_registration(token), "ticket",
                                                clock.now())
        db.session.commit()
        return outcome.status

    outcomes = simultaneously(app, [scan] * 20)
    with app.app_context():
        assert sorted(outcomes) == ["already"] * 19 + ["new"]
        assert _count() == 1
        assert db.session.scalar(select(func.sum(TallyCell.attendances))) == 1  # counted once too


def test_twenty_desks_scanning_one_ticket_at_once_make_one_attendance_and_show_the_same_one(app):
    """The lean scan path (both desks'): the ticket is read before the write lock, so all twenty may find it not
    checked in; the database's unique constraints decide, the others answer "already" with the winner's time."""
    from portal.checkin import scans

    with app.app_context():
        event = open_event()
        event_id, code = event.id, gen_registration_now(event).short_code

    def scan():
        outcome = checkin.attempt(lambda: scans.scan(db.session.get(Event, event_id), code, "ticket", clock.now()))
        db.session.commit()
        return outcome.status, outcome.attendance.id, outcome.attendance.created_at, outcome.attendance.full_name

    outcomes = simultaneously(app, [scan] * 20)
    with app.app_context():
        assert sorted(status for status, *_ in outcomes) == ["already"] * 19 + ["new"]
        assert len({tuple(shown) for _status, *shown in outcomes}) == 1  # everyone shows the one attendance
        assert _count() == 1
        assert db.session.scalar(select(func.sum(TallyCell.attendances))) == 1  # counted once too


def test_walk_in_creates_person_and_attendance(ctx):
    event = open_event()
    outcome = checkin.check_in_walk_in(event, details(phone=None, full_name="Phạm Văn Nam", sex="male"), clock.now())
    db.session.commit()
    assert outcome.status == "new" and outcome.attendance.method == "walk_in"
    assert outcome.attendance.person.full_name == "Phạm Văn Nam" and outcome.attendance.registration_id is None


def test_walk_in_with_a_registered_phone_checks_that_ticket_in(ctx):
    event = open_event()
    entry = gen_registration_now(event)
    outcome = checkin.check_in_walk_in(event, details(), clock.now())
    assert outcome.attendance.registration_id == entry.id
    again = checkin.check_in_walk_in(event, details(), clock.now())
    assert again.status == "already" and _count() == 1


def test_a_walk_in_with_a_registered_phone_and_another_year_does_not_take_the_ticket(ctx):
    """Can a walk-in using a registrant's phone take their place? No: they are a person of their own (a household
    shares a phone), and the ticket still checks in as new."""
    event = open_event()
    entry = gen_registration_now(event)
    walk_in = checkin.check_in_walk_in(event, details(full_name="Phạm Văn Bình", birth_year=1991), clock.now())
    assert walk_in.status == "new" and walk_in.attendance.registration_id is None
    outcome = checkin.check_in_registration(event, entry, "ticket", clock.now())
    assert outcome.status == "new" and outcome.attendance.person.full_name == "Nguyễn Thị Lan" and _count() == 2


def test_one_device_checking_in_a_crowd_is_flagged(ctx):
    event = open_event()
    flags = []
    for n in range(4):
        outcome = checkin.check_in_walk_in(event, details(phone=None, full_name=f"Người Số {'ABCD'[n]}"),
                                           clock.now(), device="one-phone")
        flags.append(outcome.attendance.flagged)
    db.session.commit()
    assert flags == [False, False, True, True]


def test_concurrent_check_ins_of_different_people_keep_exact_counters(app):
    """Twenty people checked in at once by several phones: counters add up, nothing lost to a race."""
    from portal.tally import counters

    with app.app_context():
        event = open_event()
        event_id = event.id
        tokens = [gen_registration_now(event, phone=f"0977{n:06d}", full_name="Người " + "ABCDEFGHIJKLMNOPQRST"[n]).token
                  for n in range(20)]
    def scan(token):
        checkin.check_in_registration(db.session.get(Event, event_id), checkin.find_registration(token), "ticket", clock.now())
        db.session.commit()

    simultaneously(app, [lambda token=token: scan(token) for token in tokens])
    with app.app_context():
        kept = db.session.execute(select(func.sum(TallyCell.attendances), func.sum(TallyCell.reach_district))).one()
        assert tuple(kept) == (20, 20) and _count() == 20
        counters.rebuild()
        assert tuple(db.session.execute(select(func.sum(TallyCell.attendances), func.sum(TallyCell.reach_district))).one()) == (20, 20)
