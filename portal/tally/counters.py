"""Counters kept in the same transaction as each registration and check-in (upserts, race-free), and their rebuild.

Each change adds to the event's cell for the person's commune of residence and sex (TallyCell), to the event's total
for that sex (TallyTotal, whose `changes` is the event's version) and 1 to a TallyChanges slot of its campaign (its
version). On PostgreSQL a writer takes total and change slots that no other open transaction holds, so no row is
written by every check-in, nor by every check-in at one big event."""
import random

from sqlalchemy import delete, func, select, text

from portal.extensions import db
from portal.models import CampaignClosing, Event, ReachMark, TallyCell, TallyTotal
from portal.storage import run, writes

COUNTS = ("registrations", "attendances", "registered_attended", "reach_host", "reach_residence", "reach_district")
TOTALS = ("registrations", "attendances", "registered_attended", "reach_host", "reach_district")


# Plain SQL that SQLite (3.35+) and PostgreSQL both speak: these run inside every check-in, so they stay cheap.
_MARK = """
INSERT INTO reach_mark (campaign_id, scope, commune_id, person_key)
VALUES (:campaign, 'district', 0, :key), (:campaign, 'host', :host, :key), (:campaign, 'residence', :home, :key)
ON CONFLICT DO NOTHING RETURNING scope
"""
_UPSERT = "ON CONFLICT (event_id, commune_id, sex) DO UPDATE SET " + ", ".join(
    f"{name} = tally_cell.{name} + excluded.{name}" for name in COUNTS)
_CELL = f"INSERT INTO tally_cell (event_id, commune_id, sex, {', '.join(COUNTS)})"
_ADD = _CELL + f" VALUES (:event, :home, :sex, {', '.join(':' + name for name in COUNTS)}) " + _UPSERT
_TOTAL = f"INSERT INTO tally_total (event_id, sex, slot, {', '.join(TOTALS)}, changes)"
_TOTAL_UPSERT = "ON CONFLICT (event_id, sex, slot) DO UPDATE SET changes = tally_total.changes + 1, " + ", ".join(
    f"{name} = tally_total.{name} + excluded.{name}" for name in TOTALS)
# SQLite: one writer at a time, one slot.
ADD_TOTAL = text(_TOTAL + f" VALUES (:event, :sex, 0, {', '.join(':' + name for name in TOTALS)}, 1) " + _TOTAL_UPSERT)


def _take_total(deltas, sex=":sex", only_if="TRUE"):
    """PostgreSQL, two WITH parts: add deltas (SQL for each of TOTALS) to a total slot of the event and sex (SQL)
    that no other open transaction holds, or, all held (or none yet), to a new one; nothing unless only_if (SQL)."""
    return f"""total AS (
  UPDATE tally_total SET changes = changes + 1, {', '.join(f'{n} = {n} + {deltas[n]}' for n in TOTALS)}
  WHERE event_id = :event AND sex = {sex} AND {only_if} AND slot = (
    SELECT slot FROM tally_total WHERE event_id = :event AND sex = {sex} LIMIT 1 FOR UPDATE SKIP LOCKED)
  RETURNING 1),
new_total AS ({_TOTAL} SELECT :event, {sex}, CAST(floor(random() * 2147483646) AS integer) + 1,
  {', '.join(deltas[n] for n in TOTALS)}, 1 WHERE NOT EXISTS (SELECT FROM total) AND {only_if} {_TOTAL_UPSERT})"""


def _take_slot(only_if="TRUE"):
    """PostgreSQL: add 1 to the first slot of the campaign no other open transaction has locked (none waits for
    another's commit), unless not only_if (SQL)."""
    return f"""
UPDATE tally_changes SET changes = changes + 1 WHERE campaign_id = :campaign AND {only_if} AND slot = (
  SELECT slot FROM tally_changes WHERE campaign_id = :campaign LIMIT 1 FOR UPDATE SKIP LOCKED)
"""


_TAKE_SLOT = _take_slot()
MARK, ADD = text(_MARK), text(_ADD)
# PostgreSQL, in one round trip each (data-modifying WITH): the cell's upsert, the total's slot, then a change slot
# taken; and for a check-in of someone with a person_key, their reach marks first, the cell and the total counting
# the scopes where a mark went in. The statement's row count is the change slot's (0: every slot held, a new one is
# made as on SQLite).
ADD_TAKING_SLOT = text(f"WITH cell AS ({_ADD}), {_take_total({n: ':' + n for n in TOTALS})} {_TAKE_SLOT}")
_MARKED = {"host": "(SELECT count(*) FROM marked WHERE scope = 'host')",
           "district": "(SELECT count(*) FROM marked WHERE scope = 'district')"}
MARK_ADD_TAKING_SLOT = text(f"""WITH marked AS ({_MARK}), cell AS ({_CELL}
SELECT :event, :home, :sex, 0, 1, :registered_attended, count(*) FILTER (WHERE scope = 'host'),
       count(*) FILTER (WHERE scope = 'residence'), count(*) FILTER (WHERE scope = 'district') FROM marked
{_UPSERT}), {_take_total({"registrations": "0", "attendances": "1", "registered_attended": ":registered_attended",
                          "reach_host": _MARKED["host"], "reach_district": _MARKED["district"]})} {_TAKE_SLOT}""")


