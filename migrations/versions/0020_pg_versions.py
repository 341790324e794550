"""The dashboards' and the offline desk's versions without a row every check-in updates: counter cells count
their changes, and so does each campaign, in slot rows a writer takes only when no open transaction holds them

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    """Add tally_cell.changes and tally_changes, counting from 0 (the shared version is raised, so every stamp
    handed out before differs from the ones handed out after)."""
    op.create_table('tally_changes',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('slot', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_tally_changes_campaign_id_campaign')),
    sa.PrimaryKeyConstraint('campaign_id', 'slot', name=op.f('pk_tally_changes'))
    )
    with op.batch_alter_table('tally_cell', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changes', sa.Integer(), server_default='0', nullable=False))
    op.execute("UPDATE tally_state SET version = version + 1")


def downgrade():
    """Drop tally_cell.changes and tally_changes."""
    with op.batch_alter_table('tally_cell', schema=None) as batch_op:
        batch_op.drop_column('changes')
    op.drop_table('tally_changes')
    op.execute("UPDATE tally_state SET version = version + 1")
