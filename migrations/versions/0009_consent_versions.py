"""Consent versions: each registration and each walk-in stores which personal-data notice it accepted, and when

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 04:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# SHA-256 of portal/registration/notice_texts/v1.md, the notice every earlier row was given.
V1_DIGEST = '7eb331bf376e3b7657511d9eb3e550e5f6474ea13299557acd4aec250e9a6716'


def upgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('consent_digest', sa.String(length=64), nullable=True))
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('consent_digest', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('consent_at', sa.DateTime(), nullable=True))
    op.execute(sa.text("UPDATE registration SET consent_digest = :digest").bindparams(digest=V1_DIGEST))
    op.execute(sa.text("UPDATE attendance SET consent_version = 1, consent_digest = :digest, consent_at = created_at"
                       " WHERE method = 'walk_in'").bindparams(digest=V1_DIGEST))


def downgrade():
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_column('consent_at')
        batch_op.drop_column('consent_digest')
        batch_op.drop_column('consent_version')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_column('consent_digest')
        batch_op.drop_column('consent_version')
