"""The migrations build exactly the schema the models describe, on SQLite and on PostgreSQL."""
import uuid
from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text

from portal import create_app
from portal.extensions import db
from portal.models import UnitList
from tests.conftest import TEST_CONFIG


def test_the_migrated_database_matches_the_models(ctx):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


@pytest.fixture
def empty_database(database_url, tmp_path):
    """A database of its own, empty: a SQLite file, or a new PostgreSQL database beside the test one."""
    if not database_url.startswith("postgresql"):
        yield "sqlite:///" + str(tmp_path / "upgrade.sqlite3")
        return
    name = f"portal_upgrade_{uuid.uuid4().hex[:12]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    yield database_url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


def test_a_database_with_events_and_people_upgrades_to_unit_lists(empty_database):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade(revision="0012")
        db.session.execute(text(
            "INSERT INTO commune (id, code, name, type, name_key) VALUES (7, '10198', 'Xã Hòa Bình', 'xa', 'xa hoa binh')"))
        db.session.execute(text(
            "INSERT INTO campaign (id, year, title, theme, starts_on, ends_on, lead_agency, plan_reference) VALUES "
            "(3, 2022, 'Tháng hành động 2022', '-', '2022-11-15', '2022-12-15', '-', 'Kế hoạch 252/KH-UBND')"))
        db.session.execute(text(
            "INSERT INTO event (id, slug, campaign_id, commune_id, kind, title, venue, description, starts_at, ends_at,"
            " seats_taken, registration_open, status, search_key, checkin_code, rotating_qr) VALUES (5, 'e1', 3, 7,"
            " 'training', 'T', 'V', '', '2022-11-20 08:00:00', '2022-11-20 10:00:00', 0, true, 'published', '',"
            " 'code1', false)"))
        db.session.commit()
        upgrade()
        assert db.session.execute(text("SELECT unit_list_id FROM commune WHERE id = 7")).scalar() == 1
        assert db.session.execute(text("SELECT unit_list_id, organiser_name FROM campaign")).one() == (
            1, "Huyện Thường Tín, thành phố Hà Nội")
        assert db.session.execute(text("SELECT commune_id FROM event WHERE id = 5")).scalar() == 7
        assert db.session.scalar(select(UnitList.key)) == "thuong-tin-2022"
        db.session.add(UnitList(name="Hà Nội", created_at=datetime(2026, 11, 30)))  # the id sequence moved on
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def test_registrations_made_before_collaborators_came_from_the_public_form(empty_database):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade(revision="0014")
        db.session.execute(text("INSERT INTO unit_list (id, name, created_at) VALUES (1, 'L', '2026-11-01 08:00:00')"))
        db.session.execute(text(
            "INSERT INTO campaign (id, year, title, theme, starts_on, ends_on, lead_agency, plan_reference,"
            " organiser_name, unit_list_id, pinned) VALUES (3, 2026, 'T', '-', '2026-11-15', '2026-12-15', '-', '',"
            " '', 1, false)"))
        db.session.execute(text(
            "INSERT INTO event (id, slug, campaign_id, kind, title, venue, description, starts_at, ends_at,"
            " seats_taken, registration_open, status, search_key, checkin_code, rotating_qr) VALUES (5, 'e1', 3,"
            " 'training', 'T', 'V', '', '2026-11-20 08:00:00', '2026-11-20 10:00:00', 1, true, 'published', '',"
            " 'code1', false)"))
        db.session.execute(text(
            "INSERT INTO person (id, full_name, name_key, phone, sex, birth_year, role, created_at) VALUES"
            " (9, 'Lan', 'lan', '0912345678', 'female', 1990, 'resident', '2026-11-01 08:00:00')"))
        db.session.execute(text(
            "INSERT INTO registration (id, event_id, person_id, phone, token, short_code, status, consent_at,"
            " consent_version, created_at) VALUES (4, 5, 9, '0912345678', 'tok', 'ABCD2345', 'confirmed',"
            " '2026-11-01 08:00:00', 1, '2026-11-01 08:00:00')"))
        db.session.commit()
        upgrade()
        assert db.session.execute(text("SELECT source, registered_by_id FROM registration")).one() == ("public", None)


