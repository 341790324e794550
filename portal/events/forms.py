"""The registration form."""
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import ValidationError

from portal import clock
from portal.catalogue.unit_labels import label
from portal.i18n import SEX_LABELS
from portal.i18n import lazy_gettext as _l
from portal.models import ROLES, SEXES
from portal.registration import Details, notices
from portal.web.forms import BirthYearField, Form, PhoneField, full_name, one_of

OTHER_COMMUNE = "other"
ROLE_LABELS = {
    "cadre": _l("Cán bộ"), "collaborator": _l("Cộng tác viên"), "member": _l("Hội viên"),
    "resident": _l("Người dân"), "student": _l("Học sinh"), "other": _l("Khác"),
}


def residence_choices(form, communes):
    """Offer the campaign's units (and "elsewhere") in form.commune, named in the words of their list ("xã, thị
    trấn", "thôn, tổ dân phố"); form.commune_ids maps code to id."""
    units = label(c.type for c in communes)
    form.commune_ids = {c.code: c.id for c in communes} | {OTHER_COMMUNE: None}
    form.commune.label.text = _l("%(units)s nơi cư trú", units=label((c.type for c in communes), capital=True))
    form.commune.choices = [SelectChoice("", _l("— Chọn %(units)s —", units=units))] + [
        SelectChoice(c.code, c.name) for c in communes] + [SelectChoice(OTHER_COMMUNE, _l("Nơi khác (ngoài địa bàn)"))]
    form.commune.validators = [one_of(lambda: form.commune_ids, _l("Vui lòng chọn %(units)s trong danh sách.",
                                                                   units=units))]


def consented(form, field):
    """The box must be ticked (it is never pre-ticked), for the notice in effect now: a form shown with an
    older version is shown again with the current one."""
    current = str(form.notice.number)  # set by show_notice() when the form was made
    if form.notice_version.data != current:
        form.notice_version.data = current
        field.data = False
        raise ValidationError(_l("Thông báo về dữ liệu cá nhân đã được cập nhật; vui lòng đọc lại và đánh dấu đồng ý."))
    if not field.data:
        raise ValidationError(_l("Bạn cần đồng ý với thông báo về dữ liệu cá nhân để tiếp tục."))


def show_notice(form):
    """Set the form's notice to the one in effect now; its hidden field names it unless the form was sent with
    another (a form sent without the field was shown the current one)."""
    form.notice = notices.current(clock.now().date())
    if not form.notice_version.data:
        form.notice_version.data = str(form.notice.number)


def _choices(labels):
    return [SelectChoice(value, label) for value, label in labels.items()]


class RegistrationForm(Form):
    """Full name, phone, sex, year of birth, commune of residence, role and consent."""

    full_name = StringField(_l("Họ và tên"), validators=[full_name],
                            render_kw={"autocomplete": "name", "maxlength": 100})
    phone = PhoneField(_l("Số điện thoại"), render_kw={"type": "tel", "inputmode": "tel", "autocomplete": "tel"})
    sex = RadioField(_l("Giới tính"), choices=_choices(SEX_LABELS), validate_choice=False,
                     validators=[one_of(lambda: SEXES, _l("Vui lòng chọn giới tính."))])
    birth_year = BirthYearField(_l("Năm sinh"), render_kw={"inputmode": "numeric", "maxlength": 4})
    commune = SelectField(_l("Nơi cư trú"), validate_choice=False)  # named by residence_choices
    role = SelectField(_l("Bạn là"), choices=[SelectChoice("", _l("— Chọn —"))] + _choices(ROLE_LABELS),
                       validate_choice=False, validators=[one_of(lambda: ROLES, _l("Vui lòng chọn mục “Bạn là”."))])
    notice_version = HiddenField()
    consent = BooleanField(_l("Tôi đồng ý cho ban tổ chức dùng các thông tin trên theo thông báo ở trên."),
                           validators=[consented])

    def __init__(self, communes, *args, **kwargs):
        super().__init__(*args, **kwargs)
        residence_choices(self, communes)
        show_notice(self)

    def details(self):
        """The validated, normalised details for the domain."""
        return Details(
            full_name=self.full_name.data, phone=self.phone.normalised, sex=self.sex.data,
            birth_year=self.birth_year.year, commune_id=self.commune_ids[self.commune.data], role=self.role.data,
        )
