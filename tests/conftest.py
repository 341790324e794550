"""Fixtures: one migrated database per test run (SQLite by default, DATABASE_URL for PostgreSQL), emptied per test."""
import contextvars
import os
import re
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from jinja2 import FileSystemBytecodeCache

from portal import clock, create_app
from portal.extensions import db, limiter
from tests.database import reset_database

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
# One round of PBKDF2 instead of scrypt: staff accounts are made and signed in hundreds of times per run.
TEST_CONFIG = {"TESTING": True, "SECRET_KEY": "test", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1"}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """The test database: DATABASE_URL when given (a fresh PostgreSQL database in CI), else a temporary SQLite file."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "portal-test.sqlite3")
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()  # the migrations the run command applies, not create_all()
        db.engine.dispose()
    return url


class ServerLikeClient(FlaskClient):
    """A test client whose every request gets its own app context, as on a real server.

    Domain-test fixtures hold an app context open; without this, requests would share its `g`
    (the signed-in user, the locale) and a test could pass that a real browser would fail.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def compiled_templates(tmp_path_factory):
    """Jinja's bytecode cache for the run: each test's app loads the templates compiled by the first."""
    return FileSystemBytecodeCache(str(tmp_path_factory.mktemp("templates")))


@contextmanager
def served(database_url, compiled_templates, **config):
    """An app on the test database emptied of all but the communes and the current campaign, limits reset; config:
    settings of its own (a default rate limit). Its connections are closed afterwards."""
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **config})
    app.test_client_class = ServerLikeClient
    app.jinja_env.bytecode_cache = compiled_templates
    reset_database(app)
    with app.app_context():
        limiter.reset()
    # Flask-Limiter keeps one global state: a Redis stopped by an earlier test must not leave it on its fallback.
    limiter._storage_dead = False
    try:
        yield app
    finally:
        limiter.limit_manager.set_default_limits([])  # nor an app's default limits hold for the next
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(database_url, compiled_templates):
    """An app on the test database emptied of all but the communes and the current campaign; limits reset."""
    with served(database_url, compiled_templates) as app:
        yield app


@pytest.fixture
def client(app):
    """A browser without JavaScript."""
    return app.test_client()


@pytest.fixture
def htmx(client):
    """The same client, sending htmx's request headers."""
    return HtmxClient(client)


@pytest.fixture
def ctx(app):
    """An application context for domain tests."""
    with app.app_context():
        yield


@pytest.fixture
def runner(app):
    """The flask command runner."""
    return app.test_cli_runner()


def csrf_from(client, url):
    """Open url like a person would and return the CSRF token of its form."""
    page = client.get(url).get_data(as_text=True)
    return CSRF_INPUT.search(page).group(1)


class HtmxClient:
    """Sends requests the way htmx does: HX-Request, HX-Target, the CSRF header."""

    def __init__(self, client):
        self.client = client

    def get(self, url, target=None, **kwargs):
        return self.client.get(url, headers=self._headers(target), **kwargs)

    def post(self, url, target=None, trigger_name=None, csrf=None, **kwargs):
        headers = self._headers(target)
        if trigger_name:
            headers["HX-Trigger-Name"] = trigger_name
        if csrf:
            headers["X-CSRFToken"] = csrf
        return self.client.post(url, headers=headers, **kwargs)

    @staticmethod
    def _headers(target):
        headers = {"HX-Request": "true"}
        if target:
            headers["HX-Target"] = target
        return headers


class Auth:
    """Signs the test client in and out like a person at the login form."""

    def __init__(self, client):
        self.client = client

    def login(self, username="organiser", password=None):
        from tests.factories import PASSWORD

        token = csrf_from(self.client, "/login")
        return self.client.post("/login", data={"csrf_token": token, "username": username,
                                                "password": password or PASSWORD})

    def logout(self):
        token = csrf_from(self.client, "/manage/")
        return self.client.post("/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    """Sign-in helper for the client fixture."""
    return Auth(client)


A, B = "10198", "10183"  # Xã Hòa Bình, Thị trấn Thường Tín: the communes of the known-answer month


@pytest.fixture
def month(ctx):
    """Two held events, a cancelled and a future one; duplicates, walk-ins, a corrected headcount."""
    from portal import checkin, tally
    from portal.catalogue import current_campaign, organising
    from portal.tally import headcounts
    from tests.factories import (
        commune,
        details,
        gen_event,
        gen_registration_now,
        gen_user,
        open_event,
    )

    now = clock.now()
    user = gen_user("admin", role="admin")
    training = open_event(title="T1", kind="training", commune=commune(A))
    talk = open_event(title="C1", kind="communication", commune=commune(B))
    cancelled = open_event(title="X", kind="training", commune=commune(A))
    future = gen_event(title="F", kind="training", commune=commune(A))
    lan = gen_registration_now(training, full_name="Nguyễn Thị Lan", sex="female", phone="0911111111")
    hung = gen_registration_now(training, full_name="Trần Văn Hùng", sex="male", phone="0922222222",
                                commune_id=commune(B).id)
    gen_registration_now(training, full_name="Lê Thị Mai", sex="female", phone="0933333333")  # never comes
    gen_registration_now(talk, full_name="Trần Văn Hùng", sex="male", phone="0922222222", commune_id=commune(B).id)
    gen_registration_now(future, full_name="Người Tương Lai", sex="male", phone="0944444444")
    for entry in (lan, lan, hung):  # Lan's ticket is scanned twice
        checkin.check_in_registration(training, entry, "ticket", now, user=user)
        db.session.commit()
    checkin.check_in_walk_in(talk, details(full_name="Phạm Văn Bình", sex="male", phone=None,
                                           commune_id=commune(B).id), now)
    checkin.check_in_walk_in(talk, details(full_name="Nguyễn Thị Lan", sex="female", phone="0911111111",
                                           birth_year=1990), now)
    ghost = gen_registration_now(cancelled, phone="0955555555")
    checkin.check_in_registration(cancelled, ghost, "ticket", now)
    organising.cancel(cancelled)
    first = headcounts.record_headcount(talk, 30, 50, 5, {A: 60}, "danh sách giấy 85 người", user, now, revises=0)
    headcounts.record_headcount(talk, 31, 50, 4, {A: 60}, "đã sửa", user, now, revises=first.id)
    db.session.commit()
    return tally.Scope(current_campaign(now.date()).id)


@pytest.fixture
def clock_at(monkeypatch):
    """Move the portal's clock: clock_at(moment) makes clock.now() answer moment (a naive local datetime)."""
    real, moments = clock.now, []
    monkeypatch.setattr(clock, "now", lambda: moments[-1] if moments else real())
    return moments.append


HOUSEHOLD_PHONE = "0911111111"


@pytest.fixture
def household(ctx):
    """Three people on one phone, registered for a training in A and a talk in B; all three came to the training
    (Lan's ticket scanned twice), Lan and Hùng (as a walk-in naming himself) to the talk, and a woman without a phone
    who gives Lan's name and year walked in there too."""
    from portal import checkin, tally
    from portal.catalogue import current_campaign
    from tests.factories import (
        commune,
        details,
        gen_registration_now,
        gen_user,
        open_event,
    )

    now = clock.now()
    gen_user("admin", role="admin")
    training = open_event(title="T1", kind="training", commune=commune(A))
    talk = open_event(title="C1", kind="communication", commune=commune(B))
    people = (("Nguyễn Thị Lan", 1990, "female"), ("Trần Văn Hùng", 1985, "male"), ("Trần Minh Khoa", 2012, "male"))
    tickets = {event.id: [gen_registration_now(event, full_name=name, birth_year=year, sex=sex, phone=HOUSEHOLD_PHONE)
                          for name, year, sex in people] for event in (training, talk)}
    for entry in tickets[training.id] + tickets[training.id][:1]:
        checkin.check_in_registration(training, entry, "ticket", now)
        db.session.commit()
    checkin.check_in_registration(talk, tickets[talk.id][0], "ticket", now)
    checkin.check_in_walk_in(talk, details(full_name="Trần Văn Hùng", birth_year=1985, sex="male",
                                           phone=HOUSEHOLD_PHONE), now)
    checkin.check_in_walk_in(talk, details(full_name="Nguyễn Thị Lan", birth_year=1990, phone=None), now)
    db.session.commit()
    return tally.Scope(current_campaign(now.date()).id)
