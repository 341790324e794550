"""Self check-in forms: identify a registration, or register at the door as a walk-in."""
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)

from portal.events.forms import consented, residence_choices, show_notice
from portal.i18n import SEX_LABELS
from portal.i18n import lazy_gettext as _l
from portal.models import SEXES
from portal.registration import Details
from portal.web.forms import BirthYearField, Form, PhoneField, full_name, one_of


class IdentifyForm(Form):
    """The phone number registered and the year of birth."""

    class Meta:
        """Ids of its own: the walk-in form shares the page."""

        id_prefix = "identify-"

    phone = PhoneField(_l("Số điện thoại đã đăng ký"), render_kw={"type": "tel", "inputmode": "tel", "autocomplete": "tel"})
    birth_year = BirthYearField(_l("Năm sinh"), render_kw={"inputmode": "numeric", "maxlength": 4})


class WalkInForm(Form):
    """Four fields (name, sex, year of birth, commune) and consent to the notice; the phone is optional."""

    class Meta:
        """Ids of its own: the identify form shares the page."""

        id_prefix = "walk-in-"

    full_name = StringField(_l("Họ và tên"), validators=[full_name], render_kw={"autocomplete": "name", "maxlength": 100})
    sex = RadioField(_l("Giới tính"), choices=[SelectChoice(k, v) for k, v in SEX_LABELS.items()], validate_choice=False,
                     validators=[one_of(lambda: SEXES, _l("Vui lòng chọn giới tính."))])
    birth_year = BirthYearField(_l("Năm sinh"), render_kw={"inputmode": "numeric", "maxlength": 4})
    commune = SelectField(_l("Nơi cư trú"), validate_choice=False)  # named by residence_choices
    phone = PhoneField(_l("Số điện thoại (không bắt buộc)"), render_kw={"type": "tel", "inputmode": "tel"})
    notice_version = HiddenField()
    consent = BooleanField(_l("Tôi đồng ý cho ban tổ chức dùng các thông tin trên theo thông báo về dữ liệu cá nhân."),
                           validators=[consented])

    def __init__(self, communes, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.phone.allow_empty = True
        residence_choices(self, communes)
        show_notice(self)

    def details(self):
        """The walk-in's details for the domain (role not asked at the door)."""
        return Details(full_name=self.full_name.data, phone=self.phone.normalised, sex=self.sex.data,
                       birth_year=self.birth_year.year, commune_id=self.commune_ids[self.commune.data], role="other")
