"""Households: several people may register for one event with one phone number, each told apart by a person key
(phone, folded name, year of birth) and holding one of the phone's places there; a registration may have no phone.
Reach marks and the counters of open campaigns count people, not phones.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 08:00:00

"""
import hashlib

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def _key(phone, name_key, birth_year):
    """portal.registration.person_key as of this revision (name_key is the name already folded)."""
    if not phone:
        return None
    return hashlib.sha256(f"{phone}\x1f{name_key}\x1f{birth_year}".encode()).hexdigest()[:32]


def upgrade():
    """Add the person keys and places, filled for every row held (one person per phone and event until now: each
    confirmed registration holds its phone's first place); replace the uniqueness by phone with uniqueness by
    person; key the reach marks by person and recount the open campaigns' counters."""
    bind = op.get_bind()
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_key', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('household_place', sa.Integer(), nullable=True))
        batch_op.alter_column('phone', existing_type=sa.String(length=15), nullable=True)
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_key', sa.String(length=32), nullable=True))

    for table in ('registration', 'attendance'):
        rows = bind.execute(sa.text(
            f"SELECT t.id, t.phone, p.name_key, p.birth_year FROM {table} t JOIN person p ON p.id = t.person_id"
            " WHERE t.phone IS NOT NULL")).all()
        if rows:
            bind.execute(sa.text(f"UPDATE {table} SET person_key = :key WHERE id = :id"),
                         [{"id": row.id, "key": _key(row.phone, row.name_key, row.birth_year)} for row in rows])
    op.execute(sa.text("UPDATE registration SET household_place = 1 WHERE status = 'confirmed' AND phone IS NOT NULL"))

    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_registration_event_id_phone'), type_='unique')
        batch_op.create_unique_constraint(op.f('uq_registration_event_id_person_key'), ['event_id', 'person_key'])
        batch_op.create_unique_constraint(op.f('uq_registration_event_id_phone_household_place'),
                                          ['event_id', 'phone', 'household_place'])
        batch_op.create_check_constraint('household_place', "household_place >= 1")
        batch_op.create_index(batch_op.f('ix_registration_phone'), ['phone'], unique=False)
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_attendance_event_id_phone'), type_='unique')
        batch_op.create_unique_constraint(op.f('uq_attendance_event_id_person_key'), ['event_id', 'person_key'])

    op.execute(sa.text("DELETE FROM reach_mark"))
    with op.batch_alter_table('reach_mark', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_reach_mark_campaign_id_scope_commune_id_phone'), type_='unique')
        batch_op.drop_column('phone')
        batch_op.add_column(sa.Column('person_key', sa.String(length=32), nullable=False))
        batch_op.create_unique_constraint(op.f('uq_reach_mark_campaign_id_scope_commune_id_person_key'),
                                          ['campaign_id', 'scope', 'commune_id', 'person_key'])
    # Marks for every campaign whose data is still held (a purged campaign has none); counters again for the open
    # ones (a closed campaign's are final).
    op.execute(sa.text(MARKS))
    op.execute(sa.text("DELETE FROM tally_cell WHERE event_id IN (SELECT id FROM event WHERE campaign_id NOT IN"
                       " (SELECT campaign_id FROM campaign_closing))"))
    op.execute(sa.text(CELLS))
    op.execute(sa.text("UPDATE tally_state SET version = version + 1"))  # dashboards count again


def downgrade():
    """Back to one registration per phone and event: only possible while every registration has a phone and no
    phone holds two people at one event (the unique constraint refuses otherwise)."""
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_attendance_event_id_person_key'), type_='unique')
        batch_op.create_unique_constraint(op.f('uq_attendance_event_id_phone'), ['event_id', 'phone'])
        batch_op.drop_column('person_key')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_phone'))
        batch_op.drop_constraint(op.f('ck_registration_household_place'), type_='check')
        batch_op.drop_constraint(op.f('uq_registration_event_id_phone_household_place'), type_='unique')
        batch_op.drop_constraint(op.f('uq_registration_event_id_person_key'), type_='unique')
        batch_op.create_unique_constraint(op.f('uq_registration_event_id_phone'), ['event_id', 'phone'])
        batch_op.alter_column('phone', existing_type=sa.String(length=15), nullable=False)
        batch_op.drop_column('household_place')
        batch_op.drop_column('person_key')
    op.execute(sa.text("DELETE FROM reach_mark"))
    with op.batch_alter_table('reach_mark', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_reach_mark_campaign_id_scope_commune_id_person_key'), type_='unique')
        batch_op.drop_column('person_key')
        batch_op.add_column(sa.Column('phone', sa.String(length=15), nullable=False))
        batch_op.create_unique_constraint(op.f('uq_reach_mark_campaign_id_scope_commune_id_phone'),
                                          ['campaign_id', 'scope', 'commune_id', 'phone'])
    op.execute(sa.text(MARKS.replace("person_key", "phone")))


PURGED = "(SELECT campaign_id FROM campaign_closing WHERE purged_at IS NOT NULL)"
OPEN = "(SELECT campaign_id FROM campaign_closing)"

MARKS = f"""
INSERT INTO reach_mark (campaign_id, scope, commune_id, person_key)
SELECT DISTINCT e.campaign_id, 'district', 0, a.person_key
FROM attendance a JOIN event e ON e.id = a.event_id WHERE a.person_key IS NOT NULL AND e.status = 'published'
  AND e.campaign_id NOT IN {PURGED}
UNION
SELECT DISTINCT e.campaign_id, 'host', COALESCE(e.commune_id, 0), a.person_key
FROM attendance a JOIN event e ON e.id = a.event_id WHERE a.person_key IS NOT NULL AND e.status = 'published'
  AND e.campaign_id NOT IN {PURGED}
UNION
SELECT DISTINCT e.campaign_id, 'residence', COALESCE(p.commune_id, 0), a.person_key
FROM attendance a JOIN event e ON e.id = a.event_id JOIN person p ON p.id = a.person_id
WHERE a.person_key IS NOT NULL AND e.status = 'published'
  AND e.campaign_id NOT IN {PURGED}
"""

CELLS = f"""
INSERT INTO tally_cell (event_id, commune_id, sex, registrations, attendances, registered_attended,
                        reach_host, reach_residence, reach_district)
SELECT event_id, commune_id, sex, SUM(registrations), SUM(attendances), SUM(registered_attended),
       SUM(reach_host), SUM(reach_residence), SUM(reach_district)
FROM (
  SELECT r.event_id AS event_id, COALESCE(p.commune_id, 0) AS commune_id, p.sex AS sex, 1 AS registrations,
         0 AS attendances, 0 AS registered_attended, 0 AS reach_host, 0 AS reach_residence, 0 AS reach_district
  FROM registration r JOIN person p ON p.id = r.person_id JOIN event e ON e.id = r.event_id
  WHERE r.status = 'confirmed' AND e.campaign_id NOT IN {OPEN}
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
  WHERE e.campaign_id NOT IN {OPEN}
) AS counted
GROUP BY event_id, commune_id, sex
"""
