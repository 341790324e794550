"""District admins manage campaigns: list them, create and edit one (a closed one only shown), pin the current one."""
from flask import abort, redirect, render_template, url_for

from portal import clock
from portal.accounts.policy import admin_required
from portal.catalogue import campaigns, current_campaign
from portal.extensions import db
from portal.i18n import gettext as _
from portal.manage.blueprint import bp
from portal.manage.campaign_form import CampaignForm
from portal.models import Campaign
from portal.web.audit import record


@bp.get("/campaigns")
@admin_required
def campaign_list():
    """Every campaign: year, title, dates, list of units, pinned or current, closed; a pin button on each."""
    return _list_page(200)


@bp.route("/campaigns/new", methods=["GET", "POST"])
@admin_required
def campaign_new():
    """A new campaign; the list of units offered first is the current campaign's."""
    form = CampaignForm(campaigns.unit_lists())
    if not form.is_submitted():
        current = current_campaign(clock.now().date())
        form.unit_list_id.data = str(current.unit_list_id) if current else None
    return _save(form, None, "campaign_created")


@bp.route("/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
@admin_required
def campaign_edit(campaign_id):
    """Change a campaign; a closed one is shown read-only, saying why (409 to a change sent anyway)."""
    campaign = db.session.get(Campaign, campaign_id) or abort(404)
    closed = campaign.closing
    form = CampaignForm(campaigns.unit_lists(), obj=campaign)
    if closed is not None:
        return _closed_page(campaign, closed, 409 if form.is_submitted() else 200)
    return _save(form, campaign, "campaign_edited")


@bp.post("/campaigns/<int:campaign_id>/pin")
@admin_required
def campaign_pin(campaign_id):
    """Make the campaign the current one whatever the date (any other is unpinned); not a closed one."""
    campaign = db.session.get(Campaign, campaign_id) or abort(404)
    try:
        campaigns.pin(campaign)
    except campaigns.CampaignClosed:
        return _list_page(409, problem=_("Chiến dịch “%(title)s” đã đóng nên không thể đặt làm chiến dịch hiện tại.",
                                         title=campaign.title))
    record("campaign_pinned", campaign.id)
    return redirect(url_for("manage.campaign_list"), code=303)


@bp.post("/campaigns/<int:campaign_id>/unpin")
@admin_required
def campaign_unpin(campaign_id):
    """Let the dates decide the current campaign again."""
    campaign = db.session.get(Campaign, campaign_id) or abort(404)
    campaigns.unpin(campaign)
    record("campaign_unpinned", campaign.id)
    return redirect(url_for("manage.campaign_list"), code=303)


def _save(form, campaign, action):
    """Validate and save form into campaign (None: a new one); the list on success, the form again otherwise."""
    if form.validate_on_submit():
        try:
            saved = campaigns.save(campaign, form.values(), int(form.unit_list_id.data))
        except campaigns.UnitListRefused as refused:
            form.unit_list_id.errors = [str(refused)]
        except campaigns.CampaignClosed:
            return _closed_page(campaign, campaign.closing, 409)
        else:
            record(action, saved.id)
            return redirect(url_for("manage.campaign_list"), code=303)
    return render_template("manage/campaign_form.html", form=form, campaign=campaign), \
        422 if form.is_submitted() else 200


def _closed_page(campaign, closed, status):
    """A closed campaign as it stands, and why it no longer changes."""
    return render_template("manage/campaign_closed.html", campaign=campaign, closed=closed), status


def _list_page(status, problem=None):
    current = current_campaign(clock.now().date())
    return render_template("manage/campaigns.html", rows=campaigns.every_campaign(), current=current,
                           problem=problem), status
