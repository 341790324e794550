"""The report a district sends upward (per-commune table: rows, CSV, XLSX; aggregates only) and staff's attendance lists."""
from openpyxl.styles import Alignment, Font

from portal import phones, sheets
from portal.catalogue.unit_labels import unit_label
from portal.i18n import METHOD_LABELS, SEX_LABELS, SOURCE_LABELS
from portal.i18n import gettext as _


def header(campaign):
    """The column titles, in the layout the district sends upward; the units named as the campaign's list names
    them ("Đơn vị (xã/phường)")."""
    return [_("STT"), _("Đơn vị (%(units)s)", units=unit_label(campaign.unit_list, joiner="/")),
            _("Số buổi truyền thông"), _("Số buổi tập huấn"),
            _("Tổng số lượt người tham dự"), _("Nam"), _("Nữ"), _("Khác/không rõ"),
            _("Số người được tập huấn: nam"), _("Số người được tập huấn: nữ"),
            _("Trong đó điểm danh từng người"), _("Trong đó nhập số lượng")]


def row_name(row):
    """A row's unit name, with the district level and unknown residence spelled out."""
    return {"district": _("Hoạt động chung toàn địa bàn"), "unknown": _("Không rõ nơi cư trú"), "total": _("Tổng cộng")}.get(
        row.key, row.name)


def lines(rows, totals):
    """The table body: numbered commune rows, then the totals row."""
    body = []
    for number, row in enumerate(rows, start=1):
        body.append([number, row_name(row), *_numbers(row)])
    body.append(["", row_name(totals), *_numbers(totals)])
    return body


def _numbers(row):
    p = row.participants
    return [row.communication, row.training, p.total, p.male, p.female, p.other_or_unknown,
            row.trained.male, row.trained.female, row.attendances.total, row.headcounts.total]


def title_lines(campaign, period):
    """The title block: the campaign, its theme, the period covered."""
    return [[_("BÁO CÁO KẾT QUẢ %(title)s", title=campaign.title.upper())],
            [_("Chủ đề: %(theme)s", theme=campaign.theme)],
            [_("Thời gian: %(period)s", period=period)]]


def to_csv(campaign, period, rows, totals):
    """CSV bytes of the report: the title block, a blank line, the header and the table."""
    return sheets.to_csv(title_lines(campaign, period) + [[]] + [header(campaign)] + lines(rows, totals))


def to_xlsx(campaign, period, rows, totals, by_source=None):
    """XLSX bytes with the title block, the header row and the totals row in bold; by_source (SourceRows), when
    given, on a second sheet "Theo nguồn"."""
    titles = title_lines(campaign, period)
    more = [(_("Theo nguồn"), source_table(campaign, period, by_source), lambda sheet: _style(
        sheet, header_row=len(titles) + 3))] if by_source is not None else []
    return sheets.to_xlsx(titles + [[]] + [header(campaign)] + lines(rows, totals), sheet_title=_("Báo cáo"),
                          style=lambda sheet: _style(sheet, header_row=len(titles) + 2), more=more)


def source_header():
    """The titles of the table by source."""
    return [_("Nguồn"), _("Số đăng ký"), _("Số người tham dự"), _("Nam"), _("Nữ"), _("Khác/không rõ")]


def source_lines(by_source):
    """One line per source (SourceRows, the totals last): registrations (empty where a source has none), then
    participants by sex."""
    return [[str(SOURCE_LABELS[r.source]) if r.source in SOURCE_LABELS else _("Tổng cộng"), r.registrations,
             r.participants.total, r.participants.male, r.participants.female, r.participants.other_or_unknown]
            for r in by_source]


def source_table(campaign, period, by_source):
    """The title block, what the table shows, a blank line, the header and the lines of the table by source."""
    return (title_lines(campaign, period) + [[_("Số đăng ký và số người tham dự theo nguồn")], []] + [source_header()]
            + source_lines(by_source))


def _style(sheet, header_row):
    """The title in large bold, the header wrapped and bold, the totals row bold, room for the unit names."""
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["B"].width = 28


def attendance_list(event, people, full_phones):
    """(header, rows) of the list of who registered for event and who came; phones masked unless full_phones."""
    show = (lambda phone: phone or "") if full_phones else phones.mask
    head = [_("Họ và tên"), _("Giới tính"), _("Năm sinh"), unit_label(event.campaign.unit_list, capital=True),
            _("Điện thoại"), _("Mã vé"),
            _("Điểm danh lúc"), _("Cách điểm danh")]
    body = [[r.person.full_name, str(SEX_LABELS[r.person.sex]), r.person.birth_year,
             r.person.commune.name if r.person.commune else _("Nơi khác"), show(r.person.phone),
             r.registration.short_code if r.registration else "",
             r.attendance.created_at.strftime("%d/%m/%Y %H:%M") if r.attendance else "",
             str(METHOD_LABELS[r.attendance.method]) if r.attendance else ""] for r in people]
    return head, body


def attendance_csv(head, body):
    """CSV bytes of an attendance list: the header and the rows (the event is named by the file)."""
    return sheets.to_csv([head] + body)


def attendance_xlsx(title, head, body):
    """XLSX bytes of an attendance list: the event's title, a blank line, the header and the rows."""
    return sheets.to_xlsx([[title], [], head] + body)
