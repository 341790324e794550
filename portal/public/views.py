"""The campaign home page and the language switch."""
from flask import abort, current_app, redirect, render_template, request

from portal import clock
from portal.catalogue import EventFilter, current_campaign, find_events, kind_counts
from portal.extensions import db
from portal.public.blueprint import bp
from portal.registration import notices
from portal.web.navigation import local_path


@bp.get("/")
def index():
    """The campaign: its theme and dates, what is on, and the next events."""
    now = clock.now()
    campaign = current_campaign(now.date())
    if campaign is None:
        return render_template("public/empty.html")
    upcoming = db.session.scalars(find_events(campaign, EventFilter(), now).limit(5)).all()
    return render_template("public/index.html", campaign=campaign, upcoming=upcoming,
                           counts=kind_counts(campaign, now), now=now)


@bp.get("/lang/<code>")
def language(code):
    """Remember the chosen language in a cookie and go back to the page the person was on."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    response = redirect(local_path(request.args.get("next"), "/"), code=303)
    response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@bp.get("/thong-bao-du-lieu")
@bp.get("/thong-bao-du-lieu/<int:number>")
def notice(number=None):
    """The personal-data notice in effect (or one earlier version, by number) and the dates of every version."""
    versions = notices.published()
    current = notices.current(clock.now().date())
    shown = current if number is None else notices.version(number) or abort(404)
    return render_template("public/notice.html", notice=shown, current=current, versions=versions)
