"""The test database between tests: what tests write is deleted, the reference data stays loaded."""
from sqlalchemy import select, update

from portal import clock
from portal.catalogue.seed import campaign_year, ensure_campaign, load_communes
from portal.extensions import db
from portal.models import TallyState
from portal.tally import state

REFERENCE_TABLES = {"unit_list", "campaign", "commune", "tally_state"}  # loaded once per run, kept between tests
_loaded = {}  # database URL -> its reference rows as last loaded (a module both conftest and tests import)


def reset_database(app):
    """Delete what tests write (every other table, children first); load the reference data only when it changed.

    The communes, the current campaign and the tally version row stay from test to test; a test that edited them
    (a campaign's theme, another year's campaign) gets them deleted and loaded afresh. The tally version goes to 0.
    """
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                db.session.execute(table.delete())
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        ensure_campaign(campaign_year(clock.now().date()))
        if _loaded.get(url) != _reference_rows():
            for table in reversed(db.metadata.sorted_tables):
                if table.name in REFERENCE_TABLES:
                    db.session.execute(table.delete())
            load_communes()
            ensure_campaign(campaign_year(clock.now().date()))
            _loaded[url] = _reference_rows()
        state.ensure_state()
        db.session.execute(update(TallyState).values(version=0))
        db.session.commit()


def _reference_rows():
    """Every row of the unit lists, communes and campaigns tables, as plain tuples."""
    tables = [table for table in db.metadata.sorted_tables if table.name in REFERENCE_TABLES - {"tally_state"}]
    return [tuple(row) for table in tables
            for row in db.session.execute(select(table).order_by(*table.primary_key.columns))]
