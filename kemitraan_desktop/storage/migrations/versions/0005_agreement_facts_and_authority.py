"""agreement facts filled when printed, the final's snapshot, the court; each party's authority

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 09:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        # Drafts already in the database keep their typed-in text (1) until they are next read.
        batch_op.add_column(sa.Column("text_format", sa.Integer(), server_default="1",
                                      nullable=False))
        batch_op.add_column(sa.Column("court", sa.String(length=100), server_default="",
                                      nullable=False))
        batch_op.add_column(sa.Column("snapshot", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("agreement_party", schema=None) as batch_op:
        batch_op.add_column(sa.Column("authority_kind", sa.String(length=30), server_default="",
                                      nullable=False))
        batch_op.add_column(sa.Column("authority_number", sa.String(length=200),
                                      server_default="", nullable=False))
        batch_op.add_column(sa.Column("authority_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("id_kind", sa.String(length=10), server_default="",
                                      nullable=False))
        batch_op.add_column(sa.Column("own_behalf", sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("agreement_party", schema=None) as batch_op:
        for column in ("own_behalf", "id_kind", "authority_date", "authority_number",
                       "authority_kind"):
            batch_op.drop_column(column)
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        for column in ("snapshot", "court", "text_format"):
            batch_op.drop_column(column)
