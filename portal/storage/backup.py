"""Backups of the whole database and their restore: SQLite's online backup API, or pg_dump / pg_restore."""
import os
import sqlite3
import subprocess

from sqlalchemy import inspect


class BackupError(Exception):
    """A backup or restore that cannot be done; str() says why, for the command line."""


def backup(engine, path):
    """Write a consistent copy of the database behind engine to path, while the portal keeps running."""
    if engine.dialect.name == "sqlite":
        _sqlite_copy(engine.url.database, path)
    else:
        _postgresql(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", path], engine.url)


def is_empty(engine):
    """True when the database has no tables yet (a new database to restore into)."""
    return not inspect(engine).get_table_names()


def restore(engine, path, force=False):
    """Replace the database behind engine with the backup at path; refuse a database with tables unless force."""
    if not os.path.isfile(path):
        raise BackupError(f"no backup file at {path}")
    if not force and not is_empty(engine):
        raise BackupError("the database already has tables; restore into an empty database, or give --force")
    engine.dispose()
    if engine.dialect.name == "sqlite":
        _sqlite_copy(path, engine.url.database)
    else:
        _postgresql(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                     "--exit-on-error", path], engine.url, target=True)


def _sqlite_copy(source_path, target_path):
    """Copy one SQLite database into another, page by page, with SQLite's own backup API."""
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    target = sqlite3.connect(target_path)
    try:
        if source.execute("SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'").fetchone()[0] != 1:
            raise BackupError(f"{source_path} is not a database of this portal")
        source.backup(target)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source_path}: {error}") from None
    finally:
        source.close()
        target.close()


def _postgresql(command, url, target=False):
    """Run a PostgreSQL client tool on url's database; the password goes through the environment, never argv."""
    plain = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    env = dict(os.environ, **({"PGPASSWORD": url.password} if url.password else {}))
    argv = command + (["--dbname", plain] if target else [plain])
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-500:]}")