def test_a_database_with_registrations_upgrades_to_households(empty_database):
    """Every registration and attendance held gets its person's key, each confirmed registration its phone's first
    place, the reach marks are keyed by person, and the counters equal a count from the rows."""
    from portal.models import Event, Person, ReachMark, Registration, TallyCell
    from portal.registration import person_key
    from portal.tally import counters, state

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade(revision="0014")
        for statement in (
            "INSERT INTO unit_list (id, key, name, created_at) VALUES (1, 'l', 'L', '2025-11-01 00:00:00')",
            "INSERT INTO commune (id, unit_list_id, code, name, type, name_key) VALUES (7, 1, '10198', 'Xã Hòa Bình',"
            " 'xa', 'xa hoa binh')",
            "INSERT INTO campaign (id, year, title, theme, starts_on, ends_on, lead_agency, plan_reference,"
            " organiser_name, unit_list_id, pinned) VALUES (3, 2025, 'T', '-', '2025-11-15', '2025-12-15', '-', '',"
            " '', 1, false)",
            "INSERT INTO event (id, slug, campaign_id, commune_id, kind, title, venue, description, starts_at, ends_at,"
            " seats_taken, registration_open, status, search_key, checkin_code, rotating_qr) VALUES (5, 'e1', 3, 7,"
            " 'training', 'T', 'V', '', '2025-11-20 08:00:00', '2025-11-20 10:00:00', 1, true, 'published', '',"
            " 'code1', false)",
            "INSERT INTO person (id, full_name, name_key, phone, sex, birth_year, commune_id, role, created_at) VALUES"
            " (1, 'Nguyễn Thị Lan', 'nguyen thi lan', '0911111111', 'female', 1990, 7, 'resident', '2025-11-01'),"
            " (2, 'Trần Văn Hùng', 'tran van hung', '0922222222', 'male', 1985, 7, 'resident', '2025-11-01'),"
            " (3, 'Phạm Văn Bình', 'pham van binh', NULL, 'male', 1970, 7, 'other', '2025-11-01')",
            "INSERT INTO registration (id, event_id, person_id, phone, token, short_code, status, consent_at,"
            " created_at) VALUES (1, 5, 1, '0911111111', 't1', 'AAAAAAAA', 'confirmed', '2025-11-01', '2025-11-01'),"
            " (2, 5, 2, '0922222222', 't2', 'BBBBBBBB', 'cancelled', '2025-11-01', '2025-11-01')",
            "INSERT INTO attendance (id, event_id, person_id, registration_id, phone, method, flagged, created_at)"
            " VALUES (1, 5, 1, 1, '0911111111', 'ticket', false, '2025-11-20 08:00:00'),"
            " (2, 5, 3, NULL, NULL, 'walk_in', false, '2025-11-20 08:05:00')",
            "INSERT INTO reach_mark (campaign_id, scope, commune_id, phone) VALUES (3, 'district', 0, '0911111111'),"
            " (3, 'host', 7, '0911111111'), (3, 'residence', 7, '0911111111')",
        ):
            db.session.execute(text(statement))
        db.session.commit()
        upgrade()
        lan = person_key("0911111111", "Nguyễn Thị Lan", 1990)
        rows = db.session.execute(text("SELECT id, person_key, household_place FROM registration ORDER BY id")).all()
        assert [tuple(row) for row in rows] == [(1, lan, 1), (2, person_key("0922222222", "Trần Văn Hùng", 1985), None)]
        assert db.session.execute(text("SELECT person_key FROM attendance ORDER BY id")).scalars().all() == [lan, None]
        assert {(m.scope, m.commune_id, m.person_key) for m in db.session.scalars(select(ReachMark))} == {
            ("district", 0, lan), ("host", 7, lan), ("residence", 7, lan)}

        def cells():
            return {(c.event_id, c.commune_id, c.sex): tuple(getattr(c, n) for n in counters.COUNTS)
                    for c in db.session.scalars(select(TallyCell))}

        migrated = cells()
        assert migrated == {(5, 7, "female"): (1, 1, 1, 1, 1, 1), (5, 7, "male"): (0, 1, 0, 1, 1, 1)}
        counters.rebuild()
        assert cells() == migrated
        assert db.session.get(Registration, 1).person_key == lan
        # The counters carried over count their changes from here on: the dashboards' stamp moves with the next one.
        before, event_before = state.version(3), state.event_version(5)
        counters.count_attendance(db.session.get(Event, 5), db.session.get(Person, 3), None, False)
        assert state.version(3) != before and state.event_version(5) != event_before
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()
