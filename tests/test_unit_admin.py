"""Domain and view tests: admins keep the lists of reporting units (from today's map or a CSV file), rename, add and
remove units; nothing is half-made and no unit in use is removed."""
import io
import re

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.catalogue import current_campaign, units
from portal.catalogue.unit_lists import read_unit_list
from portal.extensions import db
from portal.models import (
    Commune,
    Headcount,
    Person,
    ReachMark,
    TallyCell,
    UnitList,
    UnitSuccession,
)
from portal.text import fold
from tests.conftest import csrf_from
from tests.factories import commune, gen_event, gen_user
from tests.test_page_ids import _check

HA_NOI = "01"
SUCCESSORS = {"10183": "Xã Thường Tín", "10231": "Xã Thượng Phúc", "10237": "Xã Chương Dương",
              "10210": "Xã Hồng Vân", "10273": "Xã Phú Xuyên"}
VILLAGES = "code,name,type\nT01,Thôn Đông,thôn\nT02,Thôn Đồng,thôn\nTDP1,Tổ dân phố số 1,tổ dân phố\n"
UNUSED = "10186"  # Xã Ninh Sở: no test factory uses it


def counts():
    """How many lists and units the database holds."""
    return (db.session.scalar(select(func.count()).select_from(UnitList)),
            db.session.scalar(select(func.count()).select_from(Commune)))


def units_of(unit_list):
    """{code: (name, type)} of a list's units, as stored."""
    return {u.code: (u.name, u.type) for u in db.session.scalars(select(Commune).where(
        Commune.unit_list_id == unit_list.id))}


def as_admin(client, auth):
    """Sign in as an admin; return a CSRF token for the unit lists' forms."""
    gen_user("admin", role="admin")
    auth.login("admin")
    return csrf_from(client, "/manage/units")


