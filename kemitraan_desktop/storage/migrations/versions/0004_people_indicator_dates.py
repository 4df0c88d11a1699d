"""people of the practice and of each partner; indicator target dates; capitation asked

Each fact typed once (issue 13.5): the people the papers name are kept once, on their side, and
every "who" field picks from them. A partner's contact person moves into its list of people (the
columns it had on the partner row go). An indicator has a target date, as the step-3 goal it
is taken from has. The capitation rate is no longer a setting: a BPJS PKS drafted here that does
not state one yet (0003 added the column as 0) gets the rate the setting held.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-14 09:00:00
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _person_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("job_title", sa.String(length=200), nullable=False),
        sa.Column("nik", sa.String(length=16), nullable=False),
        sa.Column("staff_number", sa.String(length=30), nullable=False),
        sa.Column("authority", sa.Text(), server_default="", nullable=False),
        sa.Column("signs", sa.Boolean(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "practice_person",
        *_person_columns(),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["practice_id"], ["practice.id"],
                                name=op.f("fk_practice_person_practice_id_practice"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_person")),
        sa.UniqueConstraint("uid", name=op.f("uq_practice_person_uid")),
    )
    partner_person = op.create_table(
        "partner_person",
        *_person_columns(),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["partner.id"],
                                name=op.f("fk_partner_person_partner_id_partner"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_person")),
        sa.UniqueConstraint("uid", name=op.f("uq_partner_person_uid")),
    )

    # A partner's contact person becomes the first of its people: the one who signs for it
    # (the draft agreement took its signatory from there).
    connection = op.get_bind()
    contacts = connection.execute(sa.text(
        "SELECT id, contact_person, contact_position FROM partner "
        "WHERE TRIM(contact_person) != '' ORDER BY id")).all()
    now = datetime.now(UTC)
    if contacts:
        op.bulk_insert(partner_person, [
            {"uid": uuid.uuid4().hex, "partner_id": partner_id, "name": name.strip()[:200],
             "job_title": (position or "").strip()[:200], "nik": "", "staff_number": "",
             "authority": "", "signs": True, "phone": "", "created_at": now,
             "updated_at": now}
            for partner_id, name, position in contacts
        ])
    # Never a batch operation (copy, drop, rename) here: dropping a table that others refer to
    # with ON DELETE CASCADE first deletes its rows, and with them every licence, value and
    # report hanging on it. SQLite (3.35 and later) drops and adds columns in place.
    op.drop_column("partner", "contact_person")
    op.drop_column("partner", "contact_position")

    op.add_column("indicator", sa.Column("target_date", sa.Date(), nullable=True))

    # What a BPJS PKS drafted so far stated: the rate of the settings (Rp8.800 when not set).
    rate = connection.execute(sa.text(
        "SELECT value FROM setting WHERE key = 'capitation_rate_sen'")).scalar()
    try:
        rate_sen = int(rate) if rate is not None else 880_000
    except ValueError:
        rate_sen = 880_000
    connection.execute(sa.text(
        "UPDATE agreement SET capitation_rate_sen = :rate WHERE capitation_rate_sen = 0 "
        "AND drafted_by = 'practice' AND partnership_id IN "
        "(SELECT id FROM partnership WHERE partner_type = 'bpjs')"), {"rate": rate_sen})
    connection.execute(sa.text("DELETE FROM setting WHERE key = 'capitation_rate_sen'"))


def downgrade() -> None:
    op.drop_column("indicator", "target_date")
    for column in ("contact_person", "contact_position"):
        op.add_column("partner", sa.Column(column, sa.String(length=200), server_default="",
                                           nullable=False))
    op.get_bind().execute(sa.text(
        "UPDATE partner SET (contact_person, contact_position) = (SELECT name, job_title FROM "
        "partner_person WHERE partner_person.partner_id = partner.id ORDER BY signs DESC, id "
        "LIMIT 1) WHERE id IN (SELECT partner_id FROM partner_person)"))
    op.drop_table("partner_person")
    op.drop_table("practice_person")
