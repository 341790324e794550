"""View tests: the dashboard, its live polling, the per-event screen and the exported report."""
import csv
import io
import re

from openpyxl import load_workbook

from portal.tally import state
from tests.conftest import A, B, csrf_from
from tests.factories import commune, gen_registration_now, gen_user, open_event


def test_admin_sees_every_commune_and_the_totals(month, client, auth):
    auth.login("admin")
    page = client.get("/dashboard/").text
    assert len(re.findall(r'<tr id="row-\d+">', page)) == 29
    total = re.search(r'<tr id="row-total">(.*?)</tr>', page, re.S).group(1)
    assert [int(n) for n in re.findall(r">(\d+)<", total)][:7] == [1, 1, 89, 52, 33, 4, 88]
    assert "<svg" in page and 'class="female"' in page


def test_organiser_sees_only_their_commune(month, client, auth):
    gen_user("hoabinh", commune_code=A)
    auth.login("hoabinh")
    page = client.get("/dashboard/").text
    assert re.findall(r'<tr id="row-(\w+)">', page) == [A]
    assert 'id="row-total"' not in page


def test_sorting_by_participants(month, client, auth):
    auth.login("admin")
    page = client.get("/dashboard/?sort=participants&dir=desc").text
    assert re.findall(r'<tr id="row-(\w+)">', page)[:2] == [B, A]


def test_idle_poll_costs_nothing_and_a_change_shows(month, client, auth, htmx):
    auth.login("admin")
    page = client.get("/dashboard/").text
    version = re.search(r'data-version="([\d.-]+)"', page).group(1)
    idle = htmx.get(f"/dashboard/live?since={version}", target="tally")
    assert idle.status_code == 204 and idle.data == b""
    event = open_event(commune=commune(A))
    entry = gen_registration_now(event, phone="0966666666", full_name="Vũ Thị Thu")
    token = csrf_from(client, "/manage/")
    client.post(f"/manage/events/{event.slug}/scan", data={"csrf_token": token, "code": entry.short_code})
    assert state.version(event.campaign_id) != version.partition("-")[0]
    fresh = htmx.get(f"/dashboard/live?since={version}", target="tally")
    assert fresh.status_code == 200 and fresh.text.lstrip().startswith('<section id="tally"')
    total = re.search(r'<tr id="row-total">(.*?)</tr>', fresh.text, re.S).group(1)
    assert re.findall(r">(\d+)<", total)[2] == "90"


def test_event_screen_shows_big_numbers(month, client, auth):
    auth.login("admin")
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Event

    talk = db.session.scalar(select(Event).where(Event.title == "C1"))
    page = client.get(f"/dashboard/events/{talk.slug}").text
    assert re.search(r'id="number-total">87<', page) and re.search(r'id="number-female">51<', page)
    assert re.search(r'id="number-male">32<', page)


def test_xlsx_report_has_the_district_layout_and_the_known_numbers(month, client, auth):
    auth.login("admin")
    response = client.get("/dashboard/report.xlsx")
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0].startswith("BÁO CÁO KẾT QUẢ THÁNG HÀNH ĐỘNG") and "Chủ đề:" in rows[1][0]
    assert rows[4][:8] == ["STT", "Đơn vị (xã/thị trấn)", "Số buổi truyền thông", "Số buổi tập huấn",
                           "Tổng số lượt người tham dự", "Nam", "Nữ", "Khác/không rõ"]
    by_name = {row[1]: row for row in rows[5:]}
    assert by_name["Xã Hòa Bình"][2:10] == [0, 1, 2, 1, 1, 0, 1, 1]
    assert by_name["Thị trấn Thường Tín"][2:12] == [1, 0, 87, 32, 51, 4, 0, 0, 2, 85]
    assert rows[-1][1] == "Tổng cộng" and rows[-1][2:8] == [1, 1, 89, 33, 52, 4]
    assert len(rows) == 5 + 29 + 1
    assert not any(name in str(cell) for name in ("Nguyễn Thị Lan", "0911111111") for row in rows for cell in row)


