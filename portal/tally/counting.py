"""Participation counts per commune, by sex and kind of activity: the live dashboard's and the report's numbers.

Participation counts from the moment it is recorded, at every published (not cancelled) event: people checked in
during the hour before the start count at once. A session counts as held once it has started, or earlier once it
has participants. Participants = attendances (one per person per event) + headcounts (each event's latest headcount).
Reach = distinct people: attendances by person (phone, folded name and year of birth: the person_key), so a household
sharing a phone counts as its people; each attendance without a phone, and each person in a headcount (anonymous,
so taken as distinct).
"""
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import bindparam, case, exists, func, select

from portal.extensions import db
from portal.models import (
    Attendance,
    Campaign,
    Commune,
    Event,
    Headcount,
    Person,
    TallyCell,
    TallyTotal,
)

DISTRICT, UNKNOWN, TOTAL = "district", "unknown", "total"


@dataclass
class Sexes:
    """Counts by sex; unknown holds people whose sex was not recorded (reported with 'other')."""

    male: int = 0
    female: int = 0
    other: int = 0
    unknown: int = 0

    @property
    def other_or_unknown(self):
        """The report's third column: other, and not recorded."""
        return self.other + self.unknown

    @property
    def total(self):
        """Everyone, whatever their sex."""
        return self.male + self.female + self.other + self.unknown

    def __add__(self, more):
        return Sexes(self.male + more.male, self.female + more.female, self.other + more.other,
                     self.unknown + more.unknown)


@dataclass
class Row:
    """One line of the table: a commune (or the district level, or unknown residence, or the totals)."""

    key: str
    name: str
    training: int = 0
    communication: int = 0
    registrations: int = 0
    registered_attended: int = 0
    attendances: Sexes = field(default_factory=Sexes)
    headcounts: Sexes = field(default_factory=Sexes)
    trained: Sexes = field(default_factory=Sexes)
    reach: int = 0

    @property
    def participants(self):
        """Individual check-ins and headcounts together."""
        return self.attendances + self.headcounts

    @property
    def show_up(self):
        """Share of registrations that came, or None without registrations."""
        return self.registered_attended / self.registrations if self.registrations else None


@dataclass(frozen=True)
class Scope:
    """Which events count: a campaign, optionally a kind, a date range (by start) or one event."""

    campaign_id: int
    kind: str = ""
    date_from: object = None
    date_to: object = None
    event_id: int | None = None


def counted(scope):
    """The conditions that make an event's participation count (they do not depend on the clock)."""
    conditions = [Event.campaign_id == scope.campaign_id, Event.status == "published"]
    if scope.kind:
        conditions.append(Event.kind == scope.kind)
    if scope.date_from:
        conditions.append(Event.starts_at >= datetime.combine(scope.date_from, time.min))
    if scope.date_to:
        conditions.append(Event.starts_at < datetime.combine(scope.date_to + timedelta(days=1), time.min))
    if scope.event_id:
        conditions.append(Event.id == scope.event_id)
    return conditions


def held(now):
    """The condition that makes a counted event a session held: started, or with participants already."""
    return (Event.starts_at <= now) | exists().where(Attendance.event_id == Event.id) | exists().where(
        Headcount.event_id == Event.id)


def compute(scope, now, by="host", unit=None):
    """Return (rows, totals): one row per commune (in code order) plus district/unknown rows when non-empty.

    by="host" tallies by the commune hosting the event (the report); by="residence" by the participant's commune.
    unit: a commune's id: its row alone ([] when the campaign's list lacks it) and no totals (None), the same row
    the whole table gives it, at the cost of the commune's own events (by host) or people (by residence).
    """
    on_list = [Campaign.id == scope.campaign_id, *_of_unit(Commune.id, unit)]
    communes = db.session.execute(select(Commune.id, Commune.code, Commune.name).join(
        Campaign, Campaign.unit_list_id == Commune.unit_list_id).where(*on_list).order_by(Commune.code)).all()
    code_of = {id_: code for id_, code, _name in communes}
    rows = {code: Row(code, name) for _id, code, name in communes}
    extra = {DISTRICT: Row(DISTRICT, "district"), UNKNOWN: Row(UNKNOWN, "unknown")}
    spare = DISTRICT if by == "host" else UNKNOWN

    def row(commune_id):
        return rows.get(code_of.get(commune_id)) or extra[spare]

    conditions = counted(scope)
    hosted = conditions + _of_unit(Event.commune_id, unit)  # events count where they are
    for commune_id, kind, count in db.session.execute(select(Event.commune_id, Event.kind, func.count()).where(
            *hosted, held(now)).group_by(Event.commune_id, Event.kind)):
        target = rows.get(code_of.get(commune_id)) or extra[DISTRICT]
        setattr(target, kind, getattr(target, kind) + count)
    exact_reach = bool(scope.kind or scope.date_from or scope.date_to or scope.event_id)
    district_reach = _cells(conditions, by, row, exact_reach, now, unit)
    _headcounts(hosted if by == "host" else conditions, by, row, rows, extra)  # a split names any commune
    if exact_reach:
        key = Event.commune_id if by == "host" else Person.commune_id
        for commune_id, people, without_phone in db.session.execute(_reach(conditions, key, unit)):
            row(commune_id).reach += people + without_phone
    if unit is not None:
        return list(rows.values()), None
    ordered = list(rows.values()) + [r for r in extra.values() if _has_numbers(r)]
    return ordered, _totals(ordered, conditions, None if exact_reach else district_reach)


