"""Which units of an earlier list became which units of a newer one (wholly, mostly or partly): the mapping between
two lists, saved whole or not at all, from the bundled Thường Tín file or from an admin's CSV (`succession_csv`)."""
import csv
import os
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, contains_eager

from portal.catalogue.unit_lists import Problem
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.models import Commune, UnitSuccession
from portal.text import collation_key

SHARE_NAMES = {"whole": _l("toàn bộ"), "most": _l("phần lớn"), "part": _l("một phần")}
BUNDLED_CSV = os.path.join(os.path.dirname(__file__), "data", "thuong-tin-2025-reorganisation.csv")
# The bundled file names the new communes only: their codes on today's map, to check that a name found is the one.
BUNDLED_NEW_CODES = {"Xã Thường Tín": "10183", "Xã Thượng Phúc": "10231", "Xã Chương Dương": "10237",
                     "Xã Hồng Vân": "10210", "Xã Phú Xuyên": "10273", "Xã Ngọc Hồi": "00679"}


class Pair(NamedTuple):
    """One line of a mapping: an old unit, the new unit it (partly) became, and the share (models.SHARES)."""

    old: Commune
    new: Commune
    share: str


class Saved(NamedTuple):
    """What saving a mapping did: rows added, rows whose share changed, rows removed."""

    added: int
    changed: int
    removed: int


class MappingRefused(Exception):
    """The mapping cannot be saved as it is; problems says why (unit_lists.Problem, one per reason)."""

    def __init__(self, problems):
        super().__init__("; ".join(str(problem.message) for problem in problems))
        self.problems = tuple(problems)


def mapping(old_list, new_list):
    """The successions from units of old_list to units of new_list, by old code, then new code."""
    old, new = aliased(Commune), aliased(Commune)
    return db.session.scalars(
        select(UnitSuccession).join(old, UnitSuccession.old_id == old.id).join(new, UnitSuccession.new_id == new.id)
        .where(old.unit_list_id == old_list.id, new.unit_list_id == new_list.id).order_by(old.code, new.code)
        .options(contains_eager(UnitSuccession.old.of_type(old)), contains_eager(UnitSuccession.new.of_type(new)))
    ).all()


def save_mapping(old_list, new_list, pairs):
    """Make the mapping from old_list to new_list exactly pairs (rows that stay keep their ids); return Saved.

    Raises MappingRefused when someone else saved a mapping between the same lists meanwhile. Only flushes.
    """
    rows = {(s.old_id, s.new_id): s for s in mapping(old_list, new_list)}
    wanted = {(pair.old.id, pair.new.id): pair.share for pair in pairs}
    added = changed = removed = 0
    try:
        with db.session.begin_nested():
            for key, row in rows.items():
                if key not in wanted:
                    db.session.delete(row)
                    removed += 1
                elif row.share != wanted[key]:
                    row.share = wanted[key]
                    changed += 1
            for (old_id, new_id), share in wanted.items():
                if (old_id, new_id) not in rows:
                    db.session.add(UnitSuccession(old_id=old_id, new_id=new_id, share=share))
                    added += 1
    except IntegrityError:
        raise MappingRefused([Problem(0, _l("Bảng chuyển đổi giữa hai danh sách này vừa được lưu từ nơi khác. "
                                            "Vui lòng xem lại bảng rồi làm lại."))]) from None
    return Saved(added, changed, removed)


def load_bundled(old_list, new_list):
    """Make the mapping from old_list (the 2022 list of Thường Tín) to new_list (Hà Nội's communes of today's map)
    the bundled one: old units found by code (their names must agree), new ones by name (their codes must agree).

    Returns Saved (nothing changes when it is loaded already); raises MappingRefused, saving nothing, naming each unit
    that is missing or does not agree.
    """
    olds = {unit.code: unit for unit in old_list.units}
    news = {}
    for unit in new_list.units:
        news.setdefault(collation_key(unit.name), []).append(unit)
    pairs, problems = [], []
    with open(BUNDLED_CSV, encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            old = olds.get(row["old_code"])
            found = news.get(collation_key(row["new_name"]), [])
            expected = BUNDLED_NEW_CODES[row["new_name"]]
            if old is None or collation_key(old.name) != collation_key(row["old_name"]):
                problems.append(Problem(line, _l("Danh sách cũ không có %(name)s (mã %(code)s).",
                                                 name=row["old_name"], code=row["old_code"])))
            if not found:
                problems.append(Problem(line, _l("Danh sách mới không có %(name)s.", name=row["new_name"])))
            elif len(found) > 1 or found[0].code != expected:
                problems.append(Problem(line, _l("%(name)s trong danh sách mới có mã %(code)s, bảng chuyển đổi cần "
                                                 "mã %(expected)s.", name=row["new_name"],
                                                 code=", ".join(unit.code for unit in found), expected=expected)))
            elif old is not None:
                pairs.append(Pair(old, found[0], row["share"]))
    if problems:
        raise MappingRefused(_first_of_each(problems))
    return save_mapping(old_list, new_list, pairs)


def _first_of_each(problems):
    """The problems without repeats: a commune missing from the new list is named once, not once per old unit."""
    messages, unique = set(), []
    for problem in problems:
        if str(problem.message) not in messages:
            messages.add(str(problem.message))
            unique.append(problem)
    return unique
