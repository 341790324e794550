"""Two campaigns side by side, unit by unit of the newer one's list: year over year, across a change of map too.

An old unit's numbers are counted in one unit of today's list at most: the one it became whole (exactly) or mostly
(in full, marked approximate). A unit that got only part of an old unit names it and adds none of its numbers: there
is nothing to split them by. Old units counted nowhere are listed apart, so each campaign's totals stay exact and no
number is counted twice. Two campaigns on one list are compared unit by unit.
"""
from dataclasses import dataclass, field

from sqlalchemy import exists, select
from sqlalchemy.orm import aliased, contains_eager

from portal.catalogue.closing import frozen_table
from portal.extensions import db
from portal.models import Campaign, Commune, UnitSuccession
from portal.tally.counting import DISTRICT, Row, Scope, compute

COUNTED = ("whole", "most")  # shares that carry an old unit's numbers, the first found first


@dataclass
class Line:
    """One unit of today's list (or the district level): this campaign's row, the earlier campaign's numbers of the
    old units counted here ([(old unit, share)]), and the old units that went partly here (named, not counted)."""

    key: str
    name: str
    now: Row
    before: Row
    counted: list = field(default_factory=list)
    parts: list = field(default_factory=list)

    @property
    def approximate(self):
        """True when an old unit counted here went only mostly here."""
        return any(share == "most" for _unit, share in self.counted)


@dataclass
class Unplaced:
    """An old unit counted in no unit of today's list: its row, and the units that each got part of it."""

    row: Row
    parts: list


@dataclass
class Comparison:
    """The lines in the order of today's list, the old units counted nowhere, and both campaigns' exact totals."""

    lines: list
    unplaced: list
    totals: Row
    base_totals: Row
    same_list: bool


def compare(campaign, base, now):
    """Compare campaign with base (an earlier campaign) at now, by the unit hosting each event."""
    rows, totals = numbers(campaign, now)
    base_rows, base_totals = numbers(base, now)
    before = {row.key: row for row in base_rows}
    lines = {row.key: Line(row.key, row.name, row, Row(row.key, row.name)) for row in rows}
    same_list = campaign.unit_list_id == base.unit_list_id
    parts_of = {}
    if same_list:
        for key, line in lines.items():
            line.before = before.pop(key, line.before)
    else:
        parts_of = _place(lines, before, _successions(base.unit_list_id, campaign.unit_list_id))
    if DISTRICT in before:
        row = before.pop(DISTRICT)
        lines.setdefault(DISTRICT, Line(DISTRICT, row.name, Row(DISTRICT, row.name), row)).before = row
    unplaced = [Unplaced(row, parts_of.get(key, [])) for key, row in before.items()]
    return Comparison(list(lines.values()), unplaced, totals, base_totals, same_list)


def _place(lines, before, successions):
    """Move each old unit's row out of before into the line of the unit it became whole or mostly, and name it on
    the lines of the units that got part of it; return {old code: the units that got part of it}."""
    parts_of = {}
    for old, goes in successions.items():
        main = next((s for share in COUNTED for s in goes if s.share == share and s.new.code in lines), None)
        for succession in goes:
            if succession is not main and succession.new.code in lines:
                lines[succession.new.code].parts.append(old)
                parts_of.setdefault(old.code, []).append(succession.new)
        if main is not None and old.code in before:
            line = lines[main.new.code]
            line.before = _plus(line.before, before.pop(old.code))
            line.counted.append((old, main.share))
    return parts_of


def numbers(campaign, now):
    """(rows, totals) of a campaign by host: as frozen when it was closed, else counted now."""
    closing = campaign.closing
    return frozen_table(closing, "host") if closing else compute(Scope(campaign.id), now, by="host")


def default_base(campaign):
    """The campaign to compare with: of an earlier year (else, failing that, started earlier), the latest on another
    list mapped into this campaign's list, else the latest; None when there is none."""
    old, new = aliased(Commune), aliased(Commune)
    mapped = exists().where(UnitSuccession.old_id == old.id, UnitSuccession.new_id == new.id,
                            old.unit_list_id == Campaign.unit_list_id, new.unit_list_id == campaign.unit_list_id)
    for before in (Campaign.year < campaign.year, Campaign.starts_on < campaign.starts_on):
        earlier = (select(Campaign).where(before, Campaign.id != campaign.id)
                   .order_by(Campaign.starts_on.desc(), Campaign.id.desc()).limit(1))
        found = db.session.scalar(earlier.where(Campaign.unit_list_id != campaign.unit_list_id, mapped)) or \
            db.session.scalar(earlier)
        if found is not None:
            return found
    return None


def other_campaigns(campaign):
    """Every campaign but this one, latest first: those it can be compared with."""
    return db.session.scalars(select(Campaign).where(Campaign.id != campaign.id)
                              .order_by(Campaign.starts_on.desc(), Campaign.id.desc())).all()


def has_mapping(base, campaign):
    """True when some unit of base's list is mapped into a unit of campaign's list."""
    return bool(_successions(base.unit_list_id, campaign.unit_list_id))


def _successions(old_list_id, new_list_id):
    """{old unit: its successions into the new list}, old units in code order, each's successions by new code."""
    old, new = aliased(Commune), aliased(Commune)
    found = db.session.execute(
        select(old, UnitSuccession).join(UnitSuccession, UnitSuccession.old_id == old.id)
        .join(new, UnitSuccession.new_id == new.id).options(contains_eager(UnitSuccession.new.of_type(new)))
        .where(old.unit_list_id == old_list_id, new.unit_list_id == new_list_id).order_by(old.code, new.code))
    goes = {}
    for unit, succession in found:
        goes.setdefault(unit, []).append(succession)
    return goes


def _plus(a, b):
    """a's row with b's sessions and participants added (reach is not: a person may be in both)."""
    return Row(a.key, a.name, training=a.training + b.training, communication=a.communication + b.communication,
               registrations=a.registrations + b.registrations,
               registered_attended=a.registered_attended + b.registered_attended,
               attendances=a.attendances + b.attendances, headcounts=a.headcounts + b.headcounts,
               trained=a.trained + b.trained)
