"""Collaborators: a staff role bound to one unit; each registration's source (the public form or a collaborator,
who is named), the registrations held so far coming from the public form; the audit log's actions for them

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

ROLES_BEFORE = ("admin", "organiser")
ROLES_AFTER = ROLES_BEFORE + ("collaborator",)
ACTIONS_BEFORE = ("people_viewed", "people_searched", "ticket_scanned", "manual_check_in", "ticket_check_in",
                  "headcount_saved", "event_created", "event_edited", "event_published", "event_cancelled",
                  "event_restored", "account_created", "account_deactivated", "attendance_exported",
                  "attendance_exported_phones", "report_exported", "data_purged", "campaign_closed", "data_erased",
                  "campaign_created", "campaign_edited", "campaign_pinned", "campaign_unpinned")
ACTIONS_NEW = ("registered_on_behalf", "ticket_sheet_printed")


def _one_of(table, column, values):
    """Replace table's check constraint on column with one allowing values."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f'ck_{table}_{column}'), type_='check')
        batch_op.create_check_constraint(column, f"{column} IN (" + ", ".join(repr(v) for v in values) + ")")


def upgrade():
    """Allow the role and the actions; every registration so far came from the public form."""
    _one_of('user', 'role', ROLES_AFTER)
    _one_of('audit_entry', 'action', ACTIONS_BEFORE + ACTIONS_NEW)
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=20), server_default='public', nullable=False))
        batch_op.add_column(sa.Column('registered_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_registration_registered_by_id'), ['registered_by_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_registration_registered_by_id_user'), 'user',
                                    ['registered_by_id'], ['id'])
        batch_op.create_check_constraint('source', "source IN ('public', 'collaborator')")
        batch_op.create_check_constraint('registered_by', "source <> 'collaborator' OR registered_by_id IS NOT NULL")


def downgrade():
    """Forget the sources and the role: the registrations collaborators made stay, as if made on the public form;
    their accounts are locked; the new actions' entries are removed."""
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_registration_registered_by'), type_='check')
        batch_op.drop_constraint(op.f('ck_registration_source'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_registration_registered_by_id_user'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_registration_registered_by_id'))
        batch_op.drop_column('registered_by_id')
        batch_op.drop_column('source')
    op.execute(sa.text("DELETE FROM audit_entry WHERE action IN (" + ", ".join(repr(a) for a in ACTIONS_NEW) + ")"))
    _one_of('audit_entry', 'action', ACTIONS_BEFORE)
    # The audit log keeps naming them: their accounts stay, locked, under the nearest role left.
    op.execute(sa.text("UPDATE \"user\" SET role = 'organiser', active = false WHERE role = 'collaborator'"))
    _one_of('user', 'role', ROLES_BEFORE)
