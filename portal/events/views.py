"""Views of the event list, an event's page and its registration form."""
from functools import partial

from flask import (
    Response,
    abort,
    current_app,
    render_template,
    request,
    session,
    url_for,
)

from portal import clock
from portal import registration as registering
from portal.catalogue import (
    EventFilter,
    current_campaign,
    event_by_slug,
    find_events,
    list_communes,
    share_image,
)
from portal.events.blueprint import bp
from portal.events.forms import RegistrationForm
from portal.extensions import db
from portal.web.htmx import redirect_after_post, render, trigger_name

INLINE_FIELDS = ("full_name", "phone", "birth_year")


@bp.get("")
def index():
    """The campaign's events, filtered by the query parameters; the results alone for htmx."""
    now = clock.now()
    campaign = current_campaign(now.date()) or abort(404)
    filters = EventFilter.from_args(request.args)
    page = db.paginate(find_events(campaign, filters, now), per_page=current_app.config["EVENTS_PER_PAGE"], error_out=False)
    return render("events/index.html", "events/_results.html", "event-results",
                  campaign=campaign, filters=filters, page=page, communes=list_communes(campaign), now=now,
                  list_url=partial(url_for, "events.index"))


@bp.get("/<slug>")
def detail(slug):
    """One event with its registration form (or why it takes none)."""
    event = event_by_slug(slug) or abort(404)
    return _detail(event, RegistrationForm(list_communes(event.campaign)))


@bp.get("/<slug>/share.png")
def share_png(slug):
    """The event's link-preview image: public and cacheable (a year when asked for by its current version)."""
    event = event_by_slug(slug) or abort(404)
    tag = share_image.version(event)
    response = Response(share_image.render(event), mimetype="image/png")
    response.set_etag(tag)
    response.cache_control.public = True
    response.cache_control.max_age = 365 * 24 * 3600 if request.args.get("v") == tag else 300
    return response.make_conditional(request)


@bp.post("/<slug>/register")
def register(slug):
    """Register: the ticket on success (303), the form again with its messages otherwise (422)."""
    event = event_by_slug(slug) or abort(404)
    form = RegistrationForm(list_communes(event.campaign))
    if not form.validate():
        return _detail(event, form, status=422)
    now = clock.now()
    try:
        registration, _created = registering.register(event, form.details(), now, consent_at=now,
                                                          notice=form.notice)
    except registering.HouseholdFull as full:
        form.phone.errors = [str(full)]  # next to the phone field, which is what the person can change
        return _detail(event, form, status=422, household_full=True)
    except registering.RegistrationRefused as refused:
        return _detail(event, form, status=422, refused=str(refused))
    session["tickets"] = ([registration.token] + [t for t in session.get("tickets", []) if t != registration.token])[:20]
    return redirect_after_post(url_for("tickets.show", token=registration.token))


@bp.post("/<slug>/register/check")
def check_field(slug):
    """Validate the field the person just left (htmx); return that field re-rendered with its message."""
    event = event_by_slug(slug) or abort(404)
    form = RegistrationForm(list_communes(event.campaign))
    name = trigger_name()
    if name not in INLINE_FIELDS:
        abort(400)
    form[name].validate(form)
    return render_template("events/_field.html", field=form[name])


def _detail(event, form, status=200, **context):
    """The event's page (or its form alone for htmx), with why it takes no registrations and whether it is over."""
    now = clock.now()
    return render("events/detail.html", "events/_register_form.html", "register-form", status=status,
                  event=event, form=form, refusal=registering.refusal(event, now), now=now,
                  share_version=share_image.version(event), **context)
