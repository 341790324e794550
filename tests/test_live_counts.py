"""Live counts a district can trust: a number served equals a fresh count at that moment, whoever asks."""
import csv
import io
import re
from datetime import timedelta

from sqlalchemy import update

from portal import clock
from portal.extensions import db
from portal.models import Commune
from tests.conftest import TEST_CONFIG, A, B, csrf_from
from tests.factories import (
    commune,
    gen_event,
    gen_registration_now,
    gen_user,
    open_event,
)


def _total_row(html):
    return [int(n) for n in re.findall(r">(\d+)<", re.search(r'<tr id="row-total">(.*?)</tr>', html, re.S).group(1))]


def _since(html):
    return re.search(r'data-version="([^"]+)"', html).group(1)


def _csv_totals(client):
    rows = list(csv.reader(io.StringIO(client.get("/dashboard/report.csv").data.decode("utf-8-sig"))))
    return rows[-1]


def test_an_event_passing_its_start_shows_without_any_other_change(ctx, client, auth, htmx, clock_at):
    """Does the dashboard count a session as held once its start time passes, with nothing else changing?"""
    gen_user("admin", role="admin")
    start = clock.now() + timedelta(minutes=2)
    gen_event(kind="communication", commune=commune(B), starts_at=start)
    auth.login("admin")
    before = client.get("/dashboard/").text
    assert _total_row(before)[:2] == [0, 0]
    assert _csv_totals(client)[2] == "0"

    clock_at(start + timedelta(seconds=1))
    live = htmx.get(f"/dashboard/live?since={_since(before)}", target="tally")
    assert live.status_code == 200, "the poll said nothing changed although the event has started"
    assert _total_row(live.text)[:2] == [1, 0]
    assert _total_row(client.get("/dashboard/").text)[:2] == [1, 0]
    assert _csv_totals(client)[2] == "1"


def test_the_live_poll_is_fresh_with_the_production_cache_setting(ctx, client, auth, htmx):
    """With the settings a server runs with, is a check-in on the very next poll?"""
    admin = gen_user("admin", role="admin")
    event = open_event(commune=commune(A))
    entry = gen_registration_now(event, phone="0966666666")
    auth.login("admin")
    first = htmx.get("/dashboard/live?since=x", target="tally").text
    from portal import checkin
    checkin.check_in_registration(event, entry, "ticket", clock.now(), user=admin)
    db.session.commit()
    again = htmx.get(f"/dashboard/live?since={_since(first)}", target="tally")
    assert again.status_code == 200 and _total_row(again.text)[2] == _total_row(first)[2] + 1


def test_check_ins_before_the_start_count_at_once(ctx, client, auth):
    """Check-in opens an hour early: are those people on the dashboard before the start?"""
    gen_user("admin", role="admin")
    gen_user()
    event = gen_event(commune=commune(A), starts_at=clock.now() + timedelta(minutes=30))
    entry = gen_registration_now(event, phone="0977777777", sex="male", full_name="Đỗ Văn Nam")
    auth.login()
    token = csrf_from(client, f"/manage/events/{event.slug}/desk")
    scanned = client.post(f"/manage/events/{event.slug}/scan", data={"csrf_token": token, "code": entry.short_code})
    assert "Đỗ Văn Nam" in scanned.text
    auth.logout()
    auth.login("admin")
    page = client.get("/dashboard/").text
    communication, training, participants, female, male = _total_row(page)[:5]
    assert (training, participants, male) == (1, 1, 1)  # a session with people in it is being held
    assert "đã có người điểm danh" in page  # the footnote says what a session held is
    assert _csv_totals(client)[4] == "1"


def _commune_with_id_one():
    """Make sure a commune has id 1 (as on a fresh SQLite database) and return it."""
    found = db.session.get(Commune, 1)
    if found is None:
        found = commune(B)
        db.session.execute(update(Commune).where(Commune.id == found.id).values(id=1))
        db.session.commit()
        db.session.expire_all()
        found = db.session.get(Commune, 1)
    return found


