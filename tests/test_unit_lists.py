"""Domain tests: a list of reporting units uploaded as CSV is taken whole or refused whole, with a reason per line."""
import os

import pytest
from flask_babel.speaklater import LazyString

from portal.catalogue.unit_lists import MAX_BYTES, MAX_UNITS, Unit, read_unit_list

SEED = os.path.join(os.path.dirname(__file__), "..", "portal", "catalogue", "data", "communes-thuong-tin-2022.csv")
VILLAGES = "code,name,type\nT01,Thôn Đông,thôn\nT02,Thôn Đồng,thôn\nTDP1,Tổ dân phố số 1,tổ dân phố\n"


def problems_of(text):
    """The problems of a CSV given as text, as (line, message) pairs; it must have no units."""
    result = read_unit_list(text.encode("utf-8"))
    assert result.units == ()
    return [(problem.line, str(problem.message)) for problem in result.problems]


def test_a_good_list_of_villages_is_read():
    result = read_unit_list(VILLAGES.encode("utf-8"))
    assert result.problems == ()
    assert result.units == (Unit("T01", "Thôn Đông", "thon"), Unit("T02", "Thôn Đồng", "thon"),
                            Unit("TDP1", "Tổ dân phố số 1", "to_dan_pho"))


def test_excel_csv_utf8_with_bom_semicolons_crlf_and_vietnamese_headers_is_read():
    """Excel's "CSV UTF-8" on a Vietnamese Windows: a BOM, ; between cells, CRLF, headers typed in Vietnamese."""
    data = "\ufeffMã;Tên;Loại\r\n10183;Xã Thường Tín;Xã\r\n00679;Xã Ngọc Hồi;xã\r\n;;\r\n".encode("utf-8")
    result = read_unit_list(data)
    assert result.problems == ()
    assert result.units == (Unit("10183", "Xã Thường Tín", "xa"), Unit("00679", "Xã Ngọc Hồi", "xa"))


def test_the_2022_seed_list_reads_as_29_units():
    with open(SEED, "rb") as handle:
        result = read_unit_list(handle.read())
    assert result.problems == () and len(result.units) == 29
    assert result.units[0] == Unit("10183", "Thị trấn Thường Tín", "thi_tran")
    assert {unit.type for unit in result.units} == {"xa", "thi_tran"}


def test_cells_are_tidied_and_types_read_with_or_without_accents():
    data = 'code,name,type\n" K1 ",  Khu phố   1 ,Khu Phố\nK2,"Phường Văn Miếu - Quốc Tử Giám",PHUONG\n'
    result = read_unit_list(data.encode("utf-8"))
    assert result.units == (Unit("K1", "Khu phố 1", "khu_pho"), Unit("K2", "Phường Văn Miếu - Quốc Tử Giám", "phuong"))


def test_a_name_with_a_comma_is_read_when_quoted():
    result = read_unit_list('code,name,type\nT1,"Thôn 1, 2",thôn\n'.encode("utf-8"))
    assert result.units == (Unit("T1", "Thôn 1, 2", "thon"),)


@pytest.mark.parametrize("row, message", [
    ("T09,,thôn", "Thiếu tên đơn vị."),
    (",Thôn Chín,thôn", "Thiếu mã đơn vị."),
    ("T09,Thôn Chín,huyện", "Loại “huyện” không dùng được"),
    ("T09,Thôn Chín,", "Thiếu loại đơn vị"),
    ("T01,Thôn Chín,thôn", "Mã T01 trùng với dòng 2."),
    ("t01,Thôn Chín,thôn", "Mã t01 trùng với dòng 2."),
    ("T09,thôn đông,thôn", "Tên “thôn đông” trùng với dòng 2."),
    ("T12345678AB,Thôn Chín,thôn", "Mã dài quá 10 ký tự."),
    ("T 9,Thôn Chín,thôn", "Mã chỉ gồm chữ cái không dấu, chữ số"),
    ("T09,Thôn " + "A" * 96 + ",thôn", "Tên dài quá 100 ký tự."),
    ("T09,Thôn\x00Chín,thôn", "ký tự điều khiển"),
    ("T09,Thôn\u200bChín,thôn", "ký tự điều khiển"),
    ("T09,Thôn\u2028Chín,thôn", "ký tự điều khiển"),
    ("T09,Thôn\tChín,thôn", "ký tự điều khiển"),
    ("T09,Thôn Chín", "Dòng thiếu cột"),
    ("T09,Thôn Chín,thôn,ghi chú", "Dòng thừa cột"),
    ('T09,"Thôn" Chín,thôn', "Dòng không đọc được"),
])
def test_each_kind_of_bad_row_is_refused_with_its_line_and_reason(row, message):
    problems = problems_of(VILLAGES + row + "\nT10,Thôn Mười,thôn\n")
    assert len(problems) == 1
    line, text = problems[0]
    assert line == 5 and message in text


def test_same_name_in_another_tone_mark_style_is_a_duplicate():
    problems = problems_of("code,name,type\n1,Xã Hòa Bình,xã\n2,Xã Hoà Bình,xã\n")
    assert problems == [(3, "Tên “Xã Hoà Bình” trùng với dòng 2.")]


def test_one_bad_row_refuses_the_whole_list_and_every_problem_is_told():
    problems = problems_of("code,name,type\nT1,Thôn 1,thôn\nT2,,thôn\nT3,Thôn 3,làng\nT4,Thôn 4,thôn\n")
    assert [line for line, _ in problems] == [3, 4]
    assert problems[1][1].startswith("Loại “làng” không dùng được; chọn một trong: xã, phường, thị trấn, đặc khu,")


def test_messages_are_marked_for_translation():
    result = read_unit_list(b"code,name,type\nT1,,thon\n")
    assert isinstance(result.problems[0].message, LazyString)


def test_a_list_of_2000_units_is_read_and_2001_is_too_many():
    rows = "".join(f"T{n},Thôn {n},thôn\n" for n in range(1, MAX_UNITS + 2))
    assert len(read_unit_list(("code,name,type\n" + rows.rsplit("T2001", 1)[0]).encode()).units) == MAX_UNITS
    problems = problems_of("code,name,type\n" + rows)
    assert problems == [(2002, "Danh sách quá dài: tối đa 2000 đơn vị.")]


@pytest.mark.parametrize("data, line, message", [
    (b"", 1, "Tệp trống"),
    (b"\xef\xbb\xbf\r\n", 1, "Tệp trống"),
    (b"code,name,type\n\n", 2, "Tệp chưa có đơn vị nào"),
    (b"id,ten,kieu\nT1,Thon 1,thon\n", 1, "Dòng đầu phải là tên các cột: code, name, type"),
    (b"Thon 1,thon\n", 1, "Dòng đầu phải là tên các cột"),
    ("code,name,type\nT1,Thôn Đông,thôn\n".encode("cp1258"), 2, "không phải UTF-8"),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), 1, "bảng tính Excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)), 1, "bảng tính Excel"),
    (b"code,name,type\n" + b"T1,Thon,thon\n" * (MAX_BYTES // 13), 1, "Tệp quá lớn"),
])
def test_a_file_that_is_not_a_list_of_units_is_refused_whole(data, line, message):
    result = read_unit_list(data)
    assert result.units == () and len(result.problems) == 1
    assert result.problems[0].line == line and message in str(result.problems[0].message)
