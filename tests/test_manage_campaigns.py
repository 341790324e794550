"""View tests: district admins list, create, edit and pin campaigns at /manage/campaigns; organisers never see it."""
import re

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.catalogue import closing
from portal.extensions import db
from portal.models import AuditEntry, Campaign
from tests.conftest import csrf_from
from tests.factories import commune, gen_campaign, gen_event, gen_unit_list, gen_user

FORM = {"year": "2027", "title": "Tháng hành động năm 2027", "theme": "Bình đẳng giới trong kỷ nguyên số",
        "starts_on": "2027-11-15", "ends_on": "2027-12-15", "lead_agency": "Sở Y tế Hà Nội",
        "plan_reference": "Kế hoạch 12/KH-UBND", "organiser_name": "Thành phố Hà Nội"}


def error_of(page, field):
    """The message shown next to field, or None."""
    found = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', page, re.S)
    return found.group(1) if found else None


def value_of(page, field):
    """What an <input> (or the selected <option> of a <select>, or a <textarea>) holds on the page."""
    found = (re.search(rf'<input[^>]*id="{field}"[^>]*value="([^"]*)"', page)
             or re.search(rf'<textarea[^>]*id="{field}"[^>]*>\s*(.*?)</textarea>', page, re.S))
    if found:
        return found.group(1)
    select_html = re.search(rf'<select[^>]*id="{field}".*?</select>', page, re.S).group(0)
    return re.search(r'<option selected value="([^"]*)"', select_html).group(1)


@pytest.fixture
def admin(ctx, auth):
    gen_user("admin", role="admin")
    auth.login("admin")


def post(client, url, **fields):
    return client.post(url, data={"csrf_token": csrf_from(client, "/manage/campaigns/new"), **fields})


def test_the_list_shows_every_campaign_with_its_list_its_pin_and_whether_it_is_closed(admin, client):
    earlier = gen_campaign(year=2025, title="Tháng hành động năm 2025")
    closing.close(earlier, None, clock.now())
    db.session.commit()
    page = client.get("/manage/campaigns").text
    row = re.search(rf'<li class="event-item" id="campaign-{earlier.id}">(.*?)</li>', page, re.S).group(1)
    assert "2025" in row and "Tháng hành động năm 2025" in row and "15/11/2025 – 15/12/2025" in row
    assert "Huyện Thường Tín, Hà Nội: 29 xã, thị trấn (bản đồ 2022)" in row and "Đã đóng" in row
    assert len(re.findall(r'id="campaign-\d+"', page)) == 2


def test_organisers_get_not_found(ctx, client, auth):
    campaign = gen_campaign()
    gen_user()
    auth.login()
    for url in ("/manage/campaigns", "/manage/campaigns/new", f"/manage/campaigns/{campaign.id}/edit"):
        assert client.get(url).status_code == 404
    token = csrf_from(client, "/manage/")
    for url in (f"/manage/campaigns/{campaign.id}/pin", f"/manage/campaigns/{campaign.id}/unpin", "/manage/campaigns/new"):
        assert client.post(url, data={"csrf_token": token, **FORM}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Campaign)) == 2


def test_an_admin_creates_a_campaign_on_a_list_and_the_audit_log_says_so(admin, client):
    hanoi = gen_unit_list()
    response = post(client, "/manage/campaigns/new", **FORM, unit_list_id=str(hanoi.id))
    assert response.status_code == 303
    made = db.session.scalar(select(Campaign).where(Campaign.year == 2027))
    assert (made.title, made.organiser_name, made.unit_list_id, made.pinned) == (
        "Tháng hành động năm 2027", "Thành phố Hà Nội", hanoi.id, False)
    assert db.session.scalar(select(AuditEntry.target).where(AuditEntry.action == "campaign_created")) == str(made.id)
    assert "Tháng hành động năm 2027" in client.get(response.headers["Location"]).text


