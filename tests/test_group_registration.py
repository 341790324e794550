"""The group form: a collaborator registers many people at once, row by row or pasted from a spreadsheet; every
row is checked before anything is saved, and the batch is saved whole or not at all."""
import re

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.catalogue import list_communes
from portal.extensions import db
from portal.models import Registration
from portal.registration import RegistrationRefused, groups
from tests.conftest import csrf_from
from tests.factories import commune, details, gen_event, gen_registration, gen_user


def _count():
    return db.session.scalar(select(func.count()).select_from(Registration))


def _rows_data(rows, **extra):
    """Form data for the group form: rows of (name, sex, year, unit code, phone)."""
    data = {"role": "resident", "consent": "y", **extra}
    for index, (name, sex, year, unit, phone) in enumerate(rows):
        data.update({f"rows-{index}-full_name": name, f"rows-{index}-sex": sex, f"rows-{index}-birth_year": year,
                     f"rows-{index}-commune": unit, f"rows-{index}-phone": phone})
    return data


@pytest.fixture
def group(ctx, client, auth):
    """A collaborator of Hòa Bình signed in, and an event of their unit with 10 seats: (event, post)."""
    gen_user("ctv", role="collaborator")
    event = gen_event(capacity=10)
    auth.login("ctv")
    url = f"/cong-tac-vien/events/{event.slug}/nhom"

    def post(rows, **extra):
        return client.post(url, data=_rows_data(rows, csrf_token=csrf_from(client, url), **extra))
    return event, post


# Paste parsing

def test_pasted_rows_with_tabs_commas_and_vietnamese_words_fill_the_rows(ctx):
    communes = list_communes(gen_event().campaign)
    text = ("Họ và tên\tGiới tính\tNăm sinh\tĐơn vị\tĐiện thoại\n"
            "Nguyễn Thị Lan\tnữ\t1990\tHoa Binh\t0912 345 678\n"
            "Trần Văn Nam,Nam,1955,thi tran thuong tin,\n"
            "\n"
            "Lê Khác,female,1970,10198\n"
            "Đỗ Văn Một,khác,1980,xa hoa binh,0988111222\n")
    rows = groups.parse_pasted(text, communes)
    assert [r["full_name"] for r in rows] == ["Nguyễn Thị Lan", "Trần Văn Nam", "Lê Khác", "Đỗ Văn Một"]
    assert [r["sex"] for r in rows] == ["female", "male", "female", "other"]
    assert [r["commune"] for r in rows] == ["10198", "10183", "10198", "10198"]
    assert [r["phone"] for r in rows] == ["0912 345 678", "", "", "0988111222"]
    assert rows[0]["birth_year"] == "1990"


def test_an_unknown_unit_or_sex_is_kept_as_typed_to_be_corrected(ctx):
    rows = groups.parse_pasted("Nguyễn Thị Lan;x\tgì đó\t1990\tHà Giang\n", list_communes(gen_event().campaign))
    assert rows[0]["sex"] == "gì đó" and rows[0]["commune"] == "Hà Giang"


# Checks before saving (domain)

def test_duplicates_inside_the_batch_are_shown_on_the_later_rows(ctx):
    event = gen_event()
    rows = [details(), details(full_name="nguyen thi  LAN"), details(phone=None, full_name="Lê Văn Tư"),
            details(phone=None, full_name="Le Van Tu"), details(phone=None, full_name="Le Van Tu", birth_year=1991)]
    found = groups.problems(event, rows)
    assert set(found) == {1, 3}
    assert "dòng 1" in str(found[1]) and "dòng 3" in str(found[3])


def test_people_already_registered_for_the_event_are_shown(ctx):
    event = gen_event()
    gen_registration(event, full_name="Nguyễn Thị Lan")
    gen_registration(event, full_name="Lê Văn Tư", phone=None)
    rows = [details(full_name="Nguyen Thi Lan"), details(full_name="Lê Văn Tư", phone=None),
            details(full_name="Lê Văn Tư", phone="0987654321")]
    found = groups.problems(event, rows)
    assert set(found) == {0, 1} and "đã đăng ký" in str(found[0])


def test_more_than_a_household_on_one_phone_is_refused_on_those_rows(ctx, app):
    size = app.config["HOUSEHOLD_SIZE"]
    event = gen_event()
    gen_registration(event, full_name="Người Đã Có")
    rows = [details(full_name=f"Người Thứ {'ABCDEFGH'[i]}") for i in range(size)] + [details(phone="0987654321")]
    found = groups.problems(event, rows)
    assert set(found) == set(range(size)) and str(size) in str(found[0])


def test_a_batch_is_saved_whole_for_the_collaborator_with_consent(ctx):
    ctv = gen_user("ctv", role="collaborator")
    event = gen_event(capacity=3)
    now = clock.now()
    made = groups.register_group(event, [details(), details(full_name="Trần Văn Nam", phone=None)], ctv, now)
    db.session.commit()
    assert [r.registered_by_id for r in made] == [ctv.id, ctv.id]
    assert all(r.source == "collaborator" and r.consent_at == now and r.consent_version for r in made)
    assert event.seats_left == 1


def test_a_refused_last_row_writes_nothing_of_the_batch(ctx):
    """Does the batch roll back whole when its last row finds the event full?"""
    ctv = gen_user("ctv", role="collaborator")
    event = gen_event(capacity=2)
    rows = [details(full_name="Người Thứ Nhất"), details(full_name="Người Thứ Hai", phone=None),
            details(full_name="Người Thứ Ba", phone=None)]
    with pytest.raises(RegistrationRefused):
        groups.register_group(event, rows, ctv, clock.now())
    db.session.commit()
    db.session.expire_all()
    assert _count() == 0 and event.seats_taken == 0


