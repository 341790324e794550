"""Headcounts: people not checked in one by one, counted by sex (and optionally by commune), beside the check-ins."""
from flask import redirect, render_template, request, url_for
from flask_login import current_user

from portal import clock
from portal.catalogue import list_communes
from portal.checkin import people
from portal.manage.blueprint import bp, managed_event
from portal.manage.forms import HeadcountForm, by_commune
from portal.tally import headcounts
from portal.web.audit import record


@bp.route("/events/<slug>/headcount", methods=["GET", "POST"])
def headcount(slug):
    """Enter or correct the event's headcount; every correction is kept as history, and a stale correction is refused
    (as is any once the campaign is closed)."""
    event = managed_event(slug)
    communes = list_communes(event.campaign)
    latest = headcounts.latest_headcount(event)
    form = HeadcountForm(obj=latest)
    if not form.is_submitted():
        form.based_on(latest)
    counts, commune_errors = by_commune(request.form, communes, form.total) if form.is_submitted() else (
        dict(latest.by_commune) if latest else {}, [])
    conflict, refusal = None, headcounts.headcount_refusal(event)
    if form.validate_on_submit() and not commune_errors:
        try:
            headcounts.record_headcount(event, form.male.data, form.female.data, form.other.data, counts,
                                        form.note.data, current_user, clock.now(), revises=form.revised_id)
        except headcounts.HeadcountConflict as error:
            conflict = latest = error.latest
            form.based_on(latest)  # saving again, after a look at their numbers, replaces them
        except headcounts.HeadcountRefused as error:
            refusal = str(error)
        else:
            record("headcount_saved", slug)
            return redirect(url_for("manage.detail", slug=slug), code=303)
    submitted = form.is_submitted()
    status = 409 if conflict or (refusal and submitted) else 422 if submitted else 200
    return render_template("manage/headcount.html", event=event, form=form, communes=communes, counts=counts,
                           commune_errors=commune_errors, conflict=conflict, refusal=refusal, latest=latest,
                           checked_in=people.checked_in_by_sex(event),
                           history=headcounts.headcount_history(event)), status
