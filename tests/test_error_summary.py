"""View tests: every form, after a failed submit, starts with a summary of its problems, each a link to its field;
the summary takes the focus (autofocus without JavaScript) and is announced."""
import re

from tests.conftest import A, Auth, csrf_from
from tests.factories import gen_user, open_event

SUMMARY = re.compile(r'<div class="alert error error-summary" id="[a-z-]*error-summary" role="alert" tabindex="-1"'
                     r' autofocus data-error-summary>(.*?)</div>', re.S)


def _summary(response):
    """The summary's HTML in a 422 answer (there is exactly one)."""
    assert response.status_code == 422
    found = SUMMARY.findall(response.text)
    assert len(found) == 1, response.text
    return found[0]


def test_identify_lists_its_problems_first(ctx, client):
    code = open_event().checkin_code
    token = csrf_from(client, f"/c/{code}")
    summary = _summary(client.post(f"/c/{code}/identify", data={"csrf_token": token, "phone": "12",
                                                                "birth_year": ""}))
    assert 'href="#identify-phone"' in summary and 'href="#identify-birth_year"' in summary
    assert "Vui lòng nhập năm sinh." in summary


def test_an_identify_that_finds_nobody_is_in_the_summary(ctx, client):
    code = open_event().checkin_code
    token = csrf_from(client, f"/c/{code}")
    summary = _summary(client.post(f"/c/{code}/identify", data={"csrf_token": token, "phone": "0912345678",
                                                                "birth_year": "1990"}))
    assert "Không tìm thấy đăng ký" in summary


def test_login_lists_its_problems_first(ctx, client):
    token = csrf_from(client, "/login")
    summary = _summary(client.post("/login", data={"csrf_token": token, "username": "", "password": ""}))
    assert 'href="#username"' in summary and "Vui lòng nhập tên đăng nhập." in summary
    assert 'href="#password"' in summary


def test_a_wrong_password_is_in_the_summary(ctx, client):
    gen_user()
    token = csrf_from(client, "/login")
    summary = _summary(client.post("/login", data={"csrf_token": token, "username": "organiser", "password": "x"}))
    assert 'href="#password"' in summary and "Tên đăng nhập hoặc mật khẩu không đúng." in summary


def test_headcount_lists_its_problems_first(ctx, client):
    gen_user()
    slug = open_event(kind="communication").slug
    Auth(client).login()
    token = csrf_from(client, f"/manage/events/{slug}/headcount")
    summary = _summary(client.post(f"/manage/events/{slug}/headcount", data={
        "csrf_token": token, "male": "ba", "female": "1", "other": "0", "revises": "0"}))
    assert 'href="#male"' in summary and "Vui lòng nhập một số nguyên" in summary
    summary = _summary(client.post(f"/manage/events/{slug}/headcount", data={
        "csrf_token": token, "male": "1", "female": "1", "other": "0", "revises": "0", f"commune-{A}": "9"}))
    assert 'href="#by-commune"' in summary and "Tổng theo xã, thị trấn (9) lớn hơn tổng số người" in summary


def test_the_event_form_lists_its_problems_first(ctx, client):
    gen_user("admin", role="admin")
    Auth(client).login("admin")
    token = csrf_from(client, "/manage/events/new")
    summary = _summary(client.post("/manage/events/new", data={"csrf_token": token, "kind": "training",
                                                               "title": "", "starts_at": "hôm nay"}))
    assert 'href="#title"' in summary and 'href="#starts_at"' in summary
    assert "Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút." in summary
