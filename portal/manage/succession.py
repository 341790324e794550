"""District admins map the units of an earlier list onto a newer list's, to compare years across a change of map:
the mapping as it stands, the bundled Thường Tín one to load, a CSV to upload."""
from flask import abort, redirect, render_template, request, url_for
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select

from portal import clock
from portal.accounts.policy import admin_required
from portal.catalogue import current_campaign, succession
from portal.catalogue.seed import SEED_LIST_KEY
from portal.catalogue.succession_csv import read_mapping
from portal.catalogue.unit_lists import MAX_BYTES
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.manage.blueprint import bp
from portal.models import UnitList
from portal.web.forms import Form


class MappingForm(Form):
    """A mapping file: old_code, new_code, share."""

    file = FileField(_l("Tệp CSV"), validators=[FileRequired(_l("Vui lòng chọn tệp CSV."))])


@bp.get("/succession")
@admin_required
def succession_page():
    """The mapping between the two lists chosen (by default the 2022 list and the current campaign's)."""
    old_list, new_list = _chosen()
    return _page(old_list, new_list, MappingForm(formdata=None), 200)


@bp.post("/succession/upload")
@admin_required
def succession_upload():
    """Replace the mapping between the two lists with an uploaded CSV, or show each bad line and save nothing."""
    old_list, new_list = _chosen(strict=True)
    form = MappingForm()
    if form.validate_on_submit():
        upload = read_mapping(form.file.data.read(MAX_BYTES + 1), old_list, new_list)  # more is too much anyway
        problems = upload.problems or _saved(old_list, new_list, upload.pairs)
        if not problems:
            return _done(old_list, new_list)
        found = [_("Dòng %(line)s: %(message)s", line=p.line, message=p.message) if p.line else str(p.message)
                 for p in problems]
        if len(found) == 1:
            form.file.errors = found
        else:  # the lines in the form's summary; beside the field, how many
            form.file.errors = [_("Tệp có %(count)s lỗi, chưa lưu gì.", count=len(found))]
            return _page(old_list, new_list, form, 422, upload_problems=found)
    return _page(old_list, new_list, form, 422)


@bp.post("/succession/bundled")
@admin_required
def succession_bundled():
    """Make the mapping between the 2022 list and a list of today's communes the bundled one."""
    old_list, new_list = _chosen(strict=True)
    try:
        succession.load_bundled(old_list, new_list)
    except succession.MappingRefused as refused:
        return _page(old_list, new_list, MappingForm(formdata=None), 422,
                     bundled_problems=[str(p.message) for p in refused.problems])
    return _done(old_list, new_list)


def _saved(old_list, new_list, pairs):
    """Save pairs as the mapping; return () or the problems that kept it from being saved."""
    try:
        succession.save_mapping(old_list, new_list, pairs)
    except succession.MappingRefused as refused:
        return refused.problems
    return ()


def _done(old_list, new_list):
    return redirect(url_for("manage.succession_page", old=old_list.id, new=new_list.id, saved=1), code=303)


def _chosen(strict=False):
    """(old list, new list) named by ?old= and ?new=; by default the 2022 list and the current campaign's list (or
    the newest other one). strict (a change): 404 unless both name two different lists."""
    lists = _lists()
    by_id = {unit_list.id: unit_list for unit_list in lists}
    old_list, new_list = (by_id.get(request.args.get(name, type=int)) for name in ("old", "new"))
    if strict:
        return (old_list, new_list) if old_list and new_list and old_list != new_list else abort(404)
    if old_list is None:
        old_list = next((unit_list for unit_list in lists if unit_list.key == SEED_LIST_KEY), lists[0])
    if new_list is None:
        campaign = current_campaign(clock.now().date())
        current = [campaign.unit_list] if campaign else []
        new_list = next((unit_list for unit_list in current + lists[::-1] if unit_list != old_list), None)
    return old_list, new_list


def _lists():
    """Every unit list, oldest first (there is always the 2022 one)."""
    return db.session.scalars(select(UnitList).order_by(UnitList.id)).all()


def _page(old_list, new_list, form, status, bundled_problems=(), upload_problems=()):
    """The page: the lists to choose, the mapping, the bundled one to load (from the 2022 list), the upload form."""
    ready = old_list is not None and new_list is not None and old_list != new_list
    return render_template(
        "manage/succession.html", lists=_lists(),
        old_list=old_list, new_list=new_list, ready=ready, form=form, bundled_problems=bundled_problems,
        upload_problems=upload_problems,
        rows=succession.mapping(old_list, new_list) if ready else [], share_names=succession.SHARE_NAMES,
        bundled=ready and old_list.key == SEED_LIST_KEY, saved=request.args.get("saved") == "1"), status
