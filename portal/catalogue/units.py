"""Admins keep the lists of reporting units: made from today's map or a CSV file, units added, renamed, and removed
while nothing uses them."""
import csv

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal import sheets
from portal.catalogue import divisions, unit_labels
from portal.catalogue.seed import COMMUNES_CSV
from portal.catalogue.unit_lists import TYPE_NAMES, read_unit
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.models import (
    Campaign,
    Commune,
    Event,
    Headcount,
    Person,
    ReachMark,
    TallyCell,
    UnitList,
    UnitSuccession,
    User,
)
from portal.storage import writes
from portal.text import collation_key, fold

MAP_KEY = "vn2025-{code}"
MAP_NAME = "{province}: {count} {types} (bản đồ từ 1/7/2025)"


class UnitRefused(ValueError):
    """A unit that cannot be added or renamed as typed: problems maps "code", "name", "type" to a message."""

    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems


class UnitInUse(ValueError):
    """A unit that cannot be removed; str() says what uses it."""


def summaries():
    """Every list, newest first, as (list, number of units, campaigns reporting by it)."""
    sizes = dict(db.session.execute(select(Commune.unit_list_id, func.count()).group_by(Commune.unit_list_id)).all())
    campaigns = {}
    for campaign in db.session.scalars(select(Campaign).order_by(Campaign.year.desc(), Campaign.id)):
        campaigns.setdefault(campaign.unit_list_id, []).append(campaign)
    lists = db.session.scalars(select(UnitList).order_by(UnitList.created_at.desc(), UnitList.id.desc()))
    return [(found, sizes.get(found.id, 0), campaigns.get(found.id, [])) for found in lists]


def example_csv():
    """The 2022 list as CSV bytes in the format uploads take: the columns code, name, type, the types in Vietnamese."""
    with open(COMMUNES_CSV, encoding="utf-8") as handle:
        rows = [[row["code"], row["name"], TYPE_NAMES[row["type"]]] for row in csv.DictReader(handle)]
    return sheets.to_csv([["code", "name", "type"]] + rows)


def from_map(province_code, now):
    """(the list of a province's or city's communes, wards and special zones on today's map, made) where made is
    False when it was made before. Raises LookupError for a code that names no province."""
    found = divisions.communes(province_code)
    province = divisions.province(province_code)
    key = MAP_KEY.format(code=province.code)
    existing = db.session.scalar(select(UnitList).where(UnitList.key == key))
    if existing is not None:
        return existing, False
    types = unit_labels.in_order(unit.type for unit in found)
    name = MAP_NAME.format(province=province.name, count=len(found), types=", ".join(TYPE_NAMES[t] for t in types))
    try:
        with db.session.begin_nested():
            unit_list = _new_list(name, found, now, key=key)
    except IntegrityError:  # another admin made it a moment ago
        return db.session.scalar(select(UnitList).where(UnitList.key == key)), False
    return unit_list, True


def from_upload(name, units, now):
    """A new list named name holding units (unit_lists.Unit, as read whole from a file)."""
    return _new_list(name, units, now)


def _new_list(name, units, now, key=None):
    unit_list = UnitList(key=key, name=name, created_at=now)
    db.session.add(unit_list)
    db.session.flush()
    db.session.add_all(Commune(unit_list_id=unit_list.id, code=unit.code, name=unit.name, type=unit.type,
                               name_key=fold(unit.name)) for unit in units)
    db.session.flush()
    unit_labels.forget(unit_list)
    return unit_list


def add_unit(unit_list, code, name, type_name):
    """Add a unit typed by hand, checked as a file's row is; return it. Raises UnitRefused."""
    unit, problems = read_unit(code, name, type_name)
    problems = _clashes(unit_list, unit.code, unit.name, problems)
    if problems:
        raise UnitRefused(problems)
    added = Commune(unit_list_id=unit_list.id, code=unit.code, name=unit.name, type=unit.type,
                    name_key=fold(unit.name))
    try:
        with db.session.begin_nested():
            db.session.add(added)
    except IntegrityError:  # the same code added a moment ago
        raise UnitRefused(_clashes(unit_list, unit.code, unit.name, {}) or {
            "code": _l("Mã %(code)s đã có trong danh sách.", code=unit.code)}) from None
    unit_labels.forget(unit_list)
    return added


