"""The queue of people's requests about their own data, for district admins: deadlines, who handled what."""
from flask import abort, make_response, render_template, url_for
from flask_login import current_user

from portal import clock
from portal.accounts.policy import admin_required
from portal.i18n import lazy_gettext as _l
from portal.manage.blueprint import bp
from portal.registration import data_requests
from portal.web.htmx import redirect_after_post
from portal.web.security import no_store

KIND_LABELS = {"access": _l("Xem dữ liệu"), "export": _l("Tải dữ liệu"), "withdrawal": _l("Rút lại đồng ý"),
               "erasure": _l("Yêu cầu xóa")}


@bp.get("/requests")
@admin_required
def data_requests_queue():
    """Every request, the ones to handle first; overdue ones stand out."""
    return no_store(make_response(render_template(
        "manage/requests.html", requests=data_requests.queue(), now=clock.now(), labels=KIND_LABELS)))


@bp.post("/requests/<int:number>/done")
@admin_required
def data_request_done(number):
    """Mark request number (an erasure request) handled (the erasure itself follows the campaign's data procedure)."""
    request = data_requests.mark_done(number, current_user, clock.now())
    if request is None:
        abort(404)
    return redirect_after_post(url_for("manage.data_requests_queue"))
