"""Recording a staff action in the audit log from a view: who is signed in, and a keyed hash of where from."""
from flask import request
from flask_login import current_user

from portal import clock
from portal.accounts import audit
from portal.web.limits import keyed


def entry(action, target=None):
    """The audit entry of the signed-in user's action on target (an event's slug, an account's id), from here, now:
    its values, for record() or for a scan that writes it with its check-in."""
    return audit.entry(action, getattr(current_user, "id", None), target,
                       keyed("audit-address", request.remote_addr or ""), clock.now())


def record(action, target=None):
    """Add an audit entry for the signed-in user's action on target (an event's slug, an account's id); it commits
    with the request when the response succeeds."""
    audit.add(entry(action, target))

