"""The Form every form derives from, and the fields several forms share, each with its Vietnamese message."""
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.fields import DateField, DateTimeLocalField
from wtforms.validators import StopValidation, ValidationError

from portal import clock, phones
from portal.i18n import lazy_gettext as _l
from portal.text import compatible, is_ascii_number, is_name, squash
from portal.web import guard


class Form(FlaskForm):
    """The portal's forms: a field that held control characters (NUL, escape, …) is refused next to the field.

    A form sharing its page with another sets Meta.id_prefix: its fields' ids (and their labels') start with it,
    while their names, which the views read, stay as they are.
    """

    controls_removed = frozenset()  # fields whose control characters the caller removed (not from a request's form)

    class Meta:
        """Options of every portal form."""

        id_prefix = ""

        def bind_field(self, form, unbound_field, options):
            """Bind the field as usual, its id prefixed with id_prefix."""
            if self.id_prefix:
                options = {**options, "id": self.id_prefix + options["prefix"] + options["name"]}
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators=None):
        """Validate as usual; then each field the request guard found control characters in gets its message."""
        valid = super().validate(extra_validators)
        for field in self:
            if field.name in guard.control_fields() | self.controls_removed:
                field.errors = [str(_l("Ô này có ký tự không hợp lệ (ký tự điều khiển). Vui lòng gõ lại."))]
                valid = False
        return valid


class PhoneField(StringField):
    """A phone number; normalised is the number once validated (None when allowed empty and left empty)."""

    allow_empty = False

    def pre_validate(self, form):
        self.normalised = None
        if self.allow_empty and not (self.data or "").strip():
            raise StopValidation("")
        try:
            self.normalised = phones.normalise(self.data)
        except phones.PhoneError as error:
            self.normalised = None
            raise StopValidation(str(error.args[0])) from None


class BirthYearField(StringField):
    """A four-digit year of birth within a person's possible age; year is None when allowed empty."""

    allow_empty = False

    def pre_validate(self, form):
        text = compatible(self.data)
        self.year = None
        if not text:
            raise StopValidation("" if self.allow_empty else _l("Vui lòng nhập năm sinh."))
        this_year = clock.now().year
        if not (is_ascii_number(text) and len(text) == 4 and this_year - 110 <= int(text) <= this_year):
            raise StopValidation(_l("Năm sinh phải là 4 chữ số, từ %(low)s đến %(high)s.",
                                    low=this_year - 110, high=this_year))
        self.year = int(text)


def full_name(_form, field):
    """A full name of 2–100 letters; stored in NFC with spaces collapsed."""
    name = squash(field.data)
    if not name:
        raise StopValidation(_l("Vui lòng nhập họ và tên."))
    if len(name) > 100:
        raise ValidationError(_l("Họ và tên dài quá 100 ký tự."))
    if len(name) < 2 or not is_name(name):
        raise ValidationError(_l("Họ và tên chỉ gồm chữ cái, dấu cách và dấu gạch nối, ví dụ: Nguyễn Thị Lan."))
    field.data = name


def one_of(choices, message):
    """Validate that the field's value is one of choices (a tampered value gets message)."""
    def check(_form, field):
        if field.data not in choices():
            raise StopValidation(message)
    return check


class _SaysWhatIsUnreadable:
    """A field mixin: what cannot be read as the field's type gets the field's own Vietnamese message."""

    unreadable = ""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(self.unreadable)) from None


class LocalDateTimeField(_SaysWhatIsUnreadable, DateTimeLocalField):
    """A date and time from <input type=datetime-local>."""

    unreadable = _l("Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút.")


class LocalDateField(_SaysWhatIsUnreadable, DateField):
    """A day from <input type=date>."""

    unreadable = _l("Nhập ngày theo dạng ngày/tháng/năm.")


class WholeNumberField(_SaysWhatIsUnreadable, IntegerField):
    """A whole number."""

    unreadable = _l("Vui lòng nhập một số nguyên, ví dụ 25.")
