"""A campaign's reporting units uploaded as a CSV file: read whole or refused whole, with a reason for each line."""
import codecs
import csv
import io
import re
import unicodedata
from typing import NamedTuple

from portal.i18n import lazy_gettext as _l
from portal.models import UNIT_TYPES
from portal.text import collation_key, compatible, fold, squash

# Each kind of unit (models.UNIT_TYPES) by its Vietnamese name, as lists, files and pages write it.
TYPE_NAMES = dict(zip(UNIT_TYPES, ("xã", "phường", "thị trấn", "đặc khu", "thôn", "tổ dân phố", "khu phố"),
                      strict=True))
TYPE_OF_NAME = {name: slug for slug, name in TYPE_NAMES.items()}
MAX_UNITS = 2000
MAX_BYTES = 1024 * 1024  # 2,000 full-length rows of Vietnamese text take about 700 KB
CODE_LENGTH, NAME_LENGTH = 10, 100
TOO_LARGE = _l("Tệp quá lớn: tối đa 1 MB.")

# The header's cells, in English or Vietnamese, with or without accents: "code" or "Mã".
_COLUMNS = {"code": "code", "ma": "code", "name": "name", "ten": "name", "type": "type", "loai": "type"}
# "xã", "Xã", "xa" and the seed's "thi_tran" all name one type.
_TYPES = {fold(name): slug for slug, name in TYPE_NAMES.items()}
_CODE = re.compile(r"[A-Za-z0-9._-]+")
# Control and format characters and the Unicode line separators: invisible in a list, never part of a name.
_INVISIBLE = ("Cc", "Cf", "Zl", "Zp")
# Spreadsheet files, not text: XLSX (a zip) and the older XLS.
_SPREADSHEETS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


class Unit(NamedTuple):
    """One reporting unit as listed: its code, its name (NFC, single spaces) and its type (one of
    models.UNIT_TYPES)."""

    code: str
    name: str
    type: str


class Problem(NamedTuple):
    """Why a line (numbered from 1, the header) cannot be taken, as a message for the person who uploaded it."""

    line: int
    message: str


class Upload(NamedTuple):
    """The units of a file, or (never both) the problems that keep it from being taken."""

    units: tuple
    problems: tuple


def read_unit_list(data):
    """Read CSV bytes (UTF-8 with or without BOM; cells split by , or ;) with the columns code, name, type; return
    an Upload."""
    reader, columns, problems = open_three_columns(data, _COLUMNS, _l(
        "Dòng đầu phải là tên các cột: code, name, type (hoặc Mã, Tên, Loại), mỗi cột một ô."))
    if problems:
        return Upload((), problems)
    units, problems, seen, rows = [], [], ({}, {}), 0
    for rows, (line, row) in enumerate(numbered_rows(reader, problems), 1):
        if rows > MAX_UNITS:
            problems.append(Problem(line, _l("Danh sách quá dài: tối đa %(count)s đơn vị.", count=MAX_UNITS)))
            break
        unit, found = _read_row(dict(zip(columns, row)), len(trimmed(row)), line, seen)
        units.append(unit)
        problems += found
    if not rows and not problems:
        problems.append(Problem(2, _l("Tệp chưa có đơn vị nào: sau dòng tên cột, mỗi dòng là một đơn vị.")))
    return Upload((), tuple(problems)) if problems else Upload(tuple(units), ())


def numbered_rows(reader, problems):
    """Yield (line number, cells) for each row of reader that is not empty; a line csv cannot read adds its problem
    to problems and is passed over."""
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error:
            problems.append(Problem(line, _l("Dòng không đọc được: dấu ngoặc kép (\") chỉ được bao quanh cả ô.")))
            continue
        if row is None:
            return
        if any(cell.strip() for cell in row):
            yield line, row


def open_three_columns(data, names, header_problem):
    """(reader, columns, ()) for CSV bytes (UTF-8 with or without BOM; cells split by , or ;) whose first line names
    three columns, each header cell read through names (folded words → column names); else (None, None, problems),
    header_problem when the first line is not such a header."""
    problems = file_problem(data)
    if problems:
        return None, None, problems
    text = data.decode("utf-8-sig")
    header = text.split("\n", 1)[0]
    # newline="": csv itself finds the line ends, so a stray \x0b or \u2028 stays inside its cell to be refused.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if header.count(";") > header.count(",") else ",",
                        strict=True)
    try:
        columns = [names.get(fold(cell).replace("_", " ")) for cell in trimmed(next(reader, []))]
    except csv.Error:
        columns = []
    if len(columns) != 3 or set(columns) != set(names.values()):
        return None, None, (Problem(1, header_problem),)
    return reader, columns, ()


