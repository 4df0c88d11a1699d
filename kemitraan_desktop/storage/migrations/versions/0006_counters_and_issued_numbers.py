"""agreement numbers from a counter taken under a lock; each issued number recorded once

Two programs finalizing at once each counted the finalized agreements and took the same next
number (issue 15.5). The sequence now comes from a counter row that is locked while it is taken,
and every number given is recorded with a unique (practice, sequence) pair. Each practice's
counter starts where the old count stood, so the next number is the one it would have been.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    counter = op.create_table(
        "counter",
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["practice_id"], ["practice.id"],
                                name=op.f("fk_counter_practice_id_practice"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("practice_id", "name", name=op.f("pk_counter")),
    )
    op.create_table(
        "issued_number",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.Text(), server_default="", nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agreement_id"], ["agreement.id"],
                                name=op.f("fk_issued_number_agreement_id_agreement"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["practice_id"], ["practice.id"],
                                name=op.f("fk_issued_number_practice_id_practice"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_number")),
        sa.UniqueConstraint("agreement_id", name=op.f("uq_issued_number_agreement_id")),
        sa.UniqueConstraint("practice_id", "sequence",
                            name=op.f("uq_issued_number_practice_id")),
    )
    # Where the old count stood: the practice's finalized agreements.
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT partnership.practice_id, COUNT(*) FROM agreement "
        "JOIN partnership ON partnership.id = agreement.partnership_id "
        "WHERE agreement.finalized_at IS NOT NULL GROUP BY partnership.practice_id")).all()
    if rows:
        op.bulk_insert(counter, [{"practice_id": practice_id, "name": "agreement",
                                  "value": count} for practice_id, count in rows])


def downgrade() -> None:
    op.drop_table("issued_number")
    op.drop_table("counter")
