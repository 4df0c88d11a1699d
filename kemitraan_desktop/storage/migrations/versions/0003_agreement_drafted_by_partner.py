"""agreement drafted by the partner, and its capitation rate

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 08:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("drafted_by", sa.String(length=10), server_default="practice",
                      nullable=False)
        )
        batch_op.add_column(
            sa.Column("capitation_rate_sen", sa.BigInteger(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.drop_column("capitation_rate_sen")
        batch_op.drop_column("drafted_by")
