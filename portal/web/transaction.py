"""One commit point per request: domain code only flushes; a request that succeeded commits, any other rolls back."""
from portal.extensions import db


def _finish(response):
    """Commit what the request wrote when it succeeded (2xx, 3xx); roll back refusals and errors."""
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response


def init_app(app):
    """Register the commit point."""
    app.after_request(_finish)
