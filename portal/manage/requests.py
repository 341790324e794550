"""The queue of people's requests about their own data, for district admins: deadlines, who handled what; and
erasing one person's data when they ask in person."""
from flask import abort, make_response, render_template, request, url_for
from flask_login import current_user

from portal import clock, params
from portal.accounts.policy import admin_required
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.manage.blueprint import bp
from portal.manage.forms import ErasureForm
from portal.models import DataRequest
from portal.registration import data_requests, erasing, own_data
from portal.web.audit import record
from portal.web.htmx import redirect_after_post
from portal.web.security import no_store

NOTHING_HELD = _l("Không có dữ liệu nào với số điện thoại và năm sinh này. Hãy kiểm tra lại với người yêu cầu.")

KIND_LABELS = {"access": _l("Xem dữ liệu"), "export": _l("Tải dữ liệu"), "withdrawal": _l("Rút lại đồng ý"),
               "erasure": _l("Xóa dữ liệu")}


@bp.get("/requests")
@admin_required
def data_requests_queue():
    """Every request, the ones to handle first; overdue ones stand out."""
    return _queue_page(ErasureForm(formdata=None))


@bp.post("/requests/erase")
@admin_required
def erase_on_request():
    """Erase one person's data at once, when their phone number and year of birth match what is held."""
    form = ErasureForm()
    if form.validate() and not own_data.held(form.phone.normalised, form.birth_year.year):
        form.phone.errors = [str(NOTHING_HELD)]
    if form.errors:
        return _queue_page(form, 422)
    phone, now = form.phone.normalised, clock.now()
    _erased, done = erasing.erase_on_request(  # the people of that year only, not the rest of a household
        phone, now, own_data.keys_born(phone, form.birth_year.year), user=current_user)
    record("data_erased", f"request:{done.id}")
    return redirect_after_post(url_for("manage.data_requests_queue", erased=done.id) + "#erased")


def _queue_page(form, status=200):
    """The queue, the in-person erasure form, and what was just erased (named by its request, never its number)."""
    number = params.row_id(request.args.get("erased"))
    erased = db.session.get(DataRequest, number) if number else None
    return no_store(make_response(render_template(
        "manage/requests.html", requests=data_requests.queue(), now=clock.now(), labels=KIND_LABELS, form=form,
        erased=erased if erased is not None and erased.kind == "erasure" else None), status))


@bp.post("/requests/<int:number>/done")
@admin_required
def data_request_done(number):
    """Mark request number (an erasure request) handled (the erasure itself follows the campaign's data procedure)."""
    request = data_requests.mark_done(number, current_user, clock.now())
    if request is None:
        abort(404)
    return redirect_after_post(url_for("manage.data_requests_queue"))
