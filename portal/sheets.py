"""Spreadsheet files (CSV and XLSX) whose text cells are always text: no cell can run as a formula."""
import csv
import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value):
    """Return a text cell that cannot start a formula: a leading = + - @, tab or CR gets a quote (')."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell(value):
    """Numbers stay numbers, None stays empty; anything else becomes safe text."""
    if value is None or isinstance(value, (int, float)):
        return value
    return as_text(str(value))


def to_csv(lines):
    """CSV bytes of lines (lists of cells), UTF-8 with BOM so spreadsheet programs read the Vietnamese correctly."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[_cell(value) for value in line] for line in lines])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(lines, sheet_title=None, style=None, more=()):
    """XLSX bytes of lines on one sheet; every text cell is stored as a string, never as a formula.

    style, when given, is called with the sheet to set fonts and widths before saving. more: further sheets, each
    (title, lines, style or None), after the first.
    """
    book = Workbook()
    _fill(book.active, lines, sheet_title, style)
    for title, extra, extra_style in more:
        _fill(book.create_sheet(), extra, title, extra_style)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill(sheet, lines, title, style):
    """Write lines into sheet (text cells as strings), name it title and apply style (each when given)."""
    if title:
        sheet.title = title
    for row, line in enumerate(lines, start=1):
        for column, value in enumerate(line, start=1):
            value = _cell(value)
            cell = sheet.cell(row=row, column=column)
            if isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters openpyxl cannot write
                cell.data_type = "s"
            else:
                cell.value = value
    if style:
        style(sheet)
