"""Operations: rate limits kept in Redis (and what happens when it stops), running behind a proxy, HTTPS, the
database pool."""
import logging
import os
import re
import socket
import subprocess
import sys

import pytest

from portal import create_app
from tests.conftest import TEST_CONFIG, Auth, ServerLikeClient, csrf_from
from tests.factories import gen_registration_now, gen_user, open_event


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_redis():
    """A Redis server of this test's own on a free port (never the shared one), stopped at the end."""
    port = _free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--daemonize", "no"], stdout=subprocess.PIPE, text=True)
    for line in process.stdout:  # redis says when it listens; an empty read means it died
        if "Ready to accept connections" in line:
            break
    else:
        pytest.fail("redis-server did not start")
    yield process, f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)
    process.stdout.close()


def _app(database_url, **config):
    """An app on the test database (already emptied by the app fixture) with extra settings."""
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **config})
    app.test_client_class = ServerLikeClient
    return app


def _wrong_login(client, username="organiser", **kwargs):
    token = csrf_from(client, "/login")
    return client.post("/login", data={"csrf_token": token, "username": username, "password": "sai-mat-khau-roi"},
                       **kwargs)


def test_the_app_boots_with_redis_storage_from_the_environment(app, database_url, own_redis, monkeypatch):
    """Does a server process start when RATELIMIT_STORAGE_URI names Redis, as the README advises?"""
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", own_redis[1])
    booted = _app(database_url)
    assert booted.config["RATELIMIT_STORAGE_URI"] == own_redis[1]
    assert booted.test_client().get("/login").status_code == 200


def test_login_limit_is_kept_in_redis(app, database_url, own_redis):
    import redis

    redis_app = _app(database_url, RATELIMIT_STORAGE_URI=own_redis[1], LOGIN_LIMIT_PER_USER="2 per 15 minutes")
    with redis_app.app_context():
        gen_user()
    client = redis_app.test_client()
    assert [_wrong_login(client).status_code for _ in range(3)] == [422, 422, 429]
    assert redis.Redis.from_url(own_redis[1]).keys("LIMITS*")  # the counts live in Redis, shared by workers


def test_pages_keep_working_when_redis_stops(app, database_url, own_redis, caplog):
    """With Redis gone, do sign-in, ticket recovery and self check-in still answer (and stay limited)?"""
    redis_app = _app(database_url, RATELIMIT_STORAGE_URI=own_redis[1], LOGIN_LIMIT_PER_USER="2 per 15 minutes")
    with redis_app.app_context():
        gen_user()
        event = open_event(kind="communication")
        ticket = gen_registration_now(event).token
        code = event.checkin_code
    client = redis_app.test_client()
    assert _wrong_login(client).status_code == 422
    process = own_redis[0]
    process.terminate()
    process.wait(10)

    with caplog.at_level(logging.WARNING):
        statuses = [_wrong_login(client).status_code for _ in range(3)]
        assert statuses == [422, 422, 429]  # still limited, counted afresh in this process's memory
        assert Auth(redis_app.test_client()).login(username="organiser").status_code == 429
        token = csrf_from(client, "/tickets/recover")
        recovered = client.post("/tickets/recover", data={"csrf_token": token, "phone": "0912345678",
                                                           "birth_year": "1990"})
        assert recovered.status_code == 200 and f"/t/{ticket}" in recovered.text
        token = csrf_from(client, f"/c/{code}")
        checked = client.post(f"/c/{code}/identify", data={"csrf_token": token, "phone": "0912345678",
                                                           "birth_year": "1990"})
        assert checked.status_code == 200 and 'class="scan-result new"' in checked.text
    assert any(record.levelno == logging.WARNING and "in-memory" in record.getMessage() for record in caplog.records)


def test_behind_one_proxy_each_client_has_its_own_login_bucket(app, database_url):
    proxied = _app(database_url, PROXY_COUNT=1, LOGIN_LIMIT_PER_ADDRESS="2 per 15 minutes")
    first, second = proxied.test_client(), proxied.test_client()
    statuses = [_wrong_login(first, username=f"u{n}", headers={"X-Forwarded-For": "203.0.113.5"}).status_code
                for n in range(3)]
    assert statuses == [422, 422, 429]
    other = _wrong_login(second, username="u9", headers={"X-Forwarded-For": "203.0.113.6"})
    assert other.status_code == 422


