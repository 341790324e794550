"""Organisers' forms: an event, a headcount, an account."""
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from portal.accounts import UNIT_ROLES
from portal.catalogue.unit_labels import label
from portal.i18n import KIND_LABELS, STAFF_ROLE_LABELS
from portal.i18n import lazy_gettext as _l
from portal.models import STAFF_ROLES
from portal.web.forms import (
    BirthYearField,
    Form,
    LocalDateTimeField,
    PhoneField,
    WholeNumberField,
)

DISTRICT = "district"
_REQUIRED = _l("Vui lòng điền mục này.")
_DATETIME = _l("Vui lòng nhập ngày giờ.")


class EventForm(Form):
    """What an organiser publishes: kind, title, place, time, capacity, registration and check-in settings."""

    kind = SelectField(_l("Loại hoạt động"), choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()],
                       validate_choice=False)
    title = StringField(_l("Tên hoạt động"), validators=[InputRequired(_REQUIRED), Length(max=200)])
    commune = SelectField(_l("Đơn vị tổ chức"), validate_choice=False)
    venue = StringField(_l("Địa điểm"), validators=[InputRequired(_REQUIRED), Length(max=200)])
    description = TextAreaField(_l("Mô tả"), validators=[Optional(), Length(max=2000)])
    starts_at = LocalDateTimeField(_l("Bắt đầu"), validators=[InputRequired(_DATETIME)])
    ends_at = LocalDateTimeField(_l("Kết thúc"), validators=[InputRequired(_DATETIME)])
    capacity = WholeNumberField(_l("Số chỗ (để trống nếu không giới hạn)"),
                            validators=[Optional(), NumberRange(min=1, max=100000, message=_l("Số chỗ từ 1 đến 100000."))])
    registration_open = BooleanField(_l("Nhận đăng ký trực tuyến"), default=True)
    checkin_opens_at = LocalDateTimeField(_l("Mở điểm danh (mặc định: 1 giờ trước khi bắt đầu)"), validators=[Optional()])
    checkin_closes_at = LocalDateTimeField(_l("Đóng điểm danh (mặc định: lúc kết thúc)"), validators=[Optional()])
    rotating_qr = BooleanField(_l("Chỉ nhận mã QR xoay vòng trên màn chiếu (không dùng áp phích in sẵn)"))

    def __init__(self, communes, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune_ids = {c.code: c.id for c in communes}
        self.units = label(c.type for c in communes)
        choices = [SelectChoice(c.code, c.name) for c in communes if user.is_admin or c.id == user.commune_id]
        if user.is_admin:
            choices.insert(0, SelectChoice(DISTRICT, _l("Toàn địa bàn")))
            self.commune_ids[DISTRICT] = None
        self.commune.choices = choices
        self.allowed = {choice.value for choice in choices}

    def validate_kind(self, field):
        if field.data not in KIND_LABELS:
            raise ValidationError(_l("Vui lòng chọn loại hoạt động."))

    def validate_commune(self, field):
        if field.data not in self.allowed:
            raise ValidationError(_l("Bạn chỉ tạo được hoạt động cho %(units)s của mình.", units=self.units))

    def validate_ends_at(self, field):
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("Giờ kết thúc phải sau giờ bắt đầu."))

    def validate_checkin_closes_at(self, field):
        if field.data and self.checkin_opens_at.data and field.data <= self.checkin_opens_at.data:
            raise ValidationError(_l("Giờ đóng điểm danh phải sau giờ mở."))


