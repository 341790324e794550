"""The audit log's campaign actions: an admin creating, editing, pinning and unpinning a campaign

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

BEFORE = ("people_viewed", "people_searched", "ticket_scanned", "manual_check_in", "ticket_check_in",
          "headcount_saved", "event_created", "event_edited", "event_published", "event_cancelled",
          "event_restored", "account_created", "account_deactivated", "attendance_exported",
          "attendance_exported_phones", "report_exported", "data_purged", "campaign_closed", "data_erased")
NEW = ("campaign_created", "campaign_edited", "campaign_pinned", "campaign_unpinned")
AFTER = BEFORE + NEW


def _actions(actions):
    """Replace the audit log's check constraint with one allowing actions."""
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_audit_entry_action'), type_='check')
        batch_op.create_check_constraint('action', "action IN (" + ", ".join(repr(a) for a in actions) + ")")


def upgrade():
    """Allow the campaign actions."""
    _actions(AFTER)


def downgrade():
    """Remove the campaign actions (entries with them are removed first)."""
    op.execute(sa.text("DELETE FROM audit_entry WHERE action IN (" + ", ".join(repr(a) for a in NEW) + ")"))
    _actions(BEFORE)
