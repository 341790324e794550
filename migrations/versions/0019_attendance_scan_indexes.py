"""Indexes for a scan whose cost does not grow with the crowd: an event's check-ins by (event, id), so its last scans
are the first rows of an index on both databases, and check-ins by their registration, so a ticket's attendance is
found without reading the table

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 08:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    """(event_id, id) replaces (event_id), which it serves too; add (registration_id)."""
    op.create_index('ix_attendance_event_id_id', 'attendance', ['event_id', 'id'], unique=False)
    op.drop_index('ix_attendance_event_id', table_name='attendance')
    op.create_index('ix_attendance_registration_id', 'attendance', ['registration_id'], unique=False)


def downgrade():
    """Back to the index on event_id alone."""
    op.drop_index('ix_attendance_registration_id', table_name='attendance')
    op.create_index('ix_attendance_event_id', 'attendance', ['event_id'], unique=False)
    op.drop_index('ix_attendance_event_id_id', table_name='attendance')
