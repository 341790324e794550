"""The mapping of old units to new ones as data: the bundled Thường Tín file, an admin's CSV checked line by line and
saved whole or not at all, and the admins' page for it."""
import re

import pytest
from sqlalchemy import func, select

from portal.catalogue import divisions, succession
from portal.catalogue.seed import seed_list
from portal.catalogue.succession_csv import read_mapping
from portal.extensions import db
from portal.models import UnitSuccession
from tests.conftest import csrf_from
from tests.factories import gen_user
from tests.reform import NEW_UNITS, OLD_UNITS, gen_unit_list


def hanoi():
    """A list of Hà Nội's 126 communes and wards of today's map."""
    return gen_unit_list("Thành phố Hà Nội (bản đồ 2025)", [(u.code, u.name, u.type) for u in divisions.communes("01")])


def pairs_of(old_list, new_list):
    """The mapping between two lists as (old name, new name, share)."""
    return [(s.old.name, s.new.name, s.share) for s in succession.mapping(old_list, new_list)]


def count():
    return db.session.scalar(select(func.count()).select_from(UnitSuccession))


def test_the_bundled_mapping_joins_the_2022_list_to_hanoi_today_once(ctx):
    old_list, new_list = seed_list(), hanoi()
    saved = succession.load_bundled(old_list, new_list)
    db.session.commit()
    assert saved == succession.Saved(added=33, changed=0, removed=0) and count() == 33
    mapped = pairs_of(old_list, new_list)
    assert ("Xã Tô Hiệu", "Xã Phú Xuyên", "most") in mapped and ("Xã Tô Hiệu", "Xã Chương Dương", "part") in mapped
    assert ("Xã Duyên Thái", "Xã Ngọc Hồi", "part") in mapped and ("Xã Hòa Bình", "Xã Thường Tín", "whole") in mapped
    assert {s.new.code for s in succession.mapping(old_list, new_list)} == {
        "10183", "10231", "10237", "10210", "10273", "00679"}
    ids = sorted(s.id for s in succession.mapping(old_list, new_list))

    assert succession.load_bundled(old_list, new_list) == succession.Saved(0, 0, 0)
    db.session.commit()
    assert sorted(s.id for s in succession.mapping(old_list, new_list)) == ids


def test_the_bundled_mapping_is_refused_whole_when_the_new_list_lacks_a_commune(ctx):
    old_list = seed_list()
    units = [(u.code, u.name, u.type) for u in divisions.communes("01") if u.name != "Xã Ngọc Hồi"]
    units = [(code if name != "Xã Phú Xuyên" else "99999", name, kind) for code, name, kind in units]
    new_list = gen_unit_list("Hà Nội thiếu một xã", units)
    with pytest.raises(succession.MappingRefused) as refused:
        succession.load_bundled(old_list, new_list)
    assert [str(problem.message) for problem in refused.value.problems] == [
        "Xã Phú Xuyên trong danh sách mới có mã 99999, bảng chuyển đổi cần mã 10273.",
        "Danh sách mới không có Xã Ngọc Hồi."]
    assert count() == 0


def _lists():
    return gen_unit_list("Cũ", OLD_UNITS), gen_unit_list("Mới", NEW_UNITS)


def test_an_uploaded_mapping_is_read_in_english_or_vietnamese(ctx):
    old_list, new_list = _lists()
    data = ("\ufeffMã cũ;Mã mới;Phần\r\n10183;10183;toàn bộ\r\n10189;10183;Whole\r\n10258;10273;phan lon\r\n"
            "10258;10237;part\r\n;;\r\n").encode("utf-8")
    upload = read_mapping(data, old_list, new_list)
    assert upload.problems == ()
    assert [(p.old.code, p.new.code, p.share) for p in upload.pairs] == [
        ("10183", "10183", "whole"), ("10189", "10183", "whole"), ("10258", "10273", "most"),
        ("10258", "10237", "part")]