_EVENT_ATTENDANCES = (select(TallyTotal.sex, func.sum(TallyTotal.attendances))
                      .where(TallyTotal.event_id == bindparam("id")).group_by(TallyTotal.sex))
_EVENT_HEADCOUNT = (select(Headcount.male, Headcount.female, Headcount.other)
                    .where(Headcount.event_id == bindparam("id")).order_by(Headcount.id.desc()).limit(1))


def participants(event):
    """The event's participants by sex, as the totals of compute() for the event alone count them: its check-ins
    (its few totals rows, however big the crowd) and its latest headcount; none while it is not published."""
    counted = Sexes()
    if event.status != "published":
        return counted
    for sex, attendances in db.session.execute(_EVENT_ATTENDANCES, {"id": event.id}):
        setattr(counted, sex, getattr(counted, sex) + attendances)
    headcount = db.session.execute(_EVENT_HEADCOUNT, {"id": event.id}).first()
    return counted + Sexes(*headcount) if headcount else counted


def _of_unit(column, unit):
    """The condition keeping unit's rows alone (column == unit), or none when unit is None (every commune)."""
    return [] if unit is None else [column == unit]


def _cells(conditions, by, row, exact_reach, now, unit=None):
    """Add the maintained counters, and return the people reached in the whole campaign as they count it. By host
    commune, each event's totals by sex (a few rows an event); by commune of residence, its cells (a few per
    commune its people live in). Registrations (and so the show-up rate) count for sessions held only: a session
    still ahead has people to come."""
    counters = TallyTotal if by == "host" else TallyCell
    key = Event.commune_id if by == "host" else TallyCell.commune_id
    reach = TallyTotal.reach_host if by == "host" else TallyCell.reach_residence
    is_held = case((held(now), 1), else_=0)
    stmt = (select(key, counters.sex, Event.kind, is_held, func.sum(counters.registrations),
                   func.sum(counters.attendances), func.sum(counters.registered_attended), func.sum(reach),
                   func.sum(counters.reach_district))
            .join(Event, Event.id == counters.event_id).where(*conditions, *_of_unit(key, unit))
            .group_by(key, counters.sex, Event.kind, is_held))
    district_reach = 0
    for commune_id, sex, kind, was_held, registrations, attendances, registered, reached, in_district in (
            db.session.execute(stmt)):
        district_reach += in_district
        target = row(commune_id or None)
        if was_held:
            target.registrations += registrations
            target.registered_attended += registered
        setattr(target.attendances, sex, getattr(target.attendances, sex) + attendances)
        if kind == "training":
            setattr(target.trained, sex, getattr(target.trained, sex) + attendances)
        if not exact_reach:
            target.reach += reached
    return district_reach


def _headcounts(conditions, by, row, rows, extra):
    latest = select(func.max(Headcount.id)).join(Event).where(*conditions).group_by(Headcount.event_id)
    for headcount, commune_id, kind in db.session.execute(
            select(Headcount, Event.commune_id, Event.kind).join(Event).where(Headcount.id.in_(latest))):
        counted = Sexes(headcount.male, headcount.female, headcount.other)
        if by == "host":
            _add_headcount(row(commune_id), counted, kind)
            continue
        # By residence, counts entered per commune carry no sex: they are reported as "not known".
        assigned = 0
        for code, number in (headcount.by_commune or {}).items():
            number = min(number, counted.total - assigned)  # a split never adds people to the total
            if code in rows and number > 0:
                _add_headcount(rows[code], Sexes(unknown=number), kind)
                assigned += number
        rest = counted if not assigned else Sexes(unknown=counted.total - assigned)
        _add_headcount(extra[UNKNOWN], rest, kind)


def _add_headcount(target, counted, kind):
    target.headcounts = target.headcounts + counted
    if kind == "training":
        target.trained = target.trained + counted
    target.reach += counted.total


def _reach(conditions, key=None, unit=None):
    """Distinct people (person keys) and attendances without a phone, per key when given (of unit alone when
    given)."""
    columns = [func.count(func.distinct(Attendance.person_key)),
               func.coalesce(func.sum(case((Attendance.person_key.is_(None), 1), else_=0)), 0)]
    stmt = (select(*([key] if key is not None else []), *columns).select_from(Attendance).join(Event)
            .join(Person, Attendance.person_id == Person.id).where(*conditions, *_of_unit(key, unit)))
    return stmt.group_by(key) if key is not None else stmt


def _totals(rows, conditions, district_reach):
    """The totals row; district_reach: the people reached as the counters count them, None to count them exactly."""
    totals = Row(TOTAL, "total")
    for r in rows:
        for name in ("training", "communication", "registrations", "registered_attended"):
            setattr(totals, name, getattr(totals, name) + getattr(r, name))
        totals.attendances += r.attendances
        totals.headcounts += r.headcounts
        totals.trained += r.trained
    if district_reach is None:
        people, without_phone = db.session.execute(_reach(conditions)).one()
    else:
        people, without_phone = district_reach, 0
    totals.reach = people + without_phone + totals.headcounts.total  # a person seen in two communes counts once
    return totals


def _has_numbers(r):
    return any((r.training, r.communication, r.registrations, r.attendances.total, r.headcounts.total))
