"""attachments kept in the database, once per SHA-256, for a server database

A second computer on the same server found every attachment missing (``check``) and ``report
mou`` crashed: the files stayed in each computer's own data folder (issue 15.2). On a server the
content now lives in these tables, a file once however many records name it, in 1 MiB chunks
so that it is written and read a piece at a time. On the data folder's own SQLite file they stay
empty: the files stay in the folder as before.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 18:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment_blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_attachment_blob")),
    )
    op.create_table(
        "attachment_chunk",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["attachment_blob.sha256"],
                                name=op.f("fk_attachment_chunk_sha256_attachment_blob"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("sha256", "seq", name=op.f("pk_attachment_chunk")),
    )


def downgrade() -> None:
    op.drop_table("attachment_chunk")
    op.drop_table("attachment_blob")
