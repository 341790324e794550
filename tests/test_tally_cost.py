"""What the dashboards' numbers cost: the commune table by host commune and the event screen read each event's
totals, so their cost does not grow with the communes its people live in, nor with its check-ins. (Their numbers
against fresh counts: test_tally.py, test_live_counts.py.)"""
import re

from sqlalchemy import select

from portal import clock, tally
from portal.extensions import db
from portal.models import Campaign, Commune
from tests.factories import commune, gen_crowd, gen_user, open_event
from tests.test_scan_cost import sqlite_work, statements


def _costs(htmx, campaign_id, event):
    """The commune table by host (computed) and the event screen's numbers (polled without a stamp): each one's
    answer, statements and SQLite work."""
    with statements() as table_statements, sqlite_work() as table_work:
        _rows, totals = tally.compute(tally.Scope(campaign_id), clock.now(), by="host")
    with statements() as screen_statements, sqlite_work() as screen_work:
        screen = htmx.get(f"/dashboard/events/{event.slug}", target="event-numbers")
    assert screen.status_code == 200, screen.status_code
    shown = int(re.search(r'id="number-total">(\d+)<', screen.text).group(1))
    return (totals.attendances.total, table_statements, len(table_work)), (shown, screen_statements, len(screen_work))


def _same(before, after):
    (_n, statements_before, work_before), (_m, statements_after, work_after) = before, after
    assert statements_before == statements_after
    # Within 10%, and a few steps for the b-trees of the bigger tables (reading a row of 116 people's or 58's
    # costs tens of steps more)
    assert work_after <= work_before * 1.1 + 5, (work_before, work_after)


def test_the_commune_table_and_the_event_screen_cost_the_same_however_many_communes_their_people_live_in(
        ctx, client, auth, htmx):
    gen_user("admin", role="admin")
    events = [open_event(title=f"Buổi {n}") for n in range(6)]
    campaign = db.session.get(Campaign, events[0].campaign_id)
    units = db.session.scalars(select(Commune).where(Commune.unit_list_id == campaign.unit_list_id)).all()
    for n, event in enumerate(events):
        gen_crowd(event, 58, start=n * 1000)  # everyone from one commune
    auth.login("admin")
    table, screen = _costs(htmx, campaign.id, events[0])
    assert (table[0], screen[0]) == (6 * 58, 58)
    for n, event in enumerate(events):
        gen_crowd(event, 58, start=n * 1000 + 500, homes=units)  # as many again, from each of the 29 communes
    more_table, more_screen = _costs(htmx, campaign.id, events[0])
    assert (more_table[0], more_screen[0]) == (6 * 116, 116)
    _same(table, more_table)
    _same(screen, more_screen)


def test_an_organisers_commune_table_costs_the_same_however_many_other_communes_hold_events(app, ctx, client, auth,
                                                                                            htmx):
    """A commune's organiser polls their row of the table: computed alone, it reads their commune's events, not
    the campaign's."""
    gen_user("organiser")  # of 10198
    mine = open_event(title="Buổi của xã", commune=commune("10198"))
    gen_crowd(mine, 20)
    auth.login("organiser")

    def poll():
        app.extensions.pop("tally_cache", None)  # computed afresh, as after any check-in in the campaign
        with statements() as seen, sqlite_work() as work:
            answer = htmx.get("/dashboard/live", target="tally")
        assert answer.status_code == 200 and '<td class="participants">20</td>' in answer.text
        return None, seen, len(work)

    alone = poll()
    others = db.session.scalars(select(Commune).where(Commune.unit_list_id == mine.commune.unit_list_id,
                                                      Commune.id != mine.commune_id)).all()
    for n, unit in enumerate(others):
        gen_crowd(open_event(title=f"Buổi {n}", commune=unit), 20, start=1000 + n * 100, homes=others)
    _same(alone, poll())
