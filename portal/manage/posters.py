"""The event's self-check-in QR: a printable poster and a projector screen whose code rotates."""
import math

from flask import current_app, render_template, url_for

from portal import qr
from portal.checkin import rotation
from portal.manage.blueprint import bp, managed_event
from portal.web.htmx import render


@bp.get("/events/<slug>/poster")
def poster(slug):
    """An A4 poster with the event's check-in QR (the fixed code; not offered when only rotating codes count)."""
    event = managed_event(slug)
    link = url_for("self_checkin.start", code=event.checkin_code, _external=True)
    return render_template("manage/poster.html", event=event, link=link,
                           qr_svg=None if event.rotating_qr else qr.svg(link))


@bp.get("/events/<slug>/projector")
def projector(slug):
    """A full-screen page for a projector; its QR (the fragment #projector-qr) is fetched again every few seconds."""
    event = managed_event(slug)
    grace = current_app.config["SELF_CHECKIN_SCAN_GRACE" if event.rotating_qr else "SELF_CHECKIN_POSTER_GRACE"]
    return render("manage/projector.html", "manage/_projector_qr.html", "projector-qr", event=event,
                  extra=rotation.PERIOD * rotation.GRACE, scan_minutes=math.ceil(grace / 60), **_rotating(event))


def _rotating(event):
    """The current rotating code's link and QR, on the clock the check-in page checks codes with; the period, and
    the whole seconds until the next code (when a page without JavaScript reloads)."""
    moment = rotation.now()
    key = rotation.code(current_app.config["SECRET_KEY"], event.checkin_code, moment)
    link = url_for("self_checkin.start", code=event.checkin_code, k=key, _external=True)
    return {"link": link, "qr_svg": qr.svg(link), "period": rotation.PERIOD,
            "refresh": max(1, math.ceil(rotation.PERIOD - moment % rotation.PERIOD))}
