"""Reference data: the district's communes and the year's campaign, loaded idempotently."""
import csv
import os
from datetime import date

from sqlalchemy import select

from portal.extensions import db
from portal.models import Campaign, Commune
from portal.text import fold

COMMUNES_CSV = os.path.join(os.path.dirname(__file__), "data", "communes-thuong-tin-2022.csv")
THEMES = {
    2022: "Đảm bảo an sinh xã hội, tăng quyền năng và tạo cơ hội cho phụ nữ và trẻ em gái nhằm thực hiện "
          "bình đẳng giới và xóa bỏ bạo lực trên cơ sở giới",
    2025: "Bình đẳng giới và an toàn cho phụ nữ và trẻ em gái trong kỷ nguyên số",
}
CAMPAIGN_TITLE = "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm {year}"
LEAD_AGENCY = "Phòng Lao động - Thương binh và Xã hội huyện Thường Tín"


def load_communes():
    """Insert the communes that are missing; return how many were added."""
    known = set(db.session.scalars(select(Commune.code)))
    added = 0
    with open(COMMUNES_CSV, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["code"] not in known:
                db.session.add(Commune(code=row["code"], name=row["name"], type=row["type"],
                                       name_key=fold(row["name"])))
                added += 1
    db.session.flush()
    return added


def campaign_year(today):
    """The year whose action month is running or next to come."""
    return today.year if today <= date(today.year, 12, 15) else today.year + 1


def ensure_campaign(year):
    """Return the campaign of year, creating it (15/11–15/12, the latest known theme) when missing."""
    campaign = db.session.scalar(select(Campaign).where(Campaign.year == year))
    if campaign is None:
        theme = THEMES[max(y for y in THEMES if y <= year)] if year >= min(THEMES) else THEMES[min(THEMES)]
        campaign = Campaign(
            year=year, title=CAMPAIGN_TITLE.format(year=year), theme=theme,
            starts_on=date(year, 11, 15), ends_on=date(year, 12, 15), lead_agency=LEAD_AGENCY,
            plan_reference="Kế hoạch 252/KH-UBND",
        )
        db.session.add(campaign)
        db.session.flush()
    return campaign
