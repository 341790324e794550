"""Domain and view tests: which campaign is current (by date, or pinned), and the rules for saving one."""
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.catalogue import campaigns, closing, current_campaign
from portal.extensions import db
from portal.models import Campaign
from tests.factories import (
    commune,
    gen_campaign,
    gen_event,
    gen_unit_list,
    gen_user,
    simultaneously,
)


def seeded():
    """The campaign the test database starts with: 15/11–15/12 of this year, on the 2022 list."""
    return db.session.scalar(select(Campaign).order_by(Campaign.id))


def title_on_home(client):
    """The campaign title the public home shows."""
    return client.get("/").text.split("<h1>", 1)[1].split("</h1>", 1)[0]


@pytest.mark.parametrize("moment, expected", [
    (datetime(2026, 11, 20, 9), 2026),   # running now
    (datetime(2026, 12, 20, 9), 2027),   # none running: the next to start
    (datetime(2026, 6, 1, 9), 2026),     # the 2025 month is over, 2026's comes next
    (datetime(2028, 1, 10, 9), 2027),    # all over: the latest to end
])
def test_the_home_shows_the_campaign_running_else_the_next_else_the_latest(ctx, client, clock_at, moment, expected):
    assert seeded().year == 2026
    gen_campaign(year=2025)
    gen_campaign(year=2027)
    clock_at(moment)
    assert title_on_home(client) == db.session.scalar(select(Campaign.title).where(Campaign.year == expected))


def test_two_campaigns_running_at_once_the_earlier_started_wins_and_then_the_first_made(ctx):
    commune_month = gen_campaign(year=2026, title="Tháng hành động của xã", starts_on=date(2026, 11, 1))
    assert current_campaign(date(2026, 11, 20)) == commune_month
    commune_month.starts_on = date(2026, 11, 15)
    db.session.commit()
    assert current_campaign(date(2026, 11, 20)) == seeded()  # same dates: the lower id


def test_a_pinned_campaign_is_current_whatever_the_date_and_pinning_another_unpins_it(ctx, client, clock_at):
    earlier = gen_campaign(year=2025)
    later = gen_campaign(year=2027)
    clock_at(datetime(2026, 11, 20, 9))
    campaigns.pin(earlier)
    db.session.commit()
    assert title_on_home(client) == earlier.title
    campaigns.pin(later)
    db.session.commit()
    assert title_on_home(client) == later.title
    assert db.session.scalars(select(Campaign.id).where(Campaign.pinned)).all() == [later.id]
    campaigns.unpin(later)
    db.session.commit()
    assert title_on_home(client) == seeded().title
    assert db.session.scalar(select(func.count()).where(Campaign.pinned)) == 0


def test_two_admins_pinning_at_once_leave_one_campaign_pinned(app, ctx):
    ids = [gen_campaign(year=year).id for year in (2024, 2025)]

    def pin(campaign_id):
        def action():
            campaigns.pin(db.session.get(Campaign, campaign_id))
            db.session.commit()
        return action

    simultaneously(app, [pin(ids[0]), pin(ids[1])])
    db.session.expire_all()
    assert len(db.session.scalars(select(Campaign.id).where(Campaign.pinned)).all()) == 1


def test_on_a_list_the_current_campaign_is_the_one_of_that_list(ctx):
    hanoi = gen_unit_list()
    city = gen_campaign(year=2026, unit_list=hanoi, title="Tháng hành động của thành phố")
    campaigns.pin(seeded())
    assert current_campaign(date(2026, 11, 20)) == seeded()
    assert current_campaign(date(2026, 11, 20), unit_list_id=hanoi.id) == city


VALUES = dict(year=2027, title="Tháng hành động năm 2027", theme="Chủ đề", starts_on=date(2027, 11, 15),
              ends_on=date(2027, 12, 15), lead_agency="Sở Y tế Hà Nội", plan_reference="Kế hoạch 1/KH-UBND",
              organiser_name="Thành phố Hà Nội")


def test_a_campaign_is_created_and_edited(ctx):
    hanoi = gen_unit_list()
    made = campaigns.save(None, VALUES, hanoi.id)
    assert (made.year, made.organiser_name, made.unit_list_id) == (2027, "Thành phố Hà Nội", hanoi.id)
    campaigns.save(made, VALUES | {"title": "Tháng hành động 2027 (sửa)"}, commune().unit_list_id)
    assert (made.title, made.unit_list_id) == ("Tháng hành động 2027 (sửa)", commune().unit_list_id)


def test_the_list_of_a_campaign_with_events_does_not_change(ctx):
    campaign = gen_campaign(year=2027)
    gen_event(campaign=campaign, status="draft")
    with pytest.raises(campaigns.UnitListRefused, match="1 hoạt động"):
        campaigns.save(campaign, VALUES, gen_unit_list().id)
    campaigns.save(campaign, VALUES | {"title": "Đổi tên vẫn được"}, campaign.unit_list_id)
    assert campaign.title == "Đổi tên vẫn được"


def test_the_list_of_a_campaign_whose_organisers_would_lose_their_unit_does_not_change(ctx):
    hanoi = gen_unit_list()
    city = campaigns.save(None, VALUES, hanoi.id)
    organiser = gen_user("ngochoi")
    organiser.commune_id = commune("00679", hanoi).id
    db.session.commit()
    with pytest.raises(campaigns.UnitListRefused, match="1 tài khoản"):
        campaigns.save(city, VALUES, seeded().unit_list_id)
    gen_campaign(year=2028, unit_list=hanoi)  # another campaign keeps the list (and the organiser's unit) in use
    campaigns.save(city, VALUES, seeded().unit_list_id)
    assert city.unit_list_id == seeded().unit_list_id


def test_an_empty_list_cannot_be_chosen(ctx):
    empty = gen_unit_list(name="Chưa có đơn vị", units=())
    with pytest.raises(campaigns.UnitListRefused, match="chưa có đơn vị"):
        campaigns.save(None, VALUES, empty.id)


def test_a_closed_campaign_cannot_be_changed_nor_pinned(ctx):
    campaign = gen_campaign(year=2025)
    closing.close(campaign, None, clock.now())
    with pytest.raises(campaigns.CampaignClosed):
        campaigns.save(campaign, VALUES, campaign.unit_list_id)
    with pytest.raises(campaigns.CampaignClosed):
        campaigns.pin(campaign)
    db.session.expire_all()
    assert (campaign.year, campaign.pinned) == (2025, False)
