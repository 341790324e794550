"""The comparison of two campaigns as people read it: the rule, where each line's earlier numbers come from, the
notes, and the CSV file (aggregates only)."""
from portal import sheets
from portal.catalogue.succession import SHARE_NAMES
from portal.i18n import gettext as _
from portal.tally.report import row_name


def labels(campaign, base):
    """What the two campaigns are called in column heads: their years, or when they share one, their organisers."""
    if campaign.year != base.year:
        return str(campaign.year), str(base.year)
    return f"{campaign.year} ({campaign.organiser_name})", f"{base.year} ({base.organiser_name})"


def rule(result, base):
    """How the earlier campaign's numbers are placed, in one paragraph."""
    if result.same_list:
        return _("Hai chiến dịch dùng cùng một danh sách đơn vị: mỗi đơn vị được so với chính nó. Tổng cộng của hai "
                 "năm là số chính xác.")
    return _("Cách tính: số liệu năm %(year)s của mỗi đơn vị cũ được tính vào nhiều nhất một đơn vị hiện nay. Đơn vị "
             "cũ nhập toàn bộ vào một đơn vị: tính đúng vào đơn vị đó. Đơn vị cũ nhập phần lớn vào một đơn vị: tính "
             "cả vào đơn vị đó, đánh dấu ≈ (gần đúng). Đơn vị chỉ nhận một phần của một đơn vị cũ thì ghi chú, không "
             "chia số liệu. Đơn vị cũ không được tính vào đơn vị nào thì liệt kê riêng. Không số nào được tính hai "
             "lần; tổng cộng của hai năm là số chính xác.", year=base.year)


def sources(line):
    """The old units whose numbers a line counts, each that went only mostly here marked so."""
    return ", ".join(unit.name if share == "whole" else f"{unit.name} ({SHARE_NAMES[share]})"
                     for unit, share in line.counted)


def note(line):
    """The old units that went partly into a line's unit, whose numbers it does not count ('' when none)."""
    if not line.parts:
        return ""
    return _("gồm một phần của %(names)s (không chia số liệu)", names=", ".join(unit.name for unit in line.parts))


def reason(unplaced):
    """Why an old unit is counted in no unit of today's list."""
    if unplaced.parts:
        return _("chỉ có một phần sang %(names)s (không chia số liệu)",
                 names=", ".join(unit.name for unit in unplaced.parts))
    return _("không có đơn vị kế tiếp")


def cells(row):
    """A row's sessions by kind and participants by sex, as the report's columns run."""
    p = row.participants
    return [row.communication, row.training, p.female, p.male, p.other_or_unknown, p.total]


def to_csv(result, campaign, base):
    """CSV bytes: a title and the rule, then one line per unit of today's list, the old units counted nowhere, the
    totals. Every text cell is safe from spreadsheet formulas (portal.sheets)."""
    now_label, base_label = labels(campaign, base)
    kinds = [_("buổi truyền thông"), _("buổi tập huấn"), _("nữ"), _("nam"), _("khác/không rõ"), _("tổng")]
    head = ([_("STT"), _("Đơn vị")] + [f"{now_label}: {kind}" for kind in kinds] +
            [f"{base_label}: {kind}" for kind in kinds] +
            [_("Số liệu %(year)s gần đúng (≈)", year=base_label), _("Số liệu %(year)s của", year=base_label),
             _("Ghi chú")])
    body = [[number, row_name(line.now), *cells(line.now), *cells(line.before), "≈" if line.approximate else "",
             sources(line), note(line)] for number, line in enumerate(result.lines, start=1)]
    if result.unplaced:
        body.append(["", _("Đơn vị cũ không được tính vào đơn vị nào hiện nay")])
        body += [["", row_name(old.row), *[None] * 6, *cells(old.row), "", "", reason(old)] for old in result.unplaced]
    body.append(["", _("Tổng cộng"), *cells(result.totals), *cells(result.base_totals), "", "", ""])
    title = [[_("SO SÁNH KẾT QUẢ THÁNG HÀNH ĐỘNG: %(now)s VÀ %(before)s", now=now_label, before=base_label)],
             [campaign.title], [base.title], [rule(result, base)]]
    return sheets.to_csv(title + [[]] + [head] + body)
