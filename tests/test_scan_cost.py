"""What a scan costs, at the desk and through a device's API: the same at an event's 10th and 2,000th check-in and
with a crowd at another event, the fewest statements, a re-scan cheaper than a first scan. And the desk's count and
last scans, which come from the counters and the newest rows, against a fresh count."""
import re
import uuid
from contextlib import contextmanager

import flask_babel
import pytest
from flask import template_rendered
from sqlalchemy import event as sa_event
from sqlalchemy import func, select, text

from portal import checkin, clock, tokens
from portal.accounts import audit
from portal.api.blueprint import device_digest
from portal.checkin import devices, people, scans
from portal.extensions import db
from portal.models import Attendance, Event, User
from portal.storage import run
from tests.conftest import csrf_from
from tests.factories import (
    commune,
    details,
    gen_crowd,
    gen_registration_now,
    gen_user,
    open_event,
)

CONTROL = re.compile(r"\s*(SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|PRAGMA|SET LOCAL)\b", re.I)


@contextmanager
def statements(control=False):
    """The statements sent to the database meanwhile, transaction control left out unless control (then each commit
    shows as "COMMIT")."""
    seen = []

    def listen(_connection, _cursor, statement, *_args):
        if control or not CONTROL.match(statement):
            seen.append(" ".join(statement.split()))

    def committed(_connection):
        seen.append("COMMIT")

    sa_event.listen(db.engine, "before_cursor_execute", listen)
    if control:
        sa_event.listen(db.engine, "commit", committed)
    try:
        yield seen
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", listen)
        if control:
            sa_event.remove(db.engine, "commit", committed)


@contextmanager
def sqlite_work():
    """SQLite's virtual-machine steps meanwhile, in tens: the work asked of the database, which grows with the
    rows its statements read (a count over an event's check-ins, a scan of a table without an index). Stays empty on
    PostgreSQL, which has no such counter."""
    work = []

    def tick():
        work.append(1)
        return 0  # go on

    def checked_out(dbapi_connection, _record, _proxy):
        dbapi_connection.set_progress_handler(tick, 10)

    def checked_in(dbapi_connection, _record):
        dbapi_connection.set_progress_handler(None, 100)

    if db.engine.dialect.name != "sqlite":
        yield work
        return
    sa_event.listen(db.engine, "checkout", checked_out)
    sa_event.listen(db.engine, "checkin", checked_in)
    try:
        yield work
    finally:
        sa_event.remove(db.engine, "checkout", checked_out)
        sa_event.remove(db.engine, "checkin", checked_in)


def _cost(scan, *args):
    """Run scan(*args); return (its answer, its statements, its SQLite work)."""
    with statements() as seen, sqlite_work() as work:
        answer = scan(*args)
    return answer, seen, len(work)


def _desk(client, auth, username="organiser"):
    auth.login(username)
    return csrf_from(client, "/manage/")


def _scan(htmx, token, event, code):
    return htmx.post(f"/manage/events/{event.slug}/scan", target="scan-result", csrf=token, data={"code": code})


_people = iter(range(100, 1000))


def _ticket(event):
    """A new ticket for event, of someone nobody else is."""
    n = next(_people)
    return gen_registration_now(event, full_name=f"Người mới {n}", phone=f"0977{n:06d}").short_code


def _device(event):
    """The Authorization header of a device token for event, issued by a staff member at its desk."""
    token = tokens.new_token()
    staff = db.session.scalar(select(User).where(User.username == "thiet-bi")) or gen_user("thiet-bi", role="admin")
    devices.issue(event, staff, device_digest(token), clock.now())
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def _send(client, event, headers, *codes):
    return client.post(f"/api/v1/events/{event.slug}/checkins", headers=headers, json={"checkins": [
        {"id": str(uuid.uuid4()), "code": code, "scanned_at": clock.now().isoformat()} for code in codes]})


def _flat(small, elsewhere, crowded):
    """The three costs are the same: the same statements, and (on SQLite) the same work within 10%."""
    (_a, small_statements, small_work), (_b, elsewhere_statements, elsewhere_work), \
        (_c, crowded_statements, crowded_work) = small, elsewhere, crowded
    assert small_statements == elsewhere_statements == crowded_statements
    assert not [s for s in crowded_statements if re.search(r"\bcount\(", s) and re.search(r"\bFROM attendance\b", s)]
    assert elsewhere_work <= small_work * 1.1 + 1 and crowded_work <= small_work * 1.1 + 1, (
        small_work, elsewhere_work, crowded_work)


