"""Who may do what: district admins everything, commune organisers only their own commune's events, collaborators
only registering people for their commune's published events and the registrations they made themselves."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def _active(user):
    return getattr(user, "is_authenticated", False) and user.is_active


def can_manage(user, event):
    """True when user may manage and check in for event."""
    if not _active(user):
        return False
    return user.is_admin or (user.role == "organiser" and event.commune_id is not None
                             and event.commune_id == user.commune_id)


def can_register_for(user, event):
    """True when user is a collaborator who may register people for event (their unit's, published or cancelled:
    a cancelled one is shown with its reason) and see the registrations they made for it."""
    return (_active(user) and user.is_collaborator and event.status != "draft"
            and event.commune_id is not None and event.commune_id == user.commune_id)


def can_manage_account(user, account):
    """True when user may lock account: admins any account, organisers their own unit's collaborators."""
    if user.is_admin:
        return True
    return user.role == "organiser" and account.is_collaborator and account.commune_id == user.commune_id


def keep_collaborators_out():
    """For the staff areas' before_request: a collaborator gets 404 on every page there (their own pages are apart,
    so every door stays shut unless it is opened on purpose)."""
    if current_user.is_collaborator:
        abort(404)


def admin_required(view):
    """Only district admins; others get 404 so the page's existence is not revealed."""
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_admin:
            abort(404)
        return view(*args, **kwargs)
    return wrapper


def collaborator_required(view):
    """Only collaborators; others (organisers and admins have their own pages) get 404."""
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_collaborator:
            abort(404)
        return view(*args, **kwargs)
    return wrapper
