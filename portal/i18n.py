"""Translation helpers and the labels and date formats templates share."""
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


def day(value):
    """A day as people read it on a poster: "Thứ Hai, 30/11/2026"."""
    return format_date(value.date() if hasattr(value, "date") else value, "EEEE, dd/MM/yyyy")


def hour(value):
    """A local time of day, 24-hour: 08:00."""
    return value.strftime("%H:%M")


def init_app(app):
    """Expose labels, the locale and the date filters to templates."""
    app.jinja_env.globals.update(KIND_LABELS=KIND_LABELS, STATUS_LABELS=STATUS_LABELS, SEX_LABELS=SEX_LABELS,
                                 METHOD_LABELS=METHOD_LABELS, STAFF_ROLE_LABELS=STAFF_ROLE_LABELS,
                                 SOURCE_LABELS=SOURCE_LABELS, get_locale=get_locale)
    app.jinja_env.filters.update(day=day, hour=hour)
