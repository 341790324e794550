"""The ticket behind the QR, its PNG and calendar file, and the lost-ticket form."""
from flask import (
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from portal import checkin, clock, phones, qr
from portal import registration as registering
from portal.accounts.policy import can_manage
from portal.extensions import limiter
from portal.registration import by_token, calendar, find_by_phone
from portal.tickets.blueprint import bp
from portal.tickets.forms import RecoverForm
from portal.tokens import format_short_code
from portal.web import limits
from portal.web.audit import record
from portal.web.htmx import render
from portal.web.security import private


@bp.get("/t/<token>")
def show(token):
    """The ticket: QR, short code, event details; staff who manage the event also get a check-in button."""
    return _ticket_page(by_token(token) or abort(404))


@bp.post("/t/<token>/check-in")
@login_required
def staff_check_in(token):
    """A staff member who scanned the ticket with their phone camera confirms the check-in in one tap."""
    registration = by_token(token) or abort(404)
    if not can_manage(current_user, registration.event):
        abort(404)
    record("ticket_check_in", registration.event.slug)
    return _ticket_page(registration, result=checkin.attempt(lambda: checkin.check_in_registration(
        registration.event, registration, "ticket", clock.now(), user=current_user)))


@bp.get("/t/<token>/cancel")
def confirm_cancel(token):
    """Ask before cancelling: what is cancelled, that the seat goes back, a confirm button and a way back."""
    registration = by_token(token) or abort(404)
    if registration.status != "confirmed":
        return private(redirect(url_for("tickets.show", token=token), code=303))
    return _cancel_page(registration, registering.cancel_refusal(registration, clock.now()))


@bp.post("/t/<token>/cancel")
def cancel(token):
    """Cancel the registration (confirmed on the page above), then show the ticket saying so."""
    registration = by_token(token) or abort(404)
    try:
        registering.cancel(registration, clock.now())
    except registering.CancelRefused as refused:
        return _cancel_page(registration, str(refused), status=409)
    return private(redirect(url_for("tickets.show", token=token), code=303))


def _cancel_page(registration, refusal, status=200):
    return private(make_response(render_template(
        "tickets/cancel.html", registration=registration, event=registration.event, refusal=refusal), status))


def _ticket_page(registration, result=None):
    link = _ticket_url(registration)
    staff = can_manage(current_user, registration.event)
    now = clock.now()
    response = make_response(render_template(
        "tickets/show.html", registration=registration, qr_svg=qr.svg(link), link=link, staff=staff, result=result,
        attendance=registration.attendance if staff else None, now=now,
        can_cancel=registration.status == "confirmed" and registering.cancel_refusal(registration, now) is None,
        can_register=registering.refusal(registration.event, now) is None,
        short_code=format_short_code(registration.short_code), masked_phone=phones.mask(registration.phone),
    ))
    return private(response)


@bp.get("/t/<token>/qr.png")
def qr_png(token):
    """The ticket's QR as a PNG, to save in the gallery or print."""
    registration = by_token(token) or abort(404)
    response = make_response(qr.png(_ticket_url(registration)))
    response.headers["Content-Type"] = "image/png"
    response.headers["Content-Disposition"] = f'attachment; filename="ve-{registration.short_code}.png"'
    return private(response)


@bp.get("/t/<token>/event.ics")
def ics(token):
    """The ticket's event as a calendar file."""
    registration = by_token(token) or abort(404)
    body = calendar.ics(registration.event, _ticket_url(registration), current_app.config["TIMEZONE"])
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    return private(response)


@bp.route("/tickets/recover", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RECOVER_LIMIT_PER_ADDRESS"], methods=["POST"])
@limiter.limit(lambda: current_app.config["RECOVER_LIMIT_PER_PHONE"], methods=["POST"], key_func=limits.phone_key)
@limits.phone_tries
def recover():
    """Find one's tickets with the phone number and the year of birth (or the short code)."""
    form = RecoverForm()
    found, status = None, 200
    if request.method == "POST":
        if form.validate():
            found = find_by_phone(form.phone.normalised, form.birth_year.year,
                                         getattr(form.short_code, "code", None) or None)
        else:
            status = 422
    response = render("tickets/recover.html", "tickets/_recover.html", "recover", status=status,
                      form=form, found=found)
    return private(response)


def _ticket_url(registration):
    return url_for("tickets.show", token=registration.token, _external=True)

