"""credentialing evidence: the files of a readiness item, and its number and expiry

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("readiness_item", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("number", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("expires", sa.Date(), nullable=True))
    # A table of its own rather than a column of "attachment": agreements refer to that table,
    # and SQLite (with foreign keys on, as the program always runs) will not copy it in a batch.
    op.create_table(
        "readiness_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("readiness_item_id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachment.id"],
            name=op.f("fk_readiness_evidence_attachment_id_attachment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["readiness_item_id"],
            ["readiness_item.id"],
            name=op.f("fk_readiness_evidence_readiness_item_id_readiness_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_evidence")),
        sa.UniqueConstraint("attachment_id", name=op.f("uq_readiness_evidence_attachment_id")),
    )
    with op.batch_alter_table("readiness_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_readiness_evidence_readiness_item_id"),
            ["readiness_item_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("readiness_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_readiness_evidence_readiness_item_id"))
    op.drop_table("readiness_evidence")
    with op.batch_alter_table("readiness_item", schema=None) as batch_op:
        batch_op.drop_column("expires")
        batch_op.drop_column("number")
