"""The form of a campaign: its year, title, theme, dates, lead agency, plan, organising body and list of units."""
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from portal.catalogue.campaigns import FIELDS
from portal.i18n import lazy_gettext as _l
from portal.text import squash
from portal.web.forms import Form, LocalDateField, WholeNumberField

_REQUIRED = _l("Vui lòng điền mục này.")
_DATE = _l("Vui lòng nhập ngày.")
_TOO_LONG = _l("Tối đa %(max)d ký tự.")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _line(text):
    """One line of text: NFC, single spaces, no spaces at the ends."""
    return squash(text) if isinstance(text, str) else text


class CampaignForm(Form):
    """What an admin sets for a campaign; unit_list_id is chosen among the lists given."""

    year = WholeNumberField(_l("Năm"), validators=[InputRequired(_REQUIRED)])
    title = StringField(_l("Tên chiến dịch"), filters=[_line],
                        validators=[DataRequired(_REQUIRED), Length(max=300, message=_TOO_LONG)])
    theme = TextAreaField(_l("Chủ đề"), filters=[lambda text: text.strip() if isinstance(text, str) else text],
                          validators=[DataRequired(_REQUIRED), Length(max=1000, message=_TOO_LONG)])
    starts_on = LocalDateField(_l("Ngày bắt đầu"), validators=[InputRequired(_DATE)])
    ends_on = LocalDateField(_l("Ngày kết thúc"), validators=[InputRequired(_DATE)])
    lead_agency = StringField(_l("Cơ quan thường trực"), filters=[_line],
                              validators=[DataRequired(_REQUIRED), Length(max=200, message=_TOO_LONG)])
    plan_reference = StringField(_l("Số kế hoạch (không bắt buộc)"), filters=[_line],
                                 validators=[Optional(), Length(max=200, message=_TOO_LONG)])
    organiser_name = StringField(_l("Cơ quan tổ chức (ghi ở chân mỗi trang)"), filters=[_line],
                                 validators=[DataRequired(_REQUIRED), Length(max=200, message=_TOO_LONG)])
    unit_list_id = SelectField(_l("Danh sách đơn vị báo cáo"), validate_choice=False)

    def __init__(self, unit_lists, *args, **kwargs):
        """unit_lists: (list, number of units) pairs to choose from."""
        super().__init__(*args, **kwargs)
        self.unit_list_id.choices = [SelectChoice(str(unit_list.id), _l("%(name)s (%(n)s đơn vị)",
                                                                        name=unit_list.name, n=count))
                                     for unit_list, count in unit_lists]

    def validate_year(self, field):
        if field.data is None:
            return  # unreadable: the field says so already
        if not FIRST_YEAR <= field.data <= LAST_YEAR:
            raise ValidationError(_l("Năm từ %(first)s đến %(last)s.", first=FIRST_YEAR, last=LAST_YEAR))
        days = (self.starts_on.data, self.ends_on.data)
        if all(days) and field.data not in {day.year for day in days}:
            raise ValidationError(_l("Năm %(year)s không khớp với thời gian diễn ra (%(start)s – %(end)s).",
                                     year=field.data, start=days[0].strftime("%d/%m/%Y"),
                                     end=days[1].strftime("%d/%m/%Y")))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Ngày kết thúc không được trước ngày bắt đầu."))

    def validate_unit_list_id(self, field):
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Vui lòng chọn một danh sách đơn vị."))

    def values(self):
        """The campaign's fields as the form holds them (catalogue.campaigns.FIELDS)."""
        return {name: getattr(self, name).data for name in FIELDS}
