"""SQLite takes one writer at a time: writers queue on a lock here instead of sleeping in SQLite's busy handler.

SQLite's busy handler retries after growing sleeps (1, 2, 5, 10 … 100 ms), so under a crowd of check-ins most of
the time goes to sleeping. A thread lock (within a process) plus an flock on a file beside the database (between
gunicorn workers) hands the write lock straight to the next writer. PostgreSQL needs none of this.
"""
import fcntl
import os
import sqlite3
import threading
import time

from flask import current_app
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

_thread_lock = threading.Lock()
_files = {}


class WriterBusy(Exception):
    """The write lock could not be had within WRITE_LOCK_TIMEOUT: the person is asked to try again shortly."""


def on_postgresql(session):
    """Whether session's database is PostgreSQL (else SQLite): where one statement can do what takes two on SQLite."""
    return session.get_bind().dialect.name == "postgresql"


def begin(session):
    """Take the write lock for the rest of session's transaction (released by commit or rollback).

    Waits at most WRITE_LOCK_TIMEOUT seconds, then raises WriterBusy: a writer stuck behind a slow one answers
    "try again" instead of holding its worker (and the readers queued behind it) for as long as that takes.
    """
    bind = session.get_bind()
    timeout = current_app.config["WRITE_LOCK_TIMEOUT"]
    if on_postgresql(session):
        if not session.info.get("write_lock"):
            # Row locks (an event's seats, a counter cell) wait no longer than this; then LockNotAvailable. The
            # connections have it from the start (startup.finish), unless the configuration changed since.
            milliseconds = lock_timeout_ms(current_app.config)
            if current_app.extensions.get("lock_timeout_at_connect") != milliseconds:
                session.execute(text(f"SET LOCAL lock_timeout = {milliseconds}"))
            session.info["write_lock"] = True
        return
    if bind.dialect.name != "sqlite" or session.info.get("write_lock"):
        return
    path = bind.url.database
    if not path or path == ":memory:":
        return
    deadline = time.monotonic() + timeout
    if not _thread_lock.acquire(timeout=timeout):
        raise WriterBusy()
    try:
        handle = _files.get(path)
        if handle is None:
            handle = _files[path] = os.open(path + ".writelock", os.O_RDWR | os.O_CREAT, 0o600)
        _flock(handle, deadline)
    except BaseException:
        _thread_lock.release()
        raise
    session.info["write_lock"] = handle
    # Start SQLite's write transaction now, as ours: a savepoint opened outside one would itself be the
    # transaction, and releasing it would commit before the request does. Another program holding SQLite's own
    # lock is waited for until the same deadline.
    connection = session.connection()
    if not connection.connection.driver_connection.in_transaction:
        full, remaining = int(timeout * 1000), max(int((deadline - time.monotonic()) * 1000), 1)
        # Only a wait for the lock file that took a noticeable part of the timeout shortens SQLite's.
        _busy_timeout(connection, full if remaining > full - 50 else remaining)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except OperationalError as error:
            raise WriterBusy() from error
        _busy_timeout(connection, full)


def lock_timeout_ms(config):
    """PostgreSQL's lock_timeout for writers, in milliseconds: WRITE_LOCK_TIMEOUT."""
    return int(config["WRITE_LOCK_TIMEOUT"] * 1000)


def holds(session):
    """True when session's transaction has taken the write lock (begin)."""
    return bool(session.info.get("write_lock"))


def _busy_timeout(connection, milliseconds):
    """Set SQLite's busy timeout on connection, unless it has that one already (one statement fewer per write)."""
    known = connection.connection.info
    if known.get("busy_timeout") != milliseconds:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {milliseconds}")
        known["busy_timeout"] = milliseconds


def _flock(handle, deadline):
    """Take the lock file before the deadline, or raise WriterBusy (another worker is writing).

    flock has no timeout: poll every 0.2 ms, then every millisecond at most (a check-in holds the lock about one).
    """
    pause = 0.0002
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise WriterBusy() from None
            time.sleep(pause)
            pause = min(pause * 2, 0.001)


def is_busy(error):
    """True when a database error means another writer held a lock too long (SQLite busy, PostgreSQL lock_timeout)."""
    orig = getattr(error, "orig", None)
    return isinstance(error, WriterBusy) or getattr(orig, "sqlstate", None) == "55P03" or (
        isinstance(orig, sqlite3.OperationalError) and "locked" in str(orig))


@event.listens_for(Session, "after_transaction_end")
def _release(session, transaction):
    """Commit, rollback or close: the transaction is over, the next writer may go."""
    if transaction.parent is not None:
        return
    handle = session.info.pop("write_lock", None)
    if handle is not None and handle is not True:  # True: a PostgreSQL transaction, nothing to release
        fcntl.flock(handle, fcntl.LOCK_UN)
        _thread_lock.release()
