"""Headcounts: counts by sex (and optionally by commune) for events where people were not checked in one by one."""
from flask import redirect, render_template, request, url_for
from flask_login import current_user

from portal import clock, organising
from portal.catalogue import list_communes
from portal.extensions import db
from portal.manage import bp, managed_event
from portal.manage.forms import HeadcountForm, by_commune


@bp.route("/events/<slug>/headcount", methods=["GET", "POST"])
def headcount(slug):
    """Enter or correct the event's headcount; every entry is kept as history."""
    event = managed_event(slug)
    communes = list_communes()
    latest = organising.latest_headcount(event)
    form = HeadcountForm(obj=latest)
    counts, commune_errors = by_commune(request.form, communes) if request.method == "POST" else (
        dict(latest.by_commune) if latest else {}, [])
    if form.validate_on_submit() and not commune_errors:
        organising.record_headcount(event, form.male.data, form.female.data, form.other.data, counts,
                                    form.note.data, current_user, clock.now())
        db.session.commit()
        return redirect(url_for("manage.detail", slug=slug), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("manage/headcount.html", event=event, form=form, communes=communes, counts=counts,
                           commune_errors=commune_errors, history=organising.headcount_history(event)), status
