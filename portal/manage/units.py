"""Admins keep the lists of reporting units: make one from today's map or a CSV file, add, rename, remove units."""
from flask import abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from portal import clock
from portal.accounts.policy import admin_required
from portal.catalogue import units
from portal.catalogue.unit_lists import MAX_BYTES, TOO_LARGE, read_unit_list
from portal.extensions import db
from portal.manage.blueprint import bp
from portal.manage.unit_forms import MapListForm, RenameForm, UnitForm, UploadListForm
from portal.models import Commune, UnitList
from portal.web import errors

NOTICES = ("made", "found")


@bp.get("/units")
@admin_required
def unit_lists():
    """The lists, with the forms that make one."""
    return _lists_page(MapListForm(formdata=None), UploadListForm(formdata=None), 200)


@bp.post("/units/map")
@admin_required
def unit_list_from_map():
    """Make (or find, when made before) the list of a province's or city's units on today's map."""
    form = MapListForm()
    if not form.validate_on_submit():
        return _lists_page(form, UploadListForm(formdata=None), 422)
    unit_list, made = units.from_map(form.province.data, clock.now())
    return redirect(url_for("manage.unit_list", list_id=unit_list.id, notice="made" if made else "found"), code=303)


@bp.post("/units/upload")
@admin_required
def unit_list_upload():
    """Make a list from a CSV file, whole or not at all: each problem is told with its line."""
    form = UploadListForm()
    valid = form.validate_on_submit()
    upload = read_unit_list(form.file.data.read(MAX_BYTES + 1)) if not form.file.errors else None
    if valid and not upload.problems:
        unit_list = units.from_upload(form.name.data, upload.units, clock.now())
        return redirect(url_for("manage.unit_list", list_id=unit_list.id, notice="made"), code=303)
    return _lists_page(MapListForm(formdata=None), form, 422, upload.problems if upload else (),
                       filename=form.file.data.filename if upload else None)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error):
    """A body over MAX_CONTENT_LENGTH: for an admin's upload, said next to the file field (the form was not read,
    so its name is not kept); anywhere else the plain page."""
    if request.endpoint == "manage.unit_list_upload" and current_user.is_authenticated and current_user.is_admin:
        form = UploadListForm(formdata=None)
        form.file.errors = [str(TOO_LARGE)]
        return _lists_page(MapListForm(formdata=None), form, 413)
    return errors.refusal(413)


@bp.get("/units/example.csv")
@admin_required
def unit_list_example():
    """The 2022 list as an example file to fill in."""
    response = make_response(units.example_csv())
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="vi-du-danh-sach-don-vi.csv"'
    return response


@bp.get("/units/<int:list_id>")
@admin_required
def unit_list(list_id):
    """A list's units, and a form to add one."""
    return _list_page(_list(list_id), UnitForm(formdata=None), 200)


@bp.post("/units/<int:list_id>/units")
@admin_required
def unit_add(list_id):
    """Add a unit typed by hand, checked as a CSV row is."""
    unit_list, form = _list(list_id), UnitForm()
    if form.validate_on_submit():
        try:
            units.add_unit(unit_list, form.code.data, form.name.data, form.type.data)
        except units.UnitRefused as refused:
            _show(form, refused.problems)
        else:
            return redirect(url_for("manage.unit_list", list_id=list_id), code=303)
    return _list_page(unit_list, form, 422)


@bp.route("/units/<int:list_id>/units/<int:unit_id>", methods=["GET", "POST"])
@admin_required
def unit(list_id, unit_id):
    """A unit's page: rename it, or remove it while nothing uses it."""
    found, form = _unit(list_id, unit_id), RenameForm()
    if not form.is_submitted():
        form.name.data = found.name
    elif form.validate():
        try:
            units.rename(found, form.name.data)
        except units.UnitRefused as refused:
            _show(form, refused.problems)
        else:
            return redirect(url_for("manage.unit_list", list_id=list_id), code=303)
    return _unit_page(found, form, 422 if form.is_submitted() else 200)


@bp.post("/units/<int:list_id>/units/<int:unit_id>/remove")
@admin_required
def unit_remove(list_id, unit_id):
    """Remove a unit nothing uses; otherwise say what uses it."""
    found = _unit(list_id, unit_id)
    try:
        units.remove(found)
    except units.UnitInUse as refused:
        form = RenameForm(formdata=None)
        form.name.data = found.name
        return _unit_page(found, form, 409, refusal=str(refused))
    return redirect(url_for("manage.unit_list", list_id=list_id), code=303)


def _list(list_id):
    return db.session.get(UnitList, list_id) or abort(404)


def _unit(list_id, unit_id):
    found = db.session.get(Commune, unit_id)
    if found is None or found.unit_list_id != list_id:
        abort(404)
    return found


def _show(form, problems):
    """Put the domain's message for each field next to it."""
    for name, message in problems.items():
        form[name].errors = [str(message)]


def _lists_page(map_form, upload_form, status, problems=(), filename=None):
    """The lists page; problems: the CSV file's (named filename), each with its line."""
    return render_template("manage/unit_lists.html", lists=units.summaries(), map_form=map_form,
                           upload_form=upload_form, problems=problems, filename=filename), status


def _list_page(unit_list, form, status):
    notice = request.args.get("notice") if request.args.get("notice") in NOTICES else None
    return render_template("manage/unit_list.html", unit_list=unit_list, units=unit_list.units, form=form,
                           notice=notice), status


def _unit_page(found, form, status, refusal=None):
    return render_template("manage/unit.html", unit=found, form=form, refusal=refusal), status
