"""The database's write lock, and backups; and the way a hot path sends its statements."""
from portal.extensions import db


def run(statement, params=None):
    """Run statement (of tables and columns: it loads no mapped objects) on the request's transaction, straight on
    the session's connection: without the ORM's per-statement work (autoflush, its events and compile state), about
    30 µs a statement, several times a small statement's own cost on SQLite. The statement does not see objects the
    session holds unflushed: a scan has none, and a writer inside tally.change() flushes before it counts."""
    return db.session.connection().execute(statement, params)