def file_problem(data):
    """A one-problem tuple when data cannot be a CSV file at all (size, spreadsheet, encoding), else ()."""
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        return (Problem(1, _l("Tệp trống.")),)
    if len(data) > MAX_BYTES:
        return (Problem(1, TOO_LARGE),)
    if data.startswith(_SPREADSHEETS):
        return (Problem(1, _l("Tệp này là bảng tính Excel, không phải CSV. Trong Excel, chọn Lưu thành (Save As) "
                              "› CSV UTF-8, rồi tải tệp .csv lên.")),)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return (Problem(data.count(b"\n", 0, error.start) + 1,
                        _l("Tệp không phải UTF-8 nên chữ tiếng Việt bị sai. Trong Excel, chọn Lưu thành (Save As) "
                           "› CSV UTF-8, rồi tải lại.")),)
    return ()


def trimmed(row):
    """The row without empty cells after the third (a spreadsheet may leave some)."""
    while len(row) > 3 and not row[-1].strip():
        row = row[:-1]
    return row


def _read_row(cells, width, line, seen):
    """(the unit, its problems) for one row; seen holds the codes and names of earlier rows (case- and
    tone-style-blind), each with its line, and gets this row's."""
    if width < 3:
        return None, [Problem(line, _l("Dòng thiếu cột: cần đủ 3 ô mã, tên, loại."))]
    if width > 3:
        return None, [Problem(line, _l("Dòng thừa cột: chỉ cần 3 ô mã, tên, loại; tên có dấu phẩy thì đặt trong "
                                       "ngoặc kép."))]
    if any(_invisible(cell) for cell in cells.values()):
        return None, [Problem(line, _l("Dòng có ký tự không hợp lệ (ký tự điều khiển hoặc ký tự ẩn). "
                                       "Vui lòng gõ lại."))]
    unit, problems = read_unit(cells["code"], cells["name"], cells["type"])
    codes, names = seen
    code_key, name_key = unit.code.casefold(), collation_key(unit.name)
    if "code" not in problems and code_key in codes:
        problems["code"] = _l("Mã %(code)s trùng với dòng %(line)s.", code=unit.code, line=codes[code_key])
    if "name" not in problems and name_key in names:
        problems["name"] = _l("Tên “%(name)s” trùng với dòng %(line)s.", name=unit.name, line=names[name_key])
    codes.setdefault(code_key, line)
    names.setdefault(name_key, line)
    return unit, [Problem(line, problems[cell]) for cell in ("code", "name", "type") if cell in problems]


def read_unit(code, name, type_name):
    """(the unit its cells make, tidied; {"code" | "name" | "type": what is wrong with that cell}) for one unit as
    typed, in a file's row or a form. Whether another unit has its code or name is for the caller to tell."""
    unit = Unit(compatible(code), squash(name), _TYPES.get(fold(type_name).replace("_", " ")))
    problems = {}
    if _invisible(code):
        problems["code"] = _l("Mã có ký tự không hợp lệ (ký tự điều khiển hoặc ký tự ẩn). Vui lòng gõ lại.")
    elif not unit.code:
        problems["code"] = _l("Thiếu mã đơn vị.")
    elif len(unit.code) > CODE_LENGTH:
        problems["code"] = _l("Mã dài quá %(count)s ký tự.", count=CODE_LENGTH)
    elif not _CODE.fullmatch(unit.code):
        problems["code"] = _l("Mã chỉ gồm chữ cái không dấu, chữ số và các dấu - _ . (không có dấu cách), ví dụ "
                              "10183 hoặc T01.")
    if _invisible(name):
        problems["name"] = _l("Tên có ký tự không hợp lệ (ký tự điều khiển hoặc ký tự ẩn). Vui lòng gõ lại.")
    elif not unit.name:
        problems["name"] = _l("Thiếu tên đơn vị.")
    elif len(unit.name) > NAME_LENGTH:
        problems["name"] = _l("Tên dài quá %(count)s ký tự.", count=NAME_LENGTH)
    if not (type_name or "").strip():
        problems["type"] = _l("Thiếu loại đơn vị; chọn một trong: %(types)s.", types=", ".join(TYPE_NAMES.values()))
    elif unit.type is None:
        problems["type"] = _l("Loại “%(type)s” không dùng được; chọn một trong: %(types)s.",
                              type=squash(type_name)[:30], types=", ".join(TYPE_NAMES.values()))
    return unit, problems


def _invisible(text):
    """True when text holds a control or format character or a Unicode line separator."""
    return any(unicodedata.category(ch) in _INVISIBLE for ch in text or "")
