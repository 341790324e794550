"""The audit log's "data_erased" action: an admin erasing one person's data at their request

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 06:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

BEFORE = ("people_viewed", "people_searched", "ticket_scanned", "manual_check_in", "ticket_check_in",
          "headcount_saved", "event_created", "event_edited", "event_published", "event_cancelled",
          "event_restored", "account_created", "account_deactivated", "attendance_exported",
          "attendance_exported_phones", "report_exported", "data_purged", "campaign_closed")
AFTER = BEFORE + ("data_erased",)


def _actions(actions):
    """Replace the audit log's check constraint with one allowing actions."""
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_audit_entry_action'), type_='check')
        batch_op.create_check_constraint('action', "action IN (" + ", ".join(repr(a) for a in actions) + ")")


def upgrade():
    """Allow the new audit action."""
    _actions(AFTER)


def downgrade():
    """Remove the audit action (entries with it are removed first)."""
    op.execute(sa.text("DELETE FROM audit_entry WHERE action = 'data_erased'"))
    _actions(BEFORE)
