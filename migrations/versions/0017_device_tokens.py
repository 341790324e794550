"""Device tokens for the JSON API (one event each, stored as keyed hashes), the scans devices sent (by their
idempotency keys) and the tokens' audit actions

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

BEFORE = ("people_viewed", "people_searched", "ticket_scanned", "manual_check_in", "ticket_check_in",
          "headcount_saved", "event_created", "event_edited", "event_published", "event_cancelled",
          "event_restored", "account_created", "account_deactivated", "attendance_exported",
          "attendance_exported_phones", "report_exported", "data_purged", "campaign_closed", "data_erased",
          "campaign_created", "campaign_edited", "campaign_pinned", "campaign_unpinned", "registered_on_behalf",
          "ticket_sheet_printed")
NEW = ("device_token_issued", "device_token_revoked")
AFTER = BEFORE + NEW


def _actions(actions):
    """Replace the audit log's check constraint with one allowing actions."""
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_audit_entry_action'), type_='check')
        batch_op.create_check_constraint('action', "action IN (" + ", ".join(repr(a) for a in actions) + ")")


def upgrade():
    """Add the device tokens and allow their audit actions."""
    op.create_table('device_token',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('event_id', sa.Integer(), nullable=False),
                    sa.Column('token_hash', sa.String(length=64), nullable=False),
                    sa.Column('issued_by_id', sa.Integer(), nullable=True),
                    sa.Column('created_at', sa.DateTime(), nullable=False),
                    sa.Column('expires_at', sa.DateTime(), nullable=False),
                    sa.Column('revoked_at', sa.DateTime(), nullable=True),
                    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_device_token_event_id_event')),
                    sa.ForeignKeyConstraint(['issued_by_id'], ['user.id'],
                                            name=op.f('fk_device_token_issued_by_id_user')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_token')),
                    sa.UniqueConstraint('token_hash', name=op.f('uq_device_token_token_hash')))
    with op.batch_alter_table('device_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_token_event_id'), ['event_id'], unique=False)
    op.create_table('device_checkin',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('event_id', sa.Integer(), nullable=False),
                    sa.Column('device_token_id', sa.Integer(), nullable=False),
                    sa.Column('key', sa.String(length=36), nullable=False),
                    sa.Column('status', sa.String(length=10), nullable=False),
                    sa.Column('reason', sa.String(length=20), nullable=True),
                    sa.Column('message', sa.String(length=300), nullable=True),
                    sa.Column('attendance_id', sa.Integer(), nullable=True),
                    sa.Column('scanned_at', sa.DateTime(), nullable=True),
                    sa.Column('created_at', sa.DateTime(), nullable=False),
                    sa.ForeignKeyConstraint(['attendance_id'], ['attendance.id'],
                                            name=op.f('fk_device_checkin_attendance_id_attendance')),
                    sa.ForeignKeyConstraint(['device_token_id'], ['device_token.id'],
                                            name=op.f('fk_device_checkin_device_token_id_device_token')),
                    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_device_checkin_event_id_event')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_checkin')),
                    sa.UniqueConstraint('event_id', 'key', name=op.f('uq_device_checkin_event_id_key')))
    with op.batch_alter_table('device_checkin', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_checkin_device_token_id'), ['device_token_id'], unique=False)
    _actions(AFTER)


def downgrade():
    """Remove the device tokens and their audit actions (entries with them are removed first)."""
    op.execute(sa.text("DELETE FROM audit_entry WHERE action IN (" + ", ".join(repr(a) for a in NEW) + ")"))
    _actions(BEFORE)
    with op.batch_alter_table('device_checkin', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_checkin_device_token_id'))
    op.drop_table('device_checkin')
    with op.batch_alter_table('device_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_token_event_id'))
    op.drop_table('device_token')