def test_organiser_gets_their_communes_report_in_the_district_layout(month, client, auth):
    """An organiser's XLSX: the same title block and header, their commune's row, and a totals row for it."""
    gen_user("hoabinh", commune_code=A)
    auth.login("hoabinh")
    response = client.get("/dashboard/report.xlsx")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0].startswith("BÁO CÁO KẾT QUẢ THÁNG HÀNH ĐỘNG") and "Chủ đề:" in rows[1][0]
    assert rows[4][:5] == ["STT", "Đơn vị (xã/thị trấn)", "Số buổi truyền thông", "Số buổi tập huấn",
                           "Tổng số lượt người tham dự"]
    assert rows[5][:10] == [1, "Xã Hòa Bình", 0, 1, 2, 1, 1, 0, 1, 1]
    assert rows[6][1] == "Tổng cộng" and rows[6][2:12] == rows[5][2:12]
    assert len(rows) == 7
    assert not any("Thường Tín" in str(cell) for row in rows[4:] for cell in row)


def test_organiser_gets_their_communes_report_as_csv_and_print(month, client, auth):
    gen_user("hoabinh", commune_code=A)
    auth.login("hoabinh")
    text = client.get("/dashboard/report.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[-2][:5] == ["1", "Xã Hòa Bình", "0", "1", "2"] and rows[-1][1:5] == ["Tổng cộng", "0", "1", "2"]
    page = client.get("/dashboard/report").text
    cells = re.findall(r"<td>([^<]*)</td>", page)
    assert cells[:5] == ["1", "Xã Hòa Bình", "0", "1", "2"] and cells[12:16] == ["", "Tổng cộng", "0", "1"]
    assert "Thị trấn Thường Tín" not in page and "Thủ trưởng đơn vị" in page


def test_csv_report_matches(month, client, auth):
    auth.login("admin")
    text = client.get("/dashboard/report.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[-1][1:8] == ["Tổng cộng", "1", "1", "89", "33", "52", "4"]


def test_print_page_is_a4_landscape(month, client, auth):
    auth.login("admin")
    page = client.get("/dashboard/report").text
    assert "print.css" in page and "Thủ trưởng đơn vị" in page and "Tổng cộng" in page
    assert "size: A4 landscape" in client.get("/static/css/print.css").text


def test_attendance_list_phones_only_for_admins_who_ask(month, client, auth):
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Event

    training = db.session.scalar(select(Event).where(Event.title == "T1"))
    auth.login("admin")
    admin_csv = client.get(f"/dashboard/events/{training.slug}/attendance.csv?phones=1").data.decode("utf-8-sig")
    assert "0911111111" in admin_csv and "Nguyễn Thị Lan" in admin_csv
    assert "0911111111" not in client.get(f"/dashboard/events/{training.slug}/attendance.csv").text
    auth.logout()
    gen_user("hoabinh", commune_code=A)
    auth.login("hoabinh")
    organiser_csv = client.get(f"/dashboard/events/{training.slug}/attendance.csv").data.decode("utf-8-sig")
    assert "Nguyễn Thị Lan" in organiser_csv and "0911111111" not in organiser_csv and "111" in organiser_csv
    sheet = load_workbook(io.BytesIO(client.get(f"/dashboard/events/{training.slug}/attendance.xlsx").data)).active
    assert sheet.max_row == 3 + 3  # title, blank, header, three registrations


def test_other_communes_attendance_list_is_not_found(month, client, auth):
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Event

    talk = db.session.scalar(select(Event).where(Event.title == "C1"))  # hosted by B
    gen_user("hoabinh", commune_code=A)
    auth.login("hoabinh")
    assert client.get(f"/dashboard/events/{talk.slug}/attendance.csv").status_code == 404
    assert client.get(f"/dashboard/events/{talk.slug}").status_code == 404