def test_admin_and_the_organiser_of_commune_one_never_get_each_others_table(app, ctx):
    """True == 1 in Python: the admin and the organiser of commune id 1 must not share a cached table."""
    from tests.conftest import Auth, HtmxClient

    one = _commune_with_id_one()
    gen_user("admin", role="admin")
    gen_user("one", commune_code=one.code)
    open_event(commune=one)
    admin, organiser = app.test_client(), app.test_client()
    Auth(admin).login("admin")
    Auth(organiser).login("one")
    for _round in range(3):
        for client, expected in ((admin, 29), (organiser, 1), (organiser, 1), (admin, 29)):
            html = HtmxClient(client).get("/dashboard/live?since=old", target="tally").text
            assert len(re.findall(r'<tr id="row-\d+">', html)) == expected
            assert ('id="row-total"' in html) == (expected == 29)


def test_a_phone_first_seen_at_a_cancelled_event_is_still_reached(ctx, client, auth):
    """Distinct people: does a phone count when its first attendance was at an event later cancelled?"""
    from portal import checkin, tally
    from portal.catalogue import current_campaign, organising

    admin = gen_user("admin", role="admin")
    dropped, held = open_event(commune=commune(A)), open_event(commune=commune(A), kind="communication")
    for event in (dropped, held):
        entry = gen_registration_now(event, phone="0988888888")
        checkin.check_in_registration(event, entry, "ticket", clock.now(), user=admin)
        db.session.commit()
    organising.cancel(dropped)
    db.session.commit()
    scope = tally.Scope(current_campaign(clock.now().date()).id)
    rows, totals = tally.compute(scope, clock.now())
    assert totals.reach == 1 and {r.key: r for r in rows}[A].reach == 1
    rows, totals = tally.compute(scope, clock.now(), by="residence")
    assert totals.reach == 1 and {r.key: r for r in rows}[A].reach == 1
    auth.login("admin")
    assert _total_row(client.get("/dashboard/").text)[6] == 1


def test_reach_footnote_says_headcounts_count_as_distinct_people(month, client, auth):
    auth.login("admin")
    page = client.get("/dashboard/").text
    assert "mỗi người trong số nhập tay được tính là một người" in page


def test_a_change_made_by_another_worker_is_on_the_next_poll(app, ctx, database_url):
    """Two server processes share the database, not their caches: does one see what the other recorded?"""
    from portal import create_app
    from tests.conftest import Auth, HtmxClient, ServerLikeClient

    gen_user("admin", role="admin")
    organiser = gen_user()
    event = open_event(commune=commune(A))
    entry = gen_registration_now(event, phone="0966666666")
    other = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    other.test_client_class = ServerLikeClient
    dashboard, desk = app.test_client(), other.test_client()
    Auth(dashboard).login("admin")
    Auth(desk).login(organiser.username)
    first = HtmxClient(dashboard).get("/dashboard/live?since=x", target="tally").text
    token = csrf_from(desk, f"/manage/events/{event.slug}/desk")
    desk.post(f"/manage/events/{event.slug}/scan", data={"csrf_token": token, "code": entry.short_code})
    again = HtmxClient(dashboard).get(f"/dashboard/live?since={_since(first)}", target="tally")
    assert again.status_code == 200 and _total_row(again.text)[2] == _total_row(first)[2] + 1
    with other.app_context():
        db.engine.dispose()


def test_the_event_screen_polls_its_numbers(ctx, client, auth, htmx):
    """The projected numbers of one event: nothing sent while nothing changed, the new count once it did."""
    from portal import checkin

    admin = gen_user("admin", role="admin")
    event = open_event(commune=commune(A))
    entry = gen_registration_now(event, phone="0966666666")
    auth.login("admin")
    page = client.get(f"/dashboard/events/{event.slug}").text
    since = re.search(r'since=([\d.-]+)', page).group(1)
    idle = htmx.get(f"/dashboard/events/{event.slug}?since={since}", target="event-numbers")
    assert idle.status_code == 204
    checkin.check_in_registration(event, entry, "ticket", clock.now(), user=admin)
    db.session.commit()
    fresh = htmx.get(f"/dashboard/events/{event.slug}?since={since}", target="event-numbers")
    assert fresh.status_code == 200 and fresh.text.startswith('<section id="event-numbers"')
    assert 'id="number-total">1<' in fresh.text
