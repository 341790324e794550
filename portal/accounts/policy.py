"""Who may do what: district admins everything, commune organisers only their own commune's events."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def can_manage(user, event):
    """True when user may manage and check in for event."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_admin or (event.commune_id is not None and event.commune_id == user.commune_id)


def admin_required(view):
    """Only district admins; others get 404 so the page's existence is not revealed."""
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_admin:
            abort(404)
        return view(*args, **kwargs)
    return wrapper
