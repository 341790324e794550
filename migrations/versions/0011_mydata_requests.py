"""A person's own data: consent withdrawal on registrations, and the queue of data requests

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 05:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    """Add registration.consent_withdrawn_at and the data_request table."""
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_withdrawn_at', sa.DateTime(), nullable=True))
    op.create_table(
        'data_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('phone_hash', sa.String(length=32), nullable=False),
        sa.Column('phone_last3', sa.String(length=3), nullable=False),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        sa.Column('due_at', sa.DateTime(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('handled_by_id', sa.Integer(), nullable=True),
        sa.Column('handled_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('access', 'export', 'withdrawal', 'erasure')", name=op.f('ck_data_request_kind')),
        sa.CheckConstraint("status IN ('received', 'done')", name=op.f('ck_data_request_status')),
        sa.ForeignKeyConstraint(['handled_by_id'], ['user.id'], name=op.f('fk_data_request_handled_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_request')),
    )
    with op.batch_alter_table('data_request', schema=None) as batch_op:
        batch_op.create_index('ix_data_request_phone_hash', ['phone_hash'], unique=False)
        batch_op.create_index('ix_data_request_received_at', ['received_at'], unique=False)


def downgrade():
    """Drop them again."""
    with op.batch_alter_table('data_request', schema=None) as batch_op:
        batch_op.drop_index('ix_data_request_received_at')
        batch_op.drop_index('ix_data_request_phone_hash')
    op.drop_table('data_request')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_column('consent_withdrawn_at')
