"""Self check-in views: open the event's QR, confirm a registration in one tap, or check in as a walk-in."""
import secrets

from flask import abort, current_app, render_template, request, session

from portal import checkin, clock
from portal.catalogue import list_communes, select_event
from portal.checkin import rotation
from portal.extensions import db, limiter
from portal.models import Event
from portal.registration import own_registrations
from portal.self_checkin.blueprint import bp
from portal.self_checkin.forms import IdentifyForm, WalkInForm
from portal.web import limits
from portal.web.security import no_store


def _device():
    """This phone's device cookie, or None."""
    return request.cookies.get("device", "")[:40] or None


def _device_mark(device):
    """The device as a session may keep it: a keyed hash, so a copied session cannot rebuild the cookie."""
    return limits.keyed("device", device) if device else None


def _device_key():
    """Limit key for this device (the address when it has no cookie yet)."""
    return "checkin-device:" + (_device() or request.remote_addr or "")


def _limits(view):
    """Per address and per device; and per phone number tried, at this event and anywhere."""
    view = limiter.limit(lambda: current_app.config["SELF_CHECKIN_LIMIT_PER_ADDRESS"], methods=["POST"])(view)
    view = limiter.limit(lambda: current_app.config["SELF_CHECKIN_LIMIT_PER_DEVICE"], methods=["POST"],
                         key_func=_device_key)(view)
    view = limiter.shared_limit(lambda: current_app.config["SELF_CHECKIN_LIMIT_PER_PHONE"], scope="checkin-phone",
                                key_func=limits.phone_at_event_key, exempt_when=limits.no_phone_tried,
                                methods=["POST"])(view)
    return limits.phone_tries(view)


@bp.get("/<code>")
def start(code):
    """The page the event's QR opens: one tap for a registered browser, else identify or walk in."""
    event = _event(code)
    key = request.args.get("k")
    if event.rotating_qr and not rotation.is_current(current_app.config["SECRET_KEY"], code, key, rotation.now()):
        return _page(event, expired=True)
    device = _device() or secrets.token_urlsafe(16)
    session.setdefault("scans", {})[str(event.id)] = rotation.scan(_device_mark(device), rotation.now())
    session.modified = True
    response = _page(event)
    if device != _device():
        response.set_cookie("device", device, max_age=400 * 24 * 3600, httponly=True, samesite="Lax")
    return response


@bp.post("/<code>/confirm")
@_limits
def confirm(code):
    """Check in a registration this browser made for the event: the one chosen by its short code when it made
    several (a household on one phone), else its only one."""
    event = _scanned(code)
    own, chosen = _own_registrations(event), request.form.get("ticket")
    registration = next((r for r in own if r.short_code == chosen), None) if chosen else (
        own[0] if len(own) == 1 else None)
    return _result(event, lambda now: checkin.check_in_registration(event, registration, "self", now, **_source()))


@bp.post("/<code>/identify")
@limiter.limit(lambda: current_app.config["SELF_CHECKIN_IDENTIFY_LIMIT_PER_ADDRESS"], methods=["POST"])
@_limits
def identify(code):
    """Check in a registration found by phone number and year of birth."""
    event = _scanned(code)
    form = IdentifyForm()
    if not form.validate():
        return _page(event, identify_form=form, status=422)
    return _result(event, lambda now: checkin.check_in_identified(
        event, form.phone.normalised, form.birth_year.year, now, full_name=form.full_name.data or None, **_source()),
        identify_form=form)


@bp.post("/<code>/walk-in")
@_limits
def walk_in(code):
    """Check in someone who did not register: four fields."""
    event = _scanned(code)
    form = WalkInForm(list_communes(event.campaign))
    if not form.validate():
        return _page(event, walk_in_form=form, status=422)
    return _result(event, lambda now: checkin.check_in_walk_in(event, form.details(), now, notice=form.notice,
                                                               **_source()), walk_in_form=form)


def _event(code):
    event = db.session.scalar(select_event(Event.checkin_code == code[:40]))
    if event is None or event.status == "draft":
        abort(404)
    return event


def _scanned(code):
    """The event, if this device opened its QR moments ago (a forwarded link or a copied cookie is not enough)."""
    event = _event(code)
    kept = session.get("scans", {}).get(str(event.id))
    grace = current_app.config["SELF_CHECKIN_SCAN_GRACE" if event.rotating_qr else "SELF_CHECKIN_POSTER_GRACE"]
    if not rotation.scan_is_fresh(kept, _device_mark(_device()), rotation.now(), grace):
        return abort(_page(event, expired=True, status=403))
    return event


def _own_registrations(event):
    """The registrations for event that this browser made (its tickets are remembered in the session)."""
    return own_registrations(event.id, session.get("tickets", []))


def _source():
    return {"device": _device(), "address": limits.keyed("checkin-address", request.remote_addr or "")}


def _result(event, record, **forms):
    """Run record now, showing who was checked in; a refusal goes next to its field, else to the form's summary
    (to the top of the page when no form was sent)."""
    outcome = checkin.attempt(lambda: record(clock.now()))
    if outcome.status != "refused":
        return render_template("self_checkin/done.html", event=event, outcome=outcome)
    for form in forms.values():
        if outcome.refusal.field in form:
            form[outcome.refusal.field].errors = [outcome.message]
        else:
            form.form_errors.append(outcome.message)  # in the form's summary, where the person is looking
    return _page(event, refused=None if forms else outcome.message, status=422, **forms)


def _page(event, status=200, **context):
    now = clock.now()
    context.setdefault("identify_form", IdentifyForm(formdata=None))
    context.setdefault("walk_in_form", WalkInForm(list_communes(event.campaign), formdata=None))
    response = current_app.make_response((render_template(
        "self_checkin/start.html", event=event, problem=checkin.window_refusal(event, now),
        own=_own_registrations(event), **context), status))
    return no_store(response)
