"""View tests: the event list, an event's page, and registration with and without htmx."""
import unicodedata
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.extensions import db
from portal.models import Person, Registration
from tests.conftest import csrf_from
from tests.factories import commune, form_data, gen_event, gen_registration


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_list_is_a_full_page_and_a_fragment_for_htmx(ctx, client, htmx):
    gen_event(title="Tập huấn cộng tác viên")
    page = client.get("/events")
    assert page.status_code == 200 and "<html" in page.text and "Tập huấn cộng tác viên" in page.text
    part = htmx.get("/events", target="event-results")
    assert part.status_code == 200 and "<html" not in part.text
    assert part.text.lstrip().startswith('<section id="event-results"') and "Tập huấn cộng tác viên" in part.text
    assert "HX-Request" in part.headers["Vary"]


def test_boosted_and_history_restore_requests_get_the_full_page(ctx, client):
    for header in ("HX-Boosted", "HX-History-Restore-Request"):
        response = client.get("/events", headers={"HX-Request": "true", header: "true"})
        assert "<html" in response.text


@pytest.mark.parametrize("query", ["hoa binh", "Hoà Bình", "HÒA BÌNH", "xa hoa"])
def test_search_without_accents_finds_the_commune(ctx, client, query):
    gen_event(title="Nói chuyện chuyên đề", commune=commune("10198"))
    gen_event(title="Mít tinh", commune=commune("10183"))
    text = client.get("/events", query_string={"q": query}).text
    assert "Nói chuyện chuyên đề" in text and "Mít tinh" not in text


def test_search_thuong_tin_finds_the_town(ctx, client):
    gen_event(title="Mít tinh hưởng ứng", commune=commune("10183"))
    assert "Mít tinh hưởng ứng" in client.get("/events?q=thuong+tin").text


def test_filters_by_kind_commune_and_date(ctx, client):
    now = clock.now()
    gen_event(title="Tập huấn A", kind="training", commune=commune("10198"), starts_at=now + timedelta(days=2))
    gen_event(title="Truyền thông B", kind="communication", commune=commune("10183"), starts_at=now + timedelta(days=20))
    gen_event(title="Đã qua C", kind="training", starts_at=now - timedelta(days=2))
    assert _titles(client, kind="training") == ["Tập huấn A"]
    assert _titles(client, commune="10183") == ["Truyền thông B"]
    assert _titles(client, when="all") == ["Đã qua C", "Tập huấn A", "Truyền thông B"]
    day = (now + timedelta(days=20)).date().isoformat()
    assert _titles(client, **{"from": day, "to": day}) == ["Truyền thông B"]


def _titles(client, **query):
    import re

    return re.findall(r'class="title" href="/events/[^"]+">([^<]+)<', client.get("/events", query_string=query).text)


def test_nonsense_filters_show_the_list_not_an_error(ctx, client):
    response = client.get("/events", query_string={"kind": "x", "when": "?", "from": "31/02", "page": "abc", "q": "%_"})
    assert response.status_code == 200


def test_list_is_paginated_and_pages_keep_the_filters(ctx, client):
    for n in range(15):
        gen_event(title=f"Tập huấn số {n:02d}", kind="training")
    first = client.get("/events?kind=training").text
    assert "Tập huấn số 00" in first and "Tập huấn số 14" not in first
    assert "/events?page=2&amp;kind=training" in first or "/events?kind=training&amp;page=2" in first
    assert "Tập huấn số 14" in client.get("/events?kind=training&page=2").text


def test_event_page_shows_what_a_person_needs(ctx, client):
    event = gen_event(title="Tập huấn kỹ năng", venue="Nhà văn hóa thôn 3", capacity=40)
    gen_registration(event)
    text = client.get(f"/events/{event.slug}").text
    for fact in ("Tập huấn kỹ năng", "Nhà văn hóa thôn 3", "Xã Hòa Bình", "Còn 39 / 40 chỗ", "Đang mở"):
        assert fact in text
    assert 'name="full_name"' in text


