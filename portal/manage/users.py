"""District admins manage staff accounts: list them and create organisers bound to a commune."""
from flask import redirect, render_template, url_for
from sqlalchemy import select
from wtforms import SelectChoice

from portal import accounts, clock
from portal.catalogue import list_communes
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.manage import bp
from portal.manage.forms import UserForm
from portal.models import User
from portal.policy import admin_required


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users():
    """The staff accounts, and a form to add one."""
    communes = list_communes()
    form = UserForm()
    form.commune.choices = [SelectChoice("", _l("— Chọn xã, thị trấn —"))] + [
        SelectChoice(c.code, c.name) for c in communes]
    if form.validate_on_submit():
        commune_id = {c.code: c.id for c in communes}.get(form.commune.data)
        try:
            accounts.create_user(form.username.data, form.full_name.data, form.password.data, form.role.data,
                                 commune_id, clock.now())
        except accounts.AccountError as error:
            form.username.errors = [str(error)]
        else:
            db.session.commit()
            return redirect(url_for("manage.users"), code=303)
    people = db.session.scalars(select(User).order_by(User.role, User.username)).all()
    status = 422 if form.is_submitted() else 200
    return render_template("manage/users.html", form=form, users=people), status