# The form

def test_the_event_page_links_to_the_group_form_with_ten_empty_rows(group, client):
    event, _post = group
    assert f"/cong-tac-vien/events/{event.slug}/nhom" in client.get(f"/cong-tac-vien/events/{event.slug}").text
    page = client.get(f"/cong-tac-vien/events/{event.slug}/nhom").text
    assert 'name="rows-9-full_name"' in page and 'name="rows-10-full_name"' not in page


def test_ten_more_rows_keep_what_was_typed(group):
    _event, post = group
    response = post([("Nguyễn Thị Lan", "female", "1990", "10198", "")], action="more")
    assert response.status_code == 200 and _count() == 0
    assert 'name="rows-19-full_name"' in response.text and 'value="Nguyễn Thị Lan"' in response.text


def test_pasted_rows_are_shown_for_checking_not_saved(group):
    _event, post = group
    response = post([], action="paste", paste="Nguyễn Thị Lan\tnữ\t1990\thoa binh\t0912345678\n"
                                              "Trần Văn Nam\tnam\t1955\tHòa Bình\t\n")
    assert response.status_code == 200 and _count() == 0
    assert 'value="Nguyễn Thị Lan"' in response.text and 'value="Trần Văn Nam"' in response.text
    assert 'value="0912345678"' in response.text
    first = re.search(r'<input[^>]*name="rows-0-full_name"[^>]*>', response.text).group(0)
    assert 'value="Nguyễn Thị Lan"' in first and 'name="rows-9-full_name"' in response.text


def test_htmx_gets_the_form_alone_with_more_rows(group, htmx, client):
    event, _post = group
    url = f"/cong-tac-vien/events/{event.slug}/nhom"
    response = htmx.post(url, target="group-form", data=_rows_data([], action="more"),
                         csrf=csrf_from(client, url))
    assert response.status_code == 200
    assert '<form id="group-form"' in response.text and "<html" not in response.text
    assert 'name="rows-19-full_name"' in response.text


def test_each_row_says_what_is_wrong_next_to_its_field_and_nothing_is_saved(group):
    _event, post = group
    response = post([("Nguyễn Thị Lan", "female", "1990", "10198", "0168 123 4567"),
                     ("Trần Văn Nam", "male", "75", "10198", ""),
                     ("", "", "", "10198", ""),
                     ("X1", "", "1960", "10198", "")])
    assert response.status_code == 422 and _count() == 0
    page = response.text
    assert 'id="rows-0-phone-error"' in page and 'id="rows-1-birth_year-error"' in page
    assert "Năm sinh phải là 4 chữ số" in page and 'id="rows-3-full_name-error"' in page
    assert 'id="rows-3-sex-error"' in page and "rows-2-full_name-error" not in page
    assert 'value="Trần Văn Nam"' in page and 'value="75"' in page


def test_duplicates_in_the_form_are_shown_before_saving(group):
    event, post = group
    gen_registration(event, full_name="Phạm Văn Bình", phone=None, birth_year=1960)
    response = post([("Nguyễn Thị Lan", "female", "1990", "10198", "0912345678"),
                     ("Nguyen Thi Lan", "female", "1990", "10198", "0912 345 678"),
                     ("Phạm Văn Bình", "male", "1960", "10198", "")])
    assert response.status_code == 422 and _count() == 1
    assert "Trùng với dòng 1" in response.text and "đã đăng ký hoạt động này" in response.text


def test_consent_is_needed_for_the_batch(group):
    _event, post = group
    response = post([("Nguyễn Thị Lan", "female", "1990", "10198", "")], consent="")
    assert response.status_code == 422 and _count() == 0


def test_a_batch_is_saved_and_its_tickets_listed_with_the_sheet(group, client):
    event, post = group
    response = post([("Nguyễn Thị Lan", "female", "1990", "10198", "0912345678"),
                     ("Trần Văn Nam", "male", "1955", "10183", ""),
                     ("Trần Thị Hoa", "female", "1958", "10198", "0912345678")])
    assert response.status_code == 303 and _count() == 3
    page = client.get(response.headers["Location"]).text
    codes = db.session.scalars(select(Registration.short_code)).all()
    assert all(f"{code[:4]}-{code[4:]}" in page for code in codes)
    assert f"/cong-tac-vien/events/{event.slug}/tickets" in page and "0912345678" not in page
    assert db.session.scalar(select(Registration).where(Registration.phone.is_(None))).person.commune == commune("10183")


def test_a_batch_larger_than_the_seats_left_saves_nothing_and_offers_the_first_ones(group):
    event, post = group
    gen_registration(event, full_name="Người Đã Có", phone="0987000000")
    rows = [(f"Người Số {'ABCDEFGHIJKL'[i]}", "male", "1960", "10198", "") for i in range(11)]
    response = post(rows)
    assert response.status_code == 422 and _count() == 1
    assert "còn 9 chỗ" in response.text and 'value="first"' in response.text
    response = post(rows, action="first")
    assert response.status_code == 303 and _count() == 10
    names = db.session.scalars(select(Registration).where(Registration.registered_by_id.isnot(None))).all()
    assert sorted(r.person.full_name for r in names) == sorted(r[0] for r in rows[:9])


def test_an_empty_batch_is_refused(group):
    _event, post = group
    response = post([])
    assert response.status_code == 422 and "Danh sách chưa có ai" in response.text
