"""Registrations and participants by source (public form, collaborator, walk-in, headcount): a page and a CSV."""
from flask import render_template, request

from portal import sheets
from portal.dashboard.blueprint import bp
from portal.dashboard.exports import _download
from portal.dashboard.query import Query, campaign_or_404, period, source_rows
from portal.tally import report
from portal.web.audit import record


@bp.get("/sources")
def sources():
    """The table by source for the dashboard's campaign and filters (an organiser's: their unit's events)."""
    campaign, query = campaign_or_404(Query.from_args(request.args))
    return render_template("dashboard/sources.html", campaign=campaign, query=query, period=period(campaign, query),
                           rows=source_rows(campaign, query))


@bp.get("/sources.csv")
def sources_file():
    """The table by source as a CSV file, with the report's title block."""
    campaign, query = campaign_or_404(Query.from_args(request.args))
    body = sheets.to_csv(report.source_table(campaign, period(campaign, query), source_rows(campaign, query)))
    record("report_exported", "sources")
    return _download(body, "text/csv; charset=utf-8", f"theo-nguon-{campaign.year}.csv")
