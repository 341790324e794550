"""Staff accounts: creation, passwords (hashed with PASSWORD_HASH_METHOD), and the checks a login goes through."""
from functools import lru_cache

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.models import User

MIN_PASSWORD = 10
UNIT_ROLES = ("organiser", "collaborator")  # bound to one unit


class AccountError(ValueError):
    """An account cannot be created or changed; str() says why."""


def password_problem(password):
    """Return why a new password is not acceptable, or None."""
    if len(password or "") < MIN_PASSWORD:
        return _l("Mật khẩu cần ít nhất %(n)s ký tự.", n=MIN_PASSWORD)
    return None


def create_user(username, full_name, password, role, commune_id, now):
    """Create and return an account; raise AccountError for a taken name or a weak password."""
    username = (username or "").strip().lower()
    if not username or db.session.scalar(select(func.count()).select_from(User).where(User.username == username)):
        raise AccountError(_l("Tên đăng nhập đã có người dùng hoặc để trống."))
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    if role in UNIT_ROLES and commune_id is None:
        raise AccountError(_l("Cán bộ tổ chức phải thuộc một đơn vị.") if role == "organiser"
                           else _l("Cộng tác viên phải thuộc một đơn vị."))
    user = User(username=username, full_name=full_name.strip() or username, role=role,
                commune_id=commune_id if role in UNIT_ROLES else None,
                password_hash=_hash(password), created_at=now)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(username, password):
    """Return the active account with these credentials, or None (same answer for a wrong name or password)."""
    user = db.session.scalar(select(User).where(User.username == (username or "").strip().lower()))
    if user is None or not user.active:
        check_password_hash(_dummy_hash(_method()), password or "")  # same work either way: no timing hint
        return None
    return user if check_password_hash(user.password_hash, password or "") else None


def change_password(user, current, new):
    """Set a new password after checking the current one; raise AccountError otherwise."""
    if not check_password_hash(user.password_hash, current or ""):
        raise AccountError(_l("Mật khẩu hiện tại không đúng."))
    problem = password_problem(new)
    if problem:
        raise AccountError(problem)
    user.password_hash = _hash(new)
    db.session.flush()


def end_sessions(user):
    """Revoke every session of user signed in so far (sign-out, deactivation)."""
    user.session_epoch = (user.session_epoch or 0) + 1
    db.session.flush()


def deactivate(user, by):
    """Lock user out and end their sessions; raise AccountError when an admin tries it on their own account."""
    if user.id == by.id:
        raise AccountError(_l("Bạn không thể khóa tài khoản của chính mình."))
    user.active = False
    end_sessions(user)


def _method():
    """The configured password-hashing method (werkzeug's notation, e.g. "scrypt")."""
    return current_app.config["PASSWORD_HASH_METHOD"]


def _hash(password):
    """Hash password with the configured method."""
    return generate_password_hash(password, method=_method())


@lru_cache(maxsize=4)
def _dummy_hash(method):
    """A hash made with method, checked for unknown accounts so that they cost as much as known ones."""
    return generate_password_hash("not-a-password", method=method)
