"""Year over year for district admins: the current campaign beside an earlier one, unit by unit of today's list,
as a page and as a CSV file."""
from flask import abort, render_template, request

from portal import clock, params
from portal.accounts.policy import admin_required
from portal.dashboard.blueprint import bp
from portal.dashboard.exports import _download
from portal.dashboard.query import Query, campaign_or_404
from portal.extensions import db
from portal.models import Campaign
from portal.tally import comparison, comparison_report
from portal.tally.report import row_name
from portal.web.audit import record


@bp.get("/compare")
@admin_required
def compare():
    """The comparison of ?campaign= (by default the current one) with ?base= (by default the latest earlier one
    mapped into its list)."""
    campaign, _query = campaign_or_404(Query.from_args(request.args))
    base = _base(campaign)
    result = comparison.compare(campaign, base, clock.now()) if base else None
    return render_template("dashboard/compare.html", campaign=campaign, base=base, result=result,
                           choices=comparison.other_campaigns(campaign), report=comparison_report,
                           row_name=row_name, mapped=base is not None and comparison.has_mapping(base, campaign))


@bp.get("/compare.csv")
@admin_required
def compare_file():
    """The comparison as a CSV file (404 when there is no other campaign to compare with)."""
    campaign, _query = campaign_or_404(Query.from_args(request.args))
    base = _base(campaign) or abort(404)
    body = comparison_report.to_csv(comparison.compare(campaign, base, clock.now()), campaign, base)
    record("report_exported", f"compare-{base.id}")
    return _download(body, "text/csv; charset=utf-8", f"so-sanh-{campaign.year}-{base.year}.csv")


def _base(campaign):
    """The campaign named by ?base= when it is another one, else the default; None when there is no other."""
    number = params.row_id(request.args.get("base"))
    chosen = db.session.get(Campaign, number) if number else None
    return chosen if chosen is not None and chosen.id != campaign.id else comparison.default_base(campaign)
