"""The check-in desk: scan or type a ticket code, see green / yellow / red, search people without a ticket."""
from urllib.parse import urlencode

from flask import abort, make_response, render_template, request, url_for
from flask_login import current_user

from portal import checkin, clock, qr, tokens
from portal.api.blueprint import device_digest
from portal.checkin import devices, people, scans
from portal.extensions import limiter
from portal.manage.blueprint import bp, managed_event
from portal.web import transaction
from portal.web.audit import entry, record
from portal.web.htmx import is_partial
from portal.web.security import no_store


@bp.get("/events/<slug>/desk")
def desk(slug):
    """The desk page: a code field that takes a scanner's Enter, the camera scanner, the count and last scans."""
    event = managed_event(slug)
    return _desk(event, result=None)


# A desk scans as fast as people arrive, behind its sign-in and the event's staff door: a default rate limit set for
# every page (RATELIMIT_DEFAULT) does not hold it back, and the limiter does no work for it.
@bp.post("/events/<slug>/scan")
@limiter.exempt
def scan(slug):
    """Check in the ticket a code names; answer with the coloured result (and the new count, out of band)."""
    return _code_posted(slug, "ticket", "ticket_scanned", longest=300)  # a scanned ticket address


@bp.post("/events/<slug>/manual")
@limiter.exempt
def manual(slug):
    """Check in someone found by name or code in the search (they have no ticket with them)."""
    return _code_posted(slug, "manual", "manual_check_in", longest=20)  # a short code


def _code_posted(slug, method, action, longest):
    """Check in the registration the posted code names, by method, recording action in the audit log."""
    event = managed_event(slug, scanning=True)
    code = request.form.get("code", "")[:longest]
    result = checkin.attempt(lambda: scans.scan(event, code, method, clock.now(), user_id=current_user.id,
                                                audit_entry=entry(action, slug)))
    counts = people.desk_counts(event)  # in the scan's transaction: one round trip fewer than after the commit
    transaction.settle()  # the next scan goes in while this answer renders
    return _desk(event, result=result, typed=code, counts=counts)


@bp.get("/events/<slug>/desk/search")
def desk_search(slug):
    """Registered people matching a name (accents optional) or code, with a check-in button each."""
    event = managed_event(slug)
    query = request.args.get("q", "")[:100]
    rows = people.people(event, query)[:20] if query.strip() else []
    if query.strip():
        record("people_searched", slug)
    template = "manage/_desk_search.html" if is_partial("desk-search-results") else "manage/desk.html"
    return no_store(make_response(render_template(template, event=event, query=query, rows=rows, result=None,
                                                  **people.desk_counts(event))))


@bp.post("/events/<slug>/devices")
def issue_device(slug):
    """Issue a device token for the event's JSON API; it is shown once, on this page, and stored only as a hash."""
    event = managed_event(slug)
    token = tokens.new_token()
    devices.issue(event, current_user, device_digest(token), clock.now())
    record("device_token_issued", slug)
    # The offline desk takes the token from the link's #fragment, which the browser never sends to a server.
    link = f"{url_for('desk_app.shell', _external=True)}#{urlencode({'e': event.slug, 't': token})}"
    return _desk(event, result=None, device_token=token, device_link=link, device_qr=qr.svg(link))


@bp.post("/events/<slug>/devices/<int:device_id>/revoke")
def revoke_device(slug, device_id):
    """Revoke one of the event's device tokens."""
    event = managed_event(slug)
    if devices.revoke(event, device_id, clock.now()) is None:
        abort(404)
    record("device_token_revoked", slug)
    return _desk(event, result=None, revoked=True)


def _desk(event, result, typed="", counts=None, **shown):
    """The desk page, or for htmx only the result (typed: the code as sent, repeated in a red result) and the counts
    (people.desk_counts, read now unless given); shown: a device token just issued (device_token) or revoked
    (revoked)."""
    counts = counts or people.desk_counts(event)
    if is_partial("scan-result"):
        return no_store(make_response(render_template("manage/_scan_response.html", result=result, typed=typed,
                                                      **counts)))
    now = clock.now()
    device_list = [(device, devices.state(device, now)) for device in devices.of_event(event)]
    return no_store(make_response(render_template("manage/desk.html", event=event, result=result, typed=typed,
                                                  query="", rows=[], devices=device_list, **shown, **counts)))
