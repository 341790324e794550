"""District admins close a campaign once its report is final (a confirmation page, then the closing itself): the
current one, or the one named by ?campaign=<id> (from the list of campaigns)."""
from datetime import timedelta

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from portal import clock, params
from portal.accounts.policy import admin_required
from portal.catalogue import closing, current_campaign
from portal.extensions import db
from portal.manage.blueprint import bp
from portal.models import Campaign
from portal.web.audit import record


@bp.get("/campaign/close")
@admin_required
def close_campaign():
    """The confirmation page: what closing does and when the personal data will be purged; once closed, its state."""
    return _page(200)


@bp.post("/campaign/close")
@admin_required
def close_campaign_post():
    """Close the campaign (freeze its report); closing it again changes nothing and says so."""
    campaign = _campaign()
    try:
        closing.close(campaign, current_user, clock.now())
    except closing.AlreadyClosed:
        return _page(409)
    record("campaign_closed", f"campaign:{campaign.id}")
    return redirect(url_for("manage.close_campaign", campaign=campaign.id), code=303)


def _campaign():
    """The campaign named by ?campaign=, else the one the portal runs now (the one the dashboard shows)."""
    if "campaign" in request.args:
        number = params.row_id(request.args.get("campaign"))
        return (db.session.get(Campaign, number) if number else None) or abort(404)
    return current_campaign(clock.now().date()) or abort(404)


def _page(status):
    """The page for the campaign: the confirmation while open, the closing's state once closed."""
    campaign = _campaign()
    closed = campaign.closing
    days = current_app.config["RETENTION_DAYS_AFTER_CLOSING"]
    purge_on = closing.purge_due(closed, days) if closed else clock.now() + timedelta(days=days)
    return render_template("manage/close_campaign.html", campaign=campaign, closed=closed, purge_on=purge_on,
                           days=days), status
