"""The device scans' answers keep an invalid walk-in's message per field

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    """Add device_checkin.errors."""
    with op.batch_alter_table('device_checkin', schema=None) as batch_op:
        batch_op.add_column(sa.Column('errors', sa.JSON(), nullable=True))


def downgrade():
    """Drop device_checkin.errors."""
    with op.batch_alter_table('device_checkin', schema=None) as batch_op:
        batch_op.drop_column('errors')
