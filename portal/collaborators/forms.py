"""The forms a collaborator fills: for someone they register, and for a group of people, a row each."""
import wtforms
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)

from portal.events.forms import (
    ROLE_LABELS,
    RegistrationForm,
    consented,
    residence_choices,
    show_notice,
)
from portal.i18n import SEX_LABELS
from portal.i18n import lazy_gettext as _l
from portal.models import ROLES, SEXES
from portal.registration import Details
from portal.web.forms import BirthYearField, Form, PhoneField, full_name, one_of


class OnBehalfForm(RegistrationForm):
    """The registration form's fields and checks, its questions asked about the person registered: the collaborator
    reads them the notice and ticks the box once they agree."""

    def __init__(self, communes, *args, **kwargs):
        super().__init__(communes, *args, **kwargs)
        self.role.label.text = _l("Người này là")
        self.role.validators = [one_of(lambda: ROLES, _l("Vui lòng chọn mục “Người này là”."))]
        self.consent.label.text = _l("Người được đăng ký đã nghe thông báo trên và đồng ý.")


class OptionalPhoneField(PhoneField):
    """A phone number that may be left empty (the person has none)."""

    allow_empty = True


class RowForm(wtforms.Form):
    """One person of a group: the registration form's fields and checks, phone optional; a row left blank (no
    name, sex, year or phone) is nobody and is not checked."""

    full_name = StringField(_l("Họ và tên"), validators=[full_name], render_kw={"maxlength": 100})
    sex = SelectField(_l("Giới tính"), choices=[SelectChoice("", _l("— Chọn —"))] + [
        SelectChoice(value, label) for value, label in SEX_LABELS.items()], validate_choice=False,
        validators=[one_of(lambda: SEXES, _l("Vui lòng chọn giới tính."))])
    birth_year = BirthYearField(_l("Năm sinh"), render_kw={"inputmode": "numeric", "maxlength": 4})
    commune = SelectField(_l("Nơi cư trú"), validate_choice=False)  # named by residence_choices
    phone = OptionalPhoneField(_l("Số điện thoại (nếu có)"), render_kw={"type": "tel", "inputmode": "tel"})

    def is_blank(self):
        """True when nothing but the unit was given: an unused row."""
        return not any((field.data or "").strip() for field in (self.full_name, self.sex, self.birth_year, self.phone))

    def validate(self, extra_validators=None):
        """Check the row unless it is blank."""
        return True if self.is_blank() else super().validate(extra_validators)

    def details(self, role, commune_ids):
        """The row's validated, normalised details."""
        return Details(full_name=self.full_name.data, phone=self.phone.normalised, sex=self.sex.data,
                       birth_year=self.birth_year.year, commune_id=commune_ids[self.commune.data], role=role)


class GroupForm(Form):
    """People to register, a row each (ROWS_AT_ONCE more at a time), rows pasted from a spreadsheet, what they are
    (one role for the batch) and the collaborator's word that they read them the notice."""

    ROWS_AT_ONCE = 10

    rows = FieldList(FormField(RowForm), min_entries=ROWS_AT_ONCE)
    paste = TextAreaField(_l("Dán các dòng chép từ bảng tính"), render_kw={"rows": 5})
    role = SelectField(_l("Những người này là"), choices=[SelectChoice(v, label) for v, label in ROLE_LABELS.items()],
                       default="resident", validate_choice=False,
                       validators=[one_of(lambda: ROLES, _l("Vui lòng chọn mục “Những người này là”."))])
    notice_version = HiddenField()
    consent = BooleanField(_l("Tôi đã đọc thông báo trên cho từng người trong danh sách và họ đồng ý."),
                           validators=[consented])

    def __init__(self, communes, home, *args, **kwargs):
        super().__init__(*args, **kwargs)
        show_notice(self)
        self.communes, self.home = communes, home
        self.dress()

    def dress(self):
        """Give each row the units to choose from, the collaborator's own unit where none is chosen yet."""
        for entry in self.rows:
            residence_choices(entry.form, self.communes)
            if not entry.form.commune.data:
                entry.form.commune.data = self.home

    def more(self):
        """Add ROWS_AT_ONCE empty rows."""
        for _row in range(self.ROWS_AT_ONCE):
            self.rows.append_entry()
        self.dress()

    def fill(self, rows):
        """Put rows (dicts of their fields) after the rows already filled, in place of the blank ones (at least
        ROWS_AT_ONCE rows in all)."""
        kept = [entry.form.data for entry in self.rows if not entry.form.is_blank()] + list(rows)
        while self.rows.entries:
            self.rows.pop_entry()
        for row in kept + [None] * (self.ROWS_AT_ONCE - len(kept)):
            self.rows.append_entry(row)
        self.dress()

    def filled(self):
        """The rows that are not blank, as (row number from 1, row form)."""
        return [(number, entry.form) for number, entry in enumerate(self.rows, 1) if not entry.form.is_blank()]
