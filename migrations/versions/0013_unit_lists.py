"""Reporting units as data: lists of units (one per administrative map), the units' list, which units of an older
map became which of a newer one; campaigns choose their list, name their organising body and can be pinned; two
campaigns may share a year

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 07:00:00

"""
from datetime import datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

SEED_KEY = "thuong-tin-2022"
SEED_NAME = "Huyện Thường Tín, Hà Nội: 29 xã, thị trấn (bản đồ 2022)"
ORGANISER = "Huyện Thường Tín, thành phố Hà Nội"
TYPES = ("xa", "phuong", "thi_tran", "dac_khu", "thon", "to_dan_pho", "khu_pho")


def upgrade():
    """Create unit_list and unit_succession; put the communes held so far, and every campaign, on one list."""
    op.create_table(
        'unit_list',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=40), nullable=True),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_list')),
        sa.UniqueConstraint('key', name=op.f('uq_unit_list_key')),
    )
    bind = op.get_bind()
    has_rows = bind.execute(sa.text("SELECT (SELECT count(*) FROM commune) + (SELECT count(*) FROM campaign)")).scalar()
    if has_rows:
        bind.execute(sa.text("INSERT INTO unit_list (id, key, name, created_at) VALUES (1, :key, :name, :at)"),
                     {"key": SEED_KEY, "name": SEED_NAME, "at": datetime(2022, 11, 1)})
        if bind.dialect.name == "postgresql":
            bind.execute(sa.text("SELECT setval(pg_get_serial_sequence('unit_list', 'id'), 1)"))
    with op.batch_alter_table('commune', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_list_id', sa.Integer(), nullable=True))
        batch_op.alter_column('type', existing_type=sa.String(length=10), type_=sa.String(length=20))
    op.execute(sa.text("UPDATE commune SET unit_list_id = 1"))
    with op.batch_alter_table('commune', schema=None) as batch_op:
        batch_op.alter_column('unit_list_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(op.f('uq_commune_code'), type_='unique')
        batch_op.create_unique_constraint(op.f('uq_commune_unit_list_id_code'), ['unit_list_id', 'code'])
        batch_op.create_index(op.f('ix_commune_unit_list_id'), ['unit_list_id'], unique=False)
        batch_op.create_foreign_key(op.f('fk_commune_unit_list_id_unit_list'), 'unit_list', ['unit_list_id'], ['id'])
        batch_op.create_check_constraint('type', "type IN (" + ", ".join(repr(t) for t in TYPES) + ")")
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_campaign_year'), type_='unique')
        batch_op.create_index(batch_op.f('ix_campaign_year'), ['year'], unique=False)
        batch_op.add_column(sa.Column('organiser_name', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('unit_list_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pinned', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(sa.text("UPDATE campaign SET unit_list_id = 1"))
    op.execute(sa.text("UPDATE campaign SET organiser_name = :name").bindparams(name=ORGANISER))
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.alter_column('unit_list_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('organiser_name', existing_type=sa.String(length=200), server_default=None)
        batch_op.create_foreign_key(op.f('fk_campaign_unit_list_id_unit_list'), 'unit_list', ['unit_list_id'], ['id'])
    op.create_table(
        'unit_succession',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('old_id', sa.Integer(), nullable=False),
        sa.Column('new_id', sa.Integer(), nullable=False),
        sa.Column('share', sa.String(length=10), nullable=False),
        sa.CheckConstraint("share IN ('whole', 'most', 'part')", name=op.f('ck_unit_succession_share')),
        sa.ForeignKeyConstraint(['new_id'], ['commune.id'], name=op.f('fk_unit_succession_new_id_commune')),
        sa.ForeignKeyConstraint(['old_id'], ['commune.id'], name=op.f('fk_unit_succession_old_id_commune')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_succession')),
        sa.UniqueConstraint('old_id', 'new_id', name=op.f('uq_unit_succession_old_id_new_id')),
    )
    with op.batch_alter_table('unit_succession', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_succession_new_id'), ['new_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_succession_old_id'), ['old_id'], unique=False)


def downgrade():
    """Drop the lists (only possible while every unit is on the first list: codes must be unique again)."""
    op.drop_table('unit_succession')
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_campaign_unit_list_id_unit_list'), type_='foreignkey')
        batch_op.drop_column('pinned')
        batch_op.drop_column('unit_list_id')
        batch_op.drop_column('organiser_name')
        batch_op.drop_index(batch_op.f('ix_campaign_year'))
        batch_op.create_unique_constraint(op.f('uq_campaign_year'), ['year'])
    with op.batch_alter_table('commune', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_commune_type'), type_='check')
        batch_op.drop_constraint(op.f('fk_commune_unit_list_id_unit_list'), type_='foreignkey')
        batch_op.drop_index(op.f('ix_commune_unit_list_id'))
        batch_op.drop_constraint(op.f('uq_commune_unit_list_id_code'), type_='unique')
        batch_op.create_unique_constraint(op.f('uq_commune_code'), ['code'])
        batch_op.drop_column('unit_list_id')
    op.drop_table('unit_list')
