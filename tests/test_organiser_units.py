"""View tests: an organiser account is bound to a unit of the campaign they work on; the admin picks the campaign,
then one of its units (a plain form without JavaScript, the unit select swapped in place with htmx)."""
import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEntry, Campaign, Event, User
from tests.conftest import csrf_from
from tests.factories import PASSWORD, commune, gen_campaign, gen_unit_list, gen_user


@pytest.fixture
def city(ctx, auth):
    """A campaign of the city on a list of two of today's communes (Xã Thường Tín 10183, Xã Ngọc Hồi 00679); an
    admin signed in."""
    gen_user("admin", role="admin")
    auth.login("admin")
    return gen_campaign(year=2026, title="Tháng hành động của thành phố", unit_list=gen_unit_list())


def options(page, select_id):
    """(value, text, selected) of each option of a select on the page."""
    found = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [(value, text, bool(selected)) for selected, value, text in
            re.findall(r'<option( selected)? value="([^"]*)"[^>]*>([^<]*)</option>', found)]


def test_the_form_offers_the_current_campaign_and_its_units(city, client):
    page = client.get("/manage/users").text
    current = db.session.scalar(select(Campaign).order_by(Campaign.id))
    assert (str(current.id), f"2026 · {current.title}", True) in options(page, "campaign")
    assert (str(city.id), "2026 · Tháng hành động của thành phố", False) in options(page, "campaign")
    units = options(page, "commune")
    assert len(units) == 1 + 29 and ("10198", "Xã Hòa Bình", False) in units


def test_without_javascript_a_plain_form_chooses_the_campaign_and_the_page_shows_its_units(city, client):
    page = client.get("/manage/users").text
    choice = re.search(r'<form class="card" method="get" action="/manage/users" id="campaign-choice">(.*?)</form>',
                       page, re.S).group(1)
    assert 'name="campaign"' in choice and re.search(r'<button type="submit">Chọn</button>', choice)
    response = client.get(f"/manage/users?campaign={city.id}")
    assert [unit[:2] for unit in options(response.text, "commune")][1:] == [("00679", "Xã Ngọc Hồi"),
                                                                         ("10183", "Xã Thường Tín")]
    assert (str(city.id), "2026 · Tháng hành động của thành phố", True) in options(response.text, "campaign")
    assert f'<input type="hidden" name="campaign" value="{city.id}">' in response.text


def test_the_form_sent_keeps_its_campaign_when_it_has_a_mistake(city, client):
    token = csrf_from(client, "/manage/users")
    response = client.post("/manage/users", data={"csrf_token": token, "campaign": str(city.id), "username": "ngochoi",
                                                   "full_name": "Cán bộ xã Ngọc Hồi", "role": "organiser",
                                                   "commune": "00679", "password": "ngắn"})
    assert response.status_code == 422
    assert ("00679", "Xã Ngọc Hồi", True) in options(response.text, "commune")
    assert (str(city.id), "2026 · Tháng hành động của thành phố", True) in options(response.text, "campaign")
    assert 'value="ngochoi"' in response.text and 'value="Cán bộ xã Ngọc Hồi"' in response.text


def test_an_organiser_is_bound_to_a_unit_of_the_chosen_campaign(city, client):
    token = csrf_from(client, "/manage/users")
    response = client.post("/manage/users", data={"csrf_token": token, "campaign": str(city.id), "username": "ngochoi",
                                                   "full_name": "Cán bộ xã Ngọc Hồi", "role": "organiser",
                                                   "commune": "00679", "password": PASSWORD})
    assert response.status_code == 303
    user = db.session.scalar(select(User).where(User.username == "ngochoi"))
    assert user.commune_id == commune("00679", city.unit_list).id
    assert db.session.scalar(select(AuditEntry.target).where(AuditEntry.action == "account_created")) == str(user.id)
    assert "Huyện Thường Tín" not in client.get("/manage/users").text.split("ngochoi", 1)[1].split("</tr>", 1)[0]


@pytest.mark.parametrize("unit, message", [("10198", "Vui lòng chọn một đơn vị của chiến dịch đã chọn."),
                                           ("", "Vui lòng chọn một đơn vị của chiến dịch đã chọn.")])
def test_a_unit_not_of_the_chosen_campaign_is_refused_next_to_the_unit(city, client, unit, message):
    token = csrf_from(client, "/manage/users")
    response = client.post("/manage/users", data={"csrf_token": token, "campaign": str(city.id), "username": "x1",
                                                   "full_name": "X", "role": "organiser", "commune": unit,
                                                   "password": PASSWORD})
    assert response.status_code == 422
    assert message in re.search(r'<p class="error" id="commune-error">(.*?)</p>', response.text).group(1)
    assert 'id="username-error"' not in response.text
    assert db.session.scalar(select(User).where(User.username == "x1")) is None


def test_an_organiser_of_the_city_works_on_the_city_campaign(city, client, auth):
    user = gen_user("ngochoi")
    user.commune_id = commune("00679", city.unit_list).id
    db.session.commit()
    auth.logout()
    auth.login("ngochoi")
    page = client.get("/manage/").text
    assert "Tháng hành động của thành phố" in page
    form = client.get("/manage/events/new").text
    assert options(form, "commune") == [("00679", "Xã Ngọc Hồi", True)]
    response = client.post("/manage/events/new", data={
        "csrf_token": csrf_from(client, "/manage/events/new"), "kind": "training", "title": "Tập huấn Ngọc Hồi",
        "commune": "00679", "venue": "Nhà văn hóa", "starts_at": "2026-12-05T08:00", "ends_at": "2026-12-05T10:00",
        "registration_open": "y"})
    assert response.status_code == 303
    event = db.session.scalar(select(Event).where(Event.title == "Tập huấn Ngọc Hồi"))
    assert (event.campaign_id, event.commune_id) == (city.id, user.commune_id)
