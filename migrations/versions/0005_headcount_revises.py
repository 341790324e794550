"""Headcount corrections name the entry they correct; reach counted from published events only

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 04:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('headcount') as batch_op:
        batch_op.add_column(sa.Column('revises', sa.Integer(), nullable=False, server_default='0'))
    # Existing entries corrected the entry before them, event by event.
    op.execute("UPDATE headcount SET revises = COALESCE((SELECT MAX(h.id) FROM headcount h "
               "WHERE h.event_id = headcount.event_id AND h.id < headcount.id), 0)")
    with op.batch_alter_table('headcount') as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_headcount_event_id_revises'), ['event_id', 'revises'])
    # Reach now counts a phone at its first attendance at a published event: recount as of this revision.
    op.execute("DELETE FROM tally_cell")
    op.execute("DELETE FROM reach_mark")
    op.execute(REBUILD_CELLS)
    op.execute(REBUILD_MARKS)


def downgrade():
    with op.batch_alter_table('headcount') as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_headcount_event_id_revises'), type_='unique')
        batch_op.drop_column('revises')


REBUILD_CELLS = """
INSERT INTO tally_cell (event_id, commune_id, sex, registrations, attendances, registered_attended,
                        reach_host, reach_residence, reach_district)
SELECT event_id, commune_id, sex, SUM(registrations), SUM(attendances), SUM(registered_attended),
       SUM(reach_host), SUM(reach_residence), SUM(reach_district)
FROM (
  SELECT r.event_id AS event_id, COALESCE(p.commune_id, 0) AS commune_id, p.sex AS sex, 1 AS registrations,
         0 AS attendances, 0 AS registered_attended, 0 AS reach_host, 0 AS reach_residence, 0 AS reach_district
  FROM registration r JOIN person p ON p.id = r.person_id WHERE r.status = 'confirmed'
  UNION ALL
  SELECT a.event_id, COALESCE(p.commune_id, 0), p.sex, 0, 1, CASE WHEN a.registration_id IS NULL THEN 0 ELSE 1 END,
    CASE WHEN e.status = 'published' AND (a.phone IS NULL OR ROW_NUMBER() OVER (
      PARTITION BY e.campaign_id, e.status, COALESCE(e.commune_id, 0), a.phone ORDER BY a.id) = 1) THEN 1 ELSE 0 END,
    CASE WHEN e.status = 'published' AND (a.phone IS NULL OR ROW_NUMBER() OVER (
      PARTITION BY e.campaign_id, e.status, COALESCE(p.commune_id, 0), a.phone ORDER BY a.id) = 1) THEN 1 ELSE 0 END,
    CASE WHEN e.status = 'published' AND (a.phone IS NULL OR ROW_NUMBER() OVER (
      PARTITION BY e.campaign_id, e.status, a.phone ORDER BY a.id) = 1) THEN 1 ELSE 0 END
  FROM attendance a JOIN event e ON e.id = a.event_id JOIN person p ON p.id = a.person_id
) AS counted
GROUP BY event_id, commune_id, sex
"""

REBUILD_MARKS = """
INSERT INTO reach_mark (campaign_id, scope, commune_id, phone)
SELECT DISTINCT e.campaign_id, 'district', 0, a.phone
FROM attendance a JOIN event e ON e.id = a.event_id WHERE a.phone IS NOT NULL AND e.status = 'published'
UNION
SELECT DISTINCT e.campaign_id, 'host', COALESCE(e.commune_id, 0), a.phone
FROM attendance a JOIN event e ON e.id = a.event_id WHERE a.phone IS NOT NULL AND e.status = 'published'
UNION
SELECT DISTINCT e.campaign_id, 'residence', COALESCE(p.commune_id, 0), a.phone
FROM attendance a JOIN event e ON e.id = a.event_id JOIN person p ON p.id = a.person_id
WHERE a.phone IS NOT NULL AND e.status = 'published'
"""
