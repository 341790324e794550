"""An event's counts by sex alone, beside its cells by commune of residence: the commune table by host commune, the
event screen and the desk's count read a few rows an event, however many communes its people live in; the event's
version moves with them, and the cells no longer count their changes

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    """Add tally_total, summed from the cells (every event's counts stay what they were); drop tally_cell.changes.
    The shared version is raised, so every stamp handed out before differs from the ones handed out after."""
    op.create_table('tally_total',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('sex', sa.String(length=10), nullable=False),
    sa.Column('slot', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('registrations', sa.Integer(), nullable=False),
    sa.Column('attendances', sa.Integer(), nullable=False),
    sa.Column('registered_attended', sa.Integer(), nullable=False),
    sa.Column('reach_host', sa.Integer(), nullable=False),
    sa.Column('reach_district', sa.Integer(), nullable=False),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_tally_total_event_id_event')),
    sa.PrimaryKeyConstraint('event_id', 'sex', 'slot', name=op.f('pk_tally_total'))
    )
    op.execute("""
INSERT INTO tally_total (event_id, sex, slot, registrations, attendances, registered_attended, reach_host,
                         reach_district, changes)
SELECT event_id, sex, 0, SUM(registrations), SUM(attendances), SUM(registered_attended), SUM(reach_host),
       SUM(reach_district), 0
FROM tally_cell GROUP BY event_id, sex""")
    with op.batch_alter_table('tally_cell', schema=None) as batch_op:
        batch_op.drop_column('changes')
    op.execute("UPDATE tally_state SET version = version + 1")


def downgrade():
    """Drop tally_total; the cells count their changes again, from 0."""
    with op.batch_alter_table('tally_cell', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changes', sa.Integer(), server_default='0', nullable=False))
    op.drop_table('tally_total')
    op.execute("UPDATE tally_state SET version = version + 1")