def test_a_scan_costs_the_same_at_the_10th_and_the_2000th_check_in_and_with_a_crowd_elsewhere(ctx, client, auth,
                                                                                              htmx):
    gen_user()
    token = _desk(client, auth)
    small, big = open_event(title="Buổi nhỏ"), open_event(title="Mít tinh lớn")
    gen_crowd(small, 9)
    _scan(htmx, token, small, _ticket(small))  # the connection's first write sets it up once
    at_small = _cost(_scan, htmx, token, small, _ticket(small))
    gen_crowd(big, 1999, start=100)
    elsewhere = _cost(_scan, htmx, token, small, _ticket(small))
    crowded = _cost(_scan, htmx, token, big, _ticket(big))
    assert '<strong id="desk-count" hx-swap-oob="true">12</strong>' in elsewhere[0].text
    assert '<strong id="desk-count" hx-swap-oob="true">2000</strong>' in crowded[0].text
    _flat(at_small, elsewhere, crowded)


def test_a_device_scan_costs_the_same_at_the_10th_and_the_2000th_check_in_and_with_a_crowd_elsewhere(ctx, client):
    small, big = open_event(title="Buổi nhỏ"), open_event(title="Mít tinh lớn")
    to_small, to_big = _device(small), _device(big)
    gen_crowd(small, 9)
    _send(client, small, to_small, _ticket(small))
    at_small = _cost(_send, client, small, to_small, _ticket(small))
    gen_crowd(big, 1999, start=100)
    elsewhere = _cost(_send, client, small, to_small, _ticket(small))
    crowded = _cost(_send, client, big, to_big, _ticket(big))
    assert [r["status"] for r in crowded[0].json["results"]] == ["new"]
    assert crowded[0].json["results"][0]["name"].startswith("Người mới")
    _flat(at_small, elsewhere, crowded)


def test_a_rescan_runs_no_more_statements_than_a_first_scan_and_neither_loads_what_it_does_not_show(ctx, client,
                                                                                                     auth, htmx):
    gen_user()
    token = _desk(client, auth)
    event = open_event()
    _scan(htmx, token, event, _ticket(event))
    code = _ticket(event)
    first, first_statements, _work = _cost(lambda: _scan(htmx, token, event, code))
    again, again_statements, _work = _cost(lambda: _scan(htmx, token, event, code))
    assert 'class="scan-result new"' in first.text and 'class="scan-result already"' in again.text
    assert "Người mới" in again.text and "Lần quét đầu lúc" in again.text
    # The signed-in user, the event with its campaign, the ticket with its holder, their unit and any attendance;
    # a first scan then writes the attendance, the reach marks, its counter cell, the event's total and the version;
    # the audit entry; the count with the last scans. On PostgreSQL the ticket comes with its attendance written and
    # counted and the audit entry added, in one statement.
    assert len(first_statements) <= (4 if db.engine.dialect.name == "postgresql" else 10), first_statements
    assert len(again_statements) <= (4 if db.engine.dialect.name == "postgresql" else 5), again_statements
    if db.engine.dialect.name == "postgresql":  # the same statements: the one that writes and counts writes nothing
        assert again_statements == first_statements
    else:
        assert len(again_statements) < len(first_statements)
    for seen in (first_statements, again_statements):
        assert not [s for s in seen if "FROM device_token" in s]  # the device list is on the page, not the answer
        assert len([s for s in seen if re.search(r"\bFROM person\b", s)]) == 0  # loaded with the ticket


def test_a_scan_sends_its_own_statements_straight_to_the_connection(ctx, client, auth, htmx):
    """The ORM's per-statement work (autoflush, events, entity loading: about 30 µs a statement, several times the
    statement's own on SQLite) is spent on the two things it loads, the signed-in user and the event. The ticket,
    the attendance, the counters, the audit entry, the count and last scans, a re-scan's answer are statements of
    columns that go straight to the session's connection."""
    gen_user()
    token = _desk(client, auth)
    event = open_event()
    _scan(htmx, token, event, _ticket(event))
    code, other = _ticket(event), open_event()
    through_orm = []

    def executed(orm_execute_state):
        statement = orm_execute_state.statement
        loads = [d["expr"] for d in getattr(statement, "column_descriptions", ())]
        entity = loads[0] if len(loads) == 1 and (loads[0] is User or loads[0] is Event) else None
        through_orm.append(entity.__name__ if entity else " ".join(str(statement).split())[:70])

    sa_event.listen(db.session, "do_orm_execute", executed)
    try:
        first = _scan(htmx, token, event, code)
        again = _scan(htmx, token, event, code)
        refused = _scan(htmx, token, other, code)
    finally:
        sa_event.remove(db.session, "do_orm_execute", executed)
    assert 'class="scan-result new"' in first.text and 'class="scan-result already"' in again.text
    assert "scan-result refused" in refused.text and "dành cho hoạt động khác" in refused.text
    assert through_orm == ["User", "Event"] * 3, through_orm


