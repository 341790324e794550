"""Check-ins at the same moment on PostgreSQL: none waits for another's commit unless they count in the same cell,
and a dashboard never keeps a number that misses a committed check-in, in whatever order they commit."""
import re
import threading
from contextlib import contextmanager

import pytest

from portal import checkin, clock
from portal.extensions import db
from portal.models import Event, Registration
from tests.conftest import csrf_from
from tests.factories import (
    commune,
    gen_campaign,
    gen_event,
    gen_registration_now,
    gen_user,
    open_event,
)


@pytest.fixture
def postgresql(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite takes one writer at a time by design (portal.storage.writes)")


@pytest.fixture
def quick(app):
    """Writers give up after a fifth of a second: a check-in stuck behind another's open transaction says "busy"."""
    app.config["WRITE_LOCK_TIMEOUT"] = 0.2
    return app


def _check_in_held_open(app, registration):
    """Another desk checks registration in and has not committed yet; it commits when the block ends."""
    def check_in():
        entry = db.session.get(Registration, registration.id)
        event = db.session.get(Event, entry.event_id)
        assert checkin.check_in_registration(event, entry, "ticket", clock.now()).status == "new"

    return _held_open(app, check_in)


@contextmanager
def _held_open(app, work):
    """Another desk does work() in its own transaction and has not committed yet; it commits when the block ends."""
    done, release, errors = threading.Event(), threading.Event(), []

    def desk():
        with app.app_context():
            try:
                work()
            except BaseException as error:  # reported to the test below
                errors.append(error)
                db.session.rollback()
                return
            finally:
                done.set()
            release.wait()
            db.session.commit()

    thread = threading.Thread(target=desk)
    thread.start()
    done.wait()
    try:
        assert not errors, errors
        yield
    finally:
        release.set()
        thread.join()
    assert not errors, errors


def _scan(client, event, registration):
    token = csrf_from(client, f"/manage/events/{event.slug}/desk")
    return client.post(f"/manage/events/{event.slug}/scan", data={"csrf_token": token,
                                                                  "code": registration.short_code})


def _participants(response):
    total = re.search(r'<tr id="row-total">(.*?)</tr>', response.text, re.S).group(1)
    return int(re.findall(r">(\d+)<", total)[2])


def _since(response):
    return re.search(r'data-version="([^"]+)"', response.text).group(1)


def test_a_check_in_at_one_event_does_not_wait_for_an_uncommitted_one_at_another(
        postgresql, quick, ctx, client, auth, htmx):
    """A city's desks scan at once: the second desk's scan goes through while the first's is still committing, and
    the dashboard shows each check-in once it is committed, whichever commits first."""
    gen_user("admin", role="admin")
    hall, other_hall = open_event(), open_event(title="Hội trường thôn")
    first = gen_registration_now(hall, phone="0911000001", full_name="Lê Thị Mai")
    second = gen_registration_now(other_hall, phone="0911000002", full_name="Phạm Văn Đức")
    auth.login("admin")
    before = htmx.get("/dashboard/live?since=x", target="tally")
    assert _participants(before) == 0
    with _check_in_held_open(quick, first):
        scanned = _scan(client, other_hall, second)
        assert scanned.status_code == 200 and 'class="scan-result new"' in scanned.text
        meanwhile = htmx.get(f"/dashboard/live?since={_since(before)}", target="tally")
        assert meanwhile.status_code == 200 and _participants(meanwhile) == 1  # the committed one only
    after = htmx.get(f"/dashboard/live?since={_since(meanwhile)}", target="tally")
    assert after.status_code == 200, "the dashboard kept a number that misses the check-in committed last"
    assert _participants(after) == 2


def _scanned_at_once(app, client, htmx, rally, held, scanned):
    """held is checked in at one desk, which has not committed yet, while another desk scans scanned: the second
    goes through; return the event screen's numbers after both committed."""
    screen = client.get(f"/dashboard/events/{rally.slug}").text
    since = re.search(r"since=([^&\"]+)", screen).group(1)
    with _check_in_held_open(app, held):
        answer = _scan(client, rally, scanned)
        assert answer.status_code == 200 and 'class="scan-result new"' in answer.text
    numbers = htmx.get(f"/dashboard/events/{rally.slug}?since={since}", target="event-numbers")
    assert numbers.status_code == 200
    return re.findall(r'id="number-(\w+)">(\d+)<', numbers.text)


def test_two_check_ins_at_one_event_counted_in_different_cells_do_not_wait_for_each_other(
        postgresql, quick, ctx, client, auth, htmx):
    """Two desks at one rally, a woman and a man scanned at the same moment: neither waits for the other."""
    gen_user("admin", role="admin")
    rally = open_event()
    woman = gen_registration_now(rally, phone="0911000003", full_name="Lê Thị Mai", sex="female")
    man = gen_registration_now(rally, phone="0911000004", full_name="Phạm Văn Đức", sex="male")
    auth.login("admin")
    assert _scanned_at_once(quick, client, htmx, rally, woman, man) == [("total", "2"), ("female", "1"), ("male", "1")]


def test_two_women_from_different_communes_checked_in_at_one_event_at_once_do_not_wait_for_each_other(
        postgresql, quick, ctx, client, auth, htmx):
    """A big rally's desks scan two women at the same moment: their cells differ (they live in different communes)
    but the event's total for women is one number; neither desk waits for the other, and the screen shows both."""
    gen_user("admin", role="admin")
    rally = open_event()
    first = gen_registration_now(rally, phone="0911000008", full_name="Lê Thị Mai", sex="female")
    second = gen_registration_now(rally, phone="0911000009", full_name="Đỗ Thị Hoa", sex="female",
                                  commune_id=commune("10183").id)
    auth.login("admin")
    numbers = _scanned_at_once(quick, client, htmx, rally, first, second)
    assert numbers == [("total", "2"), ("female", "2"), ("male", "0")]
    assert 'id="desk-count">2<' in client.get(f"/manage/events/{rally.slug}/desk").text


def test_dashboards_of_two_campaigns_at_equal_stamps_each_show_their_own_numbers(ctx, client, auth, htmx):
    """Two campaigns whose counters changed as often: each dashboard shows its own campaign's numbers."""
    gen_user("admin", role="admin")
    now = clock.now()
    this_year = open_event()
    other = gen_campaign(year=now.year - 1, starts_on=now.date().replace(month=1, day=1),
                         ends_on=now.date().replace(month=12, day=31))
    other_event = gen_event(campaign=other, starts_at=now.replace(microsecond=0))
    gen_registration_now(this_year, phone="0911000005")
    gen_registration_now(this_year, phone="0911000006", full_name="Trần Văn Nam")
    came = gen_registration_now(other_event, phone="0911000007")
    checkin.check_in_registration(other_event, came, "ticket", now)
    db.session.commit()  # two counter changes in each campaign
    auth.login("admin")
    mine = htmx.get(f"/dashboard/live?campaign={this_year.campaign_id}&since=x", target="tally")
    theirs = htmx.get(f"/dashboard/live?campaign={other.id}&since=x", target="tally")
    assert _since(mine).partition("-")[0] == _since(theirs).partition("-")[0]
    assert (_participants(mine), _participants(theirs)) == (0, 1)


def test_a_rescan_held_open_keeps_no_counter_row_from_other_desks(postgresql, app, ctx):
    """The statement that reads a ticket also counts a first check-in: a re-scan, whose transaction is still open,
    must hold none of the counters' rows (the event's totals, the campaign's change slots, the cells), or the other
    desks at a rally would queue behind it or pile up new slots."""
    from sqlalchemy import text

    from portal.checkin import scans

    event = open_event()
    entry = gen_registration_now(event, phone="0911000010", full_name="Lê Thị Mai")
    assert scans.scan(event, entry.short_code, "ticket", clock.now()).status == "new"
    db.session.commit()
    event_id, campaign_id, code = event.id, event.campaign_id, entry.short_code

    def rescan():
        assert scans.scan(db.session.get(Event, event_id), code, "ticket", clock.now()).status == "already"

    with _held_open(app, rescan), db.engine.connect() as other:
        for table, column, value in (("tally_total", "event_id", event_id), ("tally_cell", "event_id", event_id),
                                     ("tally_changes", "campaign_id", campaign_id)):
            free = other.execute(text(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {column} = :value "
                                      "FOR UPDATE SKIP LOCKED) free"), {"value": value}).scalar()
            every = other.execute(text(f"SELECT count(*) FROM {table} WHERE {column} = :value"),
                                  {"value": value}).scalar()
            assert free == every > 0, table
        other.rollback()
