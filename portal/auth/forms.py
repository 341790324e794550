"""Sign-in and password forms."""
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from portal.i18n import lazy_gettext as _l
from portal.web.forms import Form


class LoginForm(Form):
    """Username and password."""

    username = StringField(_l("Tên đăng nhập"), validators=[InputRequired(_l("Vui lòng nhập tên đăng nhập."))],
                           render_kw={"autocomplete": "username", "autocapitalize": "none"})
    password = PasswordField(_l("Mật khẩu"), validators=[InputRequired(_l("Vui lòng nhập mật khẩu."))],
                             render_kw={"autocomplete": "current-password"})


class PasswordForm(Form):
    """The current password and a new one."""

    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[InputRequired(_l("Vui lòng nhập mật khẩu hiện tại."))],
                            render_kw={"autocomplete": "current-password"})
    new = PasswordField(_l("Mật khẩu mới (ít nhất 10 ký tự)"), validators=[InputRequired(_l("Vui lòng nhập mật khẩu mới."))],
                        render_kw={"autocomplete": "new-password"})
