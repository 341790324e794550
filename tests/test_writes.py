"""While another writer holds the database, pages still answer and writers soon say "try again", never hang."""
import contextlib
import fcntl
import os
import sqlite3

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from portal.extensions import db
from portal.models import Event, Person, Registration
from tests.conftest import csrf_from
from tests.factories import form_data, gen_event

BUSY = "Hệ thống đang bận"


@contextlib.contextmanager
def _held(database_url, how):
    """Another writer in the middle of a long write, holding what our writers need."""
    if how == "postgresql":
        url = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(url) as other:
            # What writers at an event need: its row (seats) and its counter cells (there is no row every writer needs).
            other.execute("SELECT id FROM event FOR UPDATE")
            other.execute("SELECT id FROM tally_cell FOR UPDATE")
            yield
            other.rollback()
        return
    path = make_url(database_url).database
    if how == "other worker":  # the other gunicorn worker holds the portal's lock file
        handle = os.open(path + ".writelock", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            os.close(handle)
    else:  # another program writing to the SQLite file
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()


def _ways(database_url):
    return ["postgresql"] if database_url.startswith("postgresql") else ["other worker", "other program"]


@pytest.fixture
def quick(app):
    """Writers give up after a fifth of a second here (a few seconds on a server)."""
    app.config["WRITE_LOCK_TIMEOUT"] = 0.2
    return app


def test_a_writer_that_cannot_get_the_lock_soon_asks_to_try_again(ctx, quick, client, database_url):
    event = gen_event(capacity=10)
    token = csrf_from(client, f"/events/{event.slug}")
    for how in _ways(database_url):
        with _held(database_url, how):
            response = client.post(f"/events/{event.slug}/register", data={"csrf_token": token, **form_data()})
        assert response.status_code == 503, how
        assert response.headers["Retry-After"] and BUSY in response.text
        db.session.expire_all()
        assert db.session.scalar(select(func.count()).select_from(Registration)) == 0  # nothing half-written
        assert db.session.scalar(select(func.count()).select_from(Person)) == 0
        assert db.session.get(Event, event.id).seats_taken == 0
    registered = client.post(f"/events/{event.slug}/register", data={"csrf_token": token, **form_data()})
    assert registered.status_code == 303  # once the lock is free, the same form goes through


def test_readers_do_not_wait_for_a_held_write_lock(ctx, quick, client, database_url):
    event = gen_event()
    for how in _ways(database_url):
        with _held(database_url, how):
            assert client.get("/events").status_code == 200
            assert client.get(f"/events/{event.slug}").status_code == 200


def test_the_desk_shows_busy_in_its_alert_box_and_the_next_scan_works(ctx, quick, client, auth, htmx, database_url):
    """An htmx scan at a busy moment: the message goes to the page's alert box, not over the scan result."""
    from tests.factories import gen_registration_now, gen_user, open_event

    gen_user()
    event = open_event()
    registration = gen_registration_now(event)
    auth.login()
    token = csrf_from(client, "/manage/")
    url = f"/manage/events/{event.slug}/scan"
    with _held(database_url, _ways(database_url)[0]):
        busy = htmx.post(url, target="scan-result", csrf=token, data={"code": registration.short_code})
    assert busy.status_code == 503 and busy.headers["Retry-After"]
    assert busy.headers["HX-Retarget"] == "#request-error" and busy.text.startswith('<p id="request-error"')
    assert BUSY in busy.text
    again = htmx.post(url, target="scan-result", csrf=token, data={"code": registration.short_code})
    assert 'class="scan-result new"' in again.text


def test_a_writer_on_postgresql_waits_for_row_locks_no_longer_than_the_write_lock_timeout(app, ctx, database_url):
    """The connections have WRITE_LOCK_TIMEOUT as their lock_timeout from the start (no statement per write for it);
    a timeout configured otherwise since is set for each writer's transaction."""
    from sqlalchemy import text

    from portal.storage import writes

    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite writers wait on the portal's lock (see the tests above)")
    shown = []
    for seconds in (app.config["WRITE_LOCK_TIMEOUT"], 0.2):
        app.config["WRITE_LOCK_TIMEOUT"] = seconds
        writes.begin(db.session())
        shown.append(db.session.scalar(text("SHOW lock_timeout")))
        db.session.rollback()
    assert shown == ["5s", "200ms"]


def test_a_commit_returns_once_written_not_once_on_disk_on_either_database_unless_configured(app, ctx, database_url):
    """Both databases keep the same promise by default: SQLite in WAL with synchronous NORMAL, PostgreSQL with
    synchronous_commit off. A commit is never half-written, but one made in the last moment before a power cut may be
    lost; nobody's answer waits for the disk. DATABASE_SYNCHRONOUS_COMMIT=on makes PostgreSQL wait for every flush."""
    from sqlalchemy import text

    from portal import create_app
    from tests.conftest import TEST_CONFIG

    if not database_url.startswith("postgresql"):
        assert db.session.scalar(text("PRAGMA synchronous")) == 1  # NORMAL
        assert db.session.scalar(text("PRAGMA journal_mode")) == "wal"
        return
    assert db.session.scalar(text("SHOW synchronous_commit")) == "off"
    assert db.session.scalar(text("SHOW lock_timeout")) == "5s"  # set at connect, beside it
    with pytest.raises(ValueError, match="on or off"):
        create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "DATABASE_SYNCHRONOUS_COMMIT": "on -c x=1"})
    waiting = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "DATABASE_SYNCHRONOUS_COMMIT": "on"})
    with waiting.app_context():
        assert db.session.scalar(text("SHOW synchronous_commit")) == "on"
        db.session.remove()
        db.engine.dispose()