def counting_scan(added, holder):
    """PostgreSQL: the WITH parts that count a first attendance with a ticket in the statement that writes it (the
    desk's scan, portal.checkin.scans), as count_attendance counts it. added: the WITH part holding the attendance's
    row when one went in (none: nothing is counted); holder: the one holding its holder's person_key, sex and
    commune_id. Parameters :campaign, :event, :host (the event's commune, 0 for none). Its last part, taken, holds a
    row when a change slot of the campaign was taken (none: counted() adds one)."""
    new = f"EXISTS (SELECT FROM {added})"
    unmarked = f"(SELECT count(*) FROM {holder} WHERE person_key IS NULL)"  # someone new in every scope
    reached = {scope: f"(SELECT count(*) FROM marked WHERE scope = '{scope}') + {unmarked}"
               for scope in ("host", "residence", "district")}
    return f"""marked AS (
  INSERT INTO reach_mark (campaign_id, scope, commune_id, person_key)
  SELECT :campaign, scope.name, scope.commune_id, {holder}.person_key FROM {added}, {holder}
  CROSS JOIN LATERAL (VALUES ('district', 0), ('host', :host), ('residence', coalesce({holder}.commune_id, 0)))
    AS scope (name, commune_id)
  WHERE {holder}.person_key IS NOT NULL
  ON CONFLICT DO NOTHING RETURNING scope),
cell AS ({_CELL}
  SELECT :event, coalesce({holder}.commune_id, 0), {holder}.sex, 0, 1, 1, {reached['host']}, {reached['residence']},
         {reached['district']} FROM {added}, {holder}
  {_UPSERT}),
{_take_total({"registrations": "0", "attendances": "1", "registered_attended": "1",
              "reach_host": reached["host"], "reach_district": reached["district"]},
             sex=f"(SELECT sex FROM {holder})", only_if=new)},
taken AS ({_take_slot(only_if=new)} RETURNING 1)"""


def counted(campaign_id, slot_taken):
    """PostgreSQL: a statement counted an attendance (counting_scan); slot_taken: whether it took a change slot of
    the campaign (else every slot was held: one is added)."""
    if not slot_taken:
        _new_slot(campaign_id)


NEW_SLOT = text("""
INSERT INTO tally_changes (campaign_id, slot, changes) VALUES (:campaign, :slot, 1)
ON CONFLICT (campaign_id, slot) DO UPDATE SET changes = tally_changes.changes + 1
""")


def attendances(event_id):
    """The event's check-ins as counted (the sum of its few totals, however big the crowd): a scalar subquery. Every
    attendance is counted in its event's totals, and nothing else is (a headcount is not someone's check-in)."""
    return select(func.coalesce(func.sum(TallyTotal.attendances), 0)).where(
        TallyTotal.event_id == event_id).scalar_subquery()


def count_registration(event, person):
    """A registration for event by person."""
    _add(event, person, registrations=1)


def uncount_registration(event, person):
    """A registration for event by person, cancelled."""
    _add(event, person, registrations=-1)


def count_attendance(event, person, key, registered):
    """A new attendance; a person is newly reached in a scope unless their person_key was already seen there (one
    without a phone, key None, is someone new each time). The reach marks' unique constraint decides under races:
    only the first of two simultaneous inserts returns its row."""
    marks = {"campaign": event.campaign_id, "key": key, "host": event.commune_id or 0, "home": person.commune_id or 0}
    if key is not None and writes.on_postgresql(db.session()):
        slot = run(MARK_ADD_TAKING_SLOT, {**marks, "event": event.id, "sex": person.sex,
                                          "registered_attended": 1 if registered else 0})
        if not slot.rowcount:
            _new_slot(event.campaign_id)
        return
    new = {"district", "host", "residence"} if key is None else set(run(MARK, marks).scalars())
    _add(event, person, attendances=1, registered_attended=1 if registered else 0,
         **{f"reach_{scope}": 1 for scope in new})


def _add(event, person, **deltas):
    cell = {"event": event.id, "home": person.commune_id or 0, "sex": person.sex,
            **{name: deltas.get(name, 0) for name in COUNTS}}
    if writes.on_postgresql(db.session()):
        if not run(ADD_TAKING_SLOT, {**cell, "campaign": event.campaign_id}).rowcount:
            _new_slot(event.campaign_id)
        return
    run(ADD, cell)
    run(ADD_TOTAL, cell)
    run(NEW_SLOT, {"campaign": event.campaign_id, "slot": 0})  # SQLite: one writer at a time, one slot


def _new_slot(campaign_id):
    """PostgreSQL: every slot of the campaign is held by an open transaction (or there is none yet): add 1 in a new
    one, for this writer."""
    run(NEW_SLOT, {"campaign": campaign_id, "slot": random.randrange(1, 2**31)})


