"""Domain tests: the tally against a fixture with known answers."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import clock, tally
from portal.extensions import db
from tests.conftest import A, B


def _rows(scope, by="host"):
    rows, totals = tally.compute(scope, clock.now(), by=by)
    return {r.key: r for r in rows}, totals


def test_by_host_commune(month):
    rows, totals = _rows(month)
    a, b = rows[A], rows[B]
    assert (a.training, a.communication, b.training, b.communication) == (1, 0, 0, 1)
    assert (a.registrations, a.registered_attended, a.show_up) == (3, 2, pytest.approx(2 / 3))
    assert (a.attendances.male, a.attendances.female, a.attendances.total) == (1, 1, 2)
    assert (a.trained.male, a.trained.female) == (1, 1)
    assert a.headcounts.total == 0 and a.reach == 2
    assert (b.registrations, b.show_up) == (1, 0)
    assert (b.attendances.male, b.attendances.female) == (1, 1)
    assert (b.headcounts.male, b.headcounts.female, b.headcounts.other) == (31, 50, 4)  # the corrected entry
    assert (b.participants.male, b.participants.female, b.participants.other_or_unknown, b.participants.total) == (32, 51, 4, 87)
    assert b.reach == 1 + 1 + 85  # Lan's phone, Bình without a phone, the headcount
    assert all(r.participants.total == 0 for key, r in rows.items() if key not in (A, B))
    assert len([key for key in rows if key.isdigit()]) == 29


@pytest.mark.parametrize("by", ["host", "residence"])
@pytest.mark.parametrize("kind", ["", "training", "communication"])
def test_a_communes_row_computed_alone_is_the_row_the_whole_table_gives_it(month, by, kind):
    """What an organiser's dashboard shows: their commune's row, computed from their commune's events or people
    only (events, registrations, check-ins, the headcount and its split by commune, reach)."""
    from dataclasses import replace

    from portal.models import Commune
    from tests.factories import commune, gen_unit_list

    scope = replace(month, kind=kind)
    rows, _totals = _rows(scope, by)
    quiet = db.session.scalar(select(Commune).where(Commune.unit_list_id == commune(A).unit_list_id,
                                                    Commune.code.not_in((A, B))))
    for unit in (commune(A), commune(B), quiet):
        alone, totals = tally.compute(scope, clock.now(), by=by, unit=unit.id)
        assert alone == [rows[unit.code]] and totals is None
    elsewhere = gen_unit_list().units[0]  # not on the campaign's list
    assert tally.compute(scope, clock.now(), by=by, unit=elsewhere.id) == ([], None)


def test_district_totals(month):
    _rows_, totals = _rows(month)
    assert (totals.training, totals.communication, totals.registrations) == (1, 1, 4)
    assert (totals.attendances.total, totals.headcounts.total, totals.participants.total) == (4, 85, 89)
    assert (totals.participants.male, totals.participants.female, totals.participants.other_or_unknown) == (33, 52, 4)
    assert totals.reach == 2 + 1 + 85  # Lan came to both communes' events: one person


def test_by_residence(month):
    rows, totals = _rows(month, by="residence")
    assert rows[A].attendances.female == 2 and rows[A].attendances.male == 0
    assert rows[A].headcounts.unknown == 60 and rows[A].participants.total == 62
    assert rows[B].attendances.male == 2 and rows[B].registrations == 2
    assert rows[A].registrations == 2
    assert rows[tally.UNKNOWN].headcounts.unknown == 25
    assert totals.participants.total == 89


def test_scope_by_kind_and_event(month):
    rows, totals = tally.compute(tally.Scope(month.campaign_id, kind="communication"), clock.now())
    assert (totals.training, totals.communication, totals.participants.total) == (0, 1, 87)
    future = tally.Scope(month.campaign_id, date_from=clock.now().date() + timedelta(days=1))
    assert tally.compute(future, clock.now())[1].participants.total == 0


def test_daily_trend(month):
    today = clock.now().date()
    days = tally.daily(month, today - timedelta(days=2), today)
    assert [day for day, _count in days] == [today - timedelta(days=2), today - timedelta(days=1), today]
    assert days[0][1] == 0 and days[2][1] >= 4 and sum(count for _day, count in days) == 89


def test_counters_kept_with_each_change_equal_a_rebuild_from_the_rows(month):
    """Do the counters maintained in each check-in's transaction agree with counting the rows themselves?"""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import ReachMark, TallyCell
    from portal.tally import counters

    def snapshot():
        cells = {(c.event_id, c.commune_id, c.sex): tuple(getattr(c, n) for n in counters.COUNTS)
                 for c in db.session.scalars(select(TallyCell))}
        return cells, {(m.scope, m.commune_id, m.person_key) for m in db.session.scalars(select(ReachMark))}

    kept = snapshot()
    counters.rebuild()
    assert snapshot() == kept and kept[0]


@pytest.mark.parametrize("by", ["host", "residence"])
def test_counted_reach_equals_the_exact_count(month, by):
    """The dashboard reads reach from counters; a filtered view counts distinct phones. Both must agree."""
    from datetime import date

    rows, totals = tally.compute(month, clock.now(), by=by)
    exact_rows, exact_totals = tally.compute(tally.Scope(month.campaign_id, date_from=date(2000, 1, 1)), clock.now(), by=by)
    assert [r.reach for r in rows] == [r.reach for r in exact_rows] and totals.reach == exact_totals.reach


# A household: three people on one phone are three people; one person checked in twice is one.

def test_a_household_on_one_phone_counts_as_its_people(household):
    rows, totals = _rows(household)
    a, b = rows[A], rows[B]
    assert (a.attendances.total, a.registrations, a.registered_attended, a.reach) == (3, 3, 3, 3)
    assert (b.attendances.total, b.registrations, b.registered_attended) == (3, 3, 2)
    assert b.reach == 3  # Lan, Hùng, and the woman without a phone
    assert (totals.attendances.male, totals.attendances.female, totals.attendances.total) == (3, 3, 6)
    assert totals.reach == 3 + 1  # the household's three people once each, and the woman without a phone


def test_a_household_by_residence(household):
    rows, totals = _rows(household, by="residence")
    assert rows[A].attendances.total == 6 and rows[A].reach == 4 and totals.reach == 4


@pytest.mark.parametrize("by", ["host", "residence"])
def test_a_households_counted_reach_equals_the_exact_count_and_a_rebuild(household, by):
    from datetime import date

    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import ReachMark, TallyCell
    from portal.tally import counters

    rows, totals = tally.compute(household, clock.now(), by=by)
    exact_rows, exact_totals = tally.compute(tally.Scope(household.campaign_id, date_from=date(2000, 1, 1)),
                                             clock.now(), by=by)
    assert [r.reach for r in rows] == [r.reach for r in exact_rows] and totals.reach == exact_totals.reach == 4

    def snapshot():
        return ({(c.event_id, c.commune_id, c.sex): tuple(getattr(c, n) for n in counters.COUNTS)
                 for c in db.session.scalars(select(TallyCell))},
                {(m.scope, m.commune_id, m.person_key) for m in db.session.scalars(select(ReachMark))})

    kept = snapshot()
    counters.rebuild()
    assert snapshot() == kept and len(kept[1]) == 3 + 3 + 2 + 3  # district, hosted by A, by B (Lan, Hùng), residence