def rename(unit, name):
    """Give a unit a new name (its code and type stay). Raises UnitRefused."""
    tidy, problems = read_unit(unit.code, name, unit.type)
    problems = {k: v for k, v in _clashes(unit.unit_list, None, tidy.name, problems, unit).items() if k == "name"}
    if problems:
        raise UnitRefused(problems)
    unit.name, unit.name_key = tidy.name, fold(tidy.name)
    db.session.flush()


def _clashes(unit_list, code, name, problems, renamed=None):
    """problems with, for a code or name another unit of the list already has (case- and tone-style-blind), a
    message naming that unit."""
    problems = dict(problems)
    for other in db.session.scalars(select(Commune).where(Commune.unit_list_id == unit_list.id)):
        if other is renamed:
            continue
        if code and "code" not in problems and other.code.casefold() == code.casefold():
            problems["code"] = _l("Mã %(code)s đã có trong danh sách (%(name)s).", code=code, name=other.name)
        if name and "name" not in problems and collation_key(other.name) == collation_key(name):
            problems["name"] = _l("Tên “%(name)s” trùng với %(other)s.", name=name, other=other.name)
    return problems


# What may use a unit, counted by a query on the unit, each with its words.
_USES = (
    (lambda unit: select(func.count()).select_from(Event).where(Event.commune_id == unit.id),
     lambda n: _l("%(count)s hoạt động", count=n)),
    (lambda unit: select(func.count()).select_from(Person).where(Person.commune_id == unit.id),
     lambda n: _l("%(count)s người đăng ký, tham dự", count=n)),
    (lambda unit: select(func.count()).select_from(User).where(User.commune_id == unit.id),
     lambda n: _l("%(count)s tài khoản cán bộ", count=n)),
    (lambda unit: select(func.count()).select_from(TallyCell).where(TallyCell.commune_id == unit.id),
     lambda n: _l("%(count)s ô số liệu đã đếm", count=n)),
    (lambda unit: select(func.count()).select_from(ReachMark).where(ReachMark.scope != "district",
                                                                    ReachMark.commune_id == unit.id),
     lambda n: _l("%(count)s dấu tính số người không trùng", count=n)),
    (lambda unit: select(func.count()).select_from(UnitSuccession).where(
        (UnitSuccession.old_id == unit.id) | (UnitSuccession.new_id == unit.id)),
     lambda n: _l("%(count)s dòng nối đơn vị cũ với đơn vị mới", count=n)),
)


def uses(unit):
    """What uses a unit, as words ("2 hoạt động"); empty when nothing does."""
    found = [words(n) for query, words in _USES if (n := db.session.scalar(query(unit)))]
    # Headcounts name the units of residence by code, in the events of the campaigns on the unit's list.
    counted = db.session.scalars(select(Headcount.by_commune).join(Event, Headcount.event_id == Event.id)
                                 .join(Campaign, Event.campaign_id == Campaign.id)
                                 .where(Campaign.unit_list_id == unit.unit_list_id))
    headcounts = sum(1 for by_commune in counted if unit.code in (by_commune or {}))
    if headcounts:
        found.append(_l("%(count)s lần nhập số lượng theo nơi cư trú", count=headcounts))
    return found


def remove(unit):
    """Remove a unit nothing uses. Raises UnitInUse saying what uses it."""
    writes.begin(db.session())  # no registration or count may name the unit between the look and the removal
    found = uses(unit)
    if found:
        raise UnitInUse(_refusal(unit, found))
    unit_list = unit.unit_list
    try:
        with db.session.begin_nested():
            db.session.delete(unit)
    except IntegrityError:  # something took it up meanwhile
        raise UnitInUse(_refusal(unit, uses(unit))) from None
    unit_labels.forget(unit_list)


def _refusal(unit, found):
    return str(_l("Không xóa được %(name)s vì đơn vị này đang được dùng: %(uses)s. Đổi tên thì vẫn được.",
                  name=unit.name, uses=", ".join(str(words) for words in found)))
