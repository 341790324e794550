"""Audit log: staff actions on personal data, events and accounts (who, when, what, on what, from where)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 04:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

ACTIONS = ("people_viewed", "people_searched", "ticket_scanned", "manual_check_in", "ticket_check_in",
           "headcount_saved", "event_created", "event_edited", "event_published", "event_cancelled",
           "event_restored", "account_created", "account_deactivated", "attendance_exported",
           "attendance_exported_phones", "report_exported", "data_purged")


def upgrade():
    """Create the audit_entry table."""
    op.create_table(
        'audit_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('target', sa.String(length=40), nullable=False),
        sa.Column('address', sa.String(length=32), nullable=False),
        sa.CheckConstraint("action IN (" + ", ".join(repr(a) for a in ACTIONS) + ")",
                           name=op.f('ck_audit_entry_action')),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_audit_entry_user_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry')),
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_user_id'), ['user_id'], unique=False)


def downgrade():
    """Drop the audit_entry table."""
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_action'))
    op.drop_table('audit_entry')
