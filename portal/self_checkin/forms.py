"""Self check-in forms: identify a registration, or register at the door as a walk-in."""
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import StopValidation

from portal.events.forms import consented, residence_choices, show_notice
from portal.i18n import SEX_LABELS
from portal.i18n import lazy_gettext as _l
from portal.models import SEXES
from portal.registration import Details
from portal.web.forms import BirthYearField, Form, PhoneField, full_name, one_of


def optional_name(form, field):
    """A full name when one is given (it tells apart two people of one phone born the same year); else nothing."""
    if not (field.data or "").strip():
        field.data = ""
        raise StopValidation()
    full_name(form, field)


class IdentifyForm(Form):
    """The phone number registered and the year of birth; the full name too when two people of the phone share the
    year (the page asks for it then)."""

    class Meta:
        """Ids of its own: the walk-in form shares the page."""

        id_prefix = "identify-"

    phone = PhoneField(_l("Số điện thoại đã đăng ký"), render_kw={"type": "tel", "inputmode": "tel", "autocomplete": "tel"})
    birth_year = BirthYearField(_l("Năm sinh"), render_kw={"inputmode": "numeric", "maxlength": 4})
    full_name = StringField(_l("Họ và tên như khi đăng ký"), validators=[optional_name],
                            render_kw={"autocomplete": "name", "maxlength": 100})

    @property
    def asks_name(self):
        """Whether the page shows the name field: once the name was needed, or given."""
        return bool(self.full_name.errors or self.full_name.data)


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