def test_a_code_whose_leading_zeros_a_spreadsheet_dropped_still_names_its_unit(ctx):
    old_list, new_list = _lists()
    upload = read_mapping(b"old_code,new_code,share\n10186,679,whole\n", old_list, new_list)
    assert [(p.old.code, p.new.code) for p in upload.pairs] == [("10186", "00679")]


BAD = """old_code,new_code,share
10183,10183,whole
99999,10183,whole
10189,12345,whole
10189,10183,half
10183,10183,whole
10183,10237,part
10258,10273,most
10258,10237,most
10186,10183
"""


def test_every_bad_line_of_an_upload_is_named_and_nothing_is_taken(ctx):
    old_list, new_list = _lists()
    upload = read_mapping(BAD.encode("utf-8"), old_list, new_list)
    assert upload.pairs == ()
    assert [(problem.line, str(problem.message)) for problem in upload.problems] == [
        (3, "Mã cũ 99999 không có trong danh sách cũ."),
        (4, "Mã mới 12345 không có trong danh sách mới."),
        (5, "Phần chuyển sang “half” không dùng được; ghi toàn bộ, phần lớn hoặc một phần (whole, most, part)."),
        (6, "Cặp 10183 → 10183 trùng với dòng 2."),
        (7, "Thị trấn Thường Tín đã chuyển toàn bộ ở dòng 2, nên không có phần nào sang đơn vị khác."),
        (9, "Xã Tô Hiệu đã được tính vào một đơn vị mới ở dòng 8 (toàn bộ hoặc phần lớn); mỗi đơn vị cũ chỉ tính "
            "vào một đơn vị."),
        (10, "Dòng thiếu cột: cần đủ 3 ô mã cũ, mã mới, phần chuyển sang.")]


@pytest.mark.parametrize("data, message", [
    (b"", "Tệp trống."),
    (b"code,name,type\n1,2,3\n", "Dòng đầu phải là tên các cột: old_code, new_code, share"),
    (b"old_code,new_code,share\n", "Tệp chưa có dòng nào"),
    (b"old_code,new_code,share\n10183,10183,to\xe0n b\xf4\n", "Tệp không phải UTF-8"),
])
def test_a_file_that_is_no_mapping_at_all_says_why(ctx, data, message):
    old_list, new_list = _lists()
    upload = read_mapping(data, old_list, new_list)
    assert upload.pairs == () and message in str(upload.problems[0].message)


def test_saving_makes_the_mapping_exactly_the_upload(ctx):
    old_list, new_list = _lists()
    first = read_mapping(b"old_code,new_code,share\n10183,10183,whole\n10258,10273,part\n",
                                    old_list, new_list)
    assert succession.save_mapping(old_list, new_list, first.pairs) == succession.Saved(2, 0, 0)
    second = read_mapping(b"old_code,new_code,share\n10258,10273,most\n10189,10183,whole\n",
                                     old_list, new_list)
    assert succession.save_mapping(old_list, new_list, second.pairs) == succession.Saved(1, 1, 1)
    db.session.commit()
    assert pairs_of(old_list, new_list) == [("Xã Nhị Khê", "Xã Thường Tín", "whole"),
                                            ("Xã Tô Hiệu", "Xã Phú Xuyên", "most")]


def _upload(client, old_list, new_list, text, name="bang.csv"):
    import io

    url = f"/manage/succession?old={old_list.id}&new={new_list.id}"
    return client.post(f"/manage/succession/upload?old={old_list.id}&new={new_list.id}", data={
        "csrf_token": csrf_from(client, url), "file": (io.BytesIO(text.encode("utf-8")), name)},
        content_type="multipart/form-data")


def test_an_admin_uploads_a_mapping_and_sees_it_in_vietnamese(ctx, client, auth):
    gen_user("admin", role="admin")
    old_list, new_list = _lists()
    auth.login("admin")
    response = _upload(client, old_list, new_list, "old_code,new_code,share\n10183,10183,whole\n10258,10273,most\n"
                                                    "10258,10237,part\n")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).text
    assert "Đã lưu bảng chuyển đổi: 3 dòng." in page
    rows = re.findall(r'<tr id="succession-\d+">(.*?)</tr>', page, re.S)
    texts = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]
    assert texts == ["10183 Thị trấn Thường Tín 10183 Xã Thường Tín toàn bộ",
                     "10258 Xã Tô Hiệu 10237 Xã Chương Dương một phần",
                     "10258 Xã Tô Hiệu 10273 Xã Phú Xuyên phần lớn"]


