"""One commit point per request: domain code only flushes; a request that succeeded commits, any other rolls back."""
from portal.extensions import db


def _finish(response):
    """Commit what the request wrote when it succeeded (2xx, 3xx); roll back refusals and errors."""
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response


def settle():
    """Commit what the request has written, once its outcome is decided and before its answer is rendered: a writer
    holds the write lock (SQLite's; on PostgreSQL its counters' row locks) until it commits, so the next writer goes
    in while this one renders. The request's own commit point then has nothing left to commit."""
    db.session.commit()


def init_app(app):
    """Register the commit point."""
    app.after_request(_finish)
