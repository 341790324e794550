"""Organisers' event views: their list, create, edit, publish, cancel (after a confirmation page), restore, and one
event's people and history."""
from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from portal import clock
from portal.catalogue import campaigns, list_communes, organising
from portal.checkin import people
from portal.i18n import gettext as _
from portal.manage.blueprint import bp, managed_event
from portal.manage.forms import DISTRICT, EventForm
from portal.phones import mask
from portal.tally import headcounts
from portal.web.audit import record
from portal.web.htmx import render
from portal.web.security import no_store


@bp.get("/")
def index():
    """The events the signed-in person manages, with registrations and attendance so far."""
    campaign = campaigns.current_for(current_user, clock.now().date()) or abort(404)
    rows = organising.managed_events(current_user, campaign)
    return render_template("manage/index.html", campaign=campaign, rows=rows)


@bp.route("/events/new", methods=["GET", "POST"])
def create():
    """A new event of the campaign the person works on, saved as a draft until published."""
    campaign = campaigns.current_for(current_user, clock.now().date()) or abort(404)
    form = EventForm(list_communes(campaign), current_user)
    if not form.is_submitted() and not current_user.is_admin:
        form.commune.data = next(iter(form.allowed), None)
    if form.validate_on_submit():
        try:
            event = organising.save_event(None, _values(form), form.commune_ids[form.commune.data], campaign,
                                          user=current_user)
        except organising.ChangeRefused:
            pass  # the form says why
        else:
            record("event_created", event.slug)
            return redirect(url_for("manage.detail", slug=event.slug), code=303)
    return _form_page(form, None, organising.change_refusal(campaign))


@bp.route("/events/<slug>/edit", methods=["GET", "POST"])
def edit(slug):
    """Change an event's details."""
    event = managed_event(slug)
    form = EventForm(list_communes(event.campaign), current_user, obj=event)
    if not form.is_submitted():
        form.commune.data = event.commune.code if event.commune else DISTRICT
    if form.validate_on_submit():
        try:
            organising.save_event(event, _values(form), form.commune_ids[form.commune.data], user=current_user)
        except organising.CapacityBelowSeats as error:
            form.capacity.errors = [_("Đã có %(n)s người giữ chỗ, số chỗ không thể ít hơn con số này.", n=error.seats)]
        except organising.ChangeRefused:
            pass  # the form says why
        else:
            record("event_edited", event.slug)
            return redirect(url_for("manage.detail", slug=event.slug), code=303)
    return _form_page(form, event, organising.change_refusal(event.campaign))


def _form_page(form, event, refusal):
    """The event form (event None for a new one); refusal: why the campaign takes no change (409 when sent)."""
    status = (409 if refusal else 422) if form.is_submitted() else 200
    return render_template("manage/event_form.html", form=form, event=event, refusal=refusal), status


@bp.get("/events/<slug>/cancel")
def confirm_cancel(slug):
    """Ask before cancelling: the event, how many registered, a confirm button and a way back."""
    event = managed_event(slug)
    if event.status == "cancelled":
        return redirect(url_for("manage.detail", slug=slug), code=303)
    return render_template("manage/confirm_cancel.html", event=event, registered=organising.registration_count(event),
                           refusal=organising.change_refusal(event.campaign))


def _status_change(change, action, doc):
    """A view applying change (an organising function) to the event, recorded as action, then back to its page
    (the page again, saying why, when the campaign refused the change)."""
    def view(slug):
        event = managed_event(slug)
        try:
            change(event, current_user)
        except organising.ChangeRefused:
            return _detail(event, refused=True, status=409)
        record(action, slug)
        return redirect(url_for("manage.detail", slug=slug), code=303)
    view.__doc__ = doc
    return view


for _name, _change, _action, _doc in (
        ("publish", organising.publish, "event_published", "Make a draft public."),
        ("cancel", organising.cancel, "event_cancelled", "Cancel the event (confirmed on the page above)."),
        ("restore", organising.restore, "event_restored", "Publish a cancelled event again, with its registrations.")):
    bp.add_url_rule(f"/events/<slug>/{_name}", _name, _status_change(_change, _action, _doc), methods=["POST"])


@bp.get("/events/<slug>")
def detail(slug):
    """One event for its organiser: who registered, who came (searchable without accents), headcount."""
    event = managed_event(slug)
    return _detail(event, query=request.args.get("q", "")[:100])


def _detail(event, query="", refused=False, status=200):
    """One event's page (its people alone for htmx); refused: a change was just refused (the page says why)."""
    record("people_searched" if query.strip() else "people_viewed", event.slug)
    return no_store(render("manage/detail.html", "manage/_people.html", "people", status=status, event=event,
                           query=query, rows=people.people(event, query), mask=mask,
                           headcount=headcounts.latest_headcount(event), attended=people.attendance_count(event),
                           history=organising.history(event), refusal=organising.change_refusal(event.campaign),
                           refused=refused))


def _values(form):
    """The event's fields as the form holds them."""
    return {name: getattr(form, name).data for name in organising.EVENT_FIELDS}