@pytest.mark.parametrize("changes, field, message", [
    ({"ends_on": "2027-11-01"}, "ends_on", "Ngày kết thúc không được trước ngày bắt đầu"),
    ({"year": "1999"}, "year", "Năm từ 2000 đến 2100"),
    ({"year": "2o27"}, "year", "Vui lòng nhập một số nguyên"),
    ({"year": "2026"}, "year", "không khớp với thời gian"),
    ({"title": "   "}, "title", "Vui lòng điền mục này"),
    ({"organiser_name": "x" * 201}, "organiser_name", "Tối đa 200 ký tự"),
    ({"starts_on": "15/13/2027"}, "starts_on", "Nhập ngày theo dạng"),
    ({"unit_list_id": "999999"}, "unit_list_id", "Vui lòng chọn một danh sách đơn vị"),
])
def test_a_mistake_is_told_next_to_its_field_and_the_form_keeps_what_was_typed(admin, client, changes, field,
                                                                               message):
    typed = FORM | {"unit_list_id": str(commune().unit_list_id)} | changes
    response = post(client, "/manage/campaigns/new", **typed)
    assert response.status_code == 422
    assert message in error_of(response.text, field)
    assert 'id="error-summary"' in response.text and f'href="#{field}"' in response.text
    for name, value in typed.items():
        if name != "unit_list_id" or field != "unit_list_id":
            assert value_of(response.text, name) == value.strip() or name == "title", name
    assert db.session.scalar(select(func.count()).select_from(Campaign)) == 1


def test_an_admin_edits_a_campaign_and_the_audit_log_says_so(admin, client):
    campaign = gen_campaign(year=2027)
    url = f"/manage/campaigns/{campaign.id}/edit"
    page = client.get(url).text
    assert value_of(page, "title") == campaign.title and value_of(page, "starts_on") == "2027-11-15"
    response = post(client, url, **FORM | {"theme": "Chủ đề mới"}, unit_list_id=str(campaign.unit_list_id))
    assert response.status_code == 303
    db.session.expire_all()
    assert campaign.theme == "Chủ đề mới"
    assert db.session.scalar(select(AuditEntry.target).where(AuditEntry.action == "campaign_edited")) == str(campaign.id)


def test_changing_the_list_of_a_campaign_with_events_is_refused_next_to_the_list(admin, client):
    campaign = gen_campaign(year=2027)
    gen_event(campaign=campaign)
    response = post(client, f"/manage/campaigns/{campaign.id}/edit", **FORM, unit_list_id=str(gen_unit_list().id))
    assert response.status_code == 422
    assert "Chiến dịch đã có 1 hoạt động" in error_of(response.text, "unit_list_id")
    assert value_of(response.text, "title") == FORM["title"]
    db.session.expire_all()
    assert campaign.unit_list_id == commune().unit_list_id and campaign.title == "Tháng hành động năm 2027"


def test_a_closed_campaign_is_shown_read_only_and_saying_why(admin, client):
    campaign = gen_campaign(year=2025)
    closing.close(campaign, None, clock.now())
    db.session.commit()
    url = f"/manage/campaigns/{campaign.id}/edit"
    page = client.get(url)
    assert page.status_code == 200 and "đã đóng" in page.text and "<form" not in page.text.split("<main", 1)[1]
    assert campaign.title in page.text
    refused = client.post(url, data={"csrf_token": csrf_from(client, "/manage/campaigns"), **FORM,
                                     "unit_list_id": str(campaign.unit_list_id)})
    assert refused.status_code == 409 and "đã đóng" in refused.text
    db.session.expire_all()
    assert campaign.year == 2025


def test_an_admin_pins_a_campaign_and_the_home_shows_it_then_unpins_it(admin, client):
    campaign = gen_campaign(year=2025, title="Tháng hành động năm 2025")
    token = csrf_from(client, "/manage/campaigns")
    assert client.post(f"/manage/campaigns/{campaign.id}/pin", data={"csrf_token": token}).status_code == 303
    assert "<h1>Tháng hành động năm 2025</h1>" in client.get("/").text
    page = client.get("/manage/campaigns").text
    assert "Đang ghim" in re.search(rf'<li class="event-item" id="campaign-{campaign.id}">(.*?)</li>', page, re.S).group(1)
    assert client.post(f"/manage/campaigns/{campaign.id}/unpin", data={"csrf_token": token}).status_code == 303
    assert "<h1>Tháng hành động năm 2025</h1>" not in client.get("/").text
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["campaign_pinned", "campaign_unpinned"]


def test_a_closed_campaign_cannot_be_pinned(admin, client):
    campaign = gen_campaign(year=2025)
    closing.close(campaign, None, clock.now())
    db.session.commit()
    response = client.post(f"/manage/campaigns/{campaign.id}/pin",
                           data={"csrf_token": csrf_from(client, "/manage/campaigns")})
    assert response.status_code == 409 and "đã đóng" in response.text
    db.session.expire_all()
    assert not campaign.pinned
