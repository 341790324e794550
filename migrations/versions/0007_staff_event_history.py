"""Event history: each change to an event (created, edited, published, cancelled, restored), by whom and when

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 04:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'event_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('what', sa.String(length=20), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("what IN ('created', 'edited', 'published', 'cancelled', 'restored')",
                           name=op.f('ck_event_change_what')),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_change_event_id_event')),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_event_change_user_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_change')),
    )
    with op.batch_alter_table('event_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_change_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('event_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_change_event_id'))
    op.drop_table('event_change')
