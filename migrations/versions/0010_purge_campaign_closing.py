"""Campaign closing: the frozen report of a closed campaign, who closed it and when, when its personal data was purged;
the audit log's "campaign_closed" action

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 05:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

BEFORE = ("people_viewed", "people_searched", "ticket_scanned", "manual_check_in", "ticket_check_in",
          "headcount_saved", "event_created", "event_edited", "event_published", "event_cancelled",
          "event_restored", "account_created", "account_deactivated", "attendance_exported",
          "attendance_exported_phones", "report_exported", "data_purged")
AFTER = BEFORE + ("campaign_closed",)


def _actions(actions):
    """Replace the audit log's check constraint with one allowing actions."""
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_audit_entry_action'), type_='check')
        batch_op.create_check_constraint('action', "action IN (" + ", ".join(repr(a) for a in actions) + ")")


def upgrade():
    """Create the campaign_closing table; allow the new audit action."""
    op.create_table(
        'campaign_closing',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('closed_at', sa.DateTime(), nullable=False),
        sa.Column('closed_by_id', sa.Integer(), nullable=True),
        sa.Column('report', sa.JSON(), nullable=False),
        sa.Column('purged_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_closing_campaign_id_campaign')),
        sa.ForeignKeyConstraint(['closed_by_id'], ['user.id'], name=op.f('fk_campaign_closing_closed_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_closing')),
        sa.UniqueConstraint('campaign_id', name=op.f('uq_campaign_closing_campaign_id')),
    )
    _actions(AFTER)


def downgrade():
    """Drop the campaign_closing table and the audit action (entries with it are removed first)."""
    op.execute(sa.text("DELETE FROM audit_entry WHERE action = 'campaign_closed'"))
    _actions(BEFORE)
    op.drop_table('campaign_closing')
