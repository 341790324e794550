"""The test fixtures themselves: every test starts from the reference data alone, without reloading it."""
from sqlalchemy import func, select

from portal import clock
from portal.catalogue.seed import campaign_year, ensure_campaign
from portal.extensions import db
from portal.models import Campaign, Commune, TallyState
from portal.tally import state
from tests.database import reset_database
from tests.factories import gen_event, gen_registration, gen_user

REFERENCE = {"unit_list", "campaign", "commune", "tally_state"}


def _counts():
    """Rows per table."""
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def _reference_rows():
    """The reference rows with their ids, as tuples."""
    communes = db.session.execute(select(Commune.id, Commune.code, Commune.name).order_by(Commune.id)).all()
    campaigns = db.session.execute(select(Campaign.id, Campaign.year, Campaign.theme).order_by(Campaign.id)).all()
    return communes, campaigns


def test_a_test_starts_with_the_reference_data_and_nothing_else(ctx):
    counts = _counts()
    assert (counts["commune"], counts["campaign"], counts["tally_state"]) == (29, 1, 1)
    assert not {name: n for name, n in counts.items() if name not in REFERENCE and n}
    assert state.shared_version() == 0


def test_the_reset_deletes_what_tests_write_and_keeps_the_reference_rows(app, ctx):
    before = _reference_rows()
    gen_user("admin", role="admin")
    gen_registration(gen_event())
    state.bump()
    db.session.commit()
    reset_database(app)
    assert _reference_rows() == before  # the same rows, same ids: not deleted and loaded again
    assert not {name: n for name, n in _counts().items() if name not in REFERENCE and n}
    assert db.session.get(TallyState, 1).version == 0


def test_changed_reference_data_is_put_back(app, ctx):
    campaign = ensure_campaign(campaign_year(clock.now().date()))
    campaign.theme = "=cmd|' /C calc'!A0"
    ensure_campaign(2030)
    db.session.commit()
    reset_database(app)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Campaign)) == 1
    assert not db.session.scalar(select(Campaign).where(Campaign.theme.startswith("=")))


def test_no_two_test_files_share_a_name():
    """pytest imports test files by their bare name: two of one name stop the whole run at collection."""
    from collections import Counter
    from pathlib import Path

    names = Counter(path.name for path in Path(__file__).parent.rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
