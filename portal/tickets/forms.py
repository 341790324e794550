"""The lost-ticket form: a phone number and a second fact, never the number alone."""
from wtforms import StringField
from wtforms.validators import ValidationError

from portal.i18n import lazy_gettext as _l
from portal.tokens import CODE_ALPHABET, CODE_LENGTH, clean_short_code
from portal.web.forms import BirthYearField, Form, PhoneField


class RecoverForm(Form):
    """Phone number plus year of birth, or phone number plus the ticket's short code."""

    phone = PhoneField(_l("Số điện thoại đã đăng ký"))
    birth_year = BirthYearField(_l("Năm sinh"))
    short_code = StringField(_l("Hoặc mã vé (8 ký tự)"))

    def validate(self, extra_validators=None):
        """The year of birth may be left empty when a short code is given instead."""
        self.birth_year.allow_empty = bool((self.short_code.data or "").strip())
        return super().validate(extra_validators)

    def validate_short_code(self, field):
        """A short code, when given, has the shape of one."""
        code = clean_short_code(field.data)
        if code and (len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code)):
            raise ValidationError(_l("Mã vé gồm 8 ký tự như trên vé, ví dụ K7HM-3QPX."))
        field.code = code
