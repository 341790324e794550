"""Downloads: the per-commune report (CSV, XLSX, a printable page) and an event's attendance list for its staff."""
from flask import abort, make_response, render_template, request
from flask_login import current_user

from portal.checkin import people
from portal.dashboard.blueprint import bp
from portal.dashboard.query import (
    Query,
    campaign_or_404,
    period,
    report_table,
    source_rows,
)
from portal.manage.blueprint import managed_event
from portal.tally import report
from portal.web.audit import record
from portal.web.security import no_store

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/report.<fmt>")
def report_file(fmt):
    """The per-commune table as CSV or XLSX, in the district's layout (an organiser's: their commune's)."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    campaign, query = campaign_or_404(Query.from_args(request.args))
    rows, totals, unit = report_table(campaign, query)
    if fmt == "csv":
        body = report.to_csv(campaign, period(campaign, query), rows, totals)
    else:  # with a second sheet by source
        body = report.to_xlsx(campaign, period(campaign, query), rows, totals, source_rows(campaign, query))
    record("report_exported", unit.code if unit else "")
    name = f"bao-cao-{campaign.year}" + (f"-{unit.code}" if unit else "")
    return _download(body, "text/csv; charset=utf-8" if fmt == "csv" else XLSX, f"{name}.{fmt}")


@bp.get("/report")
def report_print():
    """The report as an A4 landscape page to print, sign and stamp."""
    campaign, query = campaign_or_404(Query.from_args(request.args))
    rows, totals, unit = report_table(campaign, query)
    return render_template("dashboard/print.html", campaign=campaign, period=period(campaign, query), unit=unit,
                           header=report.header(campaign), lines=report.lines(rows, totals))


@bp.get("/events/<slug>/attendance.<fmt>")
def attendance_file(slug, fmt):
    """Who registered and who came, for the event's own staff; full phone numbers only for district admins who ask
    for them (?phones=1), masked otherwise."""
    event = managed_event(slug)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    phones = current_user.is_admin and request.args.get("phones") == "1"
    record("attendance_exported_phones" if phones else "attendance_exported", slug)
    head, body = report.attendance_list(event, people.people(event), full_phones=phones)
    if fmt == "csv":
        return _download(report.attendance_csv(head, body), "text/csv; charset=utf-8", f"{event.slug}.csv")
    return _download(report.attendance_xlsx(event.title, head, body), XLSX, f"{event.slug}.xlsx")


def _download(body, mimetype, filename):
    """body as a file to save, never cached."""
    response = make_response(body)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return no_store(response)