def test_a_scan_reads_of_its_event_only_what_it_decides_by(ctx, client, auth, htmx):
    """The answer shows nothing of the event: a scan reads its window, status, unit and campaign (closed or not), not
    its description, its search key or its campaign's texts. Without JavaScript the whole desk page comes back, with
    the event as the page shows it."""
    gen_user()
    token = _desk(client, auth)
    event = open_event(description="Mô tả dài " * 200, venue="Hội trường thôn Đông")
    code = _ticket(event)
    with statements() as seen:
        assert 'class="scan-result new"' in _scan(htmx, token, event, code).text
    read = next(s for s in seen if re.search(r"\bFROM event\b", s))
    columns = read.split(" FROM ")[0]
    for needed in ("event.id", "event.campaign_id", "event.commune_id", "event.status", "event.starts_at",
                   "event.ends_at", "event.checkin_opens_at", "event.checkin_closes_at", "campaign_closing"):
        assert needed in columns, needed
    for unread in ("event.description", "event.search_key", "event.title", "event.venue", "campaign.title",
                   "campaign.theme"):
        assert unread not in columns, unread
    page = client.post(f"/manage/events/{event.slug}/scan", data={"csrf_token": token, "code": _ticket(event)}).text
    assert "<html" in page and 'class="scan-result new"' in page and event.title in page


def test_on_postgresql_every_statement_of_a_scan_is_planned_once_and_its_plan_kept(ctx):
    """psycopg prepares a statement on its fifth run on a connection; PostgreSQL then keeps a generic plan unless it
    judges one made for the values better, and plans again at every run. Planning a statement costs more than running
    it (the count and last scans: its LIMIT as a parameter made every plan for its value). Twelve scans on one
    connection: each statement run that often has a kept plan."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite prepares every statement once per connection and has no plan to choose")
    staff = gen_user()
    event = open_event()
    gen_crowd(event, 2000, start=300)  # a big event, its statistics known as autovacuum would have them
    codes = [_ticket(event) for _ in range(12)]
    db.session.commit()
    run(text("ANALYZE"))
    for code in codes:
        outcome = checkin.attempt(lambda: scans.scan(event, code, "ticket", clock.now(), user_id=staff.id,  # noqa: B023
                                                     audit_entry=audit.entry("ticket_scanned", staff.id, event.slug,
                                                                             "", clock.now())))
        assert outcome.status == "new"
        people.desk_counts(event)
        db.session.commit()
    plans = run(text("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")).all()
    ran = [(" ".join(p.statement.split())[:60], p.generic_plans, p.custom_plans) for p in plans
           if p.generic_plans + p.custom_plans >= 7]
    assert len(ran) >= 2, ran  # the scan's statement, the count and last scans
    assert [p for p in ran if p[1] == 0] == [], ran


def test_the_answer_translates_its_labels_once_per_language_not_once_a_row(ctx, client, auth, htmx, monkeypatch):
    """The last scans show each one's way in (quét vé, cán bộ tìm tên): the label mapping is translated once per
    language and then read, so eight rows are eight lookups; switching the language shows the other's words."""
    gen_user()
    token = _desk(client, auth)
    event = open_event()
    for _ in range(8):
        _scan(htmx, token, event, _ticket(event))
    looked_up = []
    real = flask_babel.Domain.gettext

    def gettext(self, string, **variables):
        looked_up.append(string)
        return real(self, string, **variables)

    monkeypatch.setattr(flask_babel.Domain, "gettext", gettext)
    for language, label, other in (("en", "ticket scan", "quét vé"), ("vi", "quét vé", "ticket scan"),
                                   ("en", "ticket scan", "quét vé")):
        client.set_cookie("lang", language)
        for _ in range(2):
            looked_up.clear()
            answer = _scan(htmx, token, event, _ticket(event))
            recent = answer.text.split('id="recent-scans"')[1]
            assert recent.count(label) == 8 and other not in recent, recent
            assert looked_up.count("quét vé") <= 1, looked_up


