"""Admins' forms for unit lists: a province of today's map, a CSV file, a unit typed by hand, a new name."""
from flask_wtf.file import FileField
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.catalogue import divisions
from portal.catalogue.unit_labels import TYPE_LABELS
from portal.i18n import lazy_gettext as _l
from portal.text import squash
from portal.web.forms import Form


class MapListForm(Form):
    """One of the 34 provinces and cities of today's map."""

    class Meta:
        """Ids of its own: the upload form shares the page."""

        id_prefix = "map-"

    province = SelectField(_l("Tỉnh, thành phố"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.province.choices = [SelectChoice("", _l("— Chọn tỉnh, thành phố —"))] + [
            SelectChoice(p.code, p.name) for p in divisions.provinces()]

    def validate_province(self, field):
        if divisions.province(field.data or "") is None:
            raise ValidationError(_l("Vui lòng chọn tỉnh, thành phố."))


class UploadListForm(Form):
    """A name for the new list and its CSV file (the file's problems are told by the view, line by line)."""

    class Meta:
        """Ids of its own: the map form shares the page."""

        id_prefix = "upload-"

    name = StringField(_l("Tên danh sách (ví dụ: Xã Hòa Bình: các thôn, tổ dân phố)"),
                       validators=[DataRequired(_l("Vui lòng đặt tên cho danh sách.")),
                                   Length(max=200, message=_l("Tên danh sách dài quá 200 ký tự."))],
                       filters=[squash])
    file = FileField(_l("Tệp CSV (các cột: code, name, type)"))

    def validate_file(self, field):
        if not getattr(field.data, "filename", None):
            raise ValidationError(_l("Vui lòng chọn tệp CSV."))


class UnitForm(Form):
    """A unit typed by hand: code, name, type (checked by the domain as a file's row is)."""

    class Meta:
        """Ids of its own, clear of the page's other fields."""

        id_prefix = "unit-"

    code = StringField(_l("Mã"), render_kw={"maxlength": 10, "autocomplete": "off"})
    name = StringField(_l("Tên"), render_kw={"maxlength": 100, "autocomplete": "off"})
    type = SelectField(_l("Loại"), choices=[SelectChoice(k, v) for k, v in TYPE_LABELS.items()],
                       validate_choice=False)


class RenameForm(Form):
    """A unit's new name."""

    name = StringField(_l("Tên mới"), render_kw={"maxlength": 100, "autocomplete": "off"})
