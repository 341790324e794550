"""View tests: each campaign's dashboard and report count its own events only, with the same people (the same phone
numbers) taking part in three campaigns: two on the 2022 list and one on a list of today's communes whose codes
repeat the old ones. Known answers, on SQLite and PostgreSQL."""
import csv
import io
import re
from datetime import datetime

import pytest
from sqlalchemy import select

from portal import checkin, clock
from portal.catalogue import campaigns
from portal.extensions import db
from portal.models import Campaign
from portal.tally import headcounts
from tests.factories import (
    commune,
    details,
    gen_campaign,
    gen_registration_now,
    gen_unit_list,
    gen_user,
    open_event,
)

P1, P2, P3 = "0911111111", "0922222222", "0933333333"


@pytest.fixture
def three(ctx):
    """{name: campaign}: "now" (the seeded one), "before" (2025, same list), "city" (this year, another list)."""
    admin = gen_user("admin", role="admin")
    now = db.session.scalar(select(Campaign).order_by(Campaign.id))
    before = gen_campaign(year=2025, title="Tháng hành động năm 2025")
    hanoi = gen_unit_list()
    city = gen_campaign(year=2026, title="Tháng hành động của thành phố", unit_list=hanoi,
                        starts_on=now.starts_on, ends_on=now.ends_on)
    hoa_binh, town = commune("10198"), commune("10183")
    # This year, on the 2022 list: Lan and Hùng trained in Hòa Bình, Lan again at the town's communication event.
    training = open_event(title="Tập huấn", commune=hoa_binh)
    for phone, sex, home in ((P1, "female", hoa_binh), (P2, "male", town)):
        entry = gen_registration_now(training, phone=phone, sex=sex, commune_id=home.id)
        checkin.check_in_registration(training, entry, "ticket", clock.now(), user=admin)
    talk = open_event(title="Truyền thông", kind="communication", commune=town)
    checkin.check_in_walk_in(talk, details(phone=P1, sex="female", commune_id=hoa_binh.id), clock.now())
    # 2025, same list: Lan and Hùng trained in Hòa Bình, Mai registered but did not come; a headcount of 7 more.
    past = open_event(title="Tập huấn 2025", commune=hoa_binh, campaign=before, starts_at=datetime(2025, 11, 20, 8))
    for phone, sex, came in ((P1, "female", True), (P2, "male", True), (P3, "female", False)):
        entry = gen_registration_now(past, phone=phone, sex=sex, commune_id=hoa_binh.id,
                                     full_name="Lê Thị Mai" if phone == P3 else "Nguyễn Thị Lan")
        if came:
            checkin.check_in_registration(past, entry, "ticket", past.starts_at, user=admin)
    headcounts.record_headcount(past, 3, 4, 0, {}, "", admin, past.starts_at, revises=0)
    # The city's month, on today's list: Lan at Xã Thường Tín (code 10183 too), Hùng of Ngọc Hồi as a walk-in.
    city_talk = open_event(title="Truyền thông thành phố", kind="communication", commune=commune("10183", hanoi),
                           campaign=city)
    entry = gen_registration_now(city_talk, phone=P1, sex="female", commune_id=commune("10183", hanoi).id)
    checkin.check_in_registration(city_talk, entry, "ticket", clock.now(), user=admin)
    checkin.check_in_walk_in(city_talk, details(phone=P2, sex="male", commune_id=commune("00679", hanoi).id),
                             clock.now())
    db.session.commit()
    return {"now": now, "before": before, "city": city}


def report(client, campaign, by="host"):
    """The CSV report's table of campaign: {unit: [communication, training, participants, men, women, other, trained
    men, trained women, checked in, headcounts]}."""
    text = client.get(f"/dashboard/report.csv?campaign={campaign.id}&by={by}").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert campaign.title.upper() in rows[0][0]
    return {row[1]: [int(n) for n in row[2:]] for row in rows[5:]}


def dashboard(client, campaign=None):
    """The dashboard's rows: {row id: [communication, training, participants, women, men, other, reach]}."""
    page = client.get("/dashboard/" + (f"?campaign={campaign.id}" if campaign else "")).text
    rows = re.findall(r'<tr id="row-(\w+)">(.*?)</tr>', page, re.S)
    return {key: [int(n) for n in re.findall(r">(\d+)(?:<| <span)", cells)][:7] for key, cells in rows}


