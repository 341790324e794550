"""The portal's floor: what a desk's signed-in POST costs before its view does anything. The portal's own app, with
every hook a scan passes (the input guard, the rate limiter, CSRF, the session cookie, the signed-in user's load,
Flask-Login's session checks, the staff door, the response headers and the commit point), plus one route that
answers at once. Served like the portal in the big event's run, beside the scan and the bare insert, it shows how
much of a scan's CPU the stack takes whatever the scan does, and so how close to the bare insert any scan could come.

Served as "bench.floor:create()"; never part of the portal.
"""
from flask import make_response
from flask_login import login_required

from portal import create_app
from portal.accounts.policy import keep_collaborators_out
from portal.web.security import no_store

PATH = "/manage/events/{slug}/floor"
ANSWER = '<div id="scan-result" class="scan-result new" role="status" aria-live="assertive"></div>'


def create(test_config=None):
    """The portal's app (create_app(test_config)) with the floor route: signed-in staff only, CSRF-checked, a fixed
    answer."""
    app = create_app(test_config)

    @app.post(PATH.replace("{slug}", "<slug>"))
    @login_required
    def floor(slug):
        keep_collaborators_out()  # the staff door the manage pages pass
        return no_store(make_response(ANSWER))

    return app
