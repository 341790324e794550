"""Proving who one is: the phone number, the year of birth and the short code of one of one's tickets."""
from wtforms import StringField
from wtforms.validators import ValidationError

from portal.i18n import lazy_gettext as _l
from portal.tokens import CODE_ALPHABET, CODE_LENGTH, clean_short_code
from portal.web.forms import BirthYearField, Form, PhoneField


class ProofForm(Form):
    """All three facts are needed; which one failed to match is never said."""

    phone = PhoneField(_l("Số điện thoại đã đăng ký"))
    birth_year = BirthYearField(_l("Năm sinh"))
    short_code = StringField(_l("Mã vé (8 ký tự, trên bất kỳ vé nào của bạn)"))

    def validate_short_code(self, field):
        """A short code is required and has the shape of one."""
        code = clean_short_code(field.data)
        if not code:
            raise ValidationError(_l("Vui lòng nhập mã vé."))
        if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
            raise ValidationError(_l("Mã vé gồm 8 ký tự như trên vé, ví dụ K7HM-3QPX."))
        field.code = code