def upload(client, token, text, name="Xã Hòa Bình: thôn, tổ dân phố", filename="thon.csv"):
    """Send the upload form with a CSV file."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post("/manage/units/upload", data={"csrf_token": token, "name": name,
                                                      "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


# Today's map

def test_the_ha_noi_list_is_made_from_todays_map_with_its_126_units(ctx):
    unit_list, made = units.from_map(HA_NOI, clock.now())
    db.session.commit()
    assert made and unit_list.key == "vn2025-01"
    assert unit_list.name == "Thành phố Hà Nội: 126 xã, phường (bản đồ từ 1/7/2025)"
    listed = units_of(unit_list)
    assert len(listed) == 126
    assert {code: listed[code] for code in SUCCESSORS} == {code: (name, "xa") for code, name in SUCCESSORS.items()}
    assert {t for _n, t in listed.values()} == {"xa", "phuong"}
    ward = db.session.scalar(select(Commune).where(Commune.unit_list_id == unit_list.id, Commune.code == "10183"))
    assert ward.name_key == "xa thuong tin"


def test_making_a_provinces_list_twice_finds_the_first(ctx):
    first, _made = units.from_map(HA_NOI, clock.now())
    db.session.commit()
    before = counts()
    again, made = units.from_map(HA_NOI, clock.now())
    db.session.commit()
    assert not made and again.id == first.id and counts() == before


def test_an_unknown_province_is_refused(ctx):
    with pytest.raises(LookupError):
        units.from_map("99", clock.now())


def test_admin_makes_the_ha_noi_list_from_the_province_select_and_is_told_the_second_time(ctx, client, auth):
    token = as_admin(client, auth)
    page = client.get("/manage/units").text
    assert '<option value="01">Thành phố Hà Nội</option>' in page
    assert len(re.findall(r'<option value="\d\d">', page)) == 34
    response = client.post("/manage/units/map", data={"csrf_token": token, "province": HA_NOI})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).text
    assert "Thành phố Hà Nội: 126 xã, phường (bản đồ từ 1/7/2025)" in page and "Xã Thượng Phúc" in page
    assert "Đã tạo danh sách" in page
    before = counts()
    again = client.post("/manage/units/map", data={"csrf_token": token, "province": HA_NOI})
    assert again.headers["Location"] == response.headers["Location"].replace("made", "found")
    assert "Danh sách này đã có từ trước" in client.get(again.headers["Location"]).text
    assert counts() == before
    lists = client.get("/manage/units").text
    assert lists.count("Thành phố Hà Nội: 126 xã, phường") == 1


def test_no_province_chosen_is_told_next_to_the_select(ctx, client, auth):
    token = as_admin(client, auth)
    before = counts()
    response = client.post("/manage/units/map", data={"csrf_token": token, "province": "99"})
    assert response.status_code == 422
    field = response.text.split('id="field-map-province"', 1)[1].split("</div>", 1)[0]
    assert "Vui lòng chọn tỉnh, thành phố." in field
    assert counts() == before


# CSV upload

def test_a_good_csv_becomes_a_list(ctx, client, auth):
    token = as_admin(client, auth)
    response = upload(client, token, VILLAGES)
    assert response.status_code == 303
    unit_list = db.session.scalar(select(UnitList).where(UnitList.name == "Xã Hòa Bình: thôn, tổ dân phố"))
    assert unit_list.key is None
    assert units_of(unit_list) == {"T01": ("Thôn Đông", "thon"), "T02": ("Thôn Đồng", "thon"),
                                   "TDP1": ("Tổ dân phố số 1", "to_dan_pho")}
    assert db.session.scalar(select(Commune.name_key).where(Commune.code == "TDP1")) == "to dan pho so 1"
    assert response.headers["Location"].endswith(f"/manage/units/{unit_list.id}?notice=made")


def test_a_bad_csv_is_refused_whole_with_each_problem_by_line_next_to_the_file_field(ctx, client, auth):
    token = as_admin(client, auth)
    before = counts()
    response = upload(client, token, VILLAGES + "T04,,thôn\nT05,Thôn Năm,làng\nT01,Thôn Sáu,thôn\n",
                      filename="thon-sai.csv")
    assert response.status_code == 422
    assert counts() == before
    field = response.text.split('id="field-upload-file"', 1)[1].split("</div>", 1)[0]
    problems = re.findall(r"<li>(.*?)</li>", field.split('id="upload-file-error"', 1)[1])
    assert problems == ["Dòng 5: Thiếu tên đơn vị.",
                        "Dòng 6: Loại “làng” không dùng được; chọn một trong: xã, phường, thị trấn, đặc khu, thôn, "
                        "tổ dân phố, khu phố.",
                        "Dòng 7: Mã T01 trùng với dòng 2."]
    assert 'aria-describedby="upload-file-error"' in field and "thon-sai.csv" in field
    assert 'value="Xã Hòa Bình: thôn, tổ dân phố"' in response.text  # the name typed is kept
    summary = response.text.split('id="upload-error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#upload-file"' in summary and "3" in summary
    _check("/manage/units/upload", response)  # unique ids, labelled fields


def test_the_name_and_the_file_are_both_required(ctx, client, auth):
    token = as_admin(client, auth)
    before = counts()
    response = client.post("/manage/units/upload", data={"csrf_token": token, "name": " "},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Vui lòng đặt tên cho danh sách." in response.text and "Vui lòng chọn tệp CSV." in response.text
    assert counts() == before


def test_an_upload_over_the_cap_is_told_on_the_form_not_an_error_page(ctx, client, auth):
    token = as_admin(client, auth)
    before = counts()
    big = VILLAGES.encode() + b"#" * (2 * 1024 * 1024)
    response = upload(client, token, big)
    assert response.status_code == 413
    field = response.text.split('id="field-upload-file"', 1)[1].split("</div>", 1)[0]
    assert "Tệp quá lớn: tối đa 1 MB." in field
    assert 'id="upload-error-summary"' in response.text
    assert counts() == before


def test_an_upload_over_the_cap_from_someone_signed_out_shows_no_list(ctx, client):
    response = client.post("/manage/units/upload", data={"file": (io.BytesIO(b"#" * (2 * 1024 * 1024 + 10)), "x.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn" in response.text and "upload-file" not in response.text


def test_the_example_csv_is_the_2022_list_and_reads_back(ctx, client, auth):
    as_admin(client, auth)
    page = client.get("/manage/units").text
    assert 'href="/manage/units/example.csv"' in page
    response = client.get("/manage/units/example.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.decode("utf-8-sig").startswith("code,name,type\r\n10183,Thị trấn Thường Tín,thị trấn\r\n")
    assert len(read_unit_list(response.data).units) == 29


def test_the_lists_page_shows_each_list_its_size_and_campaigns(ctx, client, auth):
    as_admin(client, auth)
    page = client.get("/manage/units").text
    campaign = current_campaign(clock.now().date())
    row = page.split("Huyện Thường Tín, Hà Nội: 29 xã, thị trấn (bản đồ 2022)", 1)[1].split("</tr>", 1)[0]
    assert ">29<" in row and str(campaign.year) in row


def test_organisers_cannot_open_the_unit_lists(ctx, client, auth):
    gen_user()
    auth.login()
    seed = commune().unit_list_id
    for url in ("/manage/units", f"/manage/units/{seed}", "/manage/units/example.csv"):
        assert client.get(url).status_code == 404
    token = csrf_from(client, "/manage/")
    assert client.post("/manage/units/map", data={"csrf_token": token, "province": HA_NOI}).status_code == 404
    assert counts()[0] == 1


# One list's units

def test_a_lists_page_shows_its_units_with_their_types_in_vietnamese(ctx, client, auth):
    as_admin(client, auth)
    page = client.get(f"/manage/units/{commune().unit_list_id}").text
    row = page.split('id="unit-10183"', 1)[1].split("</tr>", 1)[0]
    assert "10183" in row and "Thị trấn Thường Tín" in row and "thị trấn" in row


def test_renaming_a_unit_updates_its_search_key(ctx, client, auth):
    token = as_admin(client, auth)
    unit = commune(UNUSED)
    url = f"/manage/units/{unit.unit_list_id}/units/{unit.id}"
    response = client.post(url, data={"csrf_token": token, "name": "  Xã  Ninh Sở mới "})
    assert response.status_code == 303
    db.session.refresh(unit)
    assert unit.name == "Xã Ninh Sở mới" and unit.name_key == fold("Xã Ninh Sở mới") and unit.code == UNUSED


def test_a_rename_to_another_units_name_is_refused(ctx, client, auth):
    token = as_admin(client, auth)
    unit = commune(UNUSED)
    response = client.post(f"/manage/units/{unit.unit_list_id}/units/{unit.id}",
                           data={"csrf_token": token, "name": "xã hoà bình"})
    assert response.status_code == 422
    assert "Tên “xã hoà bình” trùng với Xã Hòa Bình." in response.text
    db.session.refresh(unit)
    assert unit.name == "Xã Ninh Sở"


def _event_elsewhere():
    return gen_event(commune=commune("10198"))


USES = {
    "event": (lambda unit: gen_event(commune=unit), "1 hoạt động"),
    "person": (lambda unit: db.session.add(Person(full_name="Lê Thị Mai", name_key="le thi mai", sex="female",
                                                  birth_year=1990, commune_id=unit.id, role="resident",
                                                  created_at=clock.now())), "1 người đăng ký, tham dự"),
    "account": (lambda unit: gen_user("ninhso", commune_code=unit.code), "1 tài khoản cán bộ"),
    "tally cell": (lambda unit: db.session.add(TallyCell(event_id=_event_elsewhere().id, commune_id=unit.id,
                                                         sex="male", registrations=1)), "1 ô số liệu đã đếm"),
    "reach mark": (lambda unit: db.session.add(ReachMark(campaign_id=current_campaign(clock.now().date()).id,
                                                         scope="residence", commune_id=unit.id, person_key="0" * 32)),
                   "1 dấu tính số người không trùng"),
    "succession": (lambda unit: db.session.add(UnitSuccession(old_id=unit.id, new_id=commune("10198").id,
                                                              share="part")), "1 dòng nối đơn vị cũ với đơn vị mới"),
    "headcount": (lambda unit: db.session.add(Headcount(event_id=_event_elsewhere().id, male=1, female=2,
                                                        by_commune={unit.code: 3}, created_at=clock.now())),
                  "1 lần nhập số lượng theo nơi cư trú"),
}


@pytest.mark.parametrize("use", USES)
def test_a_unit_in_use_is_not_removed_and_the_reason_says_what_uses_it(ctx, client, auth, use):
    token = as_admin(client, auth)
    unit = commune(UNUSED)
    make, reason = USES[use]
    make(unit)
    db.session.commit()
    before = counts()
    with pytest.raises(units.UnitInUse) as refused:
        units.remove(unit)
    assert reason in str(refused.value)
    db.session.rollback()
    response = client.post(f"/manage/units/{unit.unit_list_id}/units/{unit.id}/remove", data={"csrf_token": token})
    assert response.status_code == 409
    assert "Không xóa được Xã Ninh Sở vì đơn vị này đang được dùng" in response.text and reason in response.text
    assert counts() == before


def test_an_unused_unit_is_removed(ctx, client, auth):
    token = as_admin(client, auth)
    unit = commune(UNUSED)
    list_id, before = unit.unit_list_id, counts()
    response = client.post(f"/manage/units/{list_id}/units/{unit.id}/remove", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/manage/units/{list_id}")
    assert counts() == (before[0], before[1] - 1) and commune(UNUSED) is None
    assert 'id="unit-10186"' not in client.get(f"/manage/units/{list_id}").text


def test_a_unit_is_added_by_hand(ctx, client, auth):
    token = as_admin(client, auth)
    list_id = commune().unit_list_id
    response = client.post(f"/manage/units/{list_id}/units", data={"csrf_token": token, "code": "T01",
                                                                  "name": " Thôn  Đông ", "type": "thon"})
    assert response.status_code == 303
    added = db.session.scalar(select(Commune).where(Commune.unit_list_id == list_id, Commune.code == "T01"))
    assert (added.name, added.type, added.name_key) == ("Thôn Đông", "thon", "thon dong")


@pytest.mark.parametrize("fields, field, message", [
    ({"code": "10198"}, "code", "Mã 10198 đã có trong danh sách (Xã Hòa Bình)."),
    ({"name": "Xã Hoà Bình"}, "name", "Tên “Xã Hoà Bình” trùng với Xã Hòa Bình."),
    ({"code": "T 1"}, "code", "Mã chỉ gồm chữ cái không dấu, chữ số"),
    ({"code": ""}, "code", "Thiếu mã đơn vị."),
    ({"name": ""}, "name", "Thiếu tên đơn vị."),
    ({"name": "Thôn\u200bĐông"}, "name", "ký tự ẩn"),
    ({"type": "huyen"}, "type", "Loại “huyen” không dùng được"),
])
def test_a_unit_added_by_hand_is_checked_like_a_csv_row(ctx, client, auth, fields, field, message):
    token = as_admin(client, auth)
    list_id = commune().unit_list_id
    before = counts()
    data = {"csrf_token": token, "code": "T01", "name": "Thôn Đông", "type": "thon"} | fields
    response = client.post(f"/manage/units/{list_id}/units", data=data)
    assert response.status_code == 422
    box = response.text.split(f'id="field-unit-{field}"', 1)[1].split("</div>", 1)[0]
    assert message in box
    assert counts() == before
    assert 'id="unit-error-summary"' in response.text
    _check(f"/manage/units/{list_id}/units", response)
