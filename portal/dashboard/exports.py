"""Downloads: the per-commune report (CSV, XLSX, a printable page) and an event's attendance list for its staff."""
import csv
import io

from flask import abort, make_response, render_template, request
from flask_login import current_user
from openpyxl import Workbook

from portal import organising, phones, report
from portal.dashboard import bp
from portal.dashboard.query import Query, campaign_or_404, period, table
from portal.i18n import METHOD_LABELS, SEX_LABELS
from portal.i18n import gettext as _
from portal.manage import managed_event

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/report.<fmt>")
def report_file(fmt):
    """The per-commune table as CSV or XLSX, in the district's layout."""
    campaign, query = campaign_or_404(), Query.from_args(request.args)
    rows, totals, _version = table(campaign, query)
    if fmt not in ("csv", "xlsx") or totals is None:
        abort(404)
    render = report.to_csv if fmt == "csv" else report.to_xlsx
    body = render(campaign, period(campaign, query), rows, totals)
    return _download(body, "text/csv; charset=utf-8" if fmt == "csv" else XLSX, f"bao-cao-{campaign.year}.{fmt}")


@bp.get("/report")
def report_print():
    """The report as an A4 landscape page to print, sign and stamp."""
    campaign, query = campaign_or_404(), Query.from_args(request.args)
    rows, totals, _version = table(campaign, query)
    return render_template("dashboard/print.html", campaign=campaign, period=period(campaign, query),
                           header=report.header(), lines=report.lines(rows, totals) if totals else [])


@bp.get("/events/<slug>/attendance.<fmt>")
def attendance_file(slug, fmt):
    """Who registered and who came, for the event's own staff; full phone numbers for district admins only."""
    event = managed_event(slug)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    show = (lambda p: p or "") if current_user.is_admin else phones.mask
    head = [_("Họ và tên"), _("Giới tính"), _("Năm sinh"), _("Xã, thị trấn"), _("Điện thoại"), _("Mã vé"),
            _("Điểm danh lúc"), _("Cách điểm danh")]
    body = [[r.person.full_name, str(SEX_LABELS[r.person.sex]), r.person.birth_year,
             r.person.commune.name if r.person.commune else _("Nơi khác"), show(r.person.phone),
             r.registration.short_code if r.registration else "",
             r.attendance.created_at.strftime("%d/%m/%Y %H:%M") if r.attendance else "",
             str(METHOD_LABELS[r.attendance.method]) if r.attendance else ""] for r in organising.people(event)]
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows([head] + body)
        return _download(("\ufeff" + buffer.getvalue()).encode(), "text/csv; charset=utf-8", f"{event.slug}.csv")
    book = Workbook()
    for line in [[event.title], [], head] + body:
        book.active.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return _download(buffer.getvalue(), XLSX, f"{event.slug}.xlsx")


def _download(body, mimetype, filename):
    response = make_response(body)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
