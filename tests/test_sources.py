"""Registrations and participants by source (public form, collaborator, walk-in, headcount): known answers on the
month of conftest, on the dashboard's "Theo nguồn" page, in the XLSX report and as CSV."""
import csv
import io
import re

from openpyxl import load_workbook

from portal import checkin, clock, tally
from portal.extensions import db
from portal.models import Event
from portal.tally import sources
from tests.conftest import A, B
from tests.factories import gen_registration, gen_registration_now, gen_user


def _collaborators_part(scope):
    """The month, plus a collaborator of A who brought Hằng to T1 (she came) and someone to F (still ahead)."""
    ctv = gen_user("ctv", role="collaborator", commune_code=A)
    training = db.session.scalar(db.select(Event).where(Event.title == "T1"))
    future = db.session.scalar(db.select(Event).where(Event.title == "F"))
    hang = gen_registration_now(training, by=ctv, full_name="Đỗ Thị Hằng", sex="female", phone="0966666666")
    checkin.check_in_registration(training, hang, "ticket", clock.now())
    gen_registration(future, by=ctv, full_name="Lê Văn Nam", sex="male", phone="0977777777")
    db.session.commit()
    return ctv


def _known(rows):
    return {r.source: (r.registrations, r.participants.male, r.participants.female, r.participants.other_or_unknown,
                       r.participants.total) for r in rows}


def test_every_participant_counts_under_one_source_and_the_total_is_the_dashboards(month):
    _collaborators_part(month)
    rows = sources.by_source(month)
    assert _known(rows) == {
        "public": (5, 1, 1, 0, 2),  # T1: Lan, Hùng, Mai; C1: Hùng; F: one (the cancelled X does not count)
        "collaborator": (2, 0, 1, 0, 1),
        "walk_in": (None, 1, 1, 0, 2),
        "headcount": (None, 31, 50, 4, 85),
        "total": (7, 33, 53, 4, 90),
    }
    _rows, totals = tally.compute(month, clock.now())
    assert rows[-1].participants.total == totals.participants.total == 90


def test_an_organiser_sees_the_sources_of_their_units_events(month, client, auth):
    gen_user("thitran", commune_code=B)
    auth.login("thitran")
    page = client.get("/dashboard/sources")
    assert page.status_code == 200
    cells = dict(re.findall(r'<tr id="source-(\w+)"[^>]*>.*?<td class="participants">(\d+)</td>', page.text, re.S))
    assert cells == {"public": "0", "collaborator": "0", "walk_in": "2", "headcount": "85", "total": "87"}


def test_the_dashboard_links_to_the_sources_and_they_keep_its_filters(month, client, auth):
    auth.login("admin")
    assert "/dashboard/sources" in client.get("/dashboard/").text
    page = client.get("/dashboard/sources?kind=training").text
    cells = dict(re.findall(r'<tr id="source-(\w+)"[^>]*>.*?<td class="participants">(\d+)</td>', page, re.S))
    assert cells == {"public": "2", "collaborator": "0", "walk_in": "0", "headcount": "0", "total": "2"}
    assert "Theo nguồn" in page


def test_the_xlsx_report_has_a_sheet_by_source(month, client, auth):
    _collaborators_part(month)
    auth.login("admin")
    book = load_workbook(io.BytesIO(client.get("/dashboard/report.xlsx").data))
    assert book.sheetnames == ["Báo cáo", "Theo nguồn"]
    rows = [[cell.value for cell in row] for row in book["Theo nguồn"].iter_rows()]
    header = rows.index(["Nguồn", "Số đăng ký", "Số người tham dự", "Nam", "Nữ", "Khác/không rõ"])
    assert rows[header + 1:] == [
        ["Tự đăng ký trực tuyến", 5, 2, 1, 1, 0],
        ["Cộng tác viên đăng ký", 2, 1, 0, 1, 0],
        ["Đăng ký tại chỗ", None, 2, 1, 1, 0],
        ["Nhập số lượng", None, 85, 31, 50, 4],
        ["Tổng cộng", 7, 90, 33, 53, 4],
    ]
    assert book["Báo cáo"].max_row == 5 + 29 + 1  # the district's layout is left as it was


def test_the_sources_as_csv(month, client, auth):
    _collaborators_part(month)
    auth.login("admin")
    response = client.get("/dashboard/sources.csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[-5:] == [["Tự đăng ký trực tuyến", "5", "2", "1", "1", "0"],
                         ["Cộng tác viên đăng ký", "2", "1", "0", "1", "0"],
                         ["Đăng ký tại chỗ", "", "2", "1", "1", "0"],
                         ["Nhập số lượng", "", "85", "31", "50", "4"],
                         ["Tổng cộng", "7", "90", "33", "53", "4"]]