def test_without_a_proxy_the_forwarded_header_is_ignored(app, database_url):
    """Can a client dodge the limit by sending its own X-Forwarded-For?"""
    direct = _app(database_url, LOGIN_LIMIT_PER_ADDRESS="2 per 15 minutes")
    client = direct.test_client()
    statuses = [_wrong_login(client, username=f"u{n}", headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
                for n in range(3)]
    assert statuses == [422, 422, 429]


def test_proxy_and_https_settings_come_from_the_environment(app, database_url, monkeypatch):
    monkeypatch.setenv("PROXY_COUNT", "2")
    monkeypatch.setenv("SERVED_OVER_HTTPS", "1")
    configured = _app(database_url)
    assert configured.config["PROXY_COUNT"] == 2 and configured.config["SERVED_OVER_HTTPS"] is True


def test_make_run_the_readme_and_the_benchmark_serve_with_the_same_threads_and_a_connection_for_each():
    """The gunicorn settings `make run` uses are the ones the README recommends and the benchmark measures, and by
    default a PostgreSQL pool keeps one connection per thread of them."""
    from bench.server import GUNICORN
    from portal import config

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    setting = re.compile(r"--workers (\d+) --threads (\d+) --worker-class gthread")
    with open(os.path.join(root, "Makefile")) as makefile, open(os.path.join(root, "README.md")) as readme:
        made, recommended = setting.search(makefile.read()).groups(), setting.search(readme.read()).groups()
    measured = setting.search(" ".join(GUNICORN)).groups() if "BENCH_GUNICORN" not in os.environ else made
    assert made == recommended == measured
    assert int(made[1]) == config.DATABASE_POOL_SIZE


def test_a_postgresql_pool_keeps_a_connection_per_server_thread_and_takes_its_size_from_the_environment(monkeypatch):
    """`make run`'s threads per worker each find a connection ready; a server running more threads says so."""
    from portal.extensions import db

    url = "postgresql://portal@db.example.invalid/portal"  # the pool is built, nothing connects
    default = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    monkeypatch.setenv("DATABASE_POOL_SIZE", "8")
    monkeypatch.setenv("DATABASE_MAX_OVERFLOW", "0")
    eight = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    sizes = []
    for app in (default, eight):
        with app.app_context():
            options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
            sizes.append((db.engine.pool.size(), options["max_overflow"], options["pool_pre_ping"]))
    assert sizes == [(2, 2, True), (8, 0, True)]


def test_over_https_the_cookie_is_secure_and_hsts_is_sent(app, database_url):
    secure = _app(database_url, SERVED_OVER_HTTPS=True)
    response = secure.test_client().get("/login", base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_over_plain_http_no_hsts(client):
    response = client.get("/login")
    assert "Strict-Transport-Security" not in response.headers and "Secure" not in response.headers["Set-Cookie"]


def test_a_sqlite_file_is_not_pinged_before_each_request_and_a_server_database_is(tmp_path):
    """A server may drop a connection (a restart, a proxy's idle timeout): it is tested before use. A file cannot;
    testing it cost every check-in a statement."""
    sqlite = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}"})
    server = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "postgresql://portal@db.example.invalid/portal"})
    assert not sqlite.config["SQLALCHEMY_ENGINE_OPTIONS"].get("pool_pre_ping")
    assert server.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


def test_the_served_app_leaves_what_start_up_built_out_of_full_garbage_collections(tmp_path):
    """A full pass of the cyclic garbage collector stops every thread of the process while it walks each tracked
    object. The served app (wsgi.py, what gunicorn runs) freezes what start-up built, so such a pass walks only what
    requests left behind, not the hundred thousand objects of the modules, the app and its templates."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    answer = subprocess.run(
        [sys.executable, "-c", "import gc, wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"], cwd=root,
        env=dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}", SECRET_KEY="test"),
        capture_output=True, text=True, timeout=120)
    assert answer.returncode == 0, answer.stderr[-2000:]
    frozen, walked = map(int, answer.stdout.split()[-2:])
    assert frozen > 50_000
    assert walked < frozen / 10
