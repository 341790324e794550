"""Campaigns as data: every campaign with its state, saving one (new or changed), pinning one as the current one,
and which campaigns a staff account may look at."""
from sqlalchemy import func, select, update
from sqlalchemy.orm import contains_eager

from portal.catalogue import current_campaign
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.models import Campaign, CampaignClosing, Commune, Event, UnitList, User
from portal.storage import writes

FIELDS = ("year", "title", "theme", "starts_on", "ends_on", "lead_agency", "plan_reference", "organiser_name")


class CampaignClosed(Exception):
    """The campaign is closed: its report is frozen, so it no longer changes."""


class UnitListRefused(Exception):
    """The campaign cannot report by that list of units (now); str() says why."""


def every_campaign():
    """Return [(campaign, closed)] for every campaign, the latest first, each with its list loaded."""
    closed = set(db.session.scalars(select(CampaignClosing.campaign_id)))
    found = db.session.scalars(select(Campaign).join(UnitList).options(contains_eager(Campaign.unit_list)).order_by(
        Campaign.starts_on.desc(), Campaign.id.desc())).all()
    return [(campaign, campaign.id in closed) for campaign in found]


def unit_lists():
    """Return [(unit list, number of its units)] for every list, the oldest first."""
    return db.session.execute(select(UnitList, func.count(Commune.id)).outerjoin(Commune).group_by(UnitList.id)
                              .order_by(UnitList.created_at, UnitList.id)).all()


def visible_to(user):
    """A select of the campaigns user may look at: all for admins; for an organiser those whose list holds their
    unit."""
    stmt = select(Campaign).order_by(Campaign.starts_on.desc(), Campaign.id.desc())
    if user.is_admin:
        return stmt
    return stmt.join(Commune, Commune.unit_list_id == Campaign.unit_list_id).where(Commune.id == user.commune_id)


def current_for(user, today):
    """The campaign user works on by default: the current one; for an organiser the current one of their unit's
    list (None when there is none)."""
    if user.is_admin:
        return current_campaign(today)
    return current_campaign(today, unit_list_id=user.commune.unit_list_id if user.commune else -1)


def visible(user, campaign_id):
    """The campaign with this id if user may look at it, else None."""
    return db.session.scalar(visible_to(user).where(Campaign.id == campaign_id))


def save(campaign, values, unit_list_id):
    """Apply values (FIELDS) and the unit list to campaign, or to a new campaign when it is None; return it.

    Raises CampaignClosed for a closed campaign, UnitListRefused when the list is empty or may no longer change
    (the campaign has events, or organisers bound to the list's units would be left without a campaign). Only flushes.
    """
    writes.begin(db.session())
    if campaign is not None and campaign.is_closed:
        raise CampaignClosed(campaign.id)
    if campaign is None or campaign.unit_list_id != unit_list_id:
        _check_list_change(campaign, unit_list_id)
    if campaign is None:
        campaign = Campaign()
        db.session.add(campaign)
    for name in FIELDS:
        setattr(campaign, name, values[name])
    campaign.unit_list_id = unit_list_id
    db.session.flush()
    return campaign


def _check_list_change(campaign, unit_list_id):
    """Raise UnitListRefused when campaign (None: a new one) may not report by the list unit_list_id."""
    if not db.session.scalar(select(func.count()).select_from(Commune).where(Commune.unit_list_id == unit_list_id)):
        raise UnitListRefused(_l("Danh sách này chưa có đơn vị nào; hãy chọn danh sách khác."))
    if campaign is None:
        return
    events = db.session.scalar(select(func.count()).select_from(Event).where(Event.campaign_id == campaign.id))
    if events:
        raise UnitListRefused(_l("Chiến dịch đã có %(n)s hoạt động gắn với các đơn vị của danh sách hiện tại, nên "
                                 "không đổi danh sách được nữa.", n=events))
    others = select(Campaign.id).where(Campaign.unit_list_id == campaign.unit_list_id, Campaign.id != campaign.id)
    if db.session.scalar(select(others.exists())):
        return
    organisers = db.session.scalar(select(func.count()).select_from(User).join(Commune, User.commune_id == Commune.id)
                                   .where(Commune.unit_list_id == campaign.unit_list_id, User.active))
    if organisers:
        raise UnitListRefused(_l("Có %(n)s tài khoản cán bộ tổ chức đang gắn với đơn vị của danh sách hiện tại; đổi "
                                 "danh sách thì các tài khoản này không còn chiến dịch nào.", n=organisers))


def pin(campaign):
    """Make campaign the current one whatever the date, unpinning any other in the same statement (concurrent pins
    queue on its row locks, so one stays pinned). Raises CampaignClosed for a closed campaign. Only flushes."""
    writes.begin(db.session())
    if campaign.is_closed:
        raise CampaignClosed(campaign.id)
    db.session.execute(update(Campaign).values(pinned=Campaign.id == campaign.id),
                       execution_options={"synchronize_session": False})
    for held in db.session.identity_map.values():
        if isinstance(held, Campaign):
            db.session.expire(held, ["pinned"])


def unpin(campaign):
    """Let the date decide the current campaign again (campaign was pinned). Only flushes."""
    writes.begin(db.session())
    campaign.pinned = False
    db.session.flush()