def test_a_first_scan_opens_no_savepoint_and_commits_before_its_answer_renders(app, ctx, client, auth, htmx):
    """Every round trip counts: the attendance goes in with INSERT … ON CONFLICT DO NOTHING (a simultaneous scan's row
    makes it insert nothing, nothing to undo); the count and last scans are read in the scan's transaction, which
    commits before the answer renders, so the next writer does not wait for that."""
    gen_user()
    token = _desk(client, auth)
    event = open_event()
    _scan(htmx, token, event, _ticket(event))
    code = _ticket(event)
    with statements(control=True) as seen:
        def rendered(_sender, template, **_extra):
            seen.append("RENDER " + template.name)

        template_rendered.connect(rendered, app)
        try:
            answer = _scan(htmx, token, event, code)
        finally:
            template_rendered.disconnect(rendered, app)
    assert 'class="scan-result new"' in answer.text
    assert not [s for s in seen if re.match(r"(SAVEPOINT|RELEASE|ROLLBACK)\b", s, re.I)], seen
    assert not [s for s in seen if s.startswith("SET ")], seen  # PostgreSQL's lock_timeout is the connection's
    counting = [s for s in seen if not s.startswith("SELECT")
                and re.search(r"\b(reach_mark|tally_cell|tally_total|tally_changes)\b", s)]
    insert = next(n for n, s in enumerate(seen) if "INSERT INTO attendance" in s)
    assert "ON CONFLICT DO NOTHING" in seen[insert]
    if db.engine.dialect.name == "postgresql":  # one round trip finds the ticket, writes its attendance, counts it
        assert "FROM registration" in seen[insert] and not [s for s in seen[:insert] if "FROM registration" in s]
        assert counting == [seen[insert]], counting
    else:
        assert len(counting) == 4, counting  # marks, cell, total, change
    counts = next(n for n, s in enumerate(seen) if "FROM attendance JOIN person" in s)
    commit, render = seen.index("COMMIT"), seen.index("RENDER manage/_scan_response.html")
    assert insert < counts < commit < render, seen
    assert seen[commit:].count("COMMIT") == 1, seen  # nothing read after it: the answer's transaction was the scan's


def test_a_device_rescan_runs_fewer_statements_than_a_first_scan(ctx, client):
    event = open_event()
    headers = _device(event)
    _send(client, event, headers, _ticket(event))
    code = _ticket(event)
    first, first_statements, _work = _cost(lambda: _send(client, event, headers, code))
    again, again_statements, _work = _cost(lambda: _send(client, event, headers, code))
    assert [r["status"] for r in first.json["results"]] == ["new"]
    assert [r["status"] for r in again.json["results"]] == ["already"]
    assert again.json["results"][0]["name"] == first.json["results"][0]["name"]
    assert again.json["results"][0]["checked_in_at"] == first.json["results"][0]["checked_in_at"]
    # The device token, the event, the keys seen before; per scan: its key claimed, the ticket, (a first scan) the
    # attendance, reach marks, counter cell, the event's total and the version, and the answer stored. On
    # PostgreSQL the ticket comes with its attendance written and counted, in one statement.
    assert len(first_statements) <= (6 if db.engine.dialect.name == "postgresql" else 11), first_statements
    assert len(again_statements) <= 6, again_statements
    assert not [s for s in first_statements + again_statements if re.search(r"\bFROM (person|commune|user)\b", s)]


def _fresh(event):
    """The event's check-ins counted afresh, and its last eight (time, name) newest first."""
    count = db.session.scalar(select(func.count()).select_from(Attendance).where(Attendance.event_id == event.id))
    rows = db.session.scalars(select(Attendance).where(Attendance.event_id == event.id)
                              .order_by(Attendance.id.desc()).limit(8)).all()
    return count, [row.person.full_name for row in rows]


def _shown(page):
    count = re.search(r'<strong id="desk-count"[^>]*>(\d+)</strong>', page).group(1)
    recent = page.split('id="recent-scans"', 1)[1].split("</ol>", 1)[0]
    return int(count), re.findall(r"<li>[\d:]+ · ([^·<]+?) · ", recent)


