"""A collaborator's group form: people row by row or pasted from a spreadsheet, every row checked before anything
is saved, the batch saved whole (or, by choice, its first rows that fit), then its tickets listed."""
from flask import make_response, render_template, request, session, url_for
from flask_login import current_user

from portal import clock
from portal import registration as registering
from portal.catalogue import list_communes
from portal.collaborators.blueprint import bp
from portal.collaborators.forms import GroupForm
from portal.collaborators.views import _event
from portal.i18n import gettext as _
from portal.registration import groups, on_behalf
from portal.tokens import format_short_code
from portal.web.audit import record
from portal.web.htmx import is_partial, redirect_after_post
from portal.web.security import no_store

BATCH = "group_batch"  # the session's ids of the registrations the last batch made (ids only, no person)


@bp.get("/events/<slug>/nhom")
def group(slug):
    """The group form with its empty rows; after a batch was saved (?saved=1), the batch's tickets."""
    found = _event(slug)
    form = GroupForm(list_communes(found.campaign), current_user.commune.code, formdata=None)
    saved = _saved(found) if request.args.get("saved") else []
    return _page(found, form, saved=saved)


@bp.post("/events/<slug>/nhom")
def group_post(slug):
    """More rows (action=more), pasted rows filled in (action=paste), or the batch saved (action=save, or
    action=first: only the rows that fit): 303 to its tickets, or the form with its messages (422)."""
    found = _event(slug)
    communes = list_communes(found.campaign)
    form = GroupForm(communes, current_user.commune.code)
    action = request.form.get("action", "save")
    if action == "more":
        form.more()
        return _page(found, form)
    if action == "paste":
        form.fill(groups.parse_pasted(form.paste.data, communes))
        form.paste.data = ""
        return _page(found, form)
    return _save(found, form, first_only=action == "first")


def _save(found, form, first_only):
    """Check every filled row and the batch; save it whole, or answer what stops it with nothing saved."""
    if refusal := registering.refusal(found, clock.now()):
        return _page(found, form, 422, problems=[str(refusal)])
    valid = form.validate()
    filled = form.filled()
    if not filled:
        return _page(found, form, 422, problems=[_("Danh sách chưa có ai: hãy điền ít nhất một dòng.")])
    if not valid:
        return _page(found, form, 422)
    rows = [row.details(form.role.data, row.commune_ids) for _number, row in filled]
    found_problems = groups.problems(found, rows)
    for index, message in found_problems.items():
        filled[index][1].form_errors.append(str(message))
    if found_problems:
        return _page(found, form, 422)
    left = found.seats_left
    if left is not None and len(rows) > left:
        if not (first_only and left):
            return _page(found, form, 422, seats=(left, len(rows)))
        rows = rows[:left]
    try:
        made = groups.register_group(found, rows, current_user._get_current_object(), clock.now(), notice=form.notice)
    except on_behalf.AlreadyRegistered:
        return _page(found, form, 422, problems=[_("Có người trong danh sách đã được đăng ký (tự đăng ký hoặc do "
                                                   "người khác đăng ký); chưa lưu ai.")])
    except registering.RegistrationRefused as refused:
        return _page(found, form, 422, problems=[_("%(reason)s Chưa lưu ai.", reason=refused)])
    session[BATCH] = [registration.id for registration in made]
    record("registered_on_behalf", found.slug)
    return redirect_after_post(url_for("collaborators.group", slug=found.slug, saved=1))


def _saved(found):
    """The registrations of this collaborator's last batch for found."""
    ids = set(session.get(BATCH) or [])
    return [r for r in on_behalf.made_by(current_user, event=found) if r.id in ids]


def _page(found, form, status=200, problems=(), seats=None, saved=()):
    """The group page (or, for htmx, the form alone): its rows with their messages, the problems of the batch, how
    many seats are left when the batch does not fit, the tickets of a batch just saved."""
    messages = list(problems)
    for number, row in form.filled():
        for message in row.form_errors:
            messages.append((f"{row.full_name.id}", _("Dòng %(row)s: %(message)s", row=number, message=message)))
        for field in row:
            for error in field.errors:
                messages.append((field.id, _("Dòng %(row)s, %(field)s: %(message)s", row=number,
                                             field=field.label.text, message=error)))
    if form.consent.errors or form.role.errors:
        messages += [(f.id, error) for f in (form.role, form.consent) for error in f.errors]
    template = "collaborators/_group_form.html" if is_partial("group-form") else "collaborators/group.html"
    return no_store(make_response(render_template(
        template, event=found, form=form, messages=messages, seats=seats, saved=saved,
        short=format_short_code), status))
