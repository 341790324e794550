"""The audit log for district admins: read and filter it (by action, user, dates), a page at a time; there is no way
to change or delete an entry here."""
from flask import current_app, make_response, render_template, request
from sqlalchemy import select

from portal import params
from portal.accounts import audit
from portal.accounts.policy import admin_required
from portal.extensions import db
from portal.manage.blueprint import bp
from portal.models import AUDIT_ACTIONS, User
from portal.web.security import no_store


@bp.get("/audit")
@admin_required
def audit_log():
    """The entries chosen by the query string, newest first; a bad value in it falls back to showing everything."""
    chosen = _filter(request.args)
    page = db.paginate(audit.entries(chosen), per_page=current_app.config.get("AUDIT_PER_PAGE", 50), error_out=False)
    staff = db.session.scalars(select(User).order_by(User.username)).all()
    return no_store(make_response(render_template("manage/audit.html", page=page, chosen=chosen, staff=staff,
                                                  labels=audit.ACTION_LABELS, args=_args(chosen))))


def _filter(args):
    """The AuditFilter the query string asks for (unknown values ignored)."""
    user = args.get("user", "")
    return audit.AuditFilter(action=params.one_of(args.get("action"), AUDIT_ACTIONS),
                             user_id=int(user) if user.isascii() and user.isdigit() and len(user) < 10 else None,
                             date_from=params.day(args.get("from")), date_to=params.day(args.get("to")))


def _args(chosen):
    """Query parameters reproducing the filter, for the page links."""
    return params.query({"action": chosen.action, "user": chosen.user_id, "from": chosen.date_from,
                         "to": chosen.date_to}, {})
