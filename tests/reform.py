"""A change of map with known numbers: an earlier list and its 2022 campaign, a newer list the current campaign reports
by, and the mapping between them (two old units whole into one, one mostly into one and partly into another, one
with no successor); events held in both campaigns, with check-ins and headcounts."""
from datetime import datetime, timedelta

from portal import checkin, clock
from portal.catalogue import current_campaign, event_search_key, organising
from portal.catalogue.seed import ensure_campaign
from portal.extensions import db
from portal.models import Commune, Event, UnitList, UnitSuccession
from portal.tally import headcounts
from portal.text import fold
from portal.tokens import new_slug
from tests.factories import details, gen_user

OLD_UNITS = [("10183", "Thị trấn Thường Tín", "thi_tran"), ("10186", "Xã Ninh Sở", "xa"),
             ("10189", "Xã Nhị Khê", "xa"), ("10258", "Xã Tô Hiệu", "xa")]
NEW_UNITS = [("00679", "Xã Ngọc Hồi", "xa"), ("10183", "Xã Thường Tín", "xa"), ("10237", "Xã Chương Dương", "xa"),
             ("10273", "Xã Phú Xuyên", "xa")]
# Ninh Sở has no successor here.
SUCCESSIONS = [("10183", "10183", "whole"), ("10189", "10183", "whole"), ("10258", "10273", "most"),
               ("10258", "10237", "part")]
HELD_2022 = datetime(2022, 11, 20, 8, 0)


def gen_unit_list(name, units, key=None):
    """A unit list holding units [(code, name, type)]."""
    unit_list = UnitList(key=key, name=name, created_at=clock.now())
    db.session.add(unit_list)
    db.session.flush()
    db.session.add_all(Commune(unit_list_id=unit_list.id, code=code, name=unit_name, type=kind,
                               name_key=fold(unit_name)) for code, unit_name, kind in units)
    db.session.commit()
    return unit_list


def units_of(unit_list):
    """{code: unit} of a list."""
    return {unit.code: unit for unit in db.session.query(Commune).filter_by(unit_list_id=unit_list.id)}


def gen_campaign_event(campaign, unit, kind, starts_at, status="published"):
    """An event of campaign (not necessarily the current one) hosted by unit (None: the district level)."""
    event = Event(slug=new_slug(), campaign=campaign, commune=unit, kind=kind, title=f"{kind} {unit and unit.code}",
                  venue="Hội trường", description="", starts_at=starts_at, ends_at=starts_at + timedelta(hours=3),
                  capacity=None, seats_taken=0, registration_open=True, status=status,
                  search_key=event_search_key(kind, "Hội trường", unit))
    db.session.add(event)
    db.session.commit()
    return event


def walk_in(event, sex, name="Người Tham Dự"):
    """One person walks in ten minutes after the start (no phone, so nobody is the same person twice)."""
    checkin.check_in_walk_in(event, details(full_name=name, sex=sex, phone=None, commune_id=None),
                             event.starts_at + timedelta(minutes=10))
    db.session.commit()


def headcount(event, user, male=0, female=0, other=0):
    """A headcount of people not checked in one by one."""
    headcounts.record_headcount(event, male, female, other, {}, "", user, event.starts_at, revises=0)
    db.session.commit()


def build_reform():
    """Build the scenario; return (current campaign, 2022 campaign, old list, new list).

    Expected, by the current list's units: Xã Thường Tín (old town + Nhị Khê, whole): now 1 training, 1 woman and 1
    man; 2022: 1 training, 2 communication, 12 women, 6 men, 1 other (19). Xã Phú Xuyên (Tô Hiệu, most): now 1
    communication, 4 and 4; 2022 ≈ 1 training, 1 woman, 3 men. Xã Chương Dương (part of Tô Hiệu): nothing either
    year, a note. Xã Ngọc Hồi: now 1 training, 1 other. 2022 district level: 1 communication, 20 women. Ninh Sở, no
    successor: 1 communication, 1 man. Totals: now 2 training, 1 communication, 5 + 5 + 1 = 11; 2022 2 training,
    4 communication, 33 + 10 + 1 = 44.
    """
    admin = gen_user("admin", role="admin")
    old_list = gen_unit_list("Huyện Mẫu (bản đồ 2022)", OLD_UNITS)
    new_list = gen_unit_list("Thành phố Mẫu (bản đồ 2025)", NEW_UNITS)
    old, new = units_of(old_list), units_of(new_list)
    db.session.add_all(UnitSuccession(old_id=old[a].id, new_id=new[b].id, share=share) for a, b, share in SUCCESSIONS)
    current = current_campaign(clock.now().date())
    current.unit_list_id = new_list.id
    base = ensure_campaign(2022)
    base.unit_list_id = old_list.id
    db.session.commit()

    training = gen_campaign_event(base, old["10183"], "training", HELD_2022)
    walk_in(training, "female", "Nguyễn Thị Lan")
    walk_in(training, "male", "Trần Văn Hùng")
    headcount(gen_campaign_event(base, old["10183"], "communication", HELD_2022), admin, male=5, female=10, other=1)
    walk_in(gen_campaign_event(base, old["10189"], "communication", HELD_2022), "female")
    cancelled = gen_campaign_event(base, old["10189"], "training", HELD_2022)
    walk_in(cancelled, "male")
    organising.cancel(cancelled)
    db.session.commit()
    split = gen_campaign_event(base, old["10258"], "training", HELD_2022)
    walk_in(split, "female")
    headcount(split, admin, male=3)
    walk_in(gen_campaign_event(base, old["10186"], "communication", HELD_2022), "male")
    headcount(gen_campaign_event(base, None, "communication", HELD_2022), admin, female=20)

    started = clock.now() - timedelta(minutes=10)
    training = gen_campaign_event(current, new["10183"], "training", started)
    walk_in(training, "female")
    walk_in(training, "male")
    headcount(gen_campaign_event(current, new["10273"], "communication", started), admin, male=4, female=4)
    walk_in(gen_campaign_event(current, new["00679"], "training", started), "other")
    gen_campaign_event(current, new["10237"], "training", clock.now() + timedelta(days=3))  # not held yet
    return current, base, old_list, new_list
