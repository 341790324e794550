"""View tests: digits typed from other keyboards (fullwidth, Arabic-Indic) in every form that reads a number."""
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Attendance, Person, Registration
from tests.conftest import csrf_from
from tests.factories import (
    form_data,
    gen_event,
    gen_registration,
    gen_registration_now,
    gen_user,
    open_event,
)

FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
NOT_DIGITS = "Số điện thoại chỉ gồm chữ số"
BAD_YEAR = "Năm sinh phải là 4 chữ số"


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def _register(client, event, **fields):
    token = csrf_from(client, f"/events/{event.slug}")
    return client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token, **fields))


def test_one_person_typing_their_number_three_ways_has_one_ticket(ctx, client):
    """Can the same number in fullwidth or Arabic-Indic digits register the same person a second time?"""
    event = gen_event()
    first = _register(client, event, phone="0912345678")
    fullwidth = _register(client, event, phone="0912345678".translate(FULLWIDTH))
    arabic = _register(client, event, phone="0912345678".translate(ARABIC_INDIC))
    assert fullwidth.status_code == 303 and fullwidth.headers["Location"] == first.headers["Location"]
    assert arabic.status_code == 422 and NOT_DIGITS in arabic.text
    assert 'value="Nguyễn Thị Lan"' in arabic.text
    assert _count(Registration) == 1 and db.session.scalar(select(Person.phone)) == "0912345678"


def test_arabic_indic_year_of_birth_is_refused_at_registration(ctx, client):
    event = gen_event()
    response = _register(client, event, birth_year="1990".translate(ARABIC_INDIC))
    assert response.status_code == 422 and BAD_YEAR in response.text
    fullwidth = _register(client, event, birth_year="1990".translate(FULLWIDTH))
    assert fullwidth.status_code == 303 and db.session.scalar(select(Person.birth_year)) == 1990


def _recover(client, **data):
    token = csrf_from(client, "/tickets/recover")
    return client.post("/tickets/recover", data={"csrf_token": token, **data})


def test_recovery_reads_fullwidth_digits_and_refuses_other_scripts(ctx, client):
    entry = gen_registration(gen_event())
    found = _recover(client, phone="0912 345 678".translate(FULLWIDTH), birth_year="1990".translate(FULLWIDTH))
    assert found.status_code == 200 and f"/t/{entry.token}" in found.text
    by_code = _recover(client, phone="0912345678", short_code=entry.short_code.translate(FULLWIDTH).lower())
    assert f"/t/{entry.token}" in by_code.text
    refused = _recover(client, phone="0912345678", birth_year="1990".translate(ARABIC_INDIC))
    assert refused.status_code == 422 and BAD_YEAR in refused.text and entry.token not in refused.text


def test_recovery_limit_counts_a_number_however_its_digits_are_typed(ctx, client):
    """Can someone get five more guesses at a number by typing it in fullwidth digits?"""
    gen_registration(gen_event())
    statuses = [_recover(client, phone="0912345678", birth_year=str(1950 + n)).status_code for n in range(5)]
    again = _recover(client, phone="0912345678".translate(FULLWIDTH), birth_year="1960")
    assert statuses == [200] * 5 and again.status_code == 429


def test_self_check_in_identifies_with_fullwidth_digits(ctx, client):
    event = open_event()
    gen_registration_now(event)
    token = csrf_from(client, f"/c/{event.checkin_code}")
    arabic = client.post(f"/c/{event.checkin_code}/identify", data={
        "csrf_token": token, "phone": "0912345678".translate(ARABIC_INDIC), "birth_year": "1990"})
    assert arabic.status_code == 422 and NOT_DIGITS in arabic.text and _count(Attendance) == 0
    right = client.post(f"/c/{event.checkin_code}/identify", data={
        "csrf_token": token, "phone": "0912345678".translate(FULLWIDTH), "birth_year": "1990".translate(FULLWIDTH)})
    assert 'class="scan-result new"' in right.text and _count(Attendance) == 1


def test_walk_in_refuses_an_arabic_indic_year_and_phone(ctx, client):
    event = open_event(kind="communication")
    token = csrf_from(client, f"/c/{event.checkin_code}")
    response = client.post(f"/c/{event.checkin_code}/walk-in", data={
        "csrf_token": token, "full_name": "Phạm Văn Bình", "sex": "male", "commune": "10183",
        "birth_year": "1975".translate(ARABIC_INDIC), "phone": "0987654321".translate(ARABIC_INDIC)})
    assert response.status_code == 422 and BAD_YEAR in response.text and NOT_DIGITS in response.text
    assert 'value="Phạm Văn Bình"' in response.text and _count(Attendance) == 0


def test_desk_finds_a_ticket_by_a_fullwidth_short_code(ctx, client, auth, htmx):
    gen_user()
    auth.login()
    token = csrf_from(client, "/manage/")
    event = open_event()
    entry = gen_registration_now(event, full_name="Đỗ Thị Hằng")
    typed = f"{entry.short_code[:4]}-{entry.short_code[4:]}".translate(FULLWIDTH)
    found = htmx.get(f"/manage/events/{event.slug}/desk/search?q={typed}", target="desk-search-results")
    assert "Đỗ Thị Hằng" in found.text
    response = htmx.post(f"/manage/events/{event.slug}/scan", target="scan-result", csrf=token, data={"code": typed})
    assert 'class="scan-result new"' in response.text