def rebuild():
    """Recompute the counters of every open campaign from the registrations and attendances themselves (after a
    cancellation or a bulk import); a closed campaign's stay as they are. A person (by person_key; each attendance
    without one is someone) counts as reached at their first attendance at a published event in each scope, as when
    the counters are kept live.
    """
    # A closed campaign's counters are final (its personal data may be purged already): they are left as they are.
    open_events = select(Event.id).where(Event.campaign_id.not_in(select(CampaignClosing.campaign_id)))
    db.session.execute(delete(TallyCell).where(TallyCell.event_id.in_(open_events)))
    db.session.execute(delete(TallyTotal).where(TallyTotal.event_id.in_(open_events)))
    db.session.execute(delete(ReachMark).where(ReachMark.campaign_id.not_in(select(CampaignClosing.campaign_id))))
    db.session.execute(text(REBUILD_CELLS))
    db.session.execute(text(REBUILD_TOTALS))
    db.session.execute(text(REBUILD_MARKS))
    db.session.flush()


REBUILD_CELLS = """
INSERT INTO tally_cell (event_id, commune_id, sex, registrations, attendances, registered_attended,
                        reach_host, reach_residence, reach_district)
SELECT event_id, commune_id, sex, SUM(registrations), SUM(attendances), SUM(registered_attended),
       SUM(reach_host), SUM(reach_residence), SUM(reach_district)
FROM (
  SELECT r.event_id AS event_id, COALESCE(p.commune_id, 0) AS commune_id, p.sex AS sex, 1 AS registrations,
         0 AS attendances, 0 AS registered_attended, 0 AS reach_host, 0 AS reach_residence, 0 AS reach_district
  FROM registration r JOIN person p ON p.id = r.person_id JOIN event e ON e.id = r.event_id
  WHERE r.status = 'confirmed' AND e.campaign_id NOT IN (SELECT campaign_id FROM campaign_closing)
  UNION ALL
  SELECT a.event_id, COALESCE(p.commune_id, 0), p.sex, 0, 1, CASE WHEN a.registration_id IS NULL THEN 0 ELSE 1 END,
    CASE WHEN e.status = 'published' AND (a.person_key IS NULL OR ROW_NUMBER() OVER (
      PARTITION BY e.campaign_id, e.status, COALESCE(e.commune_id, 0), a.person_key ORDER BY a.id) = 1)
      THEN 1 ELSE 0 END,
    CASE WHEN e.status = 'published' AND (a.person_key IS NULL OR ROW_NUMBER() OVER (
      PARTITION BY e.campaign_id, e.status, COALESCE(p.commune_id, 0), a.person_key ORDER BY a.id) = 1)
      THEN 1 ELSE 0 END,
    CASE WHEN e.status = 'published' AND (a.person_key IS NULL OR ROW_NUMBER() OVER (
      PARTITION BY e.campaign_id, e.status, a.person_key ORDER BY a.id) = 1) THEN 1 ELSE 0 END
  FROM attendance a JOIN event e ON e.id = a.event_id JOIN person p ON p.id = a.person_id
  WHERE e.campaign_id NOT IN (SELECT campaign_id FROM campaign_closing)
) AS counted
GROUP BY event_id, commune_id, sex
"""

# After the cells, from them: the open campaigns' events (a closed campaign's were kept, with its cells).
REBUILD_TOTALS = """
INSERT INTO tally_total (event_id, sex, slot, registrations, attendances, registered_attended, reach_host,
                         reach_district, changes)
SELECT c.event_id, c.sex, 0, SUM(c.registrations), SUM(c.attendances), SUM(c.registered_attended), SUM(c.reach_host),
       SUM(c.reach_district), 0
FROM tally_cell c JOIN event e ON e.id = c.event_id
WHERE e.campaign_id NOT IN (SELECT campaign_id FROM campaign_closing)
GROUP BY c.event_id, c.sex
"""

REBUILD_MARKS = """
INSERT INTO reach_mark (campaign_id, scope, commune_id, person_key)
SELECT DISTINCT e.campaign_id, 'district', 0, a.person_key
FROM attendance a JOIN event e ON e.id = a.event_id WHERE a.person_key IS NOT NULL AND e.status = 'published'
  AND e.campaign_id NOT IN (SELECT campaign_id FROM campaign_closing)
UNION
SELECT DISTINCT e.campaign_id, 'host', COALESCE(e.commune_id, 0), a.person_key
FROM attendance a JOIN event e ON e.id = a.event_id WHERE a.person_key IS NOT NULL AND e.status = 'published'
  AND e.campaign_id NOT IN (SELECT campaign_id FROM campaign_closing)
UNION
SELECT DISTINCT e.campaign_id, 'residence', COALESCE(p.commune_id, 0), a.person_key
FROM attendance a JOIN event e ON e.id = a.event_id JOIN person p ON p.id = a.person_id
WHERE a.person_key IS NOT NULL AND e.status = 'published'
  AND e.campaign_id NOT IN (SELECT campaign_id FROM campaign_closing)
"""
