"""Translation helpers and the labels and date formats templates share."""
from collections.abc import Mapping

from flask_babel import format_date, get_locale, gettext, lazy_gettext, ngettext  # noqa: F401

KIND_LABELS = {"training": lazy_gettext("Tập huấn"), "communication": lazy_gettext("Truyền thông")}
STATUS_LABELS = {"draft": lazy_gettext("Bản nháp"), "published": lazy_gettext("Đã công bố"),
                 "cancelled": lazy_gettext("Đã hủy")}

SEX_LABELS = {"male": lazy_gettext("Nam"), "female": lazy_gettext("Nữ"), "other": lazy_gettext("Khác")}
METHOD_LABELS = {"ticket": lazy_gettext("quét vé"), "self": lazy_gettext("tự điểm danh"),
                 "walk_in": lazy_gettext("tại chỗ"), "manual": lazy_gettext("cán bộ tìm tên")}
STAFF_ROLE_LABELS = {"organiser": lazy_gettext("Cán bộ tổ chức của một đơn vị"),
                     "collaborator": lazy_gettext("Cộng tác viên của một đơn vị"),
                     "admin": lazy_gettext("Quản trị toàn địa bàn")}
# Where participants came from (portal/tally/sources.py): the public form, a collaborator, on the spot, as counts.
SOURCE_LABELS = {"public": lazy_gettext("Tự đăng ký trực tuyến"), "collaborator": lazy_gettext("Cộng tác viên đăng ký"),
                 "walk_in": lazy_gettext("Đăng ký tại chỗ"), "headcount": lazy_gettext("Nhập số lượng")}


class Translated(Mapping):
    """A mapping of lazy labels as templates read it: translated whole, once per language, then plain lookups. A
    desk's answer shows eight labels and an event's list several a person; each lazy label read in a template
    would look its translation up again."""

    def __init__(self, labels):
        self._labels = labels
        self._by_language = {}

    def _current(self):
        language = str(get_locale())
        translated = self._by_language.get(language)
        if translated is None:
            translated = self._by_language[language] = {key: str(label) for key, label in self._labels.items()}
        return translated

    def __getitem__(self, key):
        return self._current()[key]

    def __iter__(self):
        return iter(self._labels)

    def __len__(self):
        return len(self._labels)


def day(value):
    """A day as people read it on a poster: "Thứ Hai, 30/11/2026"."""
    return format_date(value.date() if hasattr(value, "date") else value, "EEEE, dd/MM/yyyy")


def hour(value):
    """A local time of day, 24-hour: 08:00."""
    return value.strftime("%H:%M")


def init_app(app):
    """Expose labels, the locale and the date filters to templates."""
    labels = dict(KIND_LABELS=KIND_LABELS, STATUS_LABELS=STATUS_LABELS, SEX_LABELS=SEX_LABELS,
                  METHOD_LABELS=METHOD_LABELS, STAFF_ROLE_LABELS=STAFF_ROLE_LABELS, SOURCE_LABELS=SOURCE_LABELS)
    app.jinja_env.globals.update({name: Translated(mapping) for name, mapping in labels.items()}, get_locale=get_locale)
    app.jinja_env.filters.update(day=day, hour=hour)