def test_a_bad_upload_shows_its_lines_and_saves_nothing(ctx, client, auth):
    gen_user("admin", role="admin")
    old_list, new_list = _lists()
    auth.login("admin")
    response = _upload(client, old_list, new_list, BAD)
    assert response.status_code == 422
    assert "Dòng 3: Mã cũ 99999 không có trong danh sách cũ." in response.text
    assert "Dòng 10: Dòng thiếu cột" in response.text
    assert 'aria-invalid="true"' in response.text and count() == 0
    # The lists chosen stay chosen.
    assert re.search(rf'<option value="{old_list.id}" selected>Cũ</option>', response.text)


def test_an_upload_without_a_file_asks_for_one(ctx, client, auth):
    gen_user("admin", role="admin")
    old_list, new_list = _lists()
    auth.login("admin")
    url = f"/manage/succession?old={old_list.id}&new={new_list.id}"
    response = client.post(f"/manage/succession/upload?old={old_list.id}&new={new_list.id}",
                           data={"csrf_token": csrf_from(client, url)}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Vui lòng chọn tệp CSV." in response.text


def test_an_admin_loads_the_bundled_mapping_from_the_page(ctx, client, auth):
    gen_user("admin", role="admin")
    old_list, new_list = seed_list(), hanoi()
    auth.login("admin")
    url = f"/manage/succession?old={old_list.id}&new={new_list.id}"
    assert "Nạp bảng có sẵn" in client.get(url).text
    response = client.post(f"/manage/succession/bundled?old={old_list.id}&new={new_list.id}",
                           data={"csrf_token": csrf_from(client, url)})
    assert response.status_code == 303 and count() == 33
    assert "Đã lưu bảng chuyển đổi: 33 dòng." in client.get(response.headers["Location"]).text


def test_the_bundled_mapping_refused_says_why_on_the_page(ctx, client, auth):
    gen_user("admin", role="admin")
    old_list, new_list = seed_list(), gen_unit_list("Mới", NEW_UNITS)
    auth.login("admin")
    url = f"/manage/succession?old={old_list.id}&new={new_list.id}"
    response = client.post(f"/manage/succession/bundled?old={old_list.id}&new={new_list.id}",
                           data={"csrf_token": csrf_from(client, url)})
    assert response.status_code == 422 and "Danh sách mới không có Xã Thượng Phúc." in response.text
    assert count() == 0


def test_one_list_chosen_twice_is_refused(ctx, client, auth):
    gen_user("admin", role="admin")
    old_list, _new = _lists()
    auth.login("admin")
    page = client.get(f"/manage/succession?old={old_list.id}&new={old_list.id}")
    assert page.status_code == 200 and "Chọn hai danh sách khác nhau." in page.text
    assert 'action="/manage/succession/upload' not in page.text
    response = client.post(f"/manage/succession/upload?old={old_list.id}&new={old_list.id}",
                           data={"csrf_token": csrf_from(client, "/manage/succession")})
    assert response.status_code == 404


def test_the_page_opens_on_the_2022_list_and_the_current_campaigns_list(ctx, client, auth):
    from tests.reform import build_reform

    _current, _base, _old, new_list = build_reform()
    auth.login("admin")
    page = client.get("/manage/succession").text
    assert re.search(rf'<option value="{seed_list().id}" selected>', page)
    assert re.search(rf'<option value="{new_list.id}" selected>', page)
    assert "Nạp bảng có sẵn" in page and "Chưa có dòng nào." in page


def test_only_admins_see_the_mapping(ctx, client, auth):
    gen_user()
    auth.login()
    assert client.get("/manage/succession").status_code == 404
