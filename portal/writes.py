"""SQLite takes one writer at a time: writers queue on a lock here instead of sleeping in SQLite's busy handler.

SQLite's busy handler retries after growing sleeps (1, 2, 5, 10 … 100 ms), so under a crowd of check-ins most of
the time goes to sleeping. A thread lock (within a process) plus an flock on a file beside the database (between
gunicorn workers) hands the write lock straight to the next writer. PostgreSQL needs none of this.
"""
import fcntl
import os
import threading

from sqlalchemy import event
from sqlalchemy.orm import Session

_thread_lock = threading.Lock()
_files = {}


def begin(session):
    """Take the write lock for the rest of session's transaction (released by commit or rollback)."""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite" or session.info.get("write_lock"):
        return
    path = bind.url.database
    if not path or path == ":memory:":
        return
    _thread_lock.acquire()
    try:
        handle = _files.get(path)
        if handle is None:
            handle = _files[path] = os.open(path + ".writelock", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(handle, fcntl.LOCK_EX)
    except BaseException:
        _thread_lock.release()
        raise
    session.info["write_lock"] = handle
    # Start SQLite's write transaction now, as ours: a savepoint opened outside one would itself be the
    # transaction, and releasing it would commit before the request does.
    connection = session.connection()
    if not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@event.listens_for(Session, "after_transaction_end")
def _release(session, transaction):
    """Commit, rollback or close: the transaction is over, the next writer may go."""
    if transaction.parent is not None:
        return
    handle = session.info.pop("write_lock", None)
    if handle is not None:
        fcntl.flock(handle, fcntl.LOCK_UN)
        _thread_lock.release()