def test_a_past_event_says_it_is_over_instead_of_seats_left(ctx, client):
    event = gen_event(title="Tập huấn đã qua", capacity=60, starts_at=clock.now() - timedelta(days=2))
    gen_event(title="Tập huấn sắp tới", capacity=60)
    listed = client.get("/events?when=all").text
    past = listed[listed.index("Tập huấn đã qua"):listed.index("Tập huấn sắp tới")]
    assert "Đã diễn ra" in listed[:listed.index("Tập huấn sắp tới")] and "Còn 60 chỗ" not in past
    assert "Còn 60 chỗ" in listed[listed.index("Tập huấn sắp tới"):]  # the coming one still shows its seats
    page = client.get(f"/events/{event.slug}").text
    assert "Đã diễn ra" in page and "Còn 60 / 60 chỗ" not in page


def test_unknown_event_is_a_vietnamese_404(client):
    response = client.get("/events/nope")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.text


def test_registering_redirects_to_the_ticket(ctx, client):
    event = gen_event()
    token = csrf_from(client, f"/events/{event.slug}")
    response = client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token))
    assert response.status_code == 303
    entry = db.session.scalar(select(Registration))
    assert response.headers["Location"].endswith(f"/t/{entry.token}")
    assert entry.phone == "0912345678" and entry.consent_at is not None
    assert "Nguyễn Thị Lan" in client.get(response.headers["Location"]).text


def test_registering_with_htmx_sends_the_browser_to_the_ticket(ctx, client, htmx):
    event = gen_event()
    token = csrf_from(client, f"/events/{event.slug}")
    response = htmx.post(f"/events/{event.slug}/register", target="register-form", csrf=token, data=form_data())
    entry = db.session.scalar(select(Registration))
    assert response.headers["HX-Redirect"].endswith(f"/t/{entry.token}")


def test_decomposed_unicode_name_is_stored_in_nfc(ctx, client):
    event = gen_event()
    token = csrf_from(client, f"/events/{event.slug}")
    name = unicodedata.normalize("NFD", "Lê Thị Hoà")
    client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token, full_name=name))
    assert db.session.scalar(select(Person.full_name)) == unicodedata.normalize("NFC", "Lê Thị Hoà")


BAD_INPUT = [
    ({"full_name": ""}, "Vui lòng nhập họ và tên"),
    ({"full_name": "A" * 500}, "dài quá 100 ký tự"),
    ({"full_name": "<script>alert(1)</script>"}, "chỉ gồm chữ cái"),
    ({"full_name": "Lan 😀"}, "chỉ gồm chữ cái"),
    ({"phone": ""}, "Vui lòng nhập số điện thoại"),
    ({"phone": "0168 123 4567"}, "0381234567"),
    ({"phone": "9" * 500}, "không hợp lệ"),
    ({"sex": None}, "Vui lòng chọn giới tính"),
    ({"sex": "robot"}, "Vui lòng chọn giới tính"),
    ({"birth_year": "1800"}, "Năm sinh phải là 4 chữ số"),
    ({"birth_year": "NEXT"}, "Năm sinh phải là 4 chữ số"),
    ({"birth_year": "199O"}, "Năm sinh phải là 4 chữ số"),
    ({"commune": "99999"}, "Vui lòng chọn xã, thị trấn trong danh sách"),
    ({"commune": ""}, "Vui lòng chọn xã, thị trấn trong danh sách"),
    ({"role": "admin"}, "Vui lòng chọn mục “Bạn là”"),
    ({"consent": None}, "Bạn cần đồng ý"),
]


@pytest.mark.parametrize("fields, message", BAD_INPUT)
def test_bad_input_gets_a_message_keeps_the_form_and_stores_nothing(ctx, client, fields, message):
    if fields.get("birth_year") == "NEXT":
        fields = {"birth_year": str(clock.now().year + 1)}
    event = gen_event()
    token = csrf_from(client, f"/events/{event.slug}")
    response = client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token, **fields))
    assert response.status_code == 422
    assert message in response.text
    assert "Vui lòng sửa các mục được đánh dấu" in response.text
    if "full_name" not in fields:
        assert 'value="Nguyễn Thị Lan"' in response.text
    assert "<script>alert" not in response.text
    assert _count(Registration) == 0 and _count(Person) == 0