class HeadcountForm(Form):
    """People not checked in one by one, by sex; a note; optional counts by commune of residence (fields
    commune-<code>); and the headcount this one corrects (0 for the first), to tell when someone saved meanwhile."""

    male = WholeNumberField(_l("Nam"), default=0, validators=[InputRequired(_REQUIRED), NumberRange(min=0, max=100000, message=_l("Nhập số từ 0 đến 100000."))])
    female = WholeNumberField(_l("Nữ"), default=0, validators=[InputRequired(_REQUIRED), NumberRange(min=0, max=100000, message=_l("Nhập số từ 0 đến 100000."))])
    other = WholeNumberField(_l("Khác / không rõ"), default=0, validators=[InputRequired(_REQUIRED), NumberRange(min=0, max=100000, message=_l("Nhập số từ 0 đến 100000."))])
    note = StringField(_l("Ghi chú (ví dụ: danh sách giấy 85 người)"), validators=[Optional(), Length(max=300)])
    revises = HiddenField(default="0")

    @property
    def total(self):
        """Everyone counted, or None while a count is not a valid number."""
        values = (self.male.data, self.female.data, self.other.data)
        return sum(values) if all(isinstance(v, int) and v >= 0 for v in values) else None

    @property
    def revised_id(self):
        """The id of the headcount this one corrects (0 for the first)."""
        raw = self.revises.data or "0"
        return int(raw) if raw.isascii() and raw.isdigit() else -1

    def based_on(self, headcount):
        """Make the form correct headcount (the one now stored), keeping what was typed in the other fields."""
        self.revises.data = str(headcount.id if headcount else 0)
        self.revises.raw_data = [self.revises.data]


class UserForm(Form):
    """A new account of any role, for admins; an organiser or a collaborator is bound to a unit of the campaign
    chosen (its choices and the units of that campaign's list are set by the view)."""

    campaign = SelectField(_l("Chiến dịch"), validate_choice=False)
    username = StringField(_l("Tên đăng nhập"), validators=[InputRequired(_REQUIRED), Length(max=80)])
    full_name = StringField(_l("Họ và tên"), validators=[InputRequired(_REQUIRED), Length(max=100)])
    role = SelectField(_l("Vai trò"), choices=[SelectChoice(role, label) for role, label in STAFF_ROLE_LABELS.items()],
                       validate_choice=False)
    commune = SelectField(_l("Đơn vị"), validate_choice=False)  # named in its list's words by the view
    password = PasswordField(_l("Mật khẩu ban đầu (ít nhất 10 ký tự)"), validators=[InputRequired(_REQUIRED)])

    def validate_campaign(self, field):
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Vui lòng chọn chiến dịch."))

    def validate_role(self, field):
        if field.data not in STAFF_ROLES:
            raise ValidationError(_l("Vui lòng chọn vai trò."))

    def validate_commune(self, field):
        units = {choice.value for choice in field.choices if choice.value}
        if self.role.data in UNIT_ROLES and field.data not in units:
            raise ValidationError(_l("Vui lòng chọn một đơn vị của chiến dịch đã chọn."))


class CollaboratorForm(Form):
    """A new collaborator of the organiser's own unit: the account's name, the person's name, a first password."""

    username, full_name, password = UserForm.username, UserForm.full_name, UserForm.password


def by_commune(form, communes, total=None):
    """Read the optional counts per commune of residence (inputs commune-<code>); return ({code: n}, errors).

    The counts may not add up to more than total (the rest is residence not stated).
    """
    counts, errors, units = {}, [], label(c.type for c in communes)
    for commune in communes:
        raw = (form.get(f"commune-{commune.code}") or "").strip()
        if not raw:
            continue
        if not raw.isdigit() or int(raw) > 100000:
            errors.append(_l("Số người của %(name)s phải là số nguyên không âm.", name=commune.name))
        elif int(raw):
            counts[commune.code] = int(raw)
    if total is not None and sum(counts.values()) > total:
        errors.append(_l("Tổng theo %(units)s (%(split)s) lớn hơn tổng số người (%(total)s). Phần không chia theo "
                         "%(units)s được tính là không rõ nơi cư trú.", units=units, split=sum(counts.values()),
                         total=total))
    return counts, errors


class ErasureForm(Form):
    """A person asks in person for their data to be erased: their phone number and year of birth must match what is
    held, so that a slip of the finger erases nobody else."""

    class Meta:
        """Its fields' ids start with erase- (the queue page has no other form with these names, but stays clear)."""

        id_prefix = "erase-"

    phone = PhoneField(_l("Số điện thoại của người yêu cầu"))
    birth_year = BirthYearField(_l("Năm sinh"))