def test_the_desk_count_and_last_scans_equal_a_fresh_count(month, client, auth, htmx):
    """Walk-ins count, a headcount does not (it is no one's check-in), nor another event's check-ins; a cancelled
    event's check-ins still show at its desk."""
    from portal.models import Event

    events = {event.title: event for event in db.session.scalars(select(Event))}
    token = _desk(client, auth, "admin")
    training, talk, cancelled = events["T1"], events["C1"], events["X"]
    assert _shown(client.get(f"/manage/events/{talk.slug}/desk").text) == (2, ["Nguyễn Thị Lan", "Phạm Văn Bình"])
    assert _shown(client.get(f"/manage/events/{cancelled.slug}/desk").text) == (1, ["Nguyễn Thị Lan"])
    answer = _scan(htmx, token, training, gen_registration_now(training, full_name="Đỗ Văn Tú",
                                                                phone="0966666666").short_code)
    assert _shown(answer.text) == (3, ["Đỗ Văn Tú", "Trần Văn Hùng", "Nguyễn Thị Lan"])
    checkin.check_in_walk_in(talk, details(full_name="Vũ Thị Hoa", phone=None), clock.now())
    db.session.commit()
    answer = _scan(htmx, token, talk, "gibberish")
    assert 'class="scan-result refused"' in answer.text
    assert _shown(answer.text) == (3, ["Vũ Thị Hoa", "Nguyễn Thị Lan", "Phạm Văn Bình"])
    for event in (training, talk, cancelled):
        assert _shown(client.get(f"/manage/events/{event.slug}/desk").text) == _fresh(event)


def test_the_desk_shows_the_last_eight_scans_of_a_crowd_newest_first(ctx, client, auth, htmx):
    gen_user()
    token = _desk(client, auth)
    event = open_event()
    gen_crowd(event, 30)
    answer = _scan(htmx, token, event, _ticket(event))
    count, names = _shown(answer.text)
    assert count == 31 and len(names) == 8 and names[0].startswith("Người mới")
    assert (count, names) == _fresh(event)


def test_scans_keep_the_counters_a_rebuild_from_the_rows_gives(ctx):
    """The counters a scan moves, in the statement that records it (PostgreSQL) or right after (SQLite), against a
    rebuild: a woman scanned at two events of the campaign is reached once in the district, once per host commune
    and once where she lives; someone from elsewhere and someone without a phone are counted too; a re-scan, a
    ticket for another event and a cancelled one move nothing."""
    from portal.checkin import scans
    from portal.models import (
        ReachMark,
        Registration,
        TallyCell,
        TallyChanges,
        TallyTotal,
    )
    from portal.registration import cancelling
    from portal.tally import counters

    here, there = open_event(title="Hội trường xã"), open_event(title="Nhà văn hóa", commune=commune("10183"))
    tickets = [gen_registration_now(here, full_name="Nguyễn Thị Lan", phone="0911111111"),
               gen_registration_now(there, full_name="Nguyễn Thị Lan", phone="0911111111"),
               gen_registration_now(here, full_name="Trần Văn Hùng", sex="male", phone="0922222222", commune_id=None),
               gen_registration_now(here, full_name="Lê Thị Mai", phone=None),
               gen_registration_now(there, full_name="Đỗ Văn Tú", sex="other", phone="0933333333")]
    cancelled = gen_registration_now(here, full_name="Vũ Thị Hoa", phone="0944444444")
    cancelling.cancel(cancelled, clock.now())
    db.session.commit()
    scanned = [(here, tickets[0]), (there, tickets[1]), (here, tickets[2]), (here, tickets[3]), (there, tickets[4]),
               (here, tickets[0]), (here, tickets[4]), (here, cancelled)]
    statuses = []
    for event, ticket in scanned:
        statuses.append(checkin.attempt(lambda: scans.scan(event, ticket.short_code, "ticket", clock.now())).status)
        db.session.commit()
    assert statuses == ["new"] * 5 + ["already", "refused", "refused"]

    def kept():
        cells = {(c.event_id, c.commune_id, c.sex): tuple(getattr(c, n) for n in counters.COUNTS)
                 for c in db.session.scalars(select(TallyCell))}
        totals = db.session.execute(select(TallyTotal.event_id, TallyTotal.sex, *(
            func.sum(getattr(TallyTotal, n)) for n in counters.TOTALS)).group_by(TallyTotal.event_id, TallyTotal.sex))
        marks = {(m.scope, m.commune_id, m.person_key) for m in db.session.scalars(select(ReachMark))}
        return cells, {tuple(row[:2]): tuple(row[2:]) for row in totals}, marks

    live = kept()
    assert live[1][here.id, "female"] == (2, 2, 2, 2, 2)  # Lan and Mai registered, both came, both new here
    assert live[1][there.id, "female"] == (1, 1, 1, 1, 0)  # Lan, new to this host, not to the district
    changes = db.session.scalar(select(func.sum(TallyChanges.changes)))
    assert changes >= 6 + 1 + 5  # every registration, the cancellation and every first scan raised the campaign's version
    counters.rebuild()
    assert kept() == live
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 6