def test_validation_errors_swap_the_form_for_htmx(ctx, client, htmx):
    event = gen_event()
    token = csrf_from(client, f"/events/{event.slug}")
    response = htmx.post(f"/events/{event.slug}/register", target="register-form", csrf=token,
                         data=form_data(phone="12"))
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<form id="register-form"') and 'value="12"' in response.text


def test_missing_csrf_token_is_refused_and_stores_nothing(ctx, client):
    event = gen_event()
    response = client.post(f"/events/{event.slug}/register", data=form_data())
    assert response.status_code == 400 and "tải lại trang" in response.text
    assert _count(Registration) == 0


def test_same_person_registering_again_gets_the_same_ticket(ctx, client):
    event = gen_event()
    entry = gen_registration(event)
    token = csrf_from(client, f"/events/{event.slug}")
    response = client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token, phone="+84 912 345 678"))
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/t/{entry.token}")


def test_someone_else_with_a_registered_number_gets_a_ticket_of_their_own(ctx, client):
    """A household shares the phone: the husband gets his own ticket, and nothing of his wife's."""
    event = gen_event()
    entry = gen_registration(event)
    token = csrf_from(client, f"/events/{event.slug}")
    response = client.post(f"/events/{event.slug}/register",
                           data=form_data(csrf_token=token, full_name="Trần Văn Hùng", birth_year="1970"))
    assert response.status_code == 303 and not response.headers["Location"].endswith(f"/t/{entry.token}")
    ticket = client.get(response.headers["Location"]).text
    assert "Trần Văn Hùng" in ticket and "Nguyễn Thị Lan" not in ticket and entry.short_code not in ticket
    assert _count(Registration) == 2


@pytest.mark.parametrize("fields, message", [
    ({"status": "cancelled"}, "đã bị hủy"),
    ({"registration_open": False}, "đóng đăng ký"),
    ({"capacity": 0}, "hết chỗ"),
])
def test_events_that_take_no_registration_say_why(ctx, client, fields, message):
    event = gen_event(**fields)
    page = client.get(f"/events/{event.slug}")
    assert message in page.text and 'name="full_name"' not in page.text
    token = csrf_from(client, "/tickets/recover")
    response = client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token))
    assert response.status_code == 422 and message in response.text
    assert _count(Registration) == 0


def test_inline_check_returns_the_field_with_its_message(ctx, client, htmx):
    event = gen_event()
    token = csrf_from(client, f"/events/{event.slug}")
    response = htmx.post(f"/events/{event.slug}/register/check", trigger_name="phone", csrf=token,
                         data={"phone": "0168 123 4567"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div class="field invalid" id="field-phone"')
    assert "0381234567" in response.text
    fine = htmx.post(f"/events/{event.slug}/register/check", trigger_name="phone", csrf=token,
                     data={"phone": "0912345678"})
    assert "invalid" not in fine.text


def test_inline_check_refuses_fields_it_does_not_check(ctx, client, htmx):
    event = gen_event()
    token = csrf_from(client, f"/events/{event.slug}")
    response = htmx.post(f"/events/{event.slug}/register/check", trigger_name="csrf_token", csrf=token, data={})
    assert response.status_code == 400


def test_tampered_csrf_token_is_refused(ctx, client):
    event = gen_event()
    token = csrf_from(client, f"/events/{event.slug}")
    response = client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token[:-4] + "AAAA"))
    assert response.status_code == 400 and _count(Registration) == 0


def test_pages_forbid_framing_and_foreign_scripts(client):
    headers = client.get("/events").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"] and headers["X-Frame-Options"] == "DENY"
