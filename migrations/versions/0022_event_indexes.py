"""A campaign's events by unit and by start: a commune's own row of the table and the next start read their own
events, not the campaign's

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 11:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    """(campaign_id, commune_id) and (campaign_id, starts_at) replace (campaign_id), which both serve too."""
    op.create_index('ix_event_campaign_id_commune_id', 'event', ['campaign_id', 'commune_id'], unique=False)
    op.create_index('ix_event_campaign_id_starts_at', 'event', ['campaign_id', 'starts_at'], unique=False)
    op.drop_index('ix_event_campaign_id', table_name='event')


def downgrade():
    """Back to (campaign_id) alone."""
    op.create_index('ix_event_campaign_id', 'event', ['campaign_id'], unique=False)
    op.drop_index('ix_event_campaign_id_starts_at', table_name='event')
    op.drop_index('ix_event_campaign_id_commune_id', table_name='event')
