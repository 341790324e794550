"""Every campaign, earlier ones read-only: the list of campaigns, and a campaign's page with its events."""
from functools import partial

from flask import abort, current_app, render_template, request, url_for

from portal import clock
from portal.catalogue import EventFilter, current_campaign, find_events, list_communes
from portal.catalogue.campaigns import every_campaign
from portal.extensions import db
from portal.models import Campaign
from portal.public.blueprint import bp
from portal.web.htmx import render


@bp.get("/chien-dich")
def campaigns():
    """Every campaign, the latest first: its dates, organising body, whether it is running, over or to come."""
    today = clock.now().date()
    return render_template("public/campaigns.html", rows=every_campaign(), current=current_campaign(today),
                           today=today)


@bp.get("/chien-dich/<int:campaign_id>")
def campaign(campaign_id):
    """One campaign: its title, theme, dates and organising body, and its events with the filters of /events
    (the whole month unless asked otherwise); the results alone for htmx."""
    shown = db.session.get(Campaign, campaign_id) or abort(404)
    now = clock.now()
    filters = EventFilter.from_args(request.args, default_when="all")
    page = db.paginate(find_events(shown, filters, now), per_page=current_app.config["EVENTS_PER_PAGE"],
                       error_out=False)
    return render("public/campaign.html", "events/_results.html", "event-results", campaign=shown, filters=filters,
                  page=page, communes=list_communes(shown), now=now,
                  list_url=partial(url_for, "public.campaign", campaign_id=shown.id))
