"""A mapping of old units to new ones uploaded as CSV (old_code, new_code, share): read whole or refused whole, with
a reason for each line."""
from typing import NamedTuple

from portal.catalogue.succession import Pair
from portal.catalogue.unit_lists import (
    MAX_UNITS,
    Problem,
    numbered_rows,
    open_three_columns,
    trimmed,
)
from portal.i18n import lazy_gettext as _l
from portal.text import compatible, fold, is_ascii_number

MAX_LINES = 3 * MAX_UNITS  # an old unit seldom went to more than three new ones
# The header's cells, in English or Vietnamese, with or without accents: "old_code" or "Mã cũ".
_COLUMNS = {"old code": "old", "ma cu": "old", "new code": "new", "ma moi": "new", "share": "share", "phan": "share",
            "phan chuyen sang": "share"}
_SHARES = {"whole": "whole", "toan bo": "whole", "most": "most", "phan lon": "most", "part": "part", "mot phan": "part"}


class MappingUpload(NamedTuple):
    """The pairs of a file (succession.Pair), or (never both) the problems that keep it from being taken."""

    pairs: tuple
    problems: tuple


def read_mapping(data, old_list, new_list):
    """Read CSV bytes (UTF-8 with or without BOM; cells split by , or ;) with the columns old_code, new_code, share,
    codes naming units of old_list and new_list; return a MappingUpload.

    An old unit is counted in one new unit at most (whole or most); one that went whole went nowhere else.
    """
    reader, columns, problems = open_three_columns(data, _COLUMNS, _l(
        "Dòng đầu phải là tên các cột: old_code, new_code, share (hoặc Mã cũ, Mã mới, Phần), mỗi cột một ô."))
    if problems:
        return MappingUpload((), problems)
    lines = _Lines(_finder(old_list.units), _finder(new_list.units))
    rows = 0
    for rows, (line, row) in enumerate(numbered_rows(reader, lines.problems), 1):
        if rows > MAX_LINES:
            lines.problems.append(Problem(line, _l("Tệp quá dài: tối đa %(count)s dòng.", count=MAX_LINES)))
            break
        lines.read(line, dict(zip(columns, row)), len(trimmed(row)))
    if not rows and not lines.problems:
        lines.problems.append(Problem(2, _l("Tệp chưa có dòng nào: sau dòng tên cột, mỗi dòng là mã cũ, mã mới và "
                                            "phần chuyển sang.")))
    if lines.problems:
        return MappingUpload((), tuple(lines.problems))
    return MappingUpload(tuple(lines.pairs), ())


class _Lines:
    """The pairs and problems of the lines read so far, and what each later line is checked against."""

    def __init__(self, find_old, find_new):
        self.find_old, self.find_new = find_old, find_new
        self.pairs, self.problems = [], []
        self.pair_line, self.first_line, self.whole_line, self.counted_line = {}, {}, {}, {}

    def read(self, line, cells, width):
        """Take one line, or note its problems."""
        if width != 3:
            self.problems.append(Problem(line, _l("Dòng thiếu cột: cần đủ 3 ô mã cũ, mã mới, phần chuyển sang.")
                                         if width < 3 else
                                         _l("Dòng thừa cột: chỉ cần 3 ô mã cũ, mã mới, phần chuyển sang.")))
            return
        old_code, new_code, share_text = (compatible(cells[name]) for name in ("old", "new", "share"))
        old, new, share = self.find_old(old_code), self.find_new(new_code), _SHARES.get(fold(share_text))
        found = []
        if old is None:
            found.append(_l("Mã cũ %(code)s không có trong danh sách cũ.", code=_shown(old_code)) if old_code else
                         _l("Thiếu mã cũ."))
        if new is None:
            found.append(_l("Mã mới %(code)s không có trong danh sách mới.", code=_shown(new_code)) if new_code else
                         _l("Thiếu mã mới."))
        if share is None:
            found.append(_l("Phần chuyển sang “%(share)s” không dùng được; ghi toàn bộ, phần lớn hoặc một phần (whole, "
                            "most, part).", share=_shown(share_text)) if share_text else
                         _l("Thiếu phần chuyển sang; ghi toàn bộ, phần lớn hoặc một phần (whole, most, part)."))
        if not found:
            found = self._conflict(line, Pair(old, new, share))
        self.problems += [Problem(line, message) for message in found]

    def _conflict(self, line, pair):
        """[] after taking pair, or why it cannot stand beside the lines before."""
        old = pair.old
        if (old.id, pair.new.id) in self.pair_line:
            return [_l("Cặp %(old)s → %(new)s trùng với dòng %(line)s.", old=old.code, new=pair.new.code,
                       line=self.pair_line[old.id, pair.new.id])]
        if old.id in self.whole_line:
            return [_l("%(name)s đã chuyển toàn bộ ở dòng %(line)s, nên không có phần nào sang đơn vị khác.",
                       name=old.name, line=self.whole_line[old.id])]
        if pair.share == "whole" and old.id in self.first_line:
            return [_l("%(name)s đã có ở dòng %(line)s, nên không thể chuyển toàn bộ sang một đơn vị.",
                       name=old.name, line=self.first_line[old.id])]
        if pair.share != "part" and old.id in self.counted_line:
            return [_l("%(name)s đã được tính vào một đơn vị mới ở dòng %(line)s (toàn bộ hoặc phần lớn); mỗi đơn vị "
                       "cũ chỉ tính vào một đơn vị.", name=old.name, line=self.counted_line[old.id])]
        self.pairs.append(pair)
        self.pair_line[old.id, pair.new.id] = line
        self.first_line.setdefault(old.id, line)
        if pair.share == "whole":
            self.whole_line[old.id] = line
        if pair.share != "part":
            self.counted_line[old.id] = line
        return []


def _finder(units):
    """A function finding a unit by its code: as written, else ignoring case, else by its number (a spreadsheet
    writes 00679 as 679); None when no unit or more than one matches."""
    exact, folded, numbers = {}, {}, {}
    for unit in units:
        exact[unit.code] = unit
        folded.setdefault(unit.code.casefold(), []).append(unit)
        if is_ascii_number(unit.code):
            numbers.setdefault(int(unit.code), []).append(unit)

    def find(code):
        if code in exact:
            return exact[code]
        for matches in (folded.get(code.casefold(), []), numbers.get(int(code), []) if is_ascii_number(code) else []):
            if len(matches) == 1:
                return matches[0]
        return None
    return find


def _shown(text):
    """A cell as a message quotes it: printable characters only, not too long."""
    return "".join(ch for ch in text if ch.isprintable())[:30]
