"""A collaborator's pages: home (their unit's events, the people they registered, how many came), one event with
the form to register someone, and the sheet of the tickets they made for it."""
from flask import abort, make_response, render_template, request, url_for
from flask_login import current_user

from portal import clock
from portal import registration as registering
from portal.accounts.policy import can_register_for
from portal.catalogue import campaigns, event_by_slug, list_communes
from portal.collaborators.blueprint import bp
from portal.collaborators.forms import OnBehalfForm
from portal.i18n import gettext as _
from portal.registration import on_behalf
from portal.tickets.sheet import sheet
from portal.tokens import format_short_code
from portal.web.audit import record
from portal.web.htmx import redirect_after_post
from portal.web.security import no_store


@bp.get("/")
def home():
    """The unit's upcoming published events, each with a way to register someone; the people registered so far
    and how many of them came."""
    now = clock.now()
    campaign = campaigns.current_for(current_user, now.date())
    events = [(found, mine, registering.refusal(found, now))
              for found, mine in (on_behalf.upcoming_events(current_user, campaign, now) if campaign else [])]
    made = on_behalf.made_by(current_user, campaign=campaign) if campaign else []
    record("people_viewed")
    return no_store(make_response(render_template(
        "collaborators/home.html", campaign=campaign, events=events, made=made[::-1],
        brought=on_behalf.brought(current_user, campaign) if campaign else 0, short=format_short_code)))


@bp.get("/events/<slug>")
def event(slug):
    """One event of the unit: the form to register someone and the people registered for it so far."""
    found = _event(slug)
    form = OnBehalfForm(list_communes(found.campaign))
    form.commune.data = current_user.commune.code  # the people a collaborator brings mostly live in their unit
    return _event_page(found, form)


@bp.post("/events/<slug>/register")
def register(slug):
    """Register the person on the form: back to the event's page saying so (303), or the form with its messages."""
    found = _event(slug)
    form = OnBehalfForm(list_communes(found.campaign))
    if not form.validate():
        return _event_page(found, form, status=422)
    try:
        made, _created = on_behalf.register_on_behalf(found, form.details(), current_user._get_current_object(),
                                                      clock.now(), notice=form.notice)
    except on_behalf.AlreadyRegistered:
        return _event_page(found, form, 422, _("Người này đã đăng ký hoạt động này rồi (tự đăng ký hoặc do người "
                                               "khác đăng ký) nên đã có vé riêng."))
    except registering.RegistrationRefused as refused:
        return _event_page(found, form, 422, str(refused))
    record("registered_on_behalf", slug)
    return redirect_after_post(url_for("collaborators.event", slug=slug, added=made.id))


@bp.get("/events/<slug>/tickets")
def tickets(slug):
    """The A4 sheet of the tickets this collaborator made for the event, to print and cut."""
    found = _event(slug)
    record("ticket_sheet_printed", slug)
    return sheet(found, on_behalf.made_by(current_user, event=found, confirmed_only=True),
                 back=url_for("collaborators.event", slug=slug))


def _event(slug):
    """The event with this address if the signed-in collaborator registers people for it; 404 otherwise."""
    found = event_by_slug(slug)
    if found is None or not can_register_for(current_user, found):
        abort(404)
    return found


def _event_page(found, form, status=200, problem=None):
    """The event's page: the form (or why it takes no registration now), the people registered so far (the one
    just added, named by ?added=, said first)."""
    made = on_behalf.made_by(current_user, event=found)[::-1]
    added = next((r for r in made if str(r.id) == request.args.get("added")), None)
    record("people_viewed", found.slug)
    return no_store(make_response(render_template(
        "collaborators/event.html", event=found, form=form, made=made, added=added, problem=problem,
        refusal=registering.refusal(found, clock.now()), short=format_short_code), status))
