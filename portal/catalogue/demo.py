"""Demo events for a newcomer's first run: two per commune and a district launch, spread over the month; and the
2022 month held, with people at its events, to compare this year with."""
import random
from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from portal.catalogue import event_search_key
from portal.catalogue.seed import ensure_campaign
from portal.extensions import db
from portal.models import Commune, Event
from portal.tokens import new_slug

TRAINING = [
    "Tập huấn kỹ năng phòng ngừa, ứng phó với bạo lực trên cơ sở giới",
    "Tập huấn nghiệp vụ cho cộng tác viên bình đẳng giới",
    "Tập huấn an toàn cho phụ nữ và trẻ em gái trên không gian mạng",
    "Tập huấn kỹ năng hòa giải và hỗ trợ tại cộng đồng",
]
COMMUNICATION = [
    "Mít tinh hưởng ứng Tháng hành động vì bình đẳng giới",
    "Truyền thông lưu động phòng, chống bạo lực gia đình",
    "Sân khấu hóa: Chung tay vì bình đẳng giới",
    "Nói chuyện chuyên đề: Bình đẳng giới trong gia đình",
    "Truyền thông trên loa truyền thanh cơ sở",
]
DESCRIPTION = {
    "training": "Dành cho cán bộ, cộng tác viên và hội viên. Mang theo điện thoại có vé QR hoặc đọc mã vé khi điểm danh.",
    "communication": "Hoạt động mở cho mọi người dân. Quét mã QR tại hội trường để điểm danh, không cần đăng ký trước.",
}


def create_demo_events(campaign, seed=None):
    """Add the demo events to campaign; return how many. Deterministic for a given seed."""
    rng = random.Random(seed if seed is not None else campaign.year)
    communes = db.session.scalars(select(Commune).where(Commune.unit_list_id == campaign.unit_list_id)
                                  .order_by(Commune.code)).all()
    days = (campaign.ends_on - campaign.starts_on).days
    events = [_event(campaign, None, "communication", "Lễ phát động Tháng hành động huyện Thường Tín",
                     "Hội trường UBND huyện Thường Tín", campaign.starts_on, time(8, 0), 300)]
    for commune in communes:
        short = commune.name.removeprefix("Xã ").removeprefix("Thị trấn ")
        for kind, titles in (("training", TRAINING), ("communication", COMMUNICATION)):
            day = campaign.starts_on + timedelta(days=rng.randint(0, days))
            venue = rng.choice([f"Hội trường UBND {commune.name}", f"Nhà văn hóa thôn {rng.randint(1, 6)}, {commune.name}",
                                f"Trường THCS {short}"])
            capacity = rng.choice([30, 40, 50, 60]) if kind == "training" else rng.choice([None, None, 150])
            events.append(_event(campaign, commune, kind, rng.choice(titles), venue, day,
                                 rng.choice([time(8, 0), time(14, 0)]), capacity))
    events[3].status = "cancelled"
    events[6].registration_open = False
    db.session.add_all(events)
    db.session.flush()
    return len(events)


PAST_YEAR = 2022
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
GIVEN_NAMES = {"female": ("Thị Lan", "Thị Mai", "Thị Hoa", "Thị Hương", "Thu Hà", "Thị Ngọc"),
               "male": ("Văn Hùng", "Văn Nam", "Đức Minh", "Văn Dũng", "Quang Tuấn", "Văn Quý"),
               "other": ("Minh An", "Ngọc Khánh")}


def create_past_campaign():
    """The 2022 month (Kế hoạch 252/KH-UBND) with the demo events, held, and people who walked in (no phone
    numbers), when it has no events yet; return (events, attendances) added. Deterministic."""
    campaign = ensure_campaign(PAST_YEAR)
    if db.session.scalar(select(func.count()).select_from(Event).where(Event.campaign_id == campaign.id)):
        return 0, 0
    events = create_demo_events(campaign, seed=PAST_YEAR)
    return events, _create_walk_ins(campaign, random.Random(PAST_YEAR))


def _create_walk_ins(campaign, rng):
    """Two to nine people at each published event of campaign, checked in during its first hour."""
    from portal import checkin
    from portal.registration import Details

    added = 0
    for event in db.session.scalars(select(Event).where(Event.campaign_id == campaign.id, Event.status == "published")
                                    .order_by(Event.id)):
        for _ in range(rng.randint(2, 9)):
            sex = rng.choice(("female", "female", "female", "male", "male", "other"))
            person = Details(full_name=f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES[sex])}", phone=None,
                             sex=sex, birth_year=rng.randint(1960, 2005), commune_id=event.commune_id,
                             role=rng.choice(("resident", "member", "collaborator")))
            checkin.check_in_walk_in(event, person, event.starts_at + timedelta(minutes=rng.randint(0, 59)))
            added += 1
    return added


def _event(campaign, commune, kind, title, venue, day, start, capacity):
    starts_at = datetime.combine(day, start)
    return Event(
        slug=new_slug(), campaign=campaign, commune=commune, kind=kind, title=title, venue=venue,
        description=DESCRIPTION[kind], starts_at=starts_at, ends_at=starts_at + timedelta(hours=3),
        capacity=capacity, seats_taken=0, registration_open=True, status="published",
        search_key=event_search_key(title, venue, commune),
    )
