"""District admins manage staff accounts: list them, create organisers bound to a commune, deactivate them."""
from flask import abort, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from portal import accounts, clock
from portal.accounts.policy import admin_required
from portal.catalogue import current_campaign, list_communes
from portal.catalogue.unit_labels import label
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.manage.blueprint import bp
from portal.manage.forms import UserForm
from portal.models import User
from portal.web.audit import record


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users():
    """The staff accounts, and a form to add one."""
    communes = _units()
    form = _user_form(communes)
    if form.validate_on_submit():
        commune_id = {c.code: c.id for c in communes}.get(form.commune.data)
        try:
            created = accounts.create_user(form.username.data, form.full_name.data, form.password.data, form.role.data,
                                 commune_id, clock.now())
        except accounts.AccountError as error:
            form.username.errors = [str(error)]
        else:
            record("account_created", created.id)
            return redirect(url_for("manage.users"), code=303)
    return _page(form, 422 if form.is_submitted() else 200)


@bp.post("/users/<int:user_id>/deactivate")
@admin_required
def deactivate(user_id):
    """Lock an account out and end its sessions at once (never one's own)."""
    user = db.session.get(User, user_id) or abort(404)
    try:
        accounts.deactivate(user, current_user._get_current_object())
    except accounts.AccountError as error:
        return _page(_user_form(_units(), formdata=None), 422, problem=str(error))
    record("account_deactivated", user.id)
    return redirect(url_for("manage.users"), code=303)


def _units():
    """The units organisers can be bound to: those of the current campaign's list."""
    campaign = current_campaign(clock.now().date())
    return list_communes(campaign) if campaign else []


def _user_form(communes, **kwargs):
    """The new-account form with the communes to choose from."""
    form = UserForm(**kwargs)
    form.commune.label.text = label((c.type for c in communes), capital=True)
    form.commune.choices = [SelectChoice("", _l("— Chọn %(units)s —", units=label(c.type for c in communes)))] + [
        SelectChoice(c.code, c.name) for c in communes]
    return form


def _page(form, status, problem=None):
    """The accounts page: the list (with a deactivate button per other active account) and the form."""
    people = db.session.scalars(select(User).order_by(User.role, User.username)).all()
    return render_template("manage/users.html", form=form, users=people, problem=problem), status
