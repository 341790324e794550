"""Reference data: the 2022 list of Thường Tín's 29 communes and towns, and the year's campaign on it, loaded
idempotently."""
import csv
import os
from datetime import date

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Campaign, Commune, UnitList
from portal.text import fold

COMMUNES_CSV = os.path.join(os.path.dirname(__file__), "data", "communes-thuong-tin-2022.csv")
THEMES = {
    2022: "Đảm bảo an sinh xã hội, tăng quyền năng và tạo cơ hội cho phụ nữ và trẻ em gái nhằm thực hiện "
          "bình đẳng giới và xóa bỏ bạo lực trên cơ sở giới",
    2025: "Bình đẳng giới và an toàn cho phụ nữ và trẻ em gái trong kỷ nguyên số",
}
CAMPAIGN_TITLE = "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm {year}"
LEAD_AGENCY = "Phòng Lao động - Thương binh và Xã hội huyện Thường Tín"
ORGANISER = "Huyện Thường Tín, thành phố Hà Nội"
SEED_LIST_KEY = "thuong-tin-2022"
SEED_LIST_NAME = "Huyện Thường Tín, Hà Nội: 29 xã, thị trấn (bản đồ 2022)"


def seed_list():
    """The list of the 2022 plan's 29 units, created (empty) when missing."""
    unit_list = db.session.scalar(select(UnitList).where(UnitList.key == SEED_LIST_KEY))
    if unit_list is None:
        unit_list = UnitList(key=SEED_LIST_KEY, name=SEED_LIST_NAME, created_at=clock.now())
        db.session.add(unit_list)
        db.session.flush()
    return unit_list


def load_communes():
    """Insert the 2022 list's communes that are missing; return how many were added."""
    unit_list = seed_list()
    known = set(db.session.scalars(select(Commune.code).where(Commune.unit_list_id == unit_list.id)))
    added = 0
    with open(COMMUNES_CSV, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["code"] not in known:
                db.session.add(Commune(unit_list_id=unit_list.id, code=row["code"], name=row["name"], type=row["type"],
                                       name_key=fold(row["name"])))
                added += 1
    db.session.flush()
    return added


def campaign_year(today):
    """The year whose action month is running or next to come."""
    return today.year if today <= date(today.year, 12, 15) else today.year + 1


def ensure_campaign(year):
    """Return the campaign of year, creating it (15/11–15/12, the latest known theme, the 2022 list) when missing."""
    campaign = db.session.scalar(select(Campaign).where(Campaign.year == year).order_by(Campaign.id).limit(1))
    if campaign is None:
        theme = THEMES[max(y for y in THEMES if y <= year)] if year >= min(THEMES) else THEMES[min(THEMES)]
        campaign = Campaign(
            year=year, title=CAMPAIGN_TITLE.format(year=year), theme=theme,
            starts_on=date(year, 11, 15), ends_on=date(year, 12, 15), lead_agency=LEAD_AGENCY,
            plan_reference="Kế hoạch 252/KH-UBND", organiser_name=ORGANISER, unit_list=seed_list(),
        )
        db.session.add(campaign)
        db.session.flush()
    return campaign