def test_each_campaigns_report_counts_its_own_events_only(three, client, auth):
    auth.login("admin")
    now = report(client, three["now"])
    assert len(now) == 29 + 1
    assert now["Xã Hòa Bình"] == [0, 1, 2, 1, 1, 0, 1, 1, 2, 0]
    assert now["Thị trấn Thường Tín"] == [1, 0, 1, 0, 1, 0, 0, 0, 1, 0]
    assert now["Tổng cộng"] == [1, 1, 3, 1, 2, 0, 1, 1, 3, 0]
    before = report(client, three["before"])
    assert before["Xã Hòa Bình"] == [0, 1, 9, 4, 5, 0, 4, 5, 2, 7]
    assert before["Thị trấn Thường Tín"] == [0] * 10
    assert before["Tổng cộng"] == [0, 1, 9, 4, 5, 0, 4, 5, 2, 7]
    city = report(client, three["city"])
    assert list(city) == ["Xã Ngọc Hồi", "Xã Thường Tín", "Tổng cộng"]
    assert city["Xã Thường Tín"] == [1, 0, 2, 1, 1, 0, 0, 0, 2, 0]
    assert city["Xã Ngọc Hồi"] == [0] * 10 and city["Tổng cộng"] == [1, 0, 2, 1, 1, 0, 0, 0, 2, 0]
    by_home = report(client, three["city"], by="residence")
    assert by_home["Xã Ngọc Hồi"][2:6] == [1, 1, 0, 0] and by_home["Xã Thường Tín"][2:6] == [1, 0, 1, 0]


def test_each_campaigns_dashboard_shows_its_own_numbers_and_reach(three, client, auth):
    auth.login("admin")
    now = dashboard(client)  # the current campaign: the seeded one (running, the first made)
    assert len(now) == 30 and now["10198"] == [0, 1, 2, 1, 1, 0, 2] and now["total"] == [1, 1, 3, 2, 1, 0, 2]
    assert dashboard(client, three["now"]) == now
    before = dashboard(client, three["before"])
    assert before["10198"] == [0, 1, 9, 5, 4, 0, 9] and before["total"] == [0, 1, 9, 5, 4, 0, 9]
    city = dashboard(client, three["city"])
    assert list(city) == ["00679", "10183", "total"]
    assert city["10183"] == [1, 0, 2, 1, 1, 0, 2] and city["total"] == [1, 0, 2, 1, 1, 0, 2]


def test_the_live_numbers_follow_the_campaign_asked_for_and_a_pin(three, client, auth, htmx):
    auth.login("admin")
    total = re.compile(r'<tr id="row-total">(.*?)</tr>', re.S)
    now = htmx.get("/dashboard/live?since=x", target="tally").text
    city = htmx.get(f"/dashboard/live?since=x&campaign={three['city'].id}", target="tally").text
    assert re.findall(r">(\d+)<", total.search(now).group(1))[2] == "3"
    assert re.findall(r">(\d+)<", total.search(city).group(1))[2] == "2"
    campaigns.pin(three["city"])  # the clock and the counts stay: only the current campaign changes
    db.session.commit()
    pinned = htmx.get("/dashboard/live?since=x", target="tally").text
    assert re.findall(r">(\d+)<", total.search(pinned).group(1))[2] == "2"


def test_the_dashboards_links_keep_the_campaign_and_admins_can_switch(three, client, auth):
    auth.login("admin")
    page = client.get(f"/dashboard/?campaign={three['before'].id}").text
    assert f"/dashboard/report.xlsx?campaign={three['before'].id}" in page
    assert f"/dashboard/live?campaign={three['before'].id}" in page
    switcher = re.search(r'<select id="campaign" name="campaign">(.*?)</select>', page, re.S).group(1)
    assert len(re.findall(r"<option", switcher)) == 3
    assert f'<option value="{three["before"].id}" selected>' in switcher


def test_organisers_see_only_the_campaigns_of_their_units_list(three, client, auth):
    user = gen_user("hoabinh", commune_code="10198")
    auth.login("hoabinh")
    assert client.get(f"/dashboard/?campaign={three['city'].id}").status_code == 404
    assert client.get(f"/dashboard/report.csv?campaign={three['city'].id}").status_code == 404
    assert dashboard(client, three["before"]) == {"10198": [0, 1, 9, 5, 4, 0, 9]}
    switcher = re.search(r'<select id="campaign" name="campaign">(.*?)</select>', client.get("/dashboard/").text,
                         re.S).group(1)
    assert three["city"].title not in switcher and three["before"].title in switcher
    user.commune_id = commune("10183", three["city"].unit_list).id
    db.session.commit()
    assert dashboard(client) == {"10183": [1, 0, 2, 1, 1, 0, 2]}  # the current campaign of their list
    assert client.get(f"/dashboard/?campaign={three['now'].id}").status_code == 404


def test_an_unknown_campaign_is_not_found(three, client, auth):
    auth.login("admin")
    for url in ("/dashboard/?campaign=999999", "/dashboard/report.csv?campaign=999999", "/dashboard/report?campaign=0"):
        assert client.get(url).status_code == 404, url
