"""Staff accounts: district admins list them all and create any (organisers and collaborators bound to a unit of a
campaign); an organiser lists and adds their own unit's collaborators. Either may lock the accounts they manage."""
from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from portal import accounts, clock
from portal.accounts.policy import admin_required, can_manage_account
from portal.catalogue import campaigns, current_campaign, list_communes
from portal.catalogue.unit_labels import label
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.manage.blueprint import bp
from portal.manage.forms import CollaboratorForm, UserForm
from portal.models import User
from portal.web.audit import record


@bp.route("/users", methods=["GET", "POST"])
def users():
    """The accounts, and a form to add one: for admins with the units of the campaign chosen (?campaign=<id>, by a
    plain GET form above it: the current one unless another is asked for); for an organiser a collaborator of
    their own unit, whatever else is sent."""
    form = _user_form(request.args.get("campaign")) if current_user.is_admin else CollaboratorForm()
    if form.validate_on_submit():
        if current_user.is_admin:
            role, unit_id = form.role.data, {c.code: c.id for c in form.units}.get(form.commune.data)
        else:
            role, unit_id = "collaborator", current_user.commune_id
        try:
            created = accounts.create_user(form.username.data, form.full_name.data, form.password.data, role,
                                           unit_id, clock.now())
        except accounts.AccountError as error:
            form.username.errors = [str(error)]
        else:
            record("account_created", created.id)
            return redirect(url_for("manage.users"), code=303)
    return _page(form, 422 if form.is_submitted() else 200)


@bp.get("/users/units")
@admin_required
def user_units():
    """The campaign chosen (?campaign=<id>) and its units' select, for htmx to put in place of the form's."""
    return render_template("manage/_unit_choice.html", form=_user_form(request.args.get("campaign"), formdata=None))


@bp.post("/users/<int:user_id>/deactivate")
def deactivate(user_id):
    """Lock an account the signed-in person manages out and end its sessions at once (never one's own)."""
    user = db.session.get(User, user_id)
    if user is None or not can_manage_account(current_user, user):
        abort(404)
    try:
        accounts.deactivate(user, current_user._get_current_object())
    except accounts.AccountError as error:
        form = _user_form(None, formdata=None) if current_user.is_admin else CollaboratorForm(formdata=None)
        return _page(form, 422, problem=str(error))
    record("account_deactivated", user.id)
    return redirect(url_for("manage.users"), code=303)


def _user_form(campaign_id, **kwargs):
    """The new-account form: every campaign to choose from (the one sent with the form, else campaign_id, else the
    current one), and the units of the chosen one's list (kept as form.units)."""
    current = current_campaign(clock.now().date())
    form = UserForm(campaign=campaign_id or (str(current.id) if current else None), **kwargs)
    every = db.session.scalars(campaigns.visible_to(current_user)).all()
    form.campaign.choices = [SelectChoice(str(c.id), f"{c.year} · {c.title}") for c in every]
    chosen = next((c for c in every if str(c.id) == form.campaign.data), current)
    form.units = list_communes(chosen) if chosen else []
    form.commune.label.text = label((c.type for c in form.units), capital=True)
    form.commune.choices = [SelectChoice("", _l("— Chọn %(units)s —", units=label(c.type for c in form.units)))] + [
        SelectChoice(c.code, c.name) for c in form.units]
    return form


def _page(form, status, problem=None):
    """The accounts page with a lock button per other active account: every account for admins, an organiser's
    own unit's collaborators for them."""
    listed = select(User).order_by(User.role, User.username)
    if not current_user.is_admin:
        listed = listed.where(User.role == "collaborator", User.commune_id == current_user.commune_id)
    template = "manage/users.html" if current_user.is_admin else "manage/collaborators.html"
    return render_template(template, form=form, users=db.session.scalars(listed).all(), problem=problem), status
