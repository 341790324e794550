"""Backups: `flask backup` and `flask restore` give back the same month, on SQLite and on PostgreSQL."""
import psycopg
import pytest
from sqlalchemy.engine import make_url

from portal import create_app
from portal.extensions import db
from tests.conftest import TEST_CONFIG, Auth, ServerLikeClient


@pytest.fixture
def empty_database(database_url, tmp_path):
    """A new, empty database beside the test database: a SQLite file, or a PostgreSQL database dropped afterwards."""
    if database_url.startswith("sqlite"):
        yield "sqlite:///" + str(tmp_path / "restored.sqlite3")
        return
    url = make_url(database_url).set(drivername="postgresql")
    name = f"{url.database}_restored"
    server = url.set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _cli(app, *args):
    """Run a flask command against app's own database (inside its app context, not the test's)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def _report(client):
    Auth(client).login("admin")
    return client.get("/dashboard/report.csv").data.decode("utf-8-sig")


def test_a_backup_restored_into_an_empty_database_gives_the_same_report(month, client, runner, tmp_path,
                                                                         empty_database):
    before = _report(client)
    assert "Tổng cộng,1,1,89" in before  # the known answers of the month
    path = tmp_path / "portal.backup"
    made = runner.invoke(args=["backup", str(path)])
    assert made.exit_code == 0, made.output
    assert path.stat().st_size > 0

    restored = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database})
    restored.test_client_class = ServerLikeClient
    done = _cli(restored, "restore", str(path))
    assert done.exit_code == 0, done.output
    assert _report(restored.test_client()) == before

    refused = _cli(restored, "restore", str(path))
    assert refused.exit_code != 0 and "empty database" in refused.output and "--force" in refused.output
    forced = _cli(restored, "restore", "--force", str(path))
    assert forced.exit_code == 0, forced.output
    assert _report(restored.test_client()) == before
    with restored.app_context():
        db.engine.dispose()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, empty_database):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("không phải bản sao lưu")
    restored = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database})
    done = _cli(restored, "restore", str(bogus))
    assert done.exit_code != 0 and "Error" in done.output
    with restored.app_context():
        db.engine.dispose()
