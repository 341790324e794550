"""Sign-in (rate-limited), sign-out, and changing one's own password."""

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from portal import accounts
from portal.auth.blueprint import bp
from portal.auth.forms import LoginForm, PasswordForm
from portal.extensions import limiter
from portal.i18n import gettext as _
from portal.web import limits
from portal.web.htmx import current_page, full_page_redirect, is_htmx
from portal.web.navigation import local_path


def _username_key():
    return "login-user:" + limits.keyed("login-user", request.form.get("username", "").strip().lower())


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_USER"], methods=["POST"], key_func=_username_key)
def login():
    """Sign in and go back to the page that asked for it."""
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is not None:
            session.clear()
            session.permanent = True
            login_user(user)
            return redirect(local_path(request.args.get("next"), url_for("manage.index")), code=303)
        form.password.errors = [_("Tên đăng nhập hoặc mật khẩu không đúng.")]
    status = 422 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    """Sign out, ending this account's sessions on the server too: a copied cookie stops working."""
    if current_user.is_authenticated:
        accounts.end_sessions(current_user._get_current_object())
    logout_user()
    session.clear()
    response = redirect(url_for("public.index"), code=303)
    # The desk app keeps a ticket snapshot, queued scans and its caches in this browser: they go with the sign-out.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    """Change one's own password; other sessions of the account end with it."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            user = current_user._get_current_object()
            accounts.change_password(user, form.current.data, form.new.data)
        except accounts.AccountError as error:
            form.new.errors = [str(error)]
        else:
            login_user(user)  # keep this session: its remembered fingerprint changed with the password
            return render_template("auth/password.html", form=PasswordForm(formdata=None), changed=True)
    status = 422 if request.method == "POST" else 200
    return render_template("auth/password.html", form=form, changed=False), status


def unauthorized():
    """Send a signed-out person to the sign-in page; for htmx, a full-page redirect instead of a swapped fragment."""
    if is_htmx():
        return full_page_redirect(url_for("auth.login", next=current_page()), htmx_status=401)
    back = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=back))
